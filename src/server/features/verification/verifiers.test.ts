import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { unseal } from '../../core/crypto.js';
import type { PasswordHasher } from '../passwords/hasher.js';
import { totpCode, TOTP_PERIOD } from './methods.js';
import { createAnswerVerifier, createCodeVerifier, createTotpVerifier, deliveryChannel, drawRandom } from './verifiers.js';

const SECRET = 'test-secret-test-secret-test-secret';
const NOW = new Date('2026-05-01T10:00:00.000Z');

/** A hasher that records what it is asked: "hash:<answer>" matches <answer>. */
function recordingHasher() {
  const verified: (string | null)[] = [];
  const hasher = {
    hash: async (answer: string) => `hash:${answer}`,
    verify: async (stored: string | null, answer: string) => {
      verified.push(stored);
      return { ok: stored === `hash:${answer}` };
    },
  } as unknown as PasswordHasher;
  return { hasher, verified };
}

describe('verifiers: one interface per method kind, shared by security info and the reset portal', () => {
  test('codes: 8 digits, 5 minutes, stored as a keyed hash bound to what they were issued for (R4, R8, S9)', async () => {
    const codes = createCodeVerifier(SECRET);
    const issued = codes.challenge({ binding: 'flow:f1:email', now: NOW });
    assert.match(issued.code, /^\d{8}$/);
    assert.deepEqual([issued.expiresAt, issued.expiresInMinutes], [new Date(NOW.getTime() + 300_000), 5]);
    assert.ok(!issued.codeHash.includes(issued.code));
    assert.equal(unseal(SECRET, 'mail-payload', issued.sealedCode), issued.code, 'only the sealed code goes to the outbox');
    const spaced = `${issued.code.slice(0, 4)} ${issued.code.slice(4)}`;
    assert.equal(await codes.check(issued.codeHash, { binding: 'flow:f1:email', code: spaced }), true, 'spaces are ignored');
    assert.equal(await codes.check(issued.codeHash, { binding: 'flow:f1:mobilePhone', code: issued.code }), null, 'bound to its method');
    assert.equal(await codes.check(issued.codeHash, { binding: 'flow:f2:email', code: issued.code }), null, 'bound to its flow');
    assert.equal(await codes.check(undefined, { binding: 'flow:f1:email', code: issued.code }), null, 'no stored code never matches');
    assert.deepEqual([deliveryChannel('email'), deliveryChannel('mobilePhone'), deliveryChannel('officePhone')], ['email', 'sms', 'voice']);
  });

  test('TOTP: ±1 step accepted, ±2 refused, the step returned to consume; no secret never matches (R23)', async () => {
    const totp = createTotpVerifier(SECRET);
    const { secret, sealed } = totp.challenge();
    assert.equal(unseal(SECRET, 'totp-secret', sealed), secret);
    const step = Math.floor(NOW.getTime() / 1000 / TOTP_PERIOD);
    const codeAt = (steps: number) => totpCode(secret, new Date(NOW.getTime() + steps * TOTP_PERIOD * 1000));
    assert.equal(await totp.check(sealed, { code: codeAt(0), now: NOW }), step);
    assert.equal(await totp.check(sealed, { code: codeAt(-1), now: NOW }), step - 1);
    assert.equal(await totp.check(sealed, { code: codeAt(1), now: NOW }), step + 1);
    assert.equal(await totp.check(sealed, { code: codeAt(2), now: NOW }), null);
    assert.equal(await totp.check(sealed, { code: codeAt(-2), now: NOW }), null);
    assert.equal(await totp.check(undefined, { code: codeAt(0), now: NOW }), null);
  });

  test('answers: normalised argon2id hashes; every question checked, no early exit (R25f, R2)', async () => {
    const { hasher, verified } = recordingHasher();
    const answers = createAnswerVerifier(hasher);
    assert.equal(await answers.enrol('  AmsterDAM '), 'hash:amsterdam');
    const stored = new Map([
      ['q1', 'hash:amsterdam'],
      ['q2', 'hash:rex'],
      ['q3', 'hash:blue'],
    ]);
    const asked = ['q1', 'q2'];
    assert.equal(
      await answers.check(stored, {
        questions: asked,
        answers: [
          { questionId: 'q2', answer: 'Rex' },
          { questionId: 'q1', answer: 'amsterdam' },
        ],
      }),
      true,
    );
    verified.length = 0;
    assert.equal(
      await answers.check(stored, {
        questions: asked,
        answers: [
          { questionId: 'q1', answer: 'wrong' },
          { questionId: 'q2', answer: 'rex' },
        ],
      }),
      null,
    );
    assert.deepEqual(verified, ['hash:amsterdam', 'hash:rex'], 'the second answer is checked after a wrong first');
    verified.length = 0;
    assert.equal(await answers.check(undefined, { questions: asked, answers: [{ questionId: 'q1', answer: 'amsterdam' }] }), null);
    assert.deepEqual(verified, [null, null], 'no record: the same number of verifications');
    const drawn = answers.challenge({ pool: ['q1', 'q2', 'q3'], count: 2 });
    assert.equal(new Set(drawn).size, 2);
    assert.ok(drawn.every((q) => ['q1', 'q2', 'q3'].includes(q)));
    assert.deepEqual(drawRandom(['a'], 3), ['a'], 'never more than the pool');
  });
});
