import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { testEngines } from '../../testing/databases.js';
import { latestCode, recoveryDriver } from '../../testing/recovery.js';
import { slapdSkip, startSlapd, type Slapd } from '../../testing/slapd.js';

// Issue 14 "Lock state" and Entra's "Allow users to unlock accounts without resetting their
// password" (reference §7.10), against a real slapd: a self-service reset of a directory user also
// unlocks in the directory; with the setting on, a directory user may unlock only, keeping the
// password. The choice comes only after the proofs (checklist R1); a notice follows (N2, N5).
const PASSWORD = 'Zebra-Quilt-Harbor-71!';
const OLD = 'Copper-Lantern-Meadow-42!';
const NEW = 'Fjord&Kiwi*8372-Moss';
const UIDS = ['dora', 'dirk', 'dana', 'dina'];

for (const engine of testEngines()) {
  describe(`self-service reset and unlock of directory users (${engine})`, { skip: slapdSkip() }, () => {
    let t: TestApp;
    let slapd: Slapd;
    let admin: { cookie: string; csrf: string };
    let d: ReturnType<typeof recoveryDriver>;
    before(async () => {
      slapd = await startSlapd({ users: UIDS.map((uid) => ({ uid, password: OLD, mail: `${uid}@contoso.example` })) });
      t = await createTestApp({ engine, config: { recoveryCaptchaMaxNumber: 50, ...slapd.config() } });
      await t.createUser({ userPrincipalName: 'admin@contoso.example', password: PASSWORD, roles: ['global-administrator'] });
      admin = await t.signIn('admin@contoso.example', PASSWORD);
      d = recoveryDriver(t);
      await d.configure(admin, {
        enabledFor: 'all',
        methods: { email: true, mobilePhone: false, officePhone: false, authenticatorApp: false, securityQuestions: false },
        methodsRequired: 1,
      });
    });
    after(async () => {
      await t?.close();
      await slapd?.close();
    });

    /**
     * A user with an alternate email registered (as a local user, through the API), then made a
     * directory user for slapd's `uid` the way a sync makes one (on_premises_* set, no local hash).
     * `uid` null: stays a local user.
     */
    async function userWithEmail(name: string, uid: string | null) {
      const upn = `${name}@contoso.example`;
      const { id } = await t.createUser({ userPrincipalName: upn, password: PASSWORD });
      const email = `${name}.private@example.org`;
      await d.registerCode(await t.signIn(upn, PASSWORD), PASSWORD, 'email', email);
      const dn = uid ? slapd.userDn(uid) : '';
      if (uid)
        await t.db.db
          .updateTable('app_user')
          .set({ on_premises_dn: dn, on_premises_immutable_id: dn, on_premises_sam: uid, on_premises_sam_key: uid, password_hash: null })
          .where('id', '=', id)
          .execute();
      return { id, upn, email, dn };
    }

    /** Locks the entry in slapd by binding wrongly straight to it (pwdMaxFailure 5): Latchkey is not involved. */
    async function lockInSlapd(dn: string) {
      for (let i = 0; i < 5; i++) await slapd.bindAs(dn, `Straight-Wrong-${i}`);
      assert.ok((await slapd.readEntry(dn, ['pwdAccountLockedTime']))?.pwdAccountLockedTime?.length, 'slapd locked the entry');
      assert.equal(await slapd.bindAs(dn, OLD), false, 'locked: even the right password is refused');
    }

    /** Latchkey's own smart lockout on the user for ten minutes, and the directory's lock as Latchkey recorded it. */
    async function lockInLatchkey(id: string) {
      const now = t.clock.now();
      const state = await t.repos.lockout.getForUpdate(id, now);
      await t.repos.lockout.save({ ...state, familiar: { failures: 10, lockouts: 1, lockedUntil: new Date(now.getTime() + 600_000) } }, now);
      await t.repos.directoryLocks.setDirectoryLock(id, now);
      assert.equal((await t.repos.lockout.lockedAmong([id], now)).has(id), true);
    }

    /** Starts a reset and proves the email: the flow's view in state `password`. */
    async function proven(user: { upn: string; email: string }) {
      const started = await d.start(user.upn);
      assert.equal(started.statusCode, 201, started.body);
      const id = started.json<{ id: string }>().id;
      assert.equal(started.json().canUnlock, false, 'never offered before the proofs (R1)');
      assert.equal((await d.send(id, 'email')).statusCode, 200);
      const verified = await d.verify(id, { method: 'email', code: await latestCode(t, user.email) });
      assert.equal(verified.statusCode, 200, verified.body);
      assert.equal(verified.json().state, 'password');
      return { id, view: verified.json<{ state: string; canUnlock: boolean }>() };
    }

    const unlock = (flowId: string) => d.json(null, 'POST', `/api/v1/recovery/flows/${flowId}/unlock`);
    const unlockedAudits = async (id: string) =>
      (await t.repos.audit.list({ targetId: id, limit: 50 })).filter((e) => e.action === 'user.account_unlocked_self').map((e) => e.outcome);
    const notices = async (id: string) =>
      t.db.db.selectFrom('outbox').select(['recipient']).where('user_id', '=', id).where('template', '=', 'account-unlocked-self').execute();
    const directoryLockedAt = async (id: string) =>
      (await t.db.db.selectFrom('app_user').select('directory_locked_at').where('id', '=', id).executeTakeFirstOrThrow()).directory_locked_at;

    test('a completed self-service reset also unlocks the account in the directory: a bind with the new password works', async () => {
      await d.configure(admin, { allowUnlockWithoutReset: false });
      const user = await userWithEmail('dora', 'dora');
      await lockInSlapd(user.dn);
      const { id, view } = await proven(user);
      assert.equal(view.canUnlock, false, 'the setting is off: no choice');
      const done = await d.password(id, NEW);
      assert.equal(done.statusCode, 200, done.body);
      assert.equal(done.json().state, 'completed');
      assert.equal((await slapd.readEntry(user.dn, ['pwdAccountLockedTime']))?.pwdAccountLockedTime, undefined, 'the directory lock is gone');
      assert.equal(await slapd.bindAs(user.dn, NEW), true, 'the new password binds: written back and unlocked');
      assert.equal(await slapd.bindAs(user.dn, OLD), false);
    });

    test('setting on: a directory user may unlock only; the OLD password binds, Latchkey lockout cleared, audited, notice mailed', async () => {
      await d.configure(admin, { allowUnlockWithoutReset: true });
      const user = await userWithEmail('dirk', 'dirk');
      await lockInSlapd(user.dn);
      await lockInLatchkey(user.id);
      const { id, view } = await proven(user);
      assert.equal(view.canUnlock, true, 'after the proofs, the choice is offered');

      const res = await unlock(id);
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.json().state, 'completed');
      assert.equal(res.json().canUnlock, false);
      assert.equal(await slapd.bindAs(user.dn, OLD), true, 'unlocked in the directory with the password kept');
      assert.equal((await slapd.readEntry(user.dn, ['pwdAccountLockedTime']))?.pwdAccountLockedTime, undefined);
      assert.equal((await t.repos.lockout.lockedAmong([user.id], t.clock.now())).has(user.id), false, 'Latchkey lockout cleared');
      assert.equal(await directoryLockedAt(user.id), null, 'the recorded directory lock cleared');
      assert.deepEqual(await unlockedAudits(user.id), ['success']);
      assert.equal((await t.repos.audit.list({ targetId: user.id, limit: 50 })).filter((e) => e.action === 'user.password_reset_self').length, 0);
      const sent = await notices(user.id);
      assert.ok(sent.length >= 1, 'a notice to the user');
      await t.outboxWorker.drain();
      const mail = await t.db.db
        .selectFrom('dev_mailbox')
        .innerJoin('outbox', 'outbox.id', 'dev_mailbox.outbox_id')
        .select(['dev_mailbox.subject as subject', 'dev_mailbox.text_body as text'])
        .where('outbox.template', '=', 'account-unlocked-self')
        .where('outbox.user_id', '=', user.id)
        .executeTakeFirstOrThrow();
      assert.match(mail.subject, /was unlocked/);
      assert.match(mail.text, /without changing the password/);
      assert.doesNotMatch(mail.text, new RegExp(OLD.replace(/[$*+?.()|[\]{}^\\]/g, '\\$&')), 'never a password (N5)');

      // Exactly once: the flow is over.
      const again = await unlock(id);
      assert.equal(again.statusCode, 409, again.body);
      assert.deepEqual(await unlockedAudits(user.id), ['success']);
    });

    test('setting off: no choice is offered and an unlock request is refused with 400 directory.unlock_not_available', async () => {
      await d.configure(admin, { allowUnlockWithoutReset: false });
      const user = await userWithEmail('dana', 'dana');
      await lockInSlapd(user.dn);
      const { id, view } = await proven(user);
      assert.equal(view.canUnlock, false);
      const res = await unlock(id);
      assert.equal(res.statusCode, 400, res.body);
      assert.equal(res.json().code, 'directory.unlock_not_available');
      assert.equal(await slapd.bindAs(user.dn, OLD), false, 'still locked in the directory');
      assert.equal((await d.json(null, 'GET', `/api/v1/recovery/flows/${id}`)).json().state, 'password', 'the flow is untouched: a reset is still possible');
      assert.deepEqual(await unlockedAudits(user.id), []);
    });

    test('a local user never sees the choice, and can not unlock; before the proofs an unlock is refused like any early step', async () => {
      await d.configure(admin, { allowUnlockWithoutReset: true });
      const user = await userWithEmail('dave', null);
      const early = await d.start(user.upn);
      const refusedEarly = await unlock(early.json().id);
      assert.equal(refusedEarly.statusCode, 409, 'verify state: step_not_allowed, the same for every name (R1)');
      assert.equal(refusedEarly.json().code, 'recovery.step_not_allowed');
      const unknown = await d.start('nobody-here@contoso.example');
      assert.deepEqual((await unlock(unknown.json().id)).json().code, 'recovery.step_not_allowed');

      const { id, view } = await proven(user);
      assert.equal(view.canUnlock, false, 'nothing to unlock in a directory');
      const res = await unlock(id);
      assert.equal(res.statusCode, 400, res.body);
      assert.equal(res.json().code, 'directory.unlock_not_available');
    });

    test('slapd down: 503 directory.unavailable and nothing changed; once it is back, the unlock works', async () => {
      await d.configure(admin, { allowUnlockWithoutReset: true });
      const user = await userWithEmail('dina', 'dina');
      await lockInSlapd(user.dn);
      await lockInLatchkey(user.id);
      const { id } = await proven(user);
      await slapd.stop();
      let res;
      try {
        res = await unlock(id);
      } finally {
        await slapd.start();
      }
      assert.equal(res.statusCode, 503, res.body);
      assert.equal(res.json().code, 'directory.unavailable');
      assert.equal((await d.json(null, 'GET', `/api/v1/recovery/flows/${id}`)).json().state, 'password', 'the flow stays open');
      assert.equal((await t.repos.lockout.lockedAmong([user.id], t.clock.now())).has(user.id), true, 'Latchkey lockout kept');
      assert.notEqual(await directoryLockedAt(user.id), null, 'the recorded directory lock kept');
      assert.equal(await slapd.bindAs(user.dn, OLD), false, 'still locked in the directory');
      assert.deepEqual(await unlockedAudits(user.id), ['failure'], 'the attempt is audited as a failure, no success');
      assert.equal((await notices(user.id)).length, 0, 'no notice');

      const retry = await unlock(id);
      assert.equal(retry.statusCode, 200, retry.body);
      assert.equal(await slapd.bindAs(user.dn, OLD), true);
    });
  });
}
