import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ManualClock } from '../../core/clock.js';
import { newId } from '../../core/crypto.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { openTestDb, testEngines } from '../../testing/databases.js';

const PASSWORD = 'Zebra-Quilt-Harbor-71!';

for (const engine of testEngines()) {
  describe(`bulk password reset jobs (${engine})`, () => {
    let t: TestApp;
    let helpdesk: { cookie: string; csrf: string };
    before(async () => {
      t = await createTestApp({ engine });
      await t.createUser({ userPrincipalName: 'helpdesk@contoso.example', password: PASSWORD, roles: ['helpdesk-administrator'] });
      helpdesk = await t.signIn('helpdesk@contoso.example', PASSWORD);
    });
    after(() => t.close());

    const call = (method: string, url: string, payload?: object, who = helpdesk) =>
      t.app.inject({ method: method as 'GET', url, ...(payload ? { payload } : {}), headers: { cookie: who.cookie, 'x-csrf-token': who.csrf } });

    test('each user is checked on its own; outcomes are recorded; passwords are readable once by the creator', async () => {
      await t.createUser({ userPrincipalName: 'bulk.one@contoso.example', password: PASSWORD });
      await t.createUser({ userPrincipalName: 'bulk.admin@contoso.example', password: PASSWORD, roles: ['user-administrator'] });
      const created = await call('POST', '/api/v1/password-reset-jobs', {
        userPrincipalNames: [
          'bulk.one@contoso.example',
          'BULK.ONE@contoso.example',
          'bulk.admin@contoso.example',
          'missing@contoso.example',
          'helpdesk@contoso.example',
        ],
      });
      assert.equal(created.statusCode, 202, created.body);
      const { id, total } = created.json();
      assert.equal(total, 4, 'duplicates collapse');
      await t.services.resetJobs.runAll();
      const status = (await call('GET', `/api/v1/password-reset-jobs/${id}`)).json();
      assert.equal(status.status, 'completed');
      assert.deepEqual(status.counts, { pending: 0, reset: 1, skipped: 2, failed: 1 });
      const items = (await call('GET', `/api/v1/password-reset-jobs/${id}/items`)).json().items;
      assert.deepEqual(
        items.map((i: { userPrincipalName: string; status: string; reason: string | null }) => `${i.userPrincipalName}:${i.status}:${i.reason}`),
        [
          'bulk.one@contoso.example:reset:null',
          'bulk.admin@contoso.example:skipped:not_permitted',
          'missing@contoso.example:failed:not_found',
          'helpdesk@contoso.example:skipped:self',
        ],
      );
      await t.createUser({ userPrincipalName: 'other.helpdesk@contoso.example', password: PASSWORD, roles: ['helpdesk-administrator'] });
      const other = await t.signIn('other.helpdesk@contoso.example', PASSWORD);
      assert.equal((await call('POST', `/api/v1/password-reset-jobs/${id}/passwords`, undefined, other)).json().code, 'jobs.not_found');
      const first = (await call('POST', `/api/v1/password-reset-jobs/${id}/passwords`)).json().items;
      assert.equal(first.length, 1);
      assert.equal((await call('POST', `/api/v1/password-reset-jobs/${id}/passwords`)).json().items.length, 0, 'read once');
      const signIn = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/sign-in',
        payload: { username: 'bulk.one@contoso.example', password: first[0].password },
      });
      assert.equal(signIn.json().passwordChangeReason, 'must_change');
      const dump = JSON.stringify(await t.db.db.selectFrom('reset_job_item').selectAll().execute());
      assert.ok(!dump.includes(first[0].password), 'never stored in clear');
    });

    test('a whole group', async () => {
      const groupId = newId();
      await t.repos.groups.create({ id: groupId, displayName: 'Sales' }, t.clock.now());
      const ids = [];
      for (let i = 0; i < 5; i++) ids.push((await t.createUser({ userPrincipalName: `sales${i}@contoso.example`, password: PASSWORD })).id);
      await t.repos.groups.addMembers(groupId, ids);
      const { id } = (
        await call('POST', '/api/v1/password-reset-jobs', {
          groupId,
          autoGenerate: false,
          password: 'Fjord&Kiwi*8372-Moss',
          forceChangePasswordNextSignIn: false,
        })
      ).json();
      await t.services.resetJobs.runAll();
      assert.deepEqual((await call('GET', `/api/v1/password-reset-jobs/${id}`)).json().counts, { pending: 0, reset: 5, skipped: 0, failed: 0 });
      const ok = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/sign-in',
        payload: { username: 'sales3@contoso.example', password: 'Fjord&Kiwi*8372-Moss' },
      });
      assert.equal(ok.json().passwordChangeRequired, false);
      assert.equal((await call('POST', '/api/v1/password-reset-jobs', { groupId: newId() })).json().code, 'groups.not_found');
      assert.equal((await call('POST', '/api/v1/password-reset-jobs', { userIds: [] })).statusCode, 400);
    });
  });
}

describe('a bulk job survives a server dying mid-way', () => {
  test('another server resumes after the lease; every user is reset exactly once', async () => {
    const db = await openTestDb('sqlite');
    const clock = new ManualClock('2026-03-01T09:00:00.000Z');
    const a = await createTestApp({ db, clock, config: { jobLeaseSeconds: 5, hashConcurrency: 1 } });
    const b = await createTestApp({ db, clock, config: { jobLeaseSeconds: 5 } });
    try {
      await a.createUser({ userPrincipalName: 'admin@contoso.example', password: PASSWORD, roles: ['user-administrator'] });
      const ids: string[] = [];
      for (let i = 0; i < 24; i++) ids.push((await a.createUser({ userPrincipalName: `crash${i}@contoso.example`, password: PASSWORD })).id);
      const admin = await a.signIn('admin@contoso.example', PASSWORD);
      await b.services.resetJobs.stop();
      const created = await a.app.inject({
        method: 'POST',
        url: '/api/v1/password-reset-jobs',
        payload: { userIds: ids },
        headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf },
      });
      const { id } = created.json();
      // Server A works for a while, then dies (its runner stops between items, leaving its lease behind).
      const stopWhenStarted = (async () => {
        for (let i = 0; i < 200; i++) {
          if ((await a.repos.resetJobs.counts(id)).reset >= 5) break;
          await new Promise((r) => setTimeout(r, 20));
        }
        await a.services.resetJobs.stop();
      })();
      await a.services.resetJobs.runAll();
      await stopWhenStarted;
      const half = await a.repos.resetJobs.counts(id);
      assert.ok(half.reset >= 5 && half.pending > 0, JSON.stringify(half));

      b.services.resetJobs.start();
      await b.services.resetJobs.runAll();
      assert.equal((await b.repos.resetJobs.counts(id)).pending, half.pending, 'the lease still holds');
      clock.advance(6_000);
      await b.services.resetJobs.runAll();
      assert.deepEqual(await b.repos.resetJobs.counts(id), { pending: 0, reset: 24, skipped: 0, failed: 0 });
      const events = await b.repos.audit.list({ action: 'user.password_reset', outcome: 'success', limit: 1000 });
      for (const userId of ids) assert.equal(events.filter((e) => e.targetId === userId).length, 1, `user ${userId} reset exactly once`);
    } finally {
      await a.app.close();
      await b.app.close();
      await db.close();
    }
  });
});
