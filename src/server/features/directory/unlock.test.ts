import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { testEngines } from '../../testing/databases.js';
import { slapdSkip, startSlapd, type Slapd } from '../../testing/slapd.js';
import { directoryUser, lockInDirectory, lockoutThreshold, signInRequest } from './sign-in-fixture.js';

// Issue 14 "Lock state": Latchkey's unlock also clears the directory's lock (pwdAccountLockedTime),
// and a user locked in the directory shows as locked in Active users (Entra writeback, reference §7.10).
const RIGHT = 'Zebra-Quilt-Harbor-71!';
const ADMIN = 'helpdesk@contoso.example';

for (const engine of testEngines()) {
  describe(`directory unlock (${engine})`, { skip: slapdSkip() }, () => {
    let t: TestApp;
    let slapd: Slapd;
    let admin: { cookie: string; csrf: string };
    before(async () => {
      slapd = await startSlapd({ users: ['ulla', 'uwe', 'ugo'].map((uid) => ({ uid, password: RIGHT, mail: `${uid}@contoso.example` })) });
      t = await createTestApp({ engine, config: { ...slapd.config() } });
      await t.createUser({ userPrincipalName: ADMIN, password: RIGHT, roles: ['helpdesk-administrator'] });
      admin = await t.signIn(ADMIN, RIGHT);
      await lockoutThreshold(t, 3);
    });
    after(async () => {
      await t?.close();
      await slapd?.close();
    });

    const headers = () => ({ cookie: admin.cookie, 'x-csrf-token': admin.csrf });
    const unlock = (id: string) => t.app.inject({ method: 'POST', url: `/api/v1/users/${id}/unlock`, headers: headers() });
    const getUser = async (id: string) => (await t.app.inject({ method: 'GET', url: `/api/v1/users/${id}`, headers: headers() })).json();
    const lockedList = async () =>
      (await t.app.inject({ method: 'GET', url: '/api/v1/users?status=locked', headers: headers() })).json().items.map((u: { id: string }) => u.id);

    test('locked in the directory: shown locked (lockedInDirectory) in Active users; the admin unlock clears it there and here', async () => {
      const { id, dn } = await directoryUser(t, slapd, 'ulla', 'ulla@contoso.example');
      await lockInDirectory(slapd, dn);
      assert.equal(await slapd.bindAs(dn, RIGHT), false, 'slapd refuses even the right password');
      assert.equal((await signInRequest(t, 'ulla@contoso.example', RIGHT)).statusCode, 401);
      const shown = await getUser(id);
      assert.equal(shown.locked, true);
      assert.equal(shown.lockedInDirectory, true);
      assert.ok((await lockedList()).includes(id), 'status=locked lists it');

      const res = await unlock(id);
      assert.equal(res.statusCode, 204, res.body);
      assert.equal(await slapd.bindAs(dn, RIGHT), true, 'the directory unlocked: a bind as the user works again');
      assert.equal((await slapd.readEntry(dn, ['pwdAccountLockedTime']))?.pwdAccountLockedTime, undefined);
      const after = await getUser(id);
      assert.equal(after.locked, false);
      assert.equal(after.lockedInDirectory, false);
      assert.ok(!(await lockedList()).includes(id), 'no longer listed as locked');
      assert.equal((await signInRequest(t, 'ulla@contoso.example', RIGHT)).statusCode, 200);
      const events = await t.repos.audit.list({ targetId: id, limit: 10 });
      assert.deepEqual(
        events.filter((e) => e.action === 'user.unlocked').map((e) => e.outcome),
        ['success'],
      );
    });

    test("Latchkey's own lockout of a directory user is cleared by the same unlock", async () => {
      const { id } = await directoryUser(t, slapd, 'ugo', 'ugo@contoso.example');
      for (let i = 1; i <= 3; i++) await signInRequest(t, 'ugo@contoso.example', `Wrong-${i}-Password`);
      assert.equal((await signInRequest(t, 'ugo@contoso.example', RIGHT)).statusCode, 401, 'locked by Latchkey');
      assert.equal((await getUser(id)).lockedInDirectory, false, 'three failures: the directory did not lock');
      assert.equal((await unlock(id)).statusCode, 204);
      assert.equal((await signInRequest(t, 'ugo@contoso.example', RIGHT)).statusCode, 200);
    });

    test('unlock with slapd down: 503 directory.unavailable, audited, still locked in both places', async () => {
      const { id, dn } = await directoryUser(t, slapd, 'uwe', 'uwe@contoso.example');
      for (let i = 1; i <= 3; i++) await signInRequest(t, 'uwe@contoso.example', `Wrong-${i}-Password`);
      await lockInDirectory(slapd, dn);
      await t.repos.directoryLocks.setDirectoryLock(id, t.clock.now()); // as the next sync sees it
      assert.equal(await t.services.lockout.isLocked(id, false), true, 'locked by Latchkey too');
      await slapd.stop();
      let res;
      try {
        res = await unlock(id);
      } finally {
        await slapd.start();
      }
      assert.equal(res.statusCode, 503, res.body);
      assert.equal(res.json().code, 'directory.unavailable');
      const shown = await getUser(id);
      assert.equal(shown.locked, true);
      assert.equal(shown.lockedInDirectory, true);
      assert.equal(await slapd.bindAs(dn, RIGHT), false, 'still locked in the directory');
      assert.equal(await t.services.lockout.isLocked(id, false), true, "Latchkey's lockout not cleared either");
      const failed = (await t.repos.audit.list({ targetId: id, limit: 10 })).filter((e) => e.action === 'user.unlocked');
      assert.deepEqual(
        failed.map((e) => [e.outcome, e.details.reason]),
        [['failure', 'directory.unavailable']],
      );
    });
  });
}
