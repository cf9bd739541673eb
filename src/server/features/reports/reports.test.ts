import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { testEngines } from '../../testing/databases.js';
import type { AuditAction } from '../../../shared/audit.js';

const PASSWORD = 'Zebra-Quilt-Harbor-71!';

for (const engine of testEngines()) {
  describe(`reports: sign-ins and audit log (${engine})`, () => {
    let t: TestApp;
    let reader: { cookie: string; csrf: string };
    let plain: { cookie: string; csrf: string };
    before(async () => {
      t = await createTestApp({ engine });
      await t.createUser({ userPrincipalName: 'reader@contoso.example', password: PASSWORD, roles: ['reports-reader'] });
      await t.createUser({ userPrincipalName: 'plain@contoso.example', password: PASSWORD });
      await t.createUser({ userPrincipalName: 'auth-admin@contoso.example', password: PASSWORD, roles: ['authentication-administrator'] });
      reader = await t.signIn('reader@contoso.example', PASSWORD);
      t.clock.advance(1000);
      for (const username of ['plain@contoso.example', 'ghost@contoso.example', '=1+2@contoso.example', 'my secret password']) {
        await t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { username, password: 'Wrong-Password-1' } });
        t.clock.advance(1000);
      }
      plain = await t.signIn('plain@contoso.example', PASSWORD);
    });
    after(() => t.close());

    const get = (who: { cookie: string }, url: string) => t.app.inject({ method: 'GET', url, headers: { cookie: who.cookie } });

    test('Reports Readers browse sign-ins with filters and paging; others may not', async () => {
      const all = (await get(reader, '/api/v1/sign-in-logs?limit=100')).json();
      assert.equal(all.items.length, 6);
      assert.deepEqual(
        all.items.map((e: { reason: string }) => e.reason),
        ['success', 'unknown_user', 'unknown_user', 'unknown_user', 'wrong_password', 'success'],
      );
      assert.equal(all.items[3].userPrincipalName, 'ghost@contoso.example', 'the identifier tried is kept when it looks like one');
      assert.equal(all.items[1].userPrincipalName, null, 'text that is not an identifier (a typed password?) is not kept');
      const failures = (await get(reader, '/api/v1/sign-in-logs?result=failure&limit=2')).json();
      assert.equal(failures.items.length, 2);
      const next = (await get(reader, `/api/v1/sign-in-logs?result=failure&limit=2&cursor=${failures.nextCursor}`)).json();
      assert.equal(next.items.length, 2);
      assert.ok(!next.items.some((e: { id: string }) => failures.items.some((f: { id: string }) => f.id === e.id)));
      assert.equal((await get(plain, '/api/v1/sign-in-logs')).json().code, 'auth.forbidden');
      assert.equal((await get(reader, '/api/v1/sign-in-logs?reason=nonsense')).json().code, 'request.validation_failed');
    });

    test('a user sees their own recent sign-ins', async () => {
      const mine = (await get(plain, '/api/v1/me/sign-ins')).json();
      assert.deepEqual(
        mine.items.map((e: { reason: string }) => e.reason),
        ['success', 'wrong_password'],
      );
    });

    test('CSV exports open as CSV and neutralise formulas (CSV injection)', async () => {
      const res = await get(reader, '/api/v1/sign-in-logs.csv');
      assert.match(String(res.headers['content-type']), /^text\/csv/);
      assert.match(String(res.headers['content-disposition']), /attachment; filename="sign-ins.csv"/);
      const lines = res.body
        .replace(/^\uFEFF/, '')
        .trim()
        .split('\r\n');
      assert.equal(lines[0], 'createdDateTime,userPrincipalName,result,reason,ipAddress,userAgent,familiarDevice,correlationId,userId,attempts');
      assert.equal(lines.length, 7);
      assert.ok(
        lines.some((l) => l.includes(`,'=1+2@contoso.example,`)),
        'a formula is prefixed with an apostrophe',
      );
    });

    test('the audit log filters by action and outcome, and needs audit:read', async () => {
      await t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-out', headers: { cookie: plain.cookie, 'x-csrf-token': plain.csrf } });
      const res = (await get(reader, '/api/v1/audit-logs?action=user.sign_out')).json();
      assert.equal(res.items.length, 1);
      assert.equal(res.items[0].actorName, 'plain@contoso.example');
      assert.equal((await get(plain, '/api/v1/audit-logs')).statusCode, 401, 'signed out');
      const csv = await get(reader, '/api/v1/audit-logs.csv?outcome=success');
      assert.match(csv.body, /user\.sign_out/);
    });

    test('the retention job deletes only events older than the retention', async () => {
      const before = (await t.repos.audit.listRecent(1000)).length;
      assert.equal(await t.repos.audit.deleteOlderThan(new Date(t.clock.now().getTime() - 365 * 86_400_000)), 0);
      t.clock.advance(366 * 86_400_000);
      await t.repos.audit.append({ action: 'test.recent' as AuditAction, outcome: 'success' }, t.clock.now());
      assert.equal(await t.repos.audit.deleteOlderThan(new Date(t.clock.now().getTime() - 365 * 86_400_000)), before);
      assert.deepEqual(
        (await t.repos.audit.listRecent(10)).map((e) => e.action),
        ['test.recent'],
      );
    });

    test('smart lockout settings: Authentication Administrators edit them, bad values change nothing', async () => {
      const admin = await t.signIn('auth-admin@contoso.example', PASSWORD);
      const put = (body: object) =>
        t.app.inject({ method: 'PUT', url: '/api/v1/settings/smart-lockout', payload: body, headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf } });
      assert.deepEqual((await get(admin, '/api/v1/settings/smart-lockout')).json(), { lockoutThreshold: 10, lockoutDurationSeconds: 60 });
      assert.equal((await put({ lockoutThreshold: 0, lockoutDurationSeconds: 60 })).statusCode, 400);
      assert.equal((await put({ lockoutThreshold: 5, lockoutDurationSeconds: 1 })).json().issues[0].path, 'lockoutDurationSeconds');
      assert.equal((await put({ lockoutThreshold: 5, lockoutDurationSeconds: 120 })).statusCode, 200);
      assert.deepEqual((await get(admin, '/api/v1/settings/smart-lockout')).json(), { lockoutThreshold: 5, lockoutDurationSeconds: 120 });
      const freshReader = await t.signIn('reader@contoso.example', PASSWORD);
      assert.equal((await get(freshReader, '/api/v1/settings/smart-lockout')).json().code, 'auth.forbidden');
    });
  });
}
