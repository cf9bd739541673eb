import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { testEngines } from '../../testing/databases.js';
import { appToken, registerTestApp, tenantOf } from '../../testing/oauth.js';
import { createSigningKeys } from './keys.js';
import { unseal } from '../../core/crypto.js';

/*
 * Issue 15: signing keys live in the database (private part sealed), rotate, and are published
 * at Microsoft's JWKS path; a retired key keeps verifying its tokens until they expire, then leaves
 * the JWKS. Several servers share one database: creating a key is race-safe. Also the discovery
 * document at Microsoft's path.
 */

const kidOf = (token: string) => (JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString()) as { kid: string }).kid;

for (const engine of testEngines()) {
  describe(`signing keys and discovery (${engine})`, () => {
    let t: TestApp;
    let tenant: string;
    before(async () => {
      t = await createTestApp({ engine, config: { oauthKeyRotationDays: 1 } });
      tenant = await tenantOf(t);
    });
    after(() => t.close());

    const jwks = async () => {
      const res = await t.app.inject({ method: 'GET', url: `/${tenant}/discovery/v2.0/keys` });
      assert.equal(res.statusCode, 200);
      return res.json<{ keys: Record<string, unknown>[] }>().keys;
    };
    const graph = (token: string) => t.app.inject({ method: 'GET', url: '/graph/v1.0/nothing-here', headers: { authorization: `Bearer ${token}` } });
    /** 401 = the token was refused; anything else = it was accepted (the route itself may not exist). */
    const accepted = async (token: string) => (await graph(token)).statusCode !== 401;

    test('the discovery document at /{tenant}/v2.0/.well-known/openid-configuration names Microsoft-style endpoints', async () => {
      for (const name of [tenant, 'organizations', 'contoso.example']) {
        const res = await t.app.inject({ method: 'GET', url: `/${name}/v2.0/.well-known/openid-configuration` });
        assert.equal(res.statusCode, 200, res.body);
        const d = res.json<Record<string, unknown>>();
        const base = `http://localhost/${tenant}`;
        assert.equal(d.issuer, `${base}/v2.0`);
        assert.equal(d.token_endpoint, `${base}/oauth2/v2.0/token`);
        assert.equal(d.authorization_endpoint, `${base}/oauth2/v2.0/authorize`);
        assert.equal(d.device_authorization_endpoint, `${base}/oauth2/v2.0/devicecode`);
        assert.equal(d.end_session_endpoint, `${base}/oauth2/v2.0/logout`);
        assert.equal(d.jwks_uri, `${base}/discovery/v2.0/keys`);
        assert.equal(d.userinfo_endpoint, `${base}/oidc/userinfo`);
        assert.deepEqual(d.response_types_supported, ['code']);
        assert.deepEqual(d.code_challenge_methods_supported, ['S256']);
        assert.ok((d.grant_types_supported as string[]).includes('client_credentials'));
        assert.ok((d.grant_types_supported as string[]).includes('urn:ietf:params:oauth:grant-type:device_code'));
        assert.ok((d.token_endpoint_auth_methods_supported as string[]).includes('private_key_jwt'));
      }
    });

    test('keys are stored sealed, rotate, and a retired key verifies its tokens until they expire, then leaves the JWKS', async () => {
      const reg = await registerTestApp(t, { permissions: ['User.Read.All'] });
      const first = await appToken(t, reg);
      const kidA = kidOf(first);
      const [row] = await t.repos.signingKeys.list();
      assert.equal(row!.kid, kidA);
      assert.doesNotMatch(row!.privateJwkSealed, /"d"/, 'the private key is sealed');
      assert.ok(JSON.parse(unseal(t.config.secret!, 'oauth-signing-key', row!.privateJwkSealed)).d);
      const published = await jwks();
      assert.deepEqual(
        published.map((k) => k.kid),
        [kidA],
      );
      assert.equal(published[0]!.d, undefined, 'no private parts in the JWKS');
      assert.equal(published[0]!.use, 'sig');

      // Just before rotation: a token signed by key A.
      t.clock.advance(86_400_000 - 30 * 60_000);
      const late = await appToken(t, reg);
      assert.equal(kidOf(late), kidA);
      // Rotation is due: new tokens are signed by key B; both keys are published; A's token still works.
      t.clock.advance(31 * 60_000);
      const next = await appToken(t, reg);
      const kidB = kidOf(next);
      assert.notEqual(kidB, kidA);
      assert.deepEqual(
        (await jwks()).map((k) => k.kid),
        [kidB, kidA],
      );
      assert.ok(await accepted(late), 'a retired key still verifies its unexpired tokens');
      assert.ok(await accepted(next));
      // A's last token expires; later A leaves the JWKS (its tokens' lifetime plus five minutes after retirement).
      t.clock.advance(30 * 60_000);
      assert.equal(await accepted(late), false);
      t.clock.advance(40 * 60_000);
      assert.deepEqual(
        (await jwks()).map((k) => k.kid),
        [kidB],
      );
      assert.ok((await accepted(next)) === false, 'B-signed token from 70 minutes ago has expired too');
      assert.ok(await accepted(await appToken(t, reg)));
    });

    test('servers racing to create or rotate the key end with one key (race-safe on a shared database)', async () => {
      await t.db.db.deleteFrom('oauth_signing_key').execute();
      const servers = Array.from({ length: 4 }, () =>
        createSigningKeys({ store: t.repos.signingKeys, clock: t.clock, secret: t.config.secret!, rotationDays: 1, maxTokenSeconds: 3600 }),
      );
      const sets = await Promise.all(servers.map((s) => s.keySet()));
      assert.equal(new Set(sets.map((s) => s.current.kid)).size, 1);
      assert.equal((await t.repos.signingKeys.list()).length, 1);
      t.clock.advance(86_400_000);
      const rotated = await Promise.all(servers.map((s) => s.keySet()));
      assert.equal(new Set(rotated.map((s) => s.current.kid)).size, 1);
      assert.notEqual(rotated[0]!.current.kid, sets[0]!.current.kid);
      const rows = await t.repos.signingKeys.list();
      assert.equal(rows.length, 2);
      assert.equal(rows.filter((r) => !r.retiredAt).length, 1);
    });
  });
}
