import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, type TestApp } from '../testing/test-app.js';
import { listenMetrics } from './metrics.js';

const PASSWORD = 'Zebra-Quilt-Harbor-71!';

/** Whatever the application answers at /metrics (the web app's page, or 404), it is no metrics. */
function assertNoMetrics(res: { statusCode: number; body: string; headers: Record<string, unknown> }) {
  assert.doesNotMatch(res.body, /latchkey_\w+|process_cpu/, 'no metric in the body');
  assert.doesNotMatch(String(res.headers['content-type']), /version=0\.0\.4|openmetrics/, 'not the Prometheus format');
}

/**
 * Issue 12 finding 12 (checklist AU3; ASVS 13.4.5): /metrics was public on the application's port
 * by default, telling anyone the routes, their traffic and the hash queue. It is never served on
 * the application's port now; when enabled, a listener of its own serves it, on loopback by default.
 */
describe('metrics are not public (issue 12 finding 12)', () => {
  test('by default: off, and not on the application\u2019s port', async () => {
    const t = await createTestApp();
    try {
      assert.equal(t.config.metricsEnabled, false);
      assert.equal(t.config.metricsHost, '127.0.0.1');
      assertNoMetrics(await t.app.inject({ method: 'GET', url: '/metrics' }));
    } finally {
      await t.close();
    }
  });

  describe('enabled', () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp({ config: { metricsEnabled: true } });
      await t.createUser({ userPrincipalName: 'm@contoso.example', password: PASSWORD });
      await t.signIn('m@contoso.example', PASSWORD);
    });
    after(() => t.close());

    test('still not on the application\u2019s port', async () => {
      assertNoMetrics(await t.app.inject({ method: 'GET', url: '/metrics' }));
    });

    test('served on a loopback listener of its own, /metrics only', async () => {
      const listener = await listenMetrics(t.metrics.registry, { host: t.config.metricsHost, port: 0 });
      try {
        const base = `http://127.0.0.1:${listener.port}`;
        const res = await fetch(`${base}/metrics`);
        assert.equal(res.status, 200);
        assert.equal(res.headers.get('cache-control'), 'no-store');
        const body = await res.text();
        assert.match(body, /latchkey_http_request_duration_seconds_bucket/);
        assert.match(body, /latchkey_sign_ins_total\{outcome="success"\} \d+/);
        assert.match(body, /latchkey_password_hash_waiting 0/);
        assert.equal((await fetch(`${base}/api/v1/me`)).status, 404);
        assert.equal((await fetch(`${base}/metrics`, { method: 'POST' })).status, 404);
      } finally {
        await listener.close();
      }
    });
  });
});
