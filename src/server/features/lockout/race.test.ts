import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { createArgon2Hasher, type PasswordHasher } from '../passwords/hasher.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { testEngines } from '../../testing/databases.js';
import { recoveryDriver } from '../../testing/recovery.js';
import { LOCKOUT_SETTINGS_KEY } from './settings.js';

// Issue 12, findings 1 and 2; checklist L7 (ASVS 15.4.2), C3, SE5. N wrong passwords and the
// right one, sent together through each of the three gates (sign-in, re-authentication, change):
// at most `threshold` wrong passwords are ever compared, and once the threshold is crossed the
// right password is refused like a wrong one.

const RIGHT = 'Zebra-Quilt-Harbor-71!';
const THRESHOLD = 10;
const ALL_METHODS = { email: true, mobilePhone: true, officePhone: true, authenticatorApp: true, securityQuestions: true };

for (const engine of testEngines()) {
  describe(`race-free smart lockout through every password gate (${engine})`, () => {
    let t: TestApp;
    /** Comparisons against a real stored hash with a wrong password (the dummy hash is not counted). */
    let wrongCompared = 0;
    /** While set, wrong comparisons wait here: the right password then arrives while they are in flight. */
    let hold: { waiting: number; full: () => void; released: Promise<void> } | null = null;
    before(async () => {
      const real = await createArgon2Hasher();
      // A counting wrapper around the real hasher: every comparison still runs argon2.
      const hasher: PasswordHasher = {
        params: real.params,
        hash: (password) => real.hash(password),
        verify: async (stored, password) => {
          if (stored && password !== RIGHT) {
            wrongCompared++;
            const h = hold;
            if (h) {
              if (++h.waiting >= THRESHOLD) h.full();
              await h.released;
            }
          }
          return real.verify(stored, password);
        },
      };
      t = await createTestApp({ engine, hasher });
      await t.repos.settings.put(LOCKOUT_SETTINGS_KEY, { lockoutThreshold: THRESHOLD, lockoutDurationSeconds: 60 }, null, t.clock.now());
      t.lockoutConfig.invalidate();
      await t.createUser({ userPrincipalName: 'admin@contoso.example', password: RIGHT, roles: ['global-administrator'] });
      const admin = await t.signIn('admin@contoso.example', RIGHT);
      await recoveryDriver(t).configure(admin, { enabledFor: 'all', methods: ALL_METHODS, methodsRequired: 1 });
    });
    after(() => t.close());

    const signIn = (password: string) => t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { username: 'race@contoso.example', password } });
    const codes = (responses: LightMyRequestResponse[]) => responses.map((r) => r.statusCode);
    /**
     * The repro, made deterministic: the wrong passwords are sent together, and the right
     * one arrives while the first `threshold` of them are still being compared (held in the hasher;
     * at most 10 s). Old code saw "not locked" and accepted it. Returns the right one's answer last.
     */
    const together = async (wrong: number, send: (password: string) => Promise<LightMyRequestResponse>) => {
      let full = () => {};
      let release = () => {};
      const reached = new Promise<void>((resolve) => (full = resolve));
      hold = { waiting: 0, full, released: new Promise<void>((resolve) => (release = resolve)) };
      const wrongs = Array.from({ length: wrong }, (_, i) => send(`Wrong-Guess-${i}`));
      const bound = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());
      await Promise.race([reached, bound(10_000)]);
      const right = send(RIGHT);
      await Promise.race([right, bound(10_000)]);
      hold = null;
      release();
      return [...(await Promise.all(wrongs)), await right];
    };

    test('sign-in: 29 wrong and the right one together: no 200, at most 10 compared, the rest logged as locked', async () => {
      const { id } = await t.createUser({ userPrincipalName: 'race@contoso.example', password: RIGHT });
      wrongCompared = 0;
      const responses = await together(29, signIn);
      assert.ok(wrongCompared <= THRESHOLD, `${wrongCompared} wrong passwords compared`);
      assert.notEqual(responses.at(-1)!.statusCode, 200, 'the right password is refused once the threshold is crossed');
      assert.ok(
        codes(responses).every((c) => c === 401),
        codes(responses).join(' '),
      );
      const reasons = (await t.repos.signIns.list({ limit: 100, userId: id })).map((e) => e.reason);
      const count = (reason: string) => reasons.filter((r) => r === reason).length;
      assert.equal(count('wrong_password'), wrongCompared, 'each comparison logged as wrong_password');
      assert.ok(count('locked') >= 29 + 1 - THRESHOLD, `logged: ${reasons.join(' ')}`);
      assert.equal((await t.repos.lockout.get(id))!.unfamiliar.lockouts, 1, 'locked exactly once');
      assert.deepEqual(
        await t.repos.lockout.claimsOf(id),
        { familiar: { pending: 0, until: null }, unfamiliar: { pending: 0, until: null } },
        'every claim settled',
      );
      t.clock.advance(61_000);
      assert.equal((await signIn(RIGHT)).statusCode, 200, 'after the lockout the right password works');
    });

    // Re-authentication is the step-up before sensitive actions (issue 17: POST /auth/step-up).
    test('re-authentication (step-up): 24 wrong and the right one together: no 200, at most 10 compared', async () => {
      await t.createUser({ userPrincipalName: 'reauth@contoso.example', password: RIGHT });
      const who = await t.signIn('reauth@contoso.example', RIGHT);
      const d = recoveryDriver(t);
      wrongCompared = 0;
      const responses = await together(24, (password) => d.json(who, 'POST', '/api/v1/auth/step-up', { password }));
      assert.ok(wrongCompared <= THRESHOLD, `${wrongCompared} wrong passwords compared`);
      assert.notEqual(responses.at(-1)!.statusCode, 200, 'no fresh proof for a stolen session');
      assert.ok(codes(responses).every((c) => c === 401));
    });

    test('change password: 24 wrong current passwords and the right one together: no 204, at most 10 compared', async () => {
      await t.createUser({ userPrincipalName: 'change@contoso.example', password: RIGHT });
      const who = await t.signIn('change@contoso.example', RIGHT);
      wrongCompared = 0;
      const responses = await together(24, (password) =>
        t.app.inject({
          method: 'POST',
          url: '/api/v1/me/change-password',
          payload: { currentPassword: password, newPassword: 'Fjord&Kiwi*8372-Moss' },
          headers: { cookie: who.cookie, 'x-csrf-token': who.csrf },
        }),
      );
      assert.ok(wrongCompared <= THRESHOLD, `${wrongCompared} wrong passwords compared`);
      assert.notEqual(responses.at(-1)!.statusCode, 204, 'the password is not changed');
      assert.ok(codes(responses).every((c) => c === 401));
      assert.equal((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: who.cookie } })).statusCode, 200, 'the session still stands');
    });

    test('re-authentication shares the sign-in limits: 60 wrong and the right one together: the 31st on get 429, none 200', async () => {
      await t.createUser({ userPrincipalName: 'stolen@contoso.example', password: RIGHT });
      const who = await t.signIn('stolen@contoso.example', RIGHT);
      const d = recoveryDriver(t);
      wrongCompared = 0;
      const responses = await together(60, (password) => d.json(who, 'POST', '/api/v1/auth/step-up', { password }));
      const statuses = codes(responses);
      assert.ok(!statuses.includes(200), statuses.join(' '));
      assert.equal(statuses.filter((c) => c === 429).length, 61 - 30, 'the per-account limit (30 a minute) holds for re-authentication');
      assert.ok(responses.filter((r) => r.statusCode === 429).every((r) => r.json().code === 'request.rate_limited' && Number(r.headers['retry-after']) >= 1));
      assert.ok(wrongCompared <= THRESHOLD, `${wrongCompared} wrong passwords compared`);
    });

    test('change password shares the sign-in limits too: the 31st current password in a minute gets 429 problem+json', async () => {
      await t.createUser({ userPrincipalName: 'change-limit@contoso.example', password: RIGHT });
      const who = await t.signIn('change-limit@contoso.example', RIGHT);
      const change = (currentPassword: string) =>
        t.app.inject({
          method: 'POST',
          url: '/api/v1/me/change-password',
          payload: { currentPassword, newPassword: 'Fjord&Kiwi*8372-Moss' },
          headers: { cookie: who.cookie, 'x-csrf-token': who.csrf },
        });
      for (let i = 0; i < 30; i++) assert.equal((await change(`Wrong-${i}`)).statusCode, 401);
      const limited = await change(RIGHT);
      assert.equal(limited.statusCode, 429);
      assert.match(String(limited.headers['content-type']), /^application\/problem\+json/);
      assert.equal(limited.json().code, 'request.rate_limited');
    });

    test('a claim left by a request that never settled lapses; it never locks the account by itself', async () => {
      const { id } = await t.createUser({ userPrincipalName: 'lapse@contoso.example', password: RIGHT });
      for (let i = 0; i < THRESHOLD; i++) assert.equal(await t.services.lockout.claim(id, false, `tried-${i}`), 'claimed');
      assert.equal(await t.services.lockout.claim(id, false, 'one-more'), 'locked', 'the threshold is claimed: no comparison');
      t.clock.advance(31_000);
      assert.equal(await t.services.lockout.claim(id, false, 'after-lapse'), 'claimed');
      assert.equal(await t.services.lockout.settle(id, false, 'after-lapse', true), 'ok');
    });

    test('a right password is accepted only if the account is not locked when its comparison settles', async () => {
      const { id } = await t.createUser({ userPrincipalName: 'slow@contoso.example', password: RIGHT });
      const lockout = t.services.lockout;
      assert.equal(await lockout.claim(id, false, 'right'), 'claimed', 'a slow comparison of the right password starts');
      t.clock.advance(31_000); // its claim lapses meanwhile, so others get in
      for (let i = 0; i < THRESHOLD; i++) {
        assert.equal(await lockout.claim(id, false, `w${i}`), 'claimed');
        assert.equal(await lockout.settle(id, false, `w${i}`, false), 'wrong');
      }
      assert.equal(await lockout.settle(id, false, 'right', true), 'locked', 'refused like a wrong password');
      assert.equal(await lockout.isLocked(id, false), true);
    });
  });
}
