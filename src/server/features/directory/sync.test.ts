/*
 * Directory sync (issue 14) against a real slapd: a full run creates users (no password, no roles)
 * and groups with their on-premises fields; the UPN rule; sign-in look-up by uid; an incremental
 * run reads only what changed; disabled or deleted entries are disabled here (never deleted); a
 * local account's UPN is never taken over; an interrupted run keeps what it wrote.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Actor } from '../../core/identity.js';
import { testEngines } from '../../testing/databases.js';
import { slapdSkip, startSlapd, type Slapd } from '../../testing/slapd.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';

const skip = slapdSkip();
const cli: Actor = { kind: 'system', name: 'cli' };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

for (const engine of testEngines()) {
  describe(`directory sync (${engine})`, { skip }, () => {
    let slapd: Slapd;
    let t: TestApp;
    const userRow = (uid: string) => t.db.db.selectFrom('app_user').selectAll().where('on_premises_sam_key', '=', uid).executeTakeFirst();
    const sync = (mode?: 'full' | 'incremental') => t.services.directorySync.run(cli, mode ? { mode } : {});

    before(async () => {
      slapd = await startSlapd({
        users: [
          {
            uid: 'adele',
            password: 'Seed-Pass-1!',
            givenName: 'Adele',
            sn: 'Vance',
            mail: 'Adele.Vance@contoso.example',
            title: 'Sales lead',
            departmentNumber: 'Sales',
          },
          { uid: 'bram', password: 'Seed-Pass-1!', givenName: 'Bram', sn: 'Bos' },
          { uid: 'carla', password: 'Seed-Pass-1!', sn: 'Cruz', mail: 'carla@contoso.example' },
          { uid: 'dirk', password: 'Seed-Pass-1!', sn: 'Dam', mail: 'dirk@contoso.example' },
          { uid: 'clash', password: 'Seed-Pass-1!', sn: 'Clash', mail: 'local.owner@contoso.example' },
        ],
        groups: [{ cn: 'sales', members: ['adele', 'bram'], description: 'Sales team' }],
      });
      t = await createTestApp({ engine, config: { ...slapd.config() } });
      await t.createUser({
        userPrincipalName: 'local.owner@contoso.example',
        displayName: 'Local Owner',
        password: 'Zebra-Quilt-Harbor-71!',
        roles: ['user-administrator'],
      });
    });
    after(async () => {
      await t?.close();
      await slapd?.close();
    });

    test('a full run creates directory users (no password, no roles) and groups with their on-premises fields', async () => {
      const run = await sync();
      assert.equal(run.mode, 'full', 'the first run is full');
      assert.equal(run.status, 'succeeded', JSON.stringify(run.errors));
      assert.equal(run.trigger, 'cli');
      assert.deepEqual(
        { read: run.counts.read, created: run.counts.created, failed: run.counts.failed, groups: run.counts.groups },
        { read: 5, created: 4, failed: 1, groups: 1 },
      );
      const adele = await t.repos.users.findBySignInName('adele.vance@contoso.example');
      assert.ok(adele, 'UPN rule: the mail when there is one (lower-cased)');
      assert.equal(adele.userPrincipalName, 'adele.vance@contoso.example');
      assert.deepEqual([adele.givenName, adele.surname, adele.jobTitle, adele.department, adele.passwordHash], ['Adele', 'Vance', 'Sales lead', 'Sales', null]);
      assert.equal(adele.onPremises?.distinguishedName, slapd.userDn('adele'));
      assert.equal(adele.onPremises?.samAccountName, 'adele');
      assert.ok(adele.onPremises?.immutableId && adele.onPremises.immutableId !== slapd.userDn('adele'), 'entryUUID is the immutable id');
      assert.deepEqual((await t.repos.users.rolesOf([adele.id])).get(adele.id) ?? [], []);
      const bram = await t.repos.users.findBySignInName('bram@contoso.example');
      assert.equal(bram?.userPrincipalName, 'bram@contoso.example', 'UPN rule: uid@<default domain> without mail');
      assert.equal((await t.repos.users.findBySignInName('ADELE'))?.id, adele.id, 'signing in by uid finds the user');
      const group = (await t.repos.groups.list()).find((g) => g.displayName === 'sales');
      assert.equal(group?.memberCount, 2);
      assert.deepEqual((await t.repos.groups.members(group.id, 10))?.map((m) => m.userPrincipalName).sort(), [
        'adele.vance@contoso.example',
        'bram@contoso.example',
      ]);
      const audits = await t.repos.audit.list({ action: 'directory.sync_completed', limit: 10 });
      assert.equal(audits.length, 1, 'one audit event per run, not one per user');
    });

    test('a UPN held by a local user is an error entry for that DN; the local account is untouched', async () => {
      const run = (await t.repos.directory.listRuns(1))[0]!;
      assert.deepEqual(run.errors, [{ dn: slapd.userDn('clash'), code: 'upn_collision', message: 'local.owner@contoso.example' }]);
      const local = await t.repos.users.findBySignInName('local.owner@contoso.example');
      assert.equal(local?.onPremises, null);
      assert.equal(local?.displayName, 'Local Owner');
      assert.ok(local?.passwordHash);
      assert.deepEqual((await t.repos.users.rolesOf([local.id])).get(local.id), ['user-administrator']);
    });

    test('an incremental run reads only the entries changed since the last successful run', async () => {
      // OpenLDAP's marker is the newest modifyTimestamp (whole seconds, compared with >=): a change a second later is past it.
      await sleep(1100);
      await slapd.ldapModify(`dn: ${slapd.userDn('adele')}\nchangetype: modify\nreplace: title\ntitle: Head of sales\n`);
      t.clock.advance(60_000);
      const first = await sync();
      assert.equal(first.mode, 'incremental');
      assert.equal((await userRow('adele'))?.job_title, 'Head of sales');
      const untouched = await userRow('carla');
      await sleep(1100);
      await slapd.ldapModify(`dn: ${slapd.userDn('bram')}\nchangetype: modify\nreplace: title\ntitle: Buyer\n`);
      t.clock.advance(60_000);
      const run = await sync();
      assert.equal(run.mode, 'incremental');
      // Read: bram, and adele again (her change is the marker's own second, read with >= so nothing is ever missed).
      assert.deepEqual([run.counts.read, run.counts.updated, run.counts.unchanged], [2, 1, 1], 'only the changed entries were read');
      assert.equal((await userRow('bram'))?.job_title, 'Buyer');
      assert.equal((await userRow('carla'))?.updated_at, untouched?.updated_at, "an untouched user's row is not written");
      assert.equal((await userRow('carla'))?.on_premises_last_sync_at, untouched?.on_premises_last_sync_at, 'nor even read');
    });

    test('an entry disabled in the directory is disabled here and signed out', async () => {
      t.clock.advance(60_000);
      const before = await userRow('carla');
      await slapd.ldapModify(`dn: ${slapd.userDn('carla')}\nchangetype: modify\nreplace: pwdAccountLockedTime\npwdAccountLockedTime: 000001010000Z\n`);
      const run = await sync('incremental');
      assert.equal(run.counts.disabled, 1);
      const after = await userRow('carla');
      assert.equal(after?.account_enabled, 0);
      assert.ok(after.sessions_valid_from > before!.sessions_valid_from, 'sessions ended');
    });

    test('an entry deleted from the directory is disabled by the next full run (not by an incremental one), and kept', async () => {
      t.clock.advance(60_000);
      await slapd.ldapModify(`dn: ${slapd.userDn('dirk')}\nchangetype: delete\n`);
      await sync('incremental');
      assert.equal((await userRow('dirk'))?.account_enabled, 1, 'deletes are only found by a full run');
      t.clock.advance(60_000);
      const run = await sync('full');
      assert.equal(run.counts.disabled, 1);
      const dirk = await userRow('dirk');
      assert.equal(dirk?.account_enabled, 0);
      assert.equal(dirk?.on_premises_dn, slapd.userDn('dirk'), 'the user and their data stay');
    });

    test('an interrupted run is marked interrupted, keeps what it wrote and disables nobody', async () => {
      t.clock.advance(60_000);
      await slapd.ldapAdd(`dn: ${slapd.userDn('emma')}\nobjectClass: inetOrgPerson\nuid: emma\ncn: Emma\nsn: Eik\n`);
      await slapd.ldapModify(`dn: ${slapd.userDn('bram')}\nchangetype: delete\n`);
      const abort = new AbortController();
      const run = await t.services.directorySync.run(cli, { mode: 'full', signal: abort.signal, onProgress: () => abort.abort() });
      assert.equal(run.status, 'interrupted');
      assert.ok(await userRow('emma'), 'the page read before the interrupt was written');
      assert.equal((await userRow('bram'))?.account_enabled, 1, 'no deletes from an interrupted run');
      const failed = await t.repos.audit.list({ action: 'directory.sync_failed', limit: 10 });
      assert.equal(failed[0]?.details?.status, 'interrupted');
      t.clock.advance(60_000);
      assert.equal((await sync()).mode, 'incremental', 'the next run still starts from the last successful marker');
    });

    test('the schedule runs incremental syncs, and a full one when the last full run is a day old; it is registered only with an interval', async () => {
      t.clock.advance(60_000);
      assert.equal((await t.services.directorySync.scheduled())?.mode, 'incremental');
      t.clock.advance(25 * 60 * 60_000);
      const daily = await t.services.directorySync.scheduled();
      assert.deepEqual([daily?.mode, daily?.trigger], ['full', 'schedule']);
      assert.ok(!t.services.scheduler.names().includes('directory-sync'), 'interval 0: on demand only');
      const scheduled = await createTestApp({ engine, config: { ...slapd.config(), directorySyncIntervalMinutes: 15 } });
      try {
        assert.ok(scheduled.services.scheduler.names().includes('directory-sync'));
      } finally {
        await scheduled.close();
      }
    });
  });
}
