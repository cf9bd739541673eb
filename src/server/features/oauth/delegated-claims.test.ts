import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { testEngines } from '../../testing/databases.js';
import { registerTestApp, tenantOf } from '../../testing/oauth.js';
import { delegatedToken } from '../../testing/oauth-delegated.js';

/*
 * Issue 15: a REAL delegated token (authorization code + PKCE through Latchkey's sign-in) has
 * Microsoft's delegated claims, gives the user's own roles on the Graph surface, and dies when an
 * administrator resets the user's password (sessionsValidFrom; checklist SE4).
 */

const claimsOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;

for (const engine of testEngines()) {
  describe(`delegated tokens (${engine})`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp({ engine });
    });
    after(() => t.close());

    test('claims in Microsoft v2 delegated shape; the token dies after an admin password reset', async () => {
      const tenant = await tenantOf(t);
      const reg = await registerTestApp(t, {
        name: 'Portal',
        permissions: ['User.Read.All'],
        publicClient: true,
        redirectUris: ['http://localhost:8400/callback'],
      });
      const user = await t.createUser({
        userPrincipalName: 'megan@contoso.example',
        displayName: 'Megan Bowen',
        password: 'Quiet-Lantern-73!k',
        roles: ['helpdesk-administrator'],
      });
      const token = await delegatedToken(t, {
        clientId: reg.clientId,
        username: 'megan@contoso.example',
        password: 'Quiet-Lantern-73!k',
        scope: 'https://graph.microsoft.com/.default openid profile offline_access',
      });
      const c = claimsOf(token);
      assert.equal(c.aud, 'https://graph.microsoft.com');
      assert.equal(c.iss, `http://localhost/${tenant}/v2.0`);
      assert.equal(c.idtyp, 'user');
      assert.equal(c.oid, user.id);
      assert.equal(c.sub, user.id);
      assert.equal(c.azp, reg.clientId);
      assert.equal(c.azpacr, '0');
      assert.equal(c.name, 'Megan Bowen');
      assert.equal(c.preferred_username, 'megan@contoso.example');
      assert.deepEqual(c.wids, ['729827e3-9c14-49f7-bb1b-9608f156bbb8']);
      assert.deepEqual(c.amr, ['pwd']);
      assert.equal(c.auth_time, Math.floor(t.clock.now().getTime() / 1000));
      assert.ok(String(c.scp).split(' ').includes('User.Read'));
      assert.equal(c.roles, undefined);
      const graph = () => t.app.inject({ method: 'GET', url: '/graph/v1.0/nothing-here', headers: { authorization: `Bearer ${token}` } });
      assert.notEqual((await graph()).statusCode, 401, 'the token is accepted');

      t.clock.advance(1000);
      await t.createUser({ userPrincipalName: 'admin@contoso.example', password: 'Admin-Lantern-73!k', roles: ['global-administrator'] });
      const admin = await t.signIn('admin@contoso.example', 'Admin-Lantern-73!k');
      const reset = await t.app.inject({
        method: 'POST',
        url: `/api/v1/users/${user.id}/reset-password`,
        headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf },
        payload: { autoGenerate: true, forceChangePasswordNextSignIn: true },
      });
      assert.equal(reset.statusCode, 200, reset.body);
      assert.equal((await graph()).statusCode, 401, 'the reset ended the token');
    });
  });
}
