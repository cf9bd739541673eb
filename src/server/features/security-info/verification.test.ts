import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { testEngines } from '../../testing/databases.js';
import { startSmtpSink, type SmtpSink } from '../../testing/smtp-sink.js';
import { latestCode, recoveryDriver } from '../../testing/recovery.js';
import { stepUp } from '../step-up/step-up.fixture.js';
import { CODE_DIGITS, generateCode } from '../verification/methods.js';

const PASSWORD = 'Zebra-Quilt-Harbor-71!';
type Who = { cookie: string; csrf: string };

/** Another 8-digit code than `code`. */
const wrongOf = (code: string, i = 1) => String((Number(code) + i) % 10 ** CODE_DIGITS).padStart(CODE_DIGITS, '0');

describe('verification codes: 8 CSPRNG digits, uniform (R4)', () => {
  test('format, leading zeros and a chi-square over the digits', () => {
    const counts = new Array<number>(10).fill(0);
    const codes = Array.from({ length: 20_000 }, generateCode);
    for (const code of codes) {
      assert.match(code, /^\d{8}$/);
      for (const digit of code) counts[Number(digit)]!++;
    }
    const expected = (codes.length * CODE_DIGITS) / 10;
    const chi2 = counts.reduce((sum, n) => sum + (n - expected) ** 2 / expected, 0);
    assert.ok(chi2 < 33.72, `chi-square ${chi2.toFixed(1)} over 9 degrees of freedom (p < 0.0001 fails)`);
    assert.ok(
      codes.some((c) => c.startsWith('0')),
      'leading zeros kept',
    );
    assert.ok(new Set(codes).size > codes.length * 0.99);
  });

  test('not from Math.random', () => {
    const original = Math.random;
    Math.random = () => 0;
    try {
      assert.ok(new Set(Array.from({ length: 20 }, generateCode)).size > 1);
    } finally {
      Math.random = original;
    }
  });
});

for (const engine of testEngines()) {
  describe(`security info verification (${engine})`, () => {
    let t: TestApp;
    let sink: SmtpSink;
    let d: ReturnType<typeof recoveryDriver>;

    before(async () => {
      sink = await startSmtpSink();
      t = await createTestApp({ engine, config: { smtpUrl: sink.url, recoveryCaptchaMaxNumber: 50 } });
      d = recoveryDriver(t, sink);
      await t.createUser({ userPrincipalName: 'admin@contoso.example', password: PASSWORD, roles: ['global-administrator'] });
      const admin = await t.signIn('admin@contoso.example', PASSWORD);
      await d.configure(admin, {
        enabledFor: 'all',
        methods: { email: true, mobilePhone: true, officePhone: true, authenticatorApp: true, securityQuestions: false },
      });
    });
    after(async () => {
      await t.close();
      await sink.close();
    });

    async function user(upn: string) {
      const { id } = await t.createUser({ userPrincipalName: upn, password: PASSWORD });
      return { id, who: await t.signIn(upn, PASSWORD) };
    }
    /** Starts an email verification; @returns its id and the code from the SMTP sink. */
    async function startEmail(who: Who, address: string) {
      const res = await d.json(who, 'POST', '/api/v1/me/methods/email', { address });
      assert.equal(res.statusCode, 202, res.body);
      const body = res.json();
      assert.equal(new Date(body.expiresAt).getTime() - t.clock.now().getTime(), 300_000, 'valid five minutes');
      return { id: body.verificationId as string, code: await latestCode(t, address, sink) };
    }
    const confirm = (who: Who, id: string, code: string) => d.json(who, 'POST', `/api/v1/me/methods/verifications/${id}`, { code });
    const methodCount = async (who: Who) => (await d.json(who, 'GET', '/api/v1/me/methods')).json().methods.length;

    test('codes by text message and call are 8 digits and differ each time (R4)', async () => {
      const { who } = await user('sample@contoso.example');
      const codes: string[] = [];
      for (let i = 0; i < 20; i++) {
        if (i === 10) {
          t.clock.advance(600_000);
          // Past the step-up window too: fresh proof first (issue 17).
          assert.equal((await stepUp(t, who, { password: PASSWORD })).statusCode, 200);
        }
        const phone = `+3161000${String(i).padStart(4, '0')}`;
        const kind = i % 2 ? 'office-phone' : 'mobile-phone';
        assert.equal((await d.json(who, 'POST', `/api/v1/me/methods/${kind}`, { phone })).statusCode, 202);
        codes.push(await latestCode(t, phone));
      }
      assert.ok(codes.every((c) => /^\d{8}$/.test(c)));
      assert.equal(new Set(codes).size, codes.length);
    });

    test('a code is stored only as a keyed hash; the outbox holds it sealed (S9)', async () => {
      const { id: userId, who } = await user('hashed@contoso.example');
      const { id, code } = await startEmail(who, 'hashed.alt@home.example');
      const row = await t.db.db.selectFrom('method_verification').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      assert.ok(row.code_hash && row.code_hash !== code);
      assert.equal(row.user_id, userId);
      assert.equal((await confirm(who, id, code)).statusCode, 201);
      await t.outboxWorker.drain();
      for (const table of await t.db.db.introspection.getTables()) {
        const rows = await t.db.db
          .selectFrom(table.name as 'outbox')
          .selectAll()
          .execute();
        assert.ok(!JSON.stringify(rows).includes(code), `${table.name} holds no plaintext code`);
      }
    });

    test('single use, and typing spaces is fine', async () => {
      const { who } = await user('once@contoso.example');
      const { id, code } = await startEmail(who, 'once.alt@home.example');
      assert.equal((await confirm(who, id, `${code.slice(0, 4)} ${code.slice(4)}`)).statusCode, 201);
      const again = await confirm(who, id, code);
      assert.deepEqual([again.statusCode, again.json().code], [400, 'security_info.verification_expired']);
    });

    test('five wrong codes void the verification, even for the right code after (R9)', async () => {
      const { who } = await user('guess@contoso.example');
      let v = await startEmail(who, 'guess.alt@home.example');
      for (let i = 1; i <= 4; i++) assert.equal((await confirm(who, v.id, wrongOf(v.code, i))).json().code, 'security_info.code_invalid');
      assert.equal((await confirm(who, v.id, v.code)).statusCode, 201, 'four wrong, then right: fine');

      v = await startEmail(who, 'guess.other@home.example');
      const codes = [];
      for (let i = 1; i <= 5; i++) codes.push((await confirm(who, v.id, wrongOf(v.code, i))).json().code);
      assert.deepEqual(codes, [...Array(4).fill('security_info.code_invalid'), 'security_info.verification_expired']);
      const right = await confirm(who, v.id, v.code);
      assert.deepEqual([right.statusCode, right.json().code], [400, 'security_info.verification_expired'], 'the sixth attempt is refused although right');
      assert.equal((await d.json(who, 'GET', '/api/v1/me/methods')).json().methods[0].value, 'guess.alt@home.example');
    });

    test('concurrent guesses share the five tries: a burst with the right code last gets nowhere (R9, R6)', async () => {
      const { who } = await user('burst@contoso.example');
      const v = await startEmail(who, 'burst.alt@home.example');
      const burst = [...Array.from({ length: 29 }, (_, i) => wrongOf(v.code, i + 1)), v.code];
      const results = await Promise.all(burst.map((code) => confirm(who, v.id, code)));
      const row = await t.db.db.selectFrom('method_verification').select(['attempts', 'used_at']).where('id', '=', v.id).executeTakeFirstOrThrow();
      assert.ok(row.attempts <= 5, `${row.attempts} codes were compared`);
      assert.ok(results.filter((r) => r.json().code === 'security_info.code_invalid').length <= 4);
      // The right code wins only when it was among the five tries; then it was the one that took the verification.
      assert.equal(results.filter((r) => r.statusCode === 201).length, row.used_at ? 1 : 0);
      if (!row.used_at) assert.equal((await confirm(who, v.id, v.code)).json().code, 'security_info.verification_expired');
    });

    test('a code expires after five minutes (injected clock)', async () => {
      const { who } = await user('expiry@contoso.example');
      let v = await startEmail(who, 'expiry.one@home.example');
      t.clock.advance(301_000);
      const late = await confirm(who, v.id, v.code);
      assert.deepEqual([late.statusCode, late.json().code], [400, 'security_info.verification_expired']);
      v = await startEmail(who, 'expiry.two@home.example');
      t.clock.advance(299_000);
      assert.equal((await confirm(who, v.id, v.code)).statusCode, 201);
    });

    test("a user can't confirm someone else's verification", async () => {
      const a = await user('owner@contoso.example');
      const b = await user('other@contoso.example');
      const v = await startEmail(a.who, 'owner.alt@home.example');
      const stolen = await confirm(b.who, v.id, v.code);
      const unknown = await confirm(b.who, '00000000-0000-0000-0000-000000000000', v.code);
      assert.deepEqual([stolen.statusCode, stolen.json().code], [400, 'security_info.verification_expired']);
      assert.equal(stolen.json().title, unknown.json().title, 'looks like no verification at all');
      assert.equal(await methodCount(b.who), 0);
      assert.equal((await confirm(a.who, v.id, v.code)).statusCode, 201, "the owner's verification is untouched");
    });

    test('50 concurrent confirms of one code: exactly one succeeds (R6)', async () => {
      const { id: userId, who } = await user('race@contoso.example');
      const v = await startEmail(who, 'race.alt@home.example');
      const results = await Promise.all(Array.from({ length: 50 }, () => confirm(who, v.id, v.code)));
      assert.equal(results.filter((r) => r.statusCode === 201).length, 1);
      assert.ok(results.every((r) => r.statusCode === 201 || r.json().code === 'security_info.verification_expired'));
      assert.equal(await methodCount(who), 1);
      assert.equal((await t.repos.audit.list({ action: 'security_info.method_added', targetId: userId, outcome: 'success', limit: 10 })).length, 1);
    });

    test('more than 10 codes in 10 minutes: 429 (rate limit)', async () => {
      const { who } = await user('spam@contoso.example');
      const start = (i: number) =>
        i % 2
          ? d.json(who, 'POST', '/api/v1/me/methods/email', { address: `spam${i}@home.example` })
          : d.json(who, 'POST', '/api/v1/me/methods/mobile-phone', { phone: `+3162000${String(i).padStart(4, '0')}` });
      for (let i = 0; i < 10; i++) assert.equal((await start(i)).statusCode, 202);
      const limited = await start(10);
      assert.deepEqual([limited.statusCode, limited.json().code], [429, 'request.rate_limited']);
      assert.ok(Number(limited.headers['retry-after']) > 0);
      t.clock.advance(600_000);
      assert.equal((await stepUp(t, who, { password: PASSWORD })).statusCode, 200, 'past the step-up window too (issue 17)');
      assert.equal((await start(11)).statusCode, 202, 'a new window');
    });
  });
}
