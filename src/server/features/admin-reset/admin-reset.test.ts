import assert from 'node:assert/strict';
import { escapeHtml } from '../notifications/mail-render.js';
import { after, before, describe, test } from 'node:test';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { testEngines } from '../../testing/databases.js';
import { LOCKOUT_SETTINGS_KEY } from '../lockout/settings.js';

const PASSWORD = 'Zebra-Quilt-Harbor-71!';

for (const engine of testEngines()) {
  describe(`admin reset (${engine})`, () => {
    let t: TestApp;
    let helpdesk: { cookie: string; csrf: string };
    before(async () => {
      t = await createTestApp({ engine });
      await t.createUser({ userPrincipalName: 'helpdesk@contoso.example', password: PASSWORD, roles: ['helpdesk-administrator'] });
      helpdesk = await t.signIn('helpdesk@contoso.example', PASSWORD);
    });
    after(() => t.close());

    const post = (url: string, payload?: object) =>
      t.app.inject({ method: 'POST', url, ...(payload ? { payload } : {}), headers: { cookie: helpdesk.cookie, 'x-csrf-token': helpdesk.csrf } });
    const signIn = (username: string, password: string) => t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { username, password } });

    test('a generated reset revokes sessions, clears the lockout, forces a change and notifies the alternate address without the password (A3-A5, N3)', async () => {
      const { id } = await t.createUser({ userPrincipalName: 'forgot@contoso.example', displayName: 'Forgot', password: PASSWORD });
      await t.db.db
        .updateTable('app_user')
        .set({ other_mails: JSON.stringify(['forgot@example.org']) })
        .where('id', '=', id)
        .execute();
      const session = await t.signIn('forgot@contoso.example', PASSWORD);
      await t.repos.settings.put(LOCKOUT_SETTINGS_KEY, { lockoutThreshold: 2, lockoutDurationSeconds: 600 }, null, t.clock.now());
      t.lockoutConfig.invalidate();
      await signIn('forgot@contoso.example', 'Wrong-1');
      await signIn('forgot@contoso.example', 'Wrong-2');
      assert.equal((await signIn('forgot@contoso.example', PASSWORD)).statusCode, 401, 'locked');

      const res = await post(`/api/v1/users/${id}/reset-password`, { autoGenerate: true, forceChangePasswordNextSignIn: true });
      assert.equal(res.statusCode, 200);
      const { password } = res.json();
      assert.equal((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: session.cookie } })).statusCode, 401, 'sessions revoked');
      const fresh = await signIn('forgot@contoso.example', password);
      assert.equal(fresh.statusCode, 200, 'lockout cleared');
      assert.equal(fresh.json().passwordChangeReason, 'must_change');
      await t.outboxWorker.drain();
      const mails = await t.repos.outbox.listDevMail(10, 'forgot@example.org');
      assert.equal(mails.length, 1);
      assert.match(mails[0]!.subject, /reset by an administrator/);
      assert.ok(!mails[0]!.text.includes(password) && !mails[0]!.html.includes(escapeHtml(password)));
      const [event] = await t.repos.audit.list({ action: 'user.password_reset', targetId: id, limit: 1 });
      assert.equal(event?.actorName, 'helpdesk@contoso.example');
      assert.ok(!JSON.stringify(event).includes(password), 'no password in the audit log (A8)');
      await t.repos.settings.put(LOCKOUT_SETTINGS_KEY, { lockoutThreshold: 10, lockoutDurationSeconds: 60 }, null, t.clock.now());
      t.lockoutConfig.invalidate();
    });

    test('a chosen password passes the policy (every problem listed) and changes nothing when refused (A7)', async () => {
      const { id } = await t.createUser({ userPrincipalName: 'chosen@contoso.example', password: PASSWORD });
      const bad = await post(`/api/v1/users/${id}/reset-password`, { autoGenerate: false, password: 'short', forceChangePasswordNextSignIn: false });
      assert.equal(bad.statusCode, 400);
      assert.deepEqual(
        bad
          .json()
          .issues.map((i: { code: string }) => i.code)
          .sort(),
        ['password.banned', 'password.complexity', 'password.too_short'],
      );
      assert.equal((await signIn('chosen@contoso.example', PASSWORD)).statusCode, 200);
      assert.equal((await t.repos.audit.list({ action: 'user.password_reset', targetId: id, outcome: 'success', limit: 5 })).length, 0);
      const missing = await post(`/api/v1/users/${id}/reset-password`, { autoGenerate: false });
      assert.equal(missing.json().code, 'request.validation_failed');
      const ok = await post(`/api/v1/users/${id}/reset-password`, {
        autoGenerate: false,
        password: 'Fjord&Kiwi*8372-Moss',
        forceChangePasswordNextSignIn: false,
      });
      assert.deepEqual(ok.json(), { password: null });
      const signedIn = await signIn('chosen@contoso.example', 'Fjord&Kiwi*8372-Moss');
      assert.equal(signedIn.json().passwordChangeRequired, false);
    });

    test('an admin cannot reset their own password here', async () => {
      const me = (await t.repos.users.findBySignInName('helpdesk@contoso.example'))!;
      assert.equal((await post(`/api/v1/users/${me.id}/reset-password`, {})).json().code, 'users.cannot_reset_self');
    });

    test('unlock, sign out everywhere and require a change, each audited', async () => {
      const { id } = await t.createUser({ userPrincipalName: 'actions@contoso.example', password: PASSWORD });
      const s = await t.signIn('actions@contoso.example', PASSWORD);
      await t.services.lockout.recordFailure(id, false, 'x');
      assert.equal((await post(`/api/v1/users/${id}/unlock`)).statusCode, 204);
      assert.equal(await t.repos.lockout.get(id), undefined);
      assert.equal((await post(`/api/v1/users/${id}/revoke-sessions`)).statusCode, 204);
      assert.equal((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: s.cookie } })).statusCode, 401);
      assert.equal((await post(`/api/v1/users/${id}/require-password-change`)).statusCode, 204);
      assert.equal((await signIn('actions@contoso.example', PASSWORD)).json().passwordChangeReason, 'must_change');
      const actions = (await t.repos.audit.list({ targetId: id, limit: 10 })).map((e) => e.action).sort();
      assert.deepEqual(actions, ['user.password_change_required', 'user.sessions_revoked', 'user.unlocked']);
    });

    test('a Password Administrator may reset but not sign users out (no invalidateAllRefreshTokens)', async () => {
      await t.createUser({ userPrincipalName: 'pwadmin@contoso.example', password: PASSWORD, roles: ['password-administrator'] });
      const pa = await t.signIn('pwadmin@contoso.example', PASSWORD);
      const { id } = await t.createUser({ userPrincipalName: 'victim@contoso.example', password: PASSWORD });
      const res = await t.app.inject({ method: 'POST', url: `/api/v1/users/${id}/revoke-sessions`, headers: { cookie: pa.cookie, 'x-csrf-token': pa.csrf } });
      assert.equal(res.json().code, 'auth.forbidden');
    });
  });
}
