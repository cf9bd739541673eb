import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { testEngines } from '../../testing/databases.js';

for (const engine of testEngines()) {
  describe(`sign-in rate limits (${engine})`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp({ engine, config: { rateLimitSignInPerIp: 8, rateLimitSignInPerAccount: 3, trustedProxies: '127.0.0.1' } });
    });
    after(() => t.close());

    const attempt = (username: string, ip: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/sign-in',
        payload: { username, password: 'Wrong-Password-1' },
        remoteAddress: '127.0.0.1',
        headers: { 'x-forwarded-for': ip },
      });

    test('per account identifier, existing or not, answering 429 with Retry-After; the window resets', async () => {
      for (let i = 0; i < 3; i++) assert.equal((await attempt('Ghost@Contoso.example', '10.0.0.1')).statusCode, 401);
      const limited = await attempt('ghost@contoso.example', '10.0.0.2');
      assert.equal(limited.statusCode, 429);
      assert.equal(limited.json().code, 'request.rate_limited');
      assert.ok(Number(limited.headers['retry-after']) >= 1 && Number(limited.headers['retry-after']) <= 60);
      t.clock.advance(60_000);
      assert.equal((await attempt('ghost@contoso.example', '10.0.0.3')).statusCode, 401);
    });

    test('per client address, taken from X-Forwarded-For only when the proxy is trusted', async () => {
      for (let i = 0; i < 8; i++) assert.equal((await attempt(`user${i}@contoso.example`, '192.0.2.7')).statusCode, 401);
      assert.equal((await attempt('another@contoso.example', '192.0.2.7')).statusCode, 429);
      assert.equal((await attempt('another@contoso.example', '192.0.2.8')).statusCode, 401, 'another client is not affected');
      const log = await t.repos.signIns.list({ limit: 50, reason: 'rate_limited' });
      assert.ok(log.length >= 2 && log.some((e) => e.ipAddress === '192.0.2.7'));
    });

    test('concurrent hits are all counted', async () => {
      await t.repos.rateLimits.deleteWindowsBefore(Number.MAX_SAFE_INTEGER);
      const results = await Promise.all(Array.from({ length: 20 }, () => t.repos.rateLimits.hit('race', 1000)));
      assert.deepEqual(
        [...results].sort((a, b) => a - b),
        Array.from({ length: 20 }, (_, i) => i + 1),
      );
    });
  });
}
