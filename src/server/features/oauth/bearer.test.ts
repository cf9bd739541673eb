import assert from 'node:assert/strict';
import { createPrivateKey, generateKeyPairSync, randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { SignJWT } from 'jose';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { testEngines } from '../../testing/databases.js';
import { appToken, registerTestApp, tenantOf } from '../../testing/oauth.js';
import { createBearerAuthenticator } from './bearer.js';
import { createSigningKeys } from './keys.js';

/*
 * Issue 15: bearer authentication of access tokens for the Graph surface. Tokens come from the
 * real token endpoint; the authenticator under test is a second instance over the same database
 * (as another server would be). Crafted tokens are signed with the server's own key from the
 * database, so only the property under test (audience, delegated user state) differs.
 */

for (const engine of testEngines()) {
  describe(`bearer authentication (${engine})`, () => {
    let t: TestApp;
    let tenant: string;
    let authenticate: (token: string) => Promise<Awaited<ReturnType<ReturnType<typeof createBearerAuthenticator>>>>;
    let keys: ReturnType<typeof createSigningKeys>;
    before(async () => {
      t = await createTestApp({ engine });
      tenant = await tenantOf(t);
      keys = createSigningKeys({ store: t.repos.signingKeys, clock: t.clock, secret: t.config.secret!, rotationDays: 30, maxTokenSeconds: 3600 });
      authenticate = createBearerAuthenticator({ keys, repos: t.repos, clock: t.clock, publicOrigin: null });
    });
    after(() => t.close());

    /** A token like the server's, signed with its current key, with claims overridden. */
    const craft = async (claims: Record<string, unknown>, key?: ReturnType<typeof createPrivateKey>) => {
      const set = await keys.keySet();
      const now = Math.floor(t.clock.now().getTime() / 1000);
      return new SignJWT({ iss: `http://localhost/${tenant}/v2.0`, tid: tenant, iat: now, nbf: now, exp: now + 3599, jti: randomUUID(), ver: '2.0', ...claims })
        .setProtectedHeader({ alg: 'RS256', typ: 'at+jwt', kid: set.current.kid })
        .sign(key ?? createPrivateKey({ key: set.current.privateJwk, format: 'jwk' }));
    };

    test('an app token gives an application principal with the permissions of its grants and role', async () => {
      const reg = await registerTestApp(t, { name: 'Helpdesk bot', permissions: ['User.Read.All'], role: 'helpdesk-administrator' });
      const principal = await authenticate(await appToken(t, reg));
      assert.ok(principal);
      assert.equal(principal.via?.kind, 'application');
      assert.equal(principal.via?.clientId, reg.clientId);
      assert.equal(principal.user.id, reg.app.id);
      assert.equal(principal.user.userPrincipalName, 'Helpdesk bot');
      assert.deepEqual(principal.roles, ['helpdesk-administrator']);
      assert.ok(principal.permissions.includes('users:read'));
      assert.ok(principal.permissions.includes('users:reset-password'), 'from the helpdesk role');
      assert.equal(principal.session.scope, 'full');
      assert.match(principal.session.id, /^token:/);
    });

    test('a token for another audience, signed by another key, or mangled is refused', async () => {
      const reg = await registerTestApp(t, { permissions: ['User.Read.All'] });
      const base = {
        aud: 'https://graph.microsoft.com',
        sub: reg.app.id,
        oid: reg.app.id,
        appid: reg.clientId,
        azp: reg.clientId,
        idtyp: 'app',
        roles: ['User.Read.All'],
      };
      assert.ok(await authenticate(await craft(base)), 'the crafted token is valid as such');
      assert.equal(await authenticate(await craft({ ...base, aud: 'https://management.azure.com' })), null);
      assert.equal(await authenticate(await craft({ ...base, aud: 'api://other' })), null);
      assert.equal(await authenticate(await craft({ ...base, iss: `https://evil.example/${tenant}/v2.0/x` })), null);
      assert.equal(await authenticate(await craft({ ...base, tid: randomUUID() })), null);
      const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      assert.equal(await authenticate(await craft(base, privateKey)), null);
      const real = await appToken(t, reg);
      assert.equal(await authenticate(real.slice(0, -4) + 'AAAA'), null);
      assert.equal(await authenticate('not.a.token'), null);
    });

    test('a token expires on the server clock', async () => {
      const reg = await registerTestApp(t, { permissions: ['User.Read.All'] });
      const token = await appToken(t, reg);
      t.clock.advance(3598_000);
      assert.ok(await authenticate(token));
      t.clock.advance(2_000);
      assert.equal(await authenticate(token), null);
    });

    test("an app principal follows the app's current state: permissions, consent, enabled, deleted", async () => {
      const reg = await registerTestApp(t, { permissions: ['User.ReadWrite.All'] });
      const token = await appToken(t, reg);
      assert.ok((await authenticate(token))?.permissions.includes('users:manage'));
      await t.repos.apps.update(reg.app.id, { permissions: ['User.Read.All'] }, t.clock.now());
      const narrowed = await authenticate(token);
      assert.ok(narrowed);
      assert.equal(narrowed.permissions.includes('users:manage'), false, 'a removed permission is gone at once');
      await t.repos.apps.update(reg.app.id, { consentedAt: null, consentedBy: null }, t.clock.now());
      assert.equal(await authenticate(token), null, 'revoked consent ends the token at once');
      await t.repos.apps.update(reg.app.id, { consentedAt: t.clock.now(), consentedBy: 'x' }, t.clock.now());
      assert.ok(await authenticate(token));
      await t.repos.apps.update(reg.app.id, { enabled: false }, t.clock.now());
      assert.equal(await authenticate(token), null);
      await t.repos.apps.delete(reg.app.id);
      assert.equal(await authenticate(token), null);
    });

    test("a delegated token carries the user's own roles and dies when their sessions are revoked (password reset)", async () => {
      const reg = await registerTestApp(t, { permissions: ['User.Read.All'], publicClient: true, redirectUris: ['http://localhost:8400/cb'] });
      const user = await t.createUser({ userPrincipalName: 'adele@contoso.example', password: 'Correct-Horse-42!x', roles: ['password-administrator'] });
      const now = Math.floor(t.clock.now().getTime() / 1000);
      const token = await craft({
        aud: 'https://graph.microsoft.com',
        sub: user.id,
        oid: user.id,
        appid: reg.clientId,
        azp: reg.clientId,
        idtyp: 'user',
        scp: 'User.Read',
        auth_time: now,
        amr: ['pwd', 'mfa'],
      });
      const principal = await authenticate(token);
      assert.ok(principal);
      assert.equal(principal.via?.kind, 'delegated');
      assert.deepEqual(principal.roles, ['password-administrator']);
      assert.equal(principal.user.id, user.id);
      assert.deepEqual(principal.session.mfaAt, new Date(now * 1000));
      // An admin resets the password a second later: sessionsValidFrom moves on, the token dies.
      t.clock.advance(1000);
      await t.createUser({ userPrincipalName: 'admin@contoso.example', password: 'Admin-Horse-42!x', roles: ['global-administrator'] });
      const admin = await t.signIn('admin@contoso.example', 'Admin-Horse-42!x');
      const reset = await t.app.inject({
        method: 'POST',
        url: `/api/v1/users/${user.id}/reset-password`,
        headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf },
        payload: { autoGenerate: true, forceChangePasswordNextSignIn: true },
      });
      assert.equal(reset.statusCode, 200, reset.body);
      assert.equal(await authenticate(token), null);
    });
  });
}
