import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { testEngines } from '../../testing/databases.js';
import { registerTestApp } from '../../testing/oauth.js';
import { authorizeUrl, browser, delegatedToken, follow, pkce, redeemCode } from '../../testing/oauth-delegated.js';

/*
 * Issue 15: the authorization code flow with PKCE through Latchkey's own sign-in (inject, a
 * cookie jar, the real token endpoint): sign-in first, then the interaction finishes; admin
 * consent; single-use codes; PKCE; registered redirect URIs only.
 */

const REDIRECT = 'http://localhost:5555/callback';
const PASSWORD = 'Correct-Horse-42';
const claimsOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;

for (const engine of testEngines()) {
  describe(`authorization code + PKCE through Latchkey sign-in (${engine})`, () => {
    let t: TestApp;
    let clientId: string;
    let userId: string;
    before(async () => {
      t = await createTestApp({ engine });
      ({ id: userId } = await t.createUser({ userPrincipalName: 'adele@contoso.example', password: PASSWORD, displayName: 'Adele Vance' }));
      ({ clientId } = await registerTestApp(t, { name: 'Contoso Scripts', permissions: [], publicClient: true, redirectUris: [REDIRECT] }));
    });
    after(() => t.close());

    test('delegatedToken: a signed-in user gets a delegated token with their id, amr pwd and the Graph audience', async () => {
      const token = await delegatedToken(t, { clientId, username: 'adele@contoso.example', password: PASSWORD });
      const claims = claimsOf(token);
      assert.equal(claims.sub, userId);
      assert.equal(claims.idtyp, 'user');
      assert.deepEqual(claims.amr, ['pwd']);
      assert.equal(claims.aud, 'https://graph.microsoft.com');
      assert.equal(claims.preferred_username, 'adele@contoso.example');
    });

    test('without a Latchkey session the interaction sends the browser to /sign-in with returnTo', async () => {
      const b = browser(t);
      const { challenge } = pkce();
      const { visited } = await follow(b, await authorizeUrl(t, { clientId, redirectUri: REDIRECT, challenge }), REDIRECT);
      // authorize -> the interaction -> the web app's sign-in page, which comes back to the interaction.
      assert.match(visited[1]!, /^\/oauth\/interaction\/[A-Za-z0-9_-]+$/);
      assert.equal(visited[2], `/sign-in?returnTo=${encodeURIComponent(visited[1]!)}`);
      assert.equal(visited.length, 3);
    });

    const codeFor = async () => {
      const b = browser(t);
      await b.api('POST', '/api/v1/auth/sign-in', { username: 'adele@contoso.example', password: PASSWORD });
      const { verifier, challenge } = pkce();
      const { location } = await follow(b, await authorizeUrl(t, { clientId, redirectUri: REDIRECT, challenge }), REDIRECT);
      return { code: location!.searchParams.get('code')!, verifier };
    };

    test('a wrong or missing PKCE verifier is refused (invalid_grant); the right one still redeems the code once', async () => {
      const { code, verifier } = await codeFor();
      const wrong = await redeemCode(t, { clientId, code, redirectUri: REDIRECT, verifier: pkce().verifier });
      assert.equal(wrong.statusCode, 400);
      assert.equal(wrong.json<{ error: string }>().error, 'invalid_grant');
      const missing = await redeemCode(t, { clientId, code, redirectUri: REDIRECT, verifier: '' });
      assert.equal(missing.statusCode, 400);
      assert.equal((await redeemCode(t, { clientId, code, redirectUri: REDIRECT, verifier })).statusCode, 200);
      assert.equal((await redeemCode(t, { clientId, code, redirectUri: REDIRECT, verifier })).statusCode, 400);
    });

    test('a code is single-use: a second exchange fails, and of two at once exactly one wins (checklist R5, R6)', async () => {
      const one = await codeFor();
      assert.equal((await redeemCode(t, { clientId, code: one.code, redirectUri: REDIRECT, verifier: one.verifier })).statusCode, 200);
      const again = await redeemCode(t, { clientId, code: one.code, redirectUri: REDIRECT, verifier: one.verifier });
      assert.equal(again.statusCode, 400);
      assert.equal(again.json<{ error: string }>().error, 'invalid_grant');
      for (let round = 0; round < 3; round++) {
        const two = await codeFor();
        const results = await Promise.all([0, 1, 2, 3].map(() => redeemCode(t, { clientId, code: two.code, redirectUri: REDIRECT, verifier: two.verifier })));
        assert.deepEqual(results.map((r) => r.statusCode).sort(), [200, 400, 400, 400], `round ${round}`);
      }
    });

    test('a redirect_uri that is not registered is refused on our page, never redirected to', async () => {
      const b = browser(t);
      await b.api('POST', '/api/v1/auth/sign-in', { username: 'adele@contoso.example', password: PASSWORD });
      for (const evil of ['https://evil.example/callback', `${REDIRECT}/more`, 'http://localhost:5555/callback?x=1']) {
        const res = await b.get(await authorizeUrl(t, { clientId, redirectUri: evil, challenge: pkce().challenge }));
        assert.equal(res.statusCode, 400, evil);
        assert.equal(res.headers.location, undefined);
        assert.doesNotMatch(res.body, /code=/);
      }
    });

    test('a public client must use PKCE (S256): without a challenge or with plain, no code', async () => {
      const b = browser(t);
      await b.api('POST', '/api/v1/auth/sign-in', { username: 'adele@contoso.example', password: PASSWORD });
      const url = new URL(await authorizeUrl(t, { clientId, redirectUri: REDIRECT, challenge: 'x' }), 'http://localhost');
      url.searchParams.delete('code_challenge');
      url.searchParams.delete('code_challenge_method');
      const none = await follow(b, url.pathname + url.search, REDIRECT);
      assert.equal(none.location?.searchParams.get('error'), 'invalid_request');
      url.searchParams.set('code_challenge', pkce().verifier);
      url.searchParams.set('code_challenge_method', 'plain');
      const plain = await follow(b, url.pathname + url.search, REDIRECT);
      assert.equal(plain.location?.searchParams.get('code'), null);
    });
  });
}
