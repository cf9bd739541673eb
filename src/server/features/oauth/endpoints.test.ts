import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { testEngines } from '../../testing/databases.js';
import { registerTestApp, tenantOf, tokenRequest } from '../../testing/oauth.js';

/*
 * Issue 15: what Microsoft's clients read from the device authorization endpoint, the token
 * endpoint's rate limits (per client id and per address), and the correlation id they send.
 */

for (const engine of testEngines()) {
  describe(`OAuth endpoints (${engine})`, () => {
    let t: TestApp;
    let tenant: string;
    before(async () => {
      t = await createTestApp({ engine, config: { rateLimitTokenPerClient: 3, rateLimitTokenPerIp: 7 } });
      tenant = await tenantOf(t);
    });
    after(() => t.close());

    test('the device authorization response carries what MSAL expects, and polling says authorization_pending', async () => {
      const reg = await registerTestApp(t, { permissions: ['User.Read.All'], publicClient: true });
      const res = await t.app.inject({
        method: 'POST',
        url: `/${tenant}/oauth2/v2.0/devicecode`,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ client_id: reg.clientId, scope: 'https://graph.microsoft.com/.default openid profile offline_access' }).toString(),
      });
      assert.equal(res.statusCode, 200, res.body);
      const body = res.json<Record<string, unknown>>();
      for (const field of ['user_code', 'device_code', 'verification_uri', 'expires_in', 'interval', 'message']) assert.ok(body[field] !== undefined, field);
      assert.equal(body.verification_uri, `http://localhost/${tenant}/oauth2/v2.0/deviceauth`);
      assert.match(String(body.message), new RegExp(`open the page ${String(body.verification_uri)} and enter the code ${String(body.user_code)}`));
      const poll = await tokenRequest(t, {
        grant_type: 'urn:ietf:params:oauth:grant-type:device_code',
        client_id: reg.clientId,
        device_code: String(body.device_code),
      });
      assert.equal(poll.statusCode, 400);
      const pending = poll.json<Record<string, unknown>>();
      assert.equal(pending.error, 'authorization_pending');
      assert.deepEqual(pending.error_codes, [70016]);
    });

    test('token requests are limited per client id (429 with Retry-After in OAuth shape), then per address', async () => {
      const a = await registerTestApp(t, { permissions: ['User.Read.All'] });
      const b = await registerTestApp(t, { permissions: ['User.Read.All'] });
      const form = (r: typeof a) => ({
        grant_type: 'client_credentials',
        client_id: r.clientId,
        client_secret: r.clientSecret,
        scope: 'https://graph.microsoft.com/.default',
      });
      for (let i = 0; i < 3; i++) assert.equal((await tokenRequest(t, form(a))).statusCode, 200);
      const limited = await tokenRequest(t, form(a), { 'client-request-id': '0f0e0d0c-0b0a-4090-8070-605040302010' });
      assert.equal(limited.statusCode, 429);
      assert.ok(Number(limited.headers['retry-after']) >= 1);
      const body = limited.json<Record<string, unknown>>();
      assert.equal(body.error, 'temporarily_unavailable');
      assert.deepEqual(body.error_codes, [50196]);
      assert.equal(body.correlation_id, '0f0e0d0c-0b0a-4090-8070-605040302010');
      // Another client from the same address still gets a token: the per-client bucket is its own.
      assert.equal((await tokenRequest(t, form(b))).statusCode, 200);
      // The address's bucket (7 a minute: the device test above took 2, this one 5) is now spent, whatever the client.
      assert.equal((await tokenRequest(t, form(b))).statusCode, 429);
      t.clock.advance(60_000);
      assert.equal((await tokenRequest(t, form(b))).statusCode, 200);
    });
  });
}
