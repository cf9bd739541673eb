import assert from 'node:assert/strict';
import { hash as argonHash } from '@node-rs/argon2';
import { test } from 'node:test';
import { AppError } from '../../core/errors.js';
import { createArgon2Hasher, parsePhc } from './hasher.js';
import { normalizePassword } from './input.js';

test('hashes are argon2id at or above the OWASP floor, salted per password (S1, S3)', async () => {
  const hasher = await createArgon2Hasher({ params: { memoryKib: 1024, iterations: 1 } });
  const a = await hasher.hash('same password');
  const b = await hasher.hash('same password');
  const phc = parsePhc(a)!;
  assert.equal(phc.algorithm, 'argon2id');
  assert.ok(phc.memoryKib >= 19456 && phc.iterations >= 2 && phc.parallelism >= 1, 'parameters below the floor are raised');
  assert.notEqual(a, b);
  const salt = a.split('$')[4]!;
  assert.ok(Buffer.from(salt, 'base64').length >= 16);
  assert.deepEqual(await hasher.verify(a, 'same password'), { ok: true, needsRehash: false });
  assert.equal((await hasher.verify(a, 'same passwore')).ok, false);
});

test('a weaker stored hash verifies and asks for a rehash (S6)', async () => {
  const hasher = await createArgon2Hasher();
  const weak = await argonHash('old password', { memoryCost: 8192, timeCost: 1, parallelism: 1 });
  assert.deepEqual(await hasher.verify(weak, 'old password'), { ok: true, needsRehash: true });
  assert.deepEqual(await hasher.verify(weak, 'wrong'), { ok: false, needsRehash: false });
});

test('a tampered hash with huge parameters is refused fast without being computed (S10)', async () => {
  const rejected: string[] = [];
  const hasher = await createArgon2Hasher({ onRejectedHash: (r) => rejected.push(r) });
  const real = await hasher.hash('pw');
  const huge = real.replace(/m=\d+,t=\d+/, 'm=8388608,t=1000');
  const started = performance.now();
  assert.equal((await hasher.verify(huge, 'pw')).ok, false);
  assert.ok(performance.now() - started < 1000);
  assert.match(rejected[0]!, /out of bounds/);
  assert.ok(!rejected[0]!.includes(real), 'the hash itself is never reported');
});

test('unknown, unparseable and real hashes all cost one argon2 verification', async () => {
  let verifies = 0;
  const hasher = await createArgon2Hasher({
    primitives: { hash: argonHash, verify: async (...args) => (verifies++, (await import('@node-rs/argon2')).verify(...args)) },
  });
  const real = await hasher.hash('pw');
  for (const stored of [real, null, 'not-a-hash']) {
    verifies = 0;
    await hasher.verify(stored, 'guess');
    assert.equal(verifies, 1, String(stored));
  }
});

test('a full queue answers server.busy with Retry-After instead of growing', async () => {
  const hasher = await createArgon2Hasher({ concurrency: 1, queueLimit: 2 });
  const results = await Promise.allSettled(Array.from({ length: 6 }, () => hasher.hash('pw')));
  const busy = results.filter((r) => r.status === 'rejected');
  assert.equal(busy.length, 3);
  for (const r of busy) {
    const err: unknown = r.reason;
    assert.ok(err instanceof AppError && err.code === 'server.busy' && err.status === 503 && err.headers['retry-after'] === '1');
  }
});

test('passwords are NFC-normalised, never trimmed, and capped at 256 code points (I1, I2, I4, P2)', () => {
  assert.equal(normalizePassword('e\u0301t\u00e9'), '\u00e9t\u00e9');
  assert.equal(normalizePassword('\u212B'), '\u00C5');
  assert.equal(normalizePassword('\uFB01'), '\uFB01', 'NFKC is not applied');
  assert.equal(normalizePassword('  spaced  '), '  spaced  ');
  assert.equal(normalizePassword('\u{1F600}'.repeat(256)), '\u{1F600}'.repeat(256), '256 emoji are 256 code points');
  assert.equal(normalizePassword('a'.repeat(257)), null);
});
