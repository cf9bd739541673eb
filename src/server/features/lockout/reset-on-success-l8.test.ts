// Checklist L8 (NIST SP 800-63B-4 §3.2.2, SHOULD; Keycloak testResetLoginFailureCount): a
// successful sign-in resets the failure counter, so a user who mistypes now and then is never locked
// out. Both counters are proved: smart lockout (threshold N, default 10) and NIST's hard cap of 100
// consecutive failures (L2).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { testEngines } from '../../testing/databases.js';
import { defaultLockoutSettings } from './settings.js';

const RIGHT = 'Zebra-Quilt-Harbor-71!';
const N = defaultLockoutSettings.lockoutThreshold;

for (const engine of testEngines()) {
  describe(`L8: the failure counter resets on success (${engine})`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp({ engine });
    });
    after(() => t.close());

    let wrongs = 0;
    // Spaced 2.5 s apart: the per-account rate limit (30 a minute) is not what this test is about.
    const attempt = async (username: string, password: string) => {
      t.clock.advance(2_500);
      return t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { username, password } });
    };
    // Distinct wrong passwords: repeats of the last three are not counted (smart lockout).
    const wrong = (username: string) => attempt(username, `Wrong-Guess-${++wrongs}`);

    test(`alternating wrong and right passwords 2 × N times (N = ${N}) never locks`, async () => {
      await t.createUser({ userPrincipalName: 'alternate@contoso.example', password: RIGHT });
      for (let i = 0; i < 2 * N; i++) {
        assert.equal((await wrong('alternate@contoso.example')).statusCode, 401);
        assert.equal((await attempt('alternate@contoso.example', RIGHT)).statusCode, 200, `right password on round ${i + 1}`);
      }
    });

    test(`N − 1 wrong, then the right one, three times over (${3 * (N - 1)} failures in all): never locked`, async () => {
      await t.createUser({ userPrincipalName: 'sloppy@contoso.example', password: RIGHT });
      for (let round = 1; round <= 3; round++) {
        for (let i = 0; i < N - 1; i++) assert.equal((await wrong('sloppy@contoso.example')).statusCode, 401);
        assert.equal((await attempt('sloppy@contoso.example', RIGHT)).statusCode, 200, `round ${round}: the counter started again at 0`);
      }
      // Control: the same account does lock at N failures in a row, so the rounds above prove the reset.
      for (let i = 0; i < N; i++) await wrong('sloppy@contoso.example');
      assert.equal((await attempt('sloppy@contoso.example', RIGHT)).statusCode, 401, 'N in a row lock');
    });

    test('the hard cap counts consecutive failures only: 60 failures, a success, 60 more, and the right password still works', async () => {
      await t.createUser({ userPrincipalName: 'cap@contoso.example', password: RIGHT });
      const user = (await t.repos.users.findBySignInName('cap@contoso.example'))!;
      for (let round = 1; round <= 2; round++) {
        // Each failure after a wait past the longest lockout (1 hour), so every one of them is counted.
        for (let i = 0; i < 60; i++) {
          await wrong('cap@contoso.example');
          t.clock.advance(3_600_000);
        }
        assert.equal((await t.repos.lockout.get(user.id))?.consecutiveFailures, 60, `round ${round}: 60 consecutive failures counted`);
        assert.equal((await attempt('cap@contoso.example', RIGHT)).statusCode, 200, `round ${round}: not hard-locked`);
        assert.equal((await t.repos.lockout.get(user.id))?.consecutiveFailures, 0, 'the consecutive count is back at 0');
      }
    });
  });
}
