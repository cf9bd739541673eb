import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, type TestApp } from '../testing/test-app.js';
import { trustedPeers } from './logging.js';

const PASSWORD = 'Zebra-Quilt-Harbor-71!';
const CHOSEN = 'client-chosen-request-id-0001';

/**
 * Issue 12 finding 11 (checklist AU3, ASVS 16.2.1): the correlation id stored with sign-in events
 * and audit entries is the server's, unless the request came through a trusted proxy. A client's
 * own `X-Request-Id` is kept beside it in the log as `clientRequestId`, never as the id.
 */
describe('correlation ids: a client cannot choose them (issue 12 finding 11; AU3)', () => {
  async function signInWith(t: TestApp, requestId: string) {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      payload: { username: 'someone@contoso.example', password: 'wrong-' + PASSWORD },
      headers: { 'x-request-id': requestId },
    });
    const stored = await t.db.db.selectFrom('sign_in_event').select('correlation_id').orderBy('occurred_at', 'desc').executeTakeFirstOrThrow();
    return { res, stored: stored.correlation_id };
  }

  describe('without trusted proxies', () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp();
      await t.createUser({ userPrincipalName: 'someone@contoso.example', password: PASSWORD });
    });
    after(() => t.close());

    test('the server makes the id; the client\u2019s value is logged beside it', async () => {
      const { res, stored } = await signInWith(t, CHOSEN);
      assert.equal(res.statusCode, 401);
      const id = String(res.headers['x-request-id']);
      assert.notEqual(id, CHOSEN, 'the response carries the server\u2019s id');
      assert.notEqual(stored, CHOSEN, 'the sign-in log stores the server\u2019s id');
      assert.equal(stored, id);
      const line = t.logs.map((l) => JSON.parse(l) as { reqId?: string; req?: { clientRequestId?: string } }).find((l) => l.reqId === id && l.req);
      assert.equal(line?.req?.clientRequestId, CHOSEN, 'the client\u2019s value is logged as clientRequestId');
    });
  });

  describe('behind a trusted proxy', () => {
    let t: TestApp;
    before(async () => {
      // Requests made with inject() come from 127.0.0.1.
      t = await createTestApp({ config: { trustedProxies: '10.0.0.0/8, loopback' } });
      await t.createUser({ userPrincipalName: 'someone@contoso.example', password: PASSWORD });
    });
    after(() => t.close());

    test('the proxy\u2019s X-Request-Id is the correlation id', async () => {
      const { res, stored } = await signInWith(t, CHOSEN);
      assert.equal(res.headers['x-request-id'], CHOSEN);
      assert.equal(stored, CHOSEN);
      const malformed = await signInWith(t, 'bad id with spaces');
      assert.notEqual(malformed.stored, 'bad id with spaces', 'still only a well-formed id');
    });
  });

  test('trusted peers: addresses, CIDR ranges, names, IPv4-mapped IPv6', () => {
    const trusted = trustedPeers(['192.0.2.10', '10.0.0.0/8', 'loopback', '2001:db8::/32']);
    for (const ip of ['192.0.2.10', '10.20.30.40', '::ffff:10.1.1.1', '127.0.0.1', '::1', '2001:db8::5']) assert.ok(trusted(ip), ip);
    for (const ip of ['192.0.2.11', '11.0.0.1', '2001:db9::1', undefined, 'not-an-ip']) assert.ok(!trusted(ip), String(ip));
  });
});
