import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import * as oidc from 'openid-client';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { testEngines } from '../../testing/databases.js';
import { registerTestApp, tenantOf } from '../../testing/oauth.js';
import { browser, follow } from '../../testing/oauth-delegated.js';

/*
 * Issue 15: OpenID Connect sign-in for other applications, with openid-client 6 (panva) as a real
 * relying party against a listening server on 127.0.0.1: discovery at /{tenant}/v2.0, the
 * authorization code flow with PKCE (the browser side signs in through the API with a cookie
 * jar), id_token validation, userinfo, refresh, and RP-initiated logout that ends the Latchkey
 * session of a user who chose to sign out.
 */

const PASSWORD = 'Correct-Horse-42';
const REDIRECT = 'http://127.0.0.1:5556/signin-oidc';
const AFTER_LOGOUT = 'http://127.0.0.1:5556/signed-out';

for (const engine of testEngines()) {
  describe(`OpenID Connect with openid-client as the relying party (${engine})`, () => {
    let t: TestApp;
    let origin: string;
    let host: string;
    let tenant: string;
    let clientId: string;
    let userId: string;
    let config: oidc.Configuration;
    before(async () => {
      t = await createTestApp({ engine });
      origin = await t.app.listen({ host: '127.0.0.1', port: 0 });
      host = new URL(origin).host;
      tenant = await tenantOf(t);
      ({ id: userId } = await t.createUser({ userPrincipalName: 'adele@contoso.example', password: PASSWORD, displayName: 'Adele Vance' }));
      ({ clientId } = await registerTestApp(t, { name: 'Contoso Portal', permissions: [], publicClient: true, redirectUris: [REDIRECT, AFTER_LOGOUT] }));
      config = await oidc.discovery(new URL(`${origin}/${tenant}/v2.0`), clientId, { token_endpoint_auth_method: 'none' }, oidc.None(), {
        execute: [oidc.allowInsecureRequests],
      });
    });
    after(() => t.close());

    test('discovery names this issuer and Microsoft-layout endpoints', () => {
      const meta = config.serverMetadata();
      assert.equal(meta.issuer, `${origin}/${tenant}/v2.0`);
      assert.equal(meta.authorization_endpoint, `${origin}/${tenant}/oauth2/v2.0/authorize`);
      assert.equal(meta.token_endpoint, `${origin}/${tenant}/oauth2/v2.0/token`);
      assert.equal(meta.end_session_endpoint, `${origin}/${tenant}/oauth2/v2.0/logout`);
      assert.ok(meta.userinfo_endpoint);
      assert.ok(meta.code_challenge_methods_supported?.includes('S256'));
    });

    test('code + PKCE: a validated id_token, userinfo, refresh, then end-session signs the browser out of Latchkey', async () => {
      const b = browser(t, undefined, { host });
      assert.equal((await b.api('POST', '/api/v1/auth/sign-in', { username: 'adele@contoso.example', password: PASSWORD })).statusCode, 200);
      const verifier = oidc.randomPKCECodeVerifier();
      const state = oidc.randomState();
      const nonce = oidc.randomNonce();
      const url = oidc.buildAuthorizationUrl(config, {
        redirect_uri: REDIRECT,
        scope: 'openid profile email offline_access',
        // OpenID Connect Core 11: offline_access counts only with prompt=consent (oidc-provider enforces it).
        prompt: 'consent',
        code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
        code_challenge_method: 'S256',
        state,
        nonce,
      });
      const { location, visited } = await follow(b, url.href, REDIRECT);
      assert.ok(location, `back at the app: ${visited.join(' -> ')}`);
      // openid-client checks state, the code, PKCE, and the id_token's signature (JWKS), iss, aud, nonce and times.
      const tokens = await oidc.authorizationCodeGrant(config, location, { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce });
      const claims = tokens.claims()!;
      assert.equal(claims.sub, userId);
      assert.equal(claims.aud, clientId);
      assert.equal(claims.iss, `${origin}/${tenant}/v2.0`);
      const info = await oidc.fetchUserInfo(config, tokens.access_token, claims.sub);
      assert.equal(info.sub, userId);
      assert.equal(info.name, 'Adele Vance');
      assert.equal(info.preferred_username, 'adele@contoso.example');
      assert.equal(info.email, 'adele@contoso.example');
      assert.ok(tokens.refresh_token, 'offline_access gives a refresh token');
      const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token);
      assert.ok(refreshed.access_token);
      assert.equal(refreshed.claims()?.sub, userId);

      // RP-initiated logout: the confirmation page, "Sign out", back to the app; the Latchkey session is over.
      const logout = oidc.buildEndSessionUrl(config, { id_token_hint: tokens.id_token!, post_logout_redirect_uri: AFTER_LOGOUT, state: 'bye' });
      const page = await b.get(logout.href);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /<h1>Sign out\?<\/h1>/);
      assert.match(page.body, /Contoso Portal asks to sign you out/);
      assert.match(String(page.headers['content-security-policy']), /form-action 'self' http:\/\/127\.0\.0\.1:5556/);
      const xsrf = /name="xsrf" value="([^"]+)"/.exec(page.body)![1]!;
      const action = /<form id="op.logoutForm" method="post" action="([^"]+)"/.exec(page.body)![1]!;
      const confirmed = await b.form(action, { xsrf, logout: 'yes' });
      assert.equal(confirmed.statusCode, 303);
      assert.equal(confirmed.headers.location, `${AFTER_LOGOUT}?state=bye`);
      assert.equal((await b.api('GET', '/api/v1/me')).statusCode, 401, 'the Latchkey session ended');
      const audit = await t.repos.audit.list({ limit: 5 });
      assert.ok(audit.some((e) => e.action === 'user.sign_out' && e.targetId === userId));
    });
  });
}
