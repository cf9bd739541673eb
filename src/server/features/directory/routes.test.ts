/*
 * The directory sync API (issue 14) against a real slapd: POST /directory/sync answers 202 and runs
 * in the background; 409 while another process's run holds the lease; 404 without a directory;
 * status and runs show counts and errors; readers may read, only user and global admins may sync.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { newId } from '../../core/crypto.js';
import { testEngines } from '../../testing/databases.js';
import { slapdSkip, startSlapd, type Slapd } from '../../testing/slapd.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import type { DirectoryStatus, DirectorySyncRun } from '../../../shared/directory.js';

const skip = slapdSkip();
const PASSWORD = 'Zebra-Quilt-Harbor-71!';
type Who = { cookie: string; csrf: string };

const call = (t: TestApp, who: Who, method: string, url: string, payload?: object) =>
  t.app.inject({ method: method as 'GET', url, ...(payload ? { payload } : {}), headers: { cookie: who.cookie, 'x-csrf-token': who.csrf } });

for (const engine of testEngines()) {
  describe(`directory sync API without a directory (${engine})`, () => {
    let t: TestApp;
    let ga: Who;
    before(async () => {
      t = await createTestApp({ engine });
      await t.createUser({ userPrincipalName: 'ga@contoso.example', password: PASSWORD, roles: ['global-administrator'] });
      ga = await t.signIn('ga@contoso.example', PASSWORD);
    });
    after(() => t.close());

    test('sync is 404 directory.not_configured; status says not configured', async () => {
      const res = await call(t, ga, 'POST', '/api/v1/directory/sync', {});
      assert.equal(res.statusCode, 404, res.body);
      assert.equal(res.json<{ code: string }>().code, 'directory.not_configured');
      const status = await call(t, ga, 'GET', '/api/v1/directory/status');
      assert.equal(status.statusCode, 200);
      assert.deepEqual(
        { ...status.json<DirectoryStatus>() },
        {
          configured: false,
          kind: null,
          url: null,
          baseDn: null,
          syncIntervalMinutes: 30,
          directoryUsers: 0,
          lastSync: null,
          lastSuccessfulSync: null,
          running: false,
        },
      );
    });
  });

  describe(`directory sync API (${engine})`, { skip }, () => {
    let slapd: Slapd;
    let t: TestApp;
    const who: Record<'ga' | 'ua' | 'reader' | 'helpdesk' | 'plain', Who> = {} as never;
    before(async () => {
      slapd = await startSlapd({
        users: [
          { uid: 'adele', password: 'Seed-Pass-1!', sn: 'Vance', mail: 'adele@contoso.example' },
          { uid: 'taken', password: 'Seed-Pass-1!', sn: 'Taken', mail: 'plain@contoso.example' },
        ],
        groups: [{ cn: 'sales', members: ['adele'] }],
      });
      t = await createTestApp({ engine, config: { ...slapd.config() } });
      const roles = { ga: 'global-administrator', ua: 'user-administrator', reader: 'directory-readers', helpdesk: 'helpdesk-administrator' } as const;
      for (const [name, role] of Object.entries(roles)) {
        await t.createUser({ userPrincipalName: `${name}@contoso.example`, password: PASSWORD, roles: [role] });
        who[name as keyof typeof roles] = await t.signIn(`${name}@contoso.example`, PASSWORD);
      }
      await t.createUser({ userPrincipalName: 'plain@contoso.example', password: PASSWORD });
      who.plain = await t.signIn('plain@contoso.example', PASSWORD);
    });
    after(async () => {
      await t?.close();
      await slapd?.close();
    });

    test('POST /directory/sync answers 202 with the run id and syncs in the background; status shows counts and errors', async () => {
      const res = await call(t, who.ua, 'POST', '/api/v1/directory/sync');
      assert.equal(res.statusCode, 202, res.body);
      const { id } = res.json<{ id: string }>();
      await t.services.directorySync.settled();
      const status = (await call(t, who.reader, 'GET', '/api/v1/directory/status')).json<DirectoryStatus>();
      assert.equal(status.configured, true);
      assert.equal(status.kind, 'openldap');
      assert.equal(status.baseDn, slapd.baseDn);
      assert.ok(status.url && !status.url.includes('@'), 'the URL without credentials');
      assert.equal(status.running, false);
      assert.equal(status.directoryUsers, 1);
      assert.equal(status.lastSync?.id, id);
      assert.equal(status.lastSync?.mode, 'full');
      assert.equal(status.lastSync?.trigger, 'ua@contoso.example');
      assert.deepEqual(status.lastSync?.counts, { read: 2, created: 1, updated: 0, disabled: 0, unchanged: 0, groups: 1, failed: 1 });
      assert.deepEqual(status.lastSync?.errors, [{ dn: slapd.userDn('taken'), code: 'upn_collision', message: 'plain@contoso.example' }]);
      assert.equal(status.lastSuccessfulSync?.id, id);
      const audit = await t.repos.audit.list({ action: 'directory.sync_completed', limit: 5 });
      assert.equal(audit.length, 1);
      assert.equal(audit[0]?.actorName, 'ua@contoso.example');
    });

    test('409 directory.sync_running while another process holds a run; a body can ask for a full run', async () => {
      t.clock.advance(1000);
      const other = {
        id: newId(),
        mode: 'full' as const,
        trigger: 'schedule',
        marker: null,
        owner: 'another-server',
        leaseUntil: new Date(t.clock.now().getTime() + 60_000),
      };
      assert.equal(await t.transact((tx) => tx.directory.claimRun(other, t.clock.now())), true);
      const busy = await call(t, who.ga, 'POST', '/api/v1/directory/sync', { mode: 'incremental' });
      assert.equal(busy.statusCode, 409, busy.body);
      assert.equal(busy.json<{ code: string }>().code, 'directory.sync_running');
      assert.equal((await call(t, who.reader, 'GET', '/api/v1/directory/status')).json<DirectoryStatus>().running, true);
      t.clock.advance(61_000);
      const full = await call(t, who.ga, 'POST', '/api/v1/directory/sync', { mode: 'full' });
      assert.equal(full.statusCode, 202, full.body);
      await t.services.directorySync.settled();
      const runs = (await call(t, who.reader, 'GET', '/api/v1/directory/runs?limit=5')).json<{ items: DirectorySyncRun[] }>().items;
      assert.deepEqual(
        runs.map((r) => [r.mode, r.status]),
        [
          ['full', 'succeeded'],
          ['full', 'interrupted'],
          ['full', 'succeeded'],
        ],
        'the expired lease was marked interrupted',
      );
      t.clock.advance(1000);
      assert.equal((await call(t, who.ga, 'POST', '/api/v1/directory/sync')).statusCode, 202);
      await t.services.directorySync.settled();
      assert.equal((await call(t, who.ga, 'GET', '/api/v1/directory/runs?limit=1')).json<{ items: DirectorySyncRun[] }>().items[0]?.mode, 'incremental');
      assert.equal((await call(t, who.ga, 'POST', '/api/v1/directory/sync', { mode: 'sideways' })).statusCode, 400);
    });

    test('readers may read, only user and global administrators may sync, users without a role neither', async () => {
      for (const name of ['reader', 'helpdesk'] as const) {
        assert.equal((await call(t, who[name], 'GET', '/api/v1/directory/status')).statusCode, 200, name);
        assert.equal((await call(t, who[name], 'GET', '/api/v1/directory/runs')).statusCode, 200, name);
        assert.equal((await call(t, who[name], 'POST', '/api/v1/directory/sync')).statusCode, 403, name);
      }
      assert.equal((await call(t, who.plain, 'GET', '/api/v1/directory/status')).statusCode, 403);
      const actor = {
        kind: 'user' as const,
        principal: {
          user: (await t.repos.users.findBySignInName('reader@contoso.example'))!,
          roles: ['directory-readers'],
          permissions: ['admin-centre:access', 'users:read'],
        },
      };
      await assert.rejects(
        t.services.directorySync.start(actor as never, {}),
        (err: { code?: string }) => err.code === 'auth.forbidden',
        'the service decides too, not only the route',
      );
    });
  });
}
