/*
 * Password writeback (issue 14), against a real slapd with ppolicy: an admin's reset (generated and
 * chosen), the forced change after it and the user's own change write to the directory first, and
 * Latchkey records them only when it accepted (proven by binding as the user). A refusal or an
 * outage changes nothing here and is audited; 50 concurrent resets of one user have one winner in
 * both places (checklist R20, A3, A7, C8).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { testEngines } from '../../testing/databases.js';
import { slapdSkip, startSlapd, type Slapd } from '../../testing/slapd.js';
import { ADMIN_PASSWORD, SEED_PASSWORD, auditsOf, call, directoryUser, localPasswordState, seedUsers, type Who } from './writeback-fixture.js';

const skip = slapdSkip();

for (const engine of testEngines()) {
  describe(`password writeback: admin reset and change (${engine})`, { skip }, () => {
    let slapd: Slapd;
    let t: TestApp;
    let helpdesk: Who;
    before(async () => {
      slapd = await startSlapd({ users: seedUsers('wb', 8) });
      t = await createTestApp({ engine, config: { ...slapd.config() } });
      await t.createUser({ userPrincipalName: 'helpdesk@contoso.example', password: ADMIN_PASSWORD, roles: ['helpdesk-administrator'] });
      helpdesk = await t.signIn('helpdesk@contoso.example', ADMIN_PASSWORD);
    });
    after(async () => {
      await t?.close();
      await slapd?.close();
    });
    const reset = (id: string, body: object) => call(t, helpdesk, 'POST', `/api/v1/users/${id}/reset-password`, body);

    test('an admin reset, generated then chosen, lands in the directory; Latchkey keeps no hash and no history', async () => {
      const { id, dn } = await directoryUser(t, slapd, 'wb0');
      const generated = await reset(id, { autoGenerate: true, forceChangePasswordNextSignIn: true });
      assert.equal(generated.statusCode, 200, generated.body);
      const { password } = generated.json<{ password: string }>();
      assert.equal(await slapd.bindAs(dn, password), true, 'the new password binds');
      assert.equal(await slapd.bindAs(dn, SEED_PASSWORD), false, 'the old one does not');
      const state = await localPasswordState(t, id);
      assert.deepEqual(
        { hash: state.hash, mustChange: state.mustChange, history: state.history, claims: state.claims },
        { hash: null, mustChange: true, history: 0, claims: 0 },
      );
      assert.ok(state.changedAt, 'last_password_change_at set');

      const chosen = 'Chosen-Directory-Pass-93!';
      const second = await reset(id, { autoGenerate: false, password: chosen, forceChangePasswordNextSignIn: false });
      assert.equal(second.statusCode, 200, second.body);
      assert.equal(await slapd.bindAs(dn, chosen), true);
      assert.equal(await slapd.bindAs(dn, password), false);
      assert.equal((await localPasswordState(t, id)).mustChange, false);
      assert.equal((await auditsOf(t, id, 'user.password_reset')).success.length, 2);
    });

    test('the forced change after a must-change reset goes to the directory, the temporary password as the old one', async () => {
      const { id, dn, upn } = await directoryUser(t, slapd, 'wb1');
      const { password: temporary } = (await reset(id, { autoGenerate: true, forceChangePasswordNextSignIn: true })).json<{ password: string }>();
      const session = await t.signIn(upn, temporary);
      assert.equal(session.body.passwordChangeReason, 'must_change');
      const next = 'Forced-Change-Directory-61!';
      const changed = await call(t, session, 'POST', '/api/v1/me/change-password', { currentPassword: temporary, newPassword: next });
      assert.equal(changed.statusCode, 204, changed.body);
      assert.equal(await slapd.bindAs(dn, next), true);
      assert.equal(await slapd.bindAs(dn, temporary), false);
      assert.equal((await localPasswordState(t, id)).mustChange, false);
      const [event] = (await auditsOf(t, id, 'user.password_change')).success;
      assert.equal(event?.details.forced, true);
    });

    test("a user's own change is bound as the user: the directory's history refuses a recent password (400, nothing changed, audited)", async () => {
      const { id, dn, upn } = await directoryUser(t, slapd, 'wb2');
      const session = await t.signIn(upn, SEED_PASSWORD);
      const first = 'Own-Change-Directory-27!';
      assert.equal((await call(t, session, 'POST', '/api/v1/me/change-password', { currentPassword: SEED_PASSWORD, newPassword: first })).statusCode, 204);
      assert.equal(await slapd.bindAs(dn, first), true, 'the change landed');
      assert.equal(await slapd.bindAs(dn, SEED_PASSWORD), false);

      const again = await t.signIn(upn, first);
      const before = await localPasswordState(t, id);
      const mails = (await t.repos.outbox.listDevMail(50, upn)).length;
      // Latchkey keeps no history for a directory user: its policy passes, the directory's (pwdInHistory 3) refuses.
      const refused = await call(t, again, 'POST', '/api/v1/me/change-password', { currentPassword: first, newPassword: SEED_PASSWORD });
      assert.equal(refused.statusCode, 400, refused.body);
      const problem = refused.json<{ code: string; issues: { code: string }[] }>();
      assert.equal(problem.code, 'directory.password_refused');
      assert.ok(problem.issues.length > 0 && problem.issues.some((i) => /history/i.test(i.code)), JSON.stringify(problem.issues));
      assert.deepEqual(await localPasswordState(t, id), before, 'nothing changed in Latchkey');
      assert.equal((await call(t, again, 'GET', '/api/v1/me')).statusCode, 200, 'the session is alive');
      assert.equal((await t.repos.outbox.listDevMail(50, upn)).length, mails, 'no notice');
      assert.equal(await slapd.bindAs(dn, first), true, 'the directory still holds the old one');
      const audits = await auditsOf(t, id, 'user.password_change');
      assert.equal(audits.success.length, 1, 'only the first change succeeded');
      assert.equal(audits.failure[0]?.details.policy, 'directory');
    });

    test("an admin's chosen password the directory finds too short: 400 with the directory's code, nothing changed, audited", async () => {
      const { id, dn, upn } = await directoryUser(t, slapd, 'wb3');
      const session = await t.signIn(upn, SEED_PASSWORD);
      await slapd.ldapModify(`dn: cn=default,ou=policies,${slapd.baseDn}\nchangetype: modify\nreplace: pwdMinLength\npwdMinLength: 40\n`);
      try {
        const before = await localPasswordState(t, id);
        const refused = await reset(id, { autoGenerate: false, password: 'Long-Enough-For-Latchkey-8!', forceChangePasswordNextSignIn: false });
        assert.equal(refused.statusCode, 400, refused.body);
        const problem = refused.json<{ code: string; issues: { code: string }[] }>();
        assert.equal(problem.code, 'directory.password_refused');
        assert.ok(
          problem.issues.some((i) => /short|length/i.test(i.code)),
          JSON.stringify(problem.issues),
        );
        assert.deepEqual(await localPasswordState(t, id), before);
        assert.equal((await call(t, session, 'GET', '/api/v1/me')).statusCode, 200, 'sessions alive');
        assert.equal(await slapd.bindAs(dn, SEED_PASSWORD), true);
        const audits = await auditsOf(t, id, 'user.password_reset');
        assert.equal(audits.success.length, 0);
        assert.equal(audits.failure.length, 1);
        assert.equal(audits.failure[0]?.details.policy, 'directory');
      } finally {
        await slapd.ldapModify(`dn: cn=default,ou=policies,${slapd.baseDn}\nchangetype: modify\nreplace: pwdMinLength\npwdMinLength: 8\n`);
      }
    });

    test('slapd stopped: 503 directory.unavailable, nothing changed, audited; the next reset works once it is back', async () => {
      const { id, dn, upn } = await directoryUser(t, slapd, 'wb4');
      const session = await t.signIn(upn, SEED_PASSWORD);
      const before = await localPasswordState(t, id);
      await slapd.stop();
      try {
        const down = await reset(id, { autoGenerate: true, forceChangePasswordNextSignIn: true });
        assert.equal(down.statusCode, 503, down.body);
        assert.equal(down.json().code, 'directory.unavailable');
      } finally {
        await slapd.start();
      }
      assert.deepEqual(await localPasswordState(t, id), before, 'nothing changed, the claim released');
      assert.equal((await call(t, session, 'GET', '/api/v1/me')).statusCode, 200, 'sessions alive');
      assert.equal(await slapd.bindAs(dn, SEED_PASSWORD), true);
      const audits = await auditsOf(t, id, 'user.password_reset');
      assert.deepEqual([audits.success.length, audits.failure.length], [0, 1]);
      assert.equal(audits.failure[0]?.details.reason, 'directory.unavailable');
      assert.equal((await reset(id, { autoGenerate: true, forceChangePasswordNextSignIn: true })).statusCode, 200);
    });

    test('50 concurrent resets of one user: exactly one wins, in both places', async () => {
      const { id, dn } = await directoryUser(t, slapd, 'wb5');
      const passwords = Array.from({ length: 50 }, (_, i) => `Concurrent-Directory-${String(i).padStart(2, '0')}-Pass!`);
      const results = await Promise.all(passwords.map((password) => reset(id, { autoGenerate: false, password, forceChangePasswordNextSignIn: false })));
      const won = results.flatMap((r, i) => (r.statusCode === 200 ? [i] : []));
      assert.equal(won.length, 1, results.map((r) => r.statusCode).join(' '));
      assert.ok(
        results.every((r, i) => i === won[0] || (r.statusCode === 409 && r.json().code === 'password.conflict')),
        'the others are refused before the directory',
      );
      assert.equal(await slapd.bindAs(dn, passwords[won[0]!]!), true, "the directory holds the winner's password");
      assert.equal(await slapd.bindAs(dn, passwords[(won[0]! + 1) % 50]!), false);
      assert.equal((await auditsOf(t, id, 'user.password_reset')).success.length, 1);
      assert.equal((await localPasswordState(t, id)).claims, 0);
    });
  });
}
