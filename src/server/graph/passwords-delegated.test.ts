import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { newId } from '../core/crypto.js';
import { createTestApp, type TestApp } from '../testing/test-app.js';
import { testEngines } from '../testing/databases.js';
import { appToken, graphAs, registerTestApp } from '../testing/oauth.js';
import { delegatedToken } from '../testing/oauth-delegated.js';
import { LOCKOUT_SETTINGS_KEY } from '../features/lockout/settings.js';

// Graph with DELEGATED tokens from the real authorization-code + PKCE flow (issue 15), on both
// engines: /me/changePassword, the caller's own account, a reset that ends the user's tokens, and
// an Authentication Administrator's masked view of phone numbers.

const PASSWORD = 'Zebra-Quilt-Harbor-71!';
const NEW_PASSWORD = 'Fjord&Kiwi*8372-Moss';
const PW = '28c10230-6103-485e-b985-444c60001490';
const MOBILE = '3179e48a-750b-4051-897c-87b9720928f7';

for (const engine of testEngines()) {
  describe(`Graph with delegated tokens (${engine})`, () => {
    let t: TestApp;
    let clientId: string;
    let resetter: string;
    before(async () => {
      t = await createTestApp({ engine });
      ({ clientId } = await registerTestApp(t, { name: 'Script', permissions: [], publicClient: true, redirectUris: ['http://localhost/callback'] }));
      resetter = await appToken(t, await registerTestApp(t, { name: 'Resetter', permissions: ['User-PasswordProfile.ReadWrite.All'] }));
    });
    after(() => t.close());

    const tokenFor = (username: string, password = PASSWORD) => delegatedToken(t, { clientId, username, password, redirectUri: 'http://localhost/callback' });
    const change = (token: string, currentPassword: string, newPassword: string) =>
      graphAs(t, token, 'POST', '/graph/v1.0/me/changePassword', { currentPassword, newPassword });
    const signIn = (username: string, password: string) => t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { username, password } });

    test('changePassword: a policy failure is 400 with details; success is 204 and the old token is refused', async () => {
      await t.createUser({ userPrincipalName: 'alice@contoso.example', password: PASSWORD });
      const token = await tokenFor('alice@contoso.example');
      const weak = await change(token, PASSWORD, 'short');
      assert.equal(weak.statusCode, 400, weak.body);
      assert.equal(weak.json().error.latchkeyCode, 'password.rejected');
      assert.ok(weak.json().error.details.some((d: { code: string }) => d.code === 'password.too_short'));

      t.clock.advance(1000); // tokens are dated in whole seconds: the change comes a second after the sign-in
      const ok = await change(token, PASSWORD, NEW_PASSWORD);
      assert.equal(ok.statusCode, 204, ok.body);
      const after = await graphAs(t, token, 'GET', '/graph/v1.0/me/authentication/methods');
      assert.equal(after.statusCode, 401, 'the token from before the change is refused');
      assert.equal(after.json().error.code, 'InvalidAuthenticationToken');
      assert.equal((await signIn('alice@contoso.example', NEW_PASSWORD)).statusCode, 200);
    });

    test('changePassword: a wrong current password is 400 and counts towards smart lockout', async () => {
      await t.createUser({ userPrincipalName: 'bob@contoso.example', password: PASSWORD });
      const token = await tokenFor('bob@contoso.example');
      await t.repos.settings.put(LOCKOUT_SETTINGS_KEY, { lockoutThreshold: 2, lockoutDurationSeconds: 600 }, null, t.clock.now());
      t.lockoutConfig.invalidate();
      try {
        for (const guess of ['Wrong-guess-1!', 'Wrong-guess-2!']) {
          const res = await change(token, guess, NEW_PASSWORD);
          assert.equal(res.statusCode, 400, res.body);
          assert.equal(res.json().error.code, 'Request_BadRequest');
          assert.equal(res.json().error.latchkeyCode, undefined);
        }
        assert.equal((await signIn('bob@contoso.example', PASSWORD)).statusCode, 401, 'locked out by the wrong current passwords');
        assert.equal((await change(token, PASSWORD, NEW_PASSWORD)).statusCode, 400, 'locked: even the right password is refused');
      } finally {
        await t.repos.settings.put(LOCKOUT_SETTINGS_KEY, { lockoutThreshold: 10, lockoutDurationSeconds: 60 }, null, t.clock.now());
        t.lockoutConfig.invalidate();
      }
    });

    test('changePassword with an app-only token is denied as Graph denies it', async () => {
      const res = await graphAs(t, resetter, 'POST', '/graph/v1.0/me/changePassword', { currentPassword: PASSWORD, newPassword: NEW_PASSWORD });
      assert.equal(res.statusCode, 403);
      assert.equal(res.json().error.code, 'Authorization_RequestDenied');
      assert.equal(res.json().error.message, 'Access to change password operation is denied.');
    });

    test("an app's reset ends the user's delegated tokens", async () => {
      const { id } = await t.createUser({ userPrincipalName: 'carol@contoso.example', password: PASSWORD });
      const token = await tokenFor('carol@contoso.example');
      assert.equal((await graphAs(t, token, 'GET', '/graph/v1.0/me/authentication/methods')).statusCode, 200);
      t.clock.advance(1000);
      const res = await graphAs(t, resetter, 'POST', `/graph/v1.0/users/${id}/authentication/methods/${PW}/resetPassword`);
      assert.equal(res.statusCode, 202, res.body);
      assert.equal((await graphAs(t, token, 'GET', '/graph/v1.0/me/authentication/methods')).statusCode, 401);
    });

    test("an admin can't reset their own password through Graph", async () => {
      const { id } = await t.createUser({ userPrincipalName: 'helpdesk@contoso.example', password: PASSWORD, roles: ['helpdesk-administrator'] });
      const token = await tokenFor('helpdesk@contoso.example');
      const res = await graphAs(t, token, 'POST', `/graph/v1.0/users/${id}/authentication/methods/${PW}/resetPassword`, { newPassword: NEW_PASSWORD });
      assert.equal(res.statusCode, 403, res.body);
      assert.equal(res.json().error.code, 'Authorization_RequestDenied');
      assert.equal(res.json().error.latchkeyCode, 'users.cannot_reset_self');
    });

    test('an Authentication Administrator sees masked numbers, a Privileged Authentication Administrator and the user see them in full', async () => {
      const { id } = await t.createUser({ userPrincipalName: 'dave@contoso.example', password: PASSWORD });
      await t.repos.securityInfo.putMethod({ id: newId(), userId: id, kind: 'mobilePhone', value: '+15555551234' }, t.clock.now());
      await t.createUser({ userPrincipalName: 'authadmin@contoso.example', password: PASSWORD, roles: ['authentication-administrator'] });
      await t.createUser({ userPrincipalName: 'pauthadmin@contoso.example', password: PASSWORD, roles: ['privileged-authentication-administrator'] });
      const phoneAs = async (token: string, base: string) => {
        const res = await graphAs(t, token, 'GET', `/graph/v1.0/${base}/authentication/phoneMethods/${MOBILE}`);
        assert.equal(res.statusCode, 200, res.body);
        return res.json().phoneNumber as string;
      };
      const masked = await phoneAs(await tokenFor('authadmin@contoso.example'), `users/${id}`);
      assert.equal(masked, '+1 XXXXXXXX34');
      assert.equal(await phoneAs(await tokenFor('pauthadmin@contoso.example'), `users/${id}`), '+1 5555551234');
      assert.equal(await phoneAs(await tokenFor('dave@contoso.example'), 'me'), '+1 5555551234');
    });

    test('deleting a method as a delegated caller: the user on /me, an admin with a fresh sign-in; a stale one must step up', async () => {
      const { id } = await t.createUser({ userPrincipalName: 'gina@contoso.example', password: PASSWORD });
      await t.repos.securityInfo.putMethod({ id: newId(), userId: id, kind: 'email', value: 'gina@example.org' }, t.clock.now());
      await t.repos.securityInfo.putMethod({ id: newId(), userId: id, kind: 'mobilePhone', value: '+15555551234' }, t.clock.now());
      const own = await graphAs(
        t,
        await tokenFor('gina@contoso.example'),
        'DELETE',
        '/graph/v1.0/me/authentication/emailMethods/3ddfcfc8-9383-446f-83cc-3ab9be4be18f',
      );
      assert.equal(own.statusCode, 204, own.body);
      await t.createUser({ userPrincipalName: 'authadmin2@contoso.example', password: PASSWORD, roles: ['authentication-administrator'] });
      const admin = await tokenFor('authadmin2@contoso.example');
      t.clock.advance(11 * 60_000);
      const stale = await graphAs(t, admin, 'DELETE', `/graph/v1.0/users/${id}/authentication/phoneMethods/${MOBILE}`);
      assert.equal(stale.statusCode, 403, stale.body);
      assert.equal(stale.json().error.latchkeyCode, 'auth.step_up_required');
      const fresh = await graphAs(t, await tokenFor('authadmin2@contoso.example'), 'DELETE', `/graph/v1.0/users/${id}/authentication/phoneMethods/${MOBILE}`);
      assert.equal(fresh.statusCode, 204, fresh.body);
      assert.deepEqual(await t.repos.securityInfo.methods(id), []);
      const actors = (await t.repos.audit.list({ action: 'security_info.method_removed', targetId: id, limit: 5 })).map((e) => e.actorName).sort();
      assert.deepEqual(actors, ['authadmin2@contoso.example', 'gina@contoso.example']);
    });

    test('a plain user may not read another user\u2019s methods', async () => {
      const { id } = await t.createUser({ userPrincipalName: 'erin@contoso.example', password: PASSWORD });
      await t.createUser({ userPrincipalName: 'frank@contoso.example', password: PASSWORD });
      const res = await graphAs(t, await tokenFor('frank@contoso.example'), 'GET', `/graph/v1.0/users/${id}/authentication/methods`);
      assert.equal(res.statusCode, 403);
    });
  });
}
