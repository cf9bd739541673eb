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

    test('no fixed window edge: 30 at the end of a minute and 10 just after it admit at most 30 (token bucket; issue 12)', async () => {
      const limits = await createTestApp({ engine, config: { rateLimitSignInPerIp: 1000, rateLimitSignInPerAccount: 30, trustedProxies: '127.0.0.1' } });
      try {
        limits.clock.set('2026-03-01T09:00:59.500Z');
        const send = (i: number) =>
          limits.app.inject({
            method: 'POST',
            url: '/api/v1/auth/sign-in',
            payload: { username: 'edge@contoso.example', password: `Wrong-${i}` },
            remoteAddress: '127.0.0.1',
            headers: { 'x-forwarded-for': `198.18.0.${i}` },
          });
        const before = await Promise.all(Array.from({ length: 30 }, (_, i) => send(i)));
        limits.clock.set('2026-03-01T09:01:00.500Z');
        const afterEdge = await Promise.all(Array.from({ length: 10 }, (_, i) => send(30 + i)));
        const admitted = [...before, ...afterEdge].filter((r) => r.statusCode === 401).length;
        assert.equal(admitted, 30, `${admitted} admitted against a limit of 30`);
        assert.ok(afterEdge.every((r) => r.statusCode === 429 && Number(r.headers['retry-after']) >= 1));
        // The bucket refills steadily (one token every 2 s), not all at once at a window's start.
        limits.clock.advance(2_000);
        assert.deepEqual((await Promise.all([send(50), send(51)])).map((r) => r.statusCode).sort(), [401, 429]);
        limits.clock.advance(60_000);
        assert.equal((await Promise.all(Array.from({ length: 31 }, (_, i) => send(60 + i)))).filter((r) => r.statusCode === 401).length, 30);
      } finally {
        await limits.close();
      }
    });

    test('a token bucket is taken atomically: 50 concurrent requests against a limit of 30 admit exactly 30', async () => {
      const results = await Promise.allSettled(
        Array.from({ length: 50 }, () => t.services.rateLimiter.consume('race-bucket', 'one', { limit: 30, windowSeconds: 60 })),
      );
      assert.equal(results.filter((r) => r.status === 'fulfilled').length, 30);
      assert.ok(results.every((r) => r.status === 'fulfilled' || (r.reason as { code?: string }).code === 'request.rate_limited'));
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
