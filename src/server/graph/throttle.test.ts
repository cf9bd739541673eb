import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, type TestApp } from '../testing/test-app.js';
import { testEngines } from '../testing/databases.js';
import { appToken, graphAs, registerTestApp } from '../testing/oauth.js';

// Graph's throttling (issue 15): 429 TooManyRequests with Retry-After per app; another app is not affected.

for (const engine of testEngines()) {
  describe(`Graph throttling (${engine})`, () => {
    let t: TestApp;
    let first: string;
    let second: string;
    before(async () => {
      t = await createTestApp({ engine, config: { graphRequestsPerAppPerMinute: 3 } });
      await t.createUser({ userPrincipalName: 'ann@contoso.example' });
      first = await appToken(t, await registerTestApp(t, { name: 'First', permissions: ['User.Read.All'] }));
      second = await appToken(t, await registerTestApp(t, { name: 'Second', permissions: ['User.Read.All'] }));
    });
    after(() => t.close());

    test('the fourth request in a minute is refused with 429 and Retry-After; another app goes on; a minute later the app may again', async () => {
      for (let i = 0; i < 3; i++) assert.equal((await graphAs(t, first, 'GET', '/graph/v1.0/users')).statusCode, 200);
      const refused = await graphAs(t, first, 'GET', '/graph/v1.0/users');
      assert.equal(refused.statusCode, 429);
      const error = refused.json<{ error: { code: string; message: string; innerError: Record<string, string> } }>().error;
      assert.equal(error.code, 'TooManyRequests');
      assert.ok(error.innerError['request-id']);
      const retryAfter = Number(refused.headers['retry-after']);
      assert.ok(retryAfter >= 1 && retryAfter <= 60, String(refused.headers['retry-after']));
      // The beta alias shares the bucket.
      assert.equal((await graphAs(t, first, 'GET', '/graph/beta/users')).statusCode, 429);
      assert.equal((await graphAs(t, second, 'GET', '/graph/v1.0/users')).statusCode, 200);
      t.clock.advance(60_000);
      assert.equal((await graphAs(t, first, 'GET', '/graph/v1.0/users')).statusCode, 200);
    });

    test('a request without a valid token takes no token from any bucket (401 first)', async () => {
      const res = await t.app.inject({ method: 'GET', url: '/graph/v1.0/users', headers: { authorization: 'Bearer nonsense' } });
      assert.equal(res.statusCode, 401);
    });
  });
}
