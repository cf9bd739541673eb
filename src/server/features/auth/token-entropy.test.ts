/**
 * Checklist R3 and SE2 (ASVS 7.2.3: at least 128 bits from a CSPRNG): token entropy sampling.
 * Tokens are taken from the code paths that hand them out (sign-in, set-password links in the
 * mail, the reset portal's flow ids, bulk reset jobs), and checked for: no repeats, the expected
 * length and alphabet, at least 128 bit positions that vary across the samples (none stuck), and
 * a monobit frequency test over all their bits (ones within 4.5 standard deviations of half).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { randomToken } from '../../core/crypto.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { recoveryDriver } from '../../testing/recovery.js';

const PASSWORD = 'Correct-Horse-42';
const TOKEN = /^[A-Za-z0-9_-]{43}$/; // 32 bytes, base64url without padding
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** The bits of a sample: base64url tokens decode to their bytes; UUIDs lose their fixed version and variant bits. */
function bitsOf(sample: string): number[] {
  const bytes = UUID_V4.test(sample) ? Buffer.from(sample.replace(/-/g, ''), 'hex') : Buffer.from(sample, 'base64url');
  const bits = [...bytes].flatMap((b) => Array.from({ length: 8 }, (_, i) => (b >> (7 - i)) & 1));
  if (!UUID_V4.test(sample)) return bits;
  // Version nibble (bits 48–51) and variant (bits 64–65) are fixed by RFC 9562.
  return bits.filter((_, i) => !(i >= 48 && i < 52) && !(i >= 64 && i < 66));
}

/** @returns the bit positions that vary across the samples and the share of ones. */
function analyse(samples: string[], shape: RegExp, label: string, minVarying: number) {
  assert.equal(new Set(samples).size, samples.length, `${label}: every sample is distinct`);
  for (const s of samples) assert.match(s, shape, `${label}: length and alphabet`);
  const rows = samples.map(bitsOf);
  const width = rows[0]!.length;
  let varying = 0;
  for (let i = 0; i < width; i++) if (rows.some((r) => r[i] !== rows[0]![i])) varying++;
  const all = rows.flat();
  const ones = all.reduce((n, b) => n + b, 0);
  const sigma = Math.sqrt(all.length) / 2;
  const z = Math.abs(ones - all.length / 2) / sigma;
  assert.ok(varying >= minVarying, `${label}: ${varying} of ${width} bit positions vary (at least ${minVarying})`);
  assert.ok(z < 4.5, `${label}: ${ones} ones in ${all.length} bits (z = ${z.toFixed(2)})`);
  return { varying, width, z };
}

test('randomToken: 10,000 samples, distinct, 256 bits that all vary, balanced (SE2, R3)', () => {
  const samples = Array.from({ length: 10_000 }, () => randomToken());
  const { varying } = analyse(samples, TOKEN, 'randomToken', 256);
  assert.equal(varying, 256);
  // Per position: over 10,000 samples every bit is one about half the time (5 sigma = 250).
  const rows = samples.map(bitsOf);
  for (let i = 0; i < 256; i++) {
    const ones = rows.reduce((n, r) => n + r[i]!, 0);
    assert.ok(Math.abs(ones - 5000) < 250, `bit ${i}: ${ones} ones in 10,000`);
  }
});

test('analyse catches a weak generator (the check can fail)', () => {
  // 64 random bits padded to 32 bytes: distinct and the right shape, but only 64 positions vary.
  const weak = Array.from({ length: 64 }, () => Buffer.concat([Buffer.from(randomToken(8), 'base64url'), Buffer.alloc(24)]).toString('base64url'));
  assert.throws(() => analyse(weak, TOKEN, 'weak', 128), /bit positions vary/);
  const biased = Array.from({ length: 64 }, () => Buffer.from(Buffer.from(randomToken(), 'base64url').map((b) => b | 0x11)).toString('base64url'));
  assert.throws(() => analyse(biased, TOKEN, 'biased', 128), /ones in/);
});

describe('tokens as the code paths hand them out (R3, SE2)', () => {
  let t: TestApp;
  let admin: { cookie: string; csrf: string };
  before(async () => {
    t = await createTestApp({
      config: {
        publicUrl: 'https://passwords.contoso.example',
        rateLimitSignInPerAccount: 0,
        rateLimitSignInPerIp: 0,
        rateLimitRecoveryPerIp: 0,
        recoveryCaptchaMaxNumber: 10,
      },
    });
    await t.createUser({ userPrincipalName: 'ga@contoso.example', password: PASSWORD, roles: ['global-administrator'] });
    admin = await t.signIn('ga@contoso.example', PASSWORD);
  });
  after(() => t.close());

  const as = (method: 'POST', url: string, payload: object) =>
    t.app.inject({ method, url, payload, headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf } });

  test('session tokens from sign-in: 64 samples', async () => {
    await t.createUser({ userPrincipalName: 'sampled@contoso.example', password: PASSWORD });
    const samples: string[] = [];
    for (let i = 0; i < 64; i++) {
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { username: 'sampled@contoso.example', password: PASSWORD } });
      samples.push(res.cookies.find((c) => c.name.endsWith('latchkey_session'))!.value);
    }
    analyse(samples, TOKEN, 'session tokens', 128);
  });

  test('set-password link tokens from the mail: 48 samples', async () => {
    const samples: string[] = [];
    for (let i = 0; i < 48; i++) {
      const upn = `link-${i}@contoso.example`;
      const { id } = await t.createUser({ userPrincipalName: upn, password: PASSWORD });
      await t.db.db
        .updateTable('app_user')
        .set({ other_mails: JSON.stringify([`alt.${i}@example.org`]) })
        .where('id', '=', id)
        .execute();
      const sent = await as('POST', `/api/v1/users/${id}/reset-password`, { sendLink: true });
      assert.equal(sent.statusCode, 200, sent.body);
    }
    await t.outboxWorker.drain();
    for (let i = 0; i < 48; i++) {
      const [mail] = await t.repos.outbox.listDevMail(1, `alt.${i}@example.org`);
      samples.push(/\/set-password#token=([^\s"<>)]+)/.exec(mail!.text)![1]!);
    }
    analyse(samples, TOKEN, 'set-password link tokens', 128);
  });

  test('reset-portal flow ids: 48 samples, for real and unknown names alike', async () => {
    const portal = recoveryDriver(t);
    const samples: string[] = [];
    for (let i = 0; i < 48; i++) {
      const res = await portal.start(i % 2 ? `nobody-${i}@contoso.example` : `link-${i}@contoso.example`);
      assert.equal(res.statusCode, 201, res.body);
      samples.push(res.json<{ id: string }>().id);
    }
    analyse(samples, TOKEN, 'reset flow ids', 128);
  });

  test('bulk reset job ids: 48 samples are random UUIDs (122 random bits; an id, not a bearer secret)', async () => {
    const samples: string[] = [];
    for (let i = 0; i < 48; i++) {
      const res = await as('POST', '/api/v1/password-reset-jobs', {
        userPrincipalNames: [`missing-${i}@contoso.example`],
        autoGenerate: true,
        forceChangePasswordNextSignIn: true,
      });
      assert.equal(res.statusCode, 202, res.body);
      samples.push(res.json<{ id: string }>().id);
    }
    // A v4 UUID has 122 random bits: with 48 samples all of them vary (each is stuck with probability 2^-47).
    const { varying } = analyse(samples, UUID_V4, 'bulk job ids', 122);
    assert.equal(varying, 122);
  });
});
