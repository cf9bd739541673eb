import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { testEngines } from '../../testing/databases.js';
import { slapdSkip, startSlapd, type Slapd } from '../../testing/slapd.js';
import { directoryFailures, directoryUser, lockInDirectory, lockoutThreshold, signInRequest } from './sign-in-fixture.js';

// Issue 14: a directory user's password is checked by a bind as the user against a real slapd;
// Latchkey's gate (rate limits, smart lockout; checklist L1-L9, C3) stays in front of it.
const RIGHT = 'Zebra-Quilt-Harbor-71!';
const users = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'gina'].map((uid) => ({ uid, password: RIGHT, mail: `${uid}@contoso.example` }));

for (const engine of testEngines()) {
  describe(`directory sign-in (${engine})`, { skip: slapdSkip() }, () => {
    let t: TestApp;
    let slapd: Slapd;
    before(async () => {
      slapd = await startSlapd({ users: [...users, { uid: 'off', password: RIGHT, disabled: true }] });
      t = await createTestApp({ engine, config: { ...slapd.config() } });
      await lockoutThreshold(t, 3);
    });
    after(async () => {
      await t?.close();
      await slapd?.close();
    });
    const reasons = async (userId: string) => (await t.repos.signIns.list({ limit: 50, userId })).map((e) => e.reason);

    test('signs in by user principal name with the directory password; a wrong one is refused; no local hash is ever stored', async () => {
      const { id } = await directoryUser(t, slapd, 'alice', 'alice@contoso.example');
      const ok = await signInRequest(t, 'alice@contoso.example', RIGHT);
      assert.equal(ok.statusCode, 200, ok.body);
      assert.equal(ok.json().passwordChangeRequired, false);
      const wrong = await signInRequest(t, 'alice@contoso.example', 'Not-The-Password-1');
      assert.equal(wrong.statusCode, 401);
      assert.equal(wrong.json().code, 'auth.invalid_credentials');
      assert.equal(await directoryFailures(slapd, slapd.userDn('alice')), 1, 'the wrong password reached the directory as a bind');
      assert.equal((await t.repos.users.findById(id))!.passwordHash, null, 'no copy of the directory password');
      assert.deepEqual((await reasons(id)).sort(), ['success', 'wrong_password']);
    });

    test('signs in by uid (onPremisesSamAccountName) too', async () => {
      await directoryUser(t, slapd, 'gina', 'gina.upn@contoso.example');
      assert.equal((await signInRequest(t, 'gina', RIGHT)).statusCode, 200);
    });

    test("the directory's must-change (pwdReset after an admin reset there) opens the forced-change step", async () => {
      const { id, dn } = await directoryUser(t, slapd, 'bob', 'bob@contoso.example');
      await slapd.ldapModify(`dn: ${dn}\nchangetype: modify\nreplace: pwdReset\npwdReset: TRUE\n`);
      const res = await signInRequest(t, 'bob@contoso.example', RIGHT);
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.json().passwordChangeReason, 'must_change');
      const cookie = String(res.headers['set-cookie']).split(';')[0]!;
      const me = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } });
      assert.equal(me.json().passwordChangeRequired, true, 'the session may only change the password');
      assert.equal(me.json().passwordChangeReason, 'must_change', '/me names the same reason as the sign-in answer');
      assert.deepEqual(await reasons(id), ['must_change']);
      assert.equal((await signInRequest(t, 'bob@contoso.example', 'Not-The-Password-1')).statusCode, 401, 'a wrong password is still wrong');
    });

    test('after Latchkey locks, further attempts never reach the directory (spraying is stopped in front: L1, L7)', async () => {
      const { id, dn } = await directoryUser(t, slapd, 'carol', 'carol@contoso.example');
      for (let i = 1; i <= 3; i++) assert.equal((await signInRequest(t, 'carol@contoso.example', `Spray-${i}-Password`)).statusCode, 401);
      assert.equal(await directoryFailures(slapd, dn), 3, 'three binds reached slapd');
      for (let i = 4; i <= 8; i++) assert.equal((await signInRequest(t, 'carol@contoso.example', `Spray-${i}-Password`)).statusCode, 401);
      const locked = await signInRequest(t, 'carol@contoso.example', RIGHT);
      assert.equal(locked.statusCode, 401, 'the right password while locked is refused');
      assert.equal(await directoryFailures(slapd, dn), 3, 'no bind after the lock: pwdFailureTime stopped growing');
      assert.equal(await slapd.bindAs(dn, RIGHT), true, 'so the directory itself never locked (pwdMaxFailure 5)');
      assert.deepEqual((await reasons(id)).filter((r) => r === 'locked').length, 6);
    });

    test('a repeat of a recent wrong password is not sent to the directory again', async () => {
      const { dn } = await directoryUser(t, slapd, 'frank', 'frank@contoso.example');
      for (let i = 0; i < 3; i++) await signInRequest(t, 'frank@contoso.example', 'Same-Wrong-Password');
      assert.equal(await directoryFailures(slapd, dn), 1);
      assert.equal((await signInRequest(t, 'frank@contoso.example', RIGHT)).statusCode, 200, 'not locked: repeats are not counted');
    });

    test('slapd stopped: 503 directory.unavailable, logged as such, nothing counted toward the lockout', async () => {
      const { id } = await directoryUser(t, slapd, 'dave', 'dave@contoso.example');
      await slapd.stop();
      try {
        for (let i = 0; i < 4; i++) {
          const res = await signInRequest(t, 'dave@contoso.example', `Any-Password-${i}`);
          assert.equal(res.statusCode, 503, res.body);
          assert.equal(res.json().code, 'directory.unavailable');
        }
      } finally {
        await slapd.start();
      }
      const state = await t.repos.lockout.get(id);
      assert.equal((state?.unfamiliar.failures ?? 0) + (state?.familiar.failures ?? 0), 0, 'no failure counted');
      assert.deepEqual((await t.repos.lockout.claimsOf(id)).unfamiliar.pending, 0, 'every claim given back');
      assert.deepEqual(await reasons(id), ['directory_unavailable', 'directory_unavailable', 'directory_unavailable', 'directory_unavailable']);
      assert.equal((await signInRequest(t, 'dave@contoso.example', RIGHT)).statusCode, 200, 'back up: signs in (4 outages did not lock at threshold 3)');
    });

    test('locked in the directory (pwdMaxFailure reached straight at slapd): refused like a Latchkey lock, shown locked with lockedInDirectory', async () => {
      const { id, dn } = await directoryUser(t, slapd, 'erin', 'erin@contoso.example');
      await lockInDirectory(slapd, dn);
      const res = await signInRequest(t, 'erin@contoso.example', RIGHT);
      const unknown = await signInRequest(t, 'nobody@contoso.example', RIGHT);
      assert.equal(res.statusCode, 401);
      const strip = (body: string) => JSON.stringify({ ...JSON.parse(body), instance: undefined });
      assert.equal(strip(res.body), strip(unknown.body), 'the same answer as an unknown name (no enumeration)');
      assert.deepEqual(await reasons(id), ['locked']);
      const user = await t.repos.users.findById(id);
      assert.ok(user!.onPremises!.lockedAt, 'directory_locked_at recorded');
      const state = await t.repos.lockout.get(id);
      assert.equal(state?.unfamiliar.failures ?? 0, 0, "the directory's refusal is not counted as a wrong password");
    });

    test('disabled in the directory: refused like a disabled account', async () => {
      const { id } = await directoryUser(t, slapd, 'off', 'off@contoso.example');
      const res = await signInRequest(t, 'off@contoso.example', RIGHT);
      assert.equal(res.statusCode, 401);
      assert.equal(res.json().code, 'auth.invalid_credentials');
      assert.deepEqual(await reasons(id), ['disabled']);
    });
  });
}
