import assert from 'node:assert/strict';
import { test } from 'node:test';
import { newId } from '../../core/crypto.js';
import type { DirectoryUserRecord } from '../../features/directory/store.js';
import { at, race, storeContract, T0, wins } from './fixtures.js';

const record = (uid: string, extra: Partial<DirectoryUserRecord> = {}): DirectoryUserRecord => ({
  dn: `uid=${uid},ou=people,dc=contoso,dc=example`,
  immutableId: `uuid-${uid}`,
  uid,
  userPrincipalName: `${uid}@contoso.example`,
  displayName: `User ${uid}`,
  givenName: 'Given',
  surname: uid,
  mail: `${uid}@contoso.example`,
  mobilePhone: null,
  businessPhones: [],
  department: 'Sales',
  jobTitle: null,
  accountEnabled: true,
  lockedAt: null,
  ...extra,
});

storeContract('directory', (ctx) => {
  test('creates a directory user without a password or roles, with its on-premises fields, findable by sign-in name', async () => {
    const result = await ctx.transact((tx) => tx.directory.upsertUser(record('anna'), T0, newId));
    assert.equal(result.outcome, 'created');
    const id = result.outcome === 'created' ? result.id : '';
    const user = await ctx.repos.users.findById(id);
    assert.equal(user?.passwordHash, null);
    assert.equal(user?.forceChangePassword, false);
    assert.deepEqual(user?.onPremises, {
      distinguishedName: 'uid=anna,ou=people,dc=contoso,dc=example',
      immutableId: 'uuid-anna',
      samAccountName: 'anna',
      lastSyncAt: T0,
      lockedAt: null,
    });
    assert.deepEqual((await ctx.repos.users.rolesOf([id])).get(id) ?? [], []);
    assert.equal((await ctx.repos.users.findBySignInName('ANNA@contoso.example'))?.id, id);
    // Search words are written like any user's (the admin centre finds them by name).
    assert.ok((await ctx.repos.users.list({ search: 'Given', limit: 10 })).items.some((u) => u.id === id));
  });

  test('an unchanged entry changes nothing but the last sync time; a changed one updates fields and search keys', async () => {
    const before = await ctx.repos.directory.findUser('uuid-anna', 'ignored');
    assert.ok(before);
    const same = await ctx.repos.directory.upsertUser(record('anna'), at(60), newId);
    assert.equal(same.outcome, 'unchanged');
    const after = await ctx.repos.users.findById(before.id);
    assert.equal(after?.updatedAt.getTime(), T0.getTime());
    assert.equal(after?.onPremises?.lastSyncAt?.getTime(), at(60).getTime());
    const renamed = await ctx.repos.directory.upsertUser(
      record('anna', {
        dn: 'uid=anna,ou=staff,dc=contoso,dc=example',
        mail: 'anna.b@contoso.example',
        userPrincipalName: 'anna.b@contoso.example',
        jobTitle: 'Boss',
      }),
      at(120),
      newId,
    );
    assert.deepEqual(renamed, { outcome: 'updated', id: before.id, disabled: false });
    const user = await ctx.repos.users.findById(before.id);
    assert.equal(user?.jobTitle, 'Boss');
    assert.equal(user?.onPremises?.distinguishedName, 'uid=anna,ou=staff,dc=contoso,dc=example');
    assert.equal((await ctx.repos.users.findBySignInName('anna.b@contoso.example'))?.id, before.id);
    assert.equal(await ctx.repos.users.findBySignInName('anna@contoso.example'), undefined);
  });

  test("a UPN or mail held by a local user is never taken over; another directory user's is a conflict", async () => {
    const local = await ctx.addUser('bob@contoso.example', { mail: 'bob@contoso.example' });
    assert.deepEqual(await ctx.repos.directory.upsertUser(record('bob'), T0, newId), { outcome: 'identifier_taken', takenBy: 'local' });
    assert.deepEqual(await ctx.repos.directory.upsertUser(record('bob2', { mail: 'bob@contoso.example' }), T0, newId), {
      outcome: 'identifier_taken',
      takenBy: 'local',
    });
    assert.equal((await ctx.repos.users.findById(local))?.onPremises, null);
    assert.deepEqual(await ctx.repos.directory.upsertUser(record('anna2', { userPrincipalName: 'anna.b@contoso.example' }), T0, newId), {
      outcome: 'identifier_taken',
      takenBy: 'directory',
    });
  });

  test('disabling: only enabled directory users, once; a directory disable reports the transition', async () => {
    const carl = await ctx.repos.directory.upsertUser(record('carl'), T0, newId);
    assert.equal(carl.outcome, 'created');
    const id = carl.outcome === 'created' ? carl.id : '';
    const off = await ctx.repos.directory.upsertUser(record('carl', { accountEnabled: false }), at(1), newId);
    assert.deepEqual(off, { outcome: 'updated', id, disabled: true });
    assert.equal(await ctx.repos.directory.disableUser(id, at(2)), false);
    await ctx.repos.directory.upsertUser(record('carl'), at(3), newId);
    assert.equal(await ctx.repos.directory.disableUser(id, at(4)), true);
    const local = await ctx.addUser('dora@contoso.example');
    assert.equal(await ctx.repos.directory.disableUser(local, at(5)), false, 'a local user is never disabled by sync');
    const listed = await ctx.repos.directory.directoryUsers();
    assert.deepEqual(listed.find((u) => u.id === id)?.accountEnabled, false);
    assert.ok(!listed.some((u) => u.id === local));
    assert.equal(await ctx.repos.directory.countUsers(), listed.length);
  });

  test('groups upsert by DN with exactly the given members', async () => {
    const users = await ctx.repos.directory.directoryUsers();
    const [a, b] = users.map((u) => u.id);
    const id = await ctx.repos.directory.upsertGroup(
      { dn: 'cn=sales,dc=contoso,dc=example', displayName: 'Sales', description: null, memberIds: [a!, b!] },
      T0,
      newId,
    );
    const again = await ctx.repos.directory.upsertGroup(
      { dn: 'cn=sales,dc=contoso,dc=example', displayName: 'Sales EU', description: 'x', memberIds: [b!] },
      T0,
      newId,
    );
    assert.equal(again, id);
    const group = (await ctx.repos.groups.list()).find((g) => g.id === id);
    assert.deepEqual(group, { id, displayName: 'Sales EU', description: 'x', isRoleAssignable: false, memberCount: 1 });
  });

  test('runs: one live lease at a time; an expired lease is taken over and its run marked interrupted', async () => {
    const first = { id: newId(), mode: 'full' as const, trigger: 'cli', marker: null, owner: 'p1', leaseUntil: at(120) };
    assert.equal(await ctx.transact((tx) => tx.directory.claimRun(first, T0)), true);
    assert.equal((await ctx.repos.directory.liveRun(at(1)))?.id, first.id);
    const second = { ...first, id: newId(), owner: 'p2', leaseUntil: at(300) };
    assert.equal(await ctx.transact((tx) => tx.directory.claimRun(second, at(60))), false);
    assert.equal(await ctx.repos.directory.renewRun(first.id, 'p2', at(400), { counts: { read: 1 } as never, errors: [] }), false);
    assert.equal(await ctx.transact((tx) => tx.directory.claimRun(second, at(121))), true);
    assert.equal((await ctx.repos.directory.getRun(first.id))?.status, 'interrupted');
    assert.equal(await ctx.repos.directory.renewRun(first.id, 'p1', at(400), { counts: { read: 1 } as never, errors: [] }), false);
    await ctx.repos.directory.setRunMarker(second.id, '20260501100000Z');
    const counts = { read: 3, created: 2, updated: 1, disabled: 0, unchanged: 0, groups: 1, failed: 1 };
    await ctx.repos.directory.finishRun(second.id, { status: 'succeeded', counts, errors: [{ dn: 'uid=x', code: 'upn_collision', message: null }] }, at(130));
    const last = await ctx.repos.directory.lastSuccessfulRun();
    assert.equal(last?.marker, '20260501100000Z');
    assert.deepEqual(last?.counts, counts);
    assert.equal(last?.finishedDateTime, at(130).toISOString());
    assert.equal(await ctx.repos.directory.lastSuccessfulRun('incremental'), undefined);
    assert.deepEqual(
      (await ctx.repos.directory.listRuns(10)).map((r) => r.id),
      [second.id, first.id],
    );
    assert.equal(await ctx.repos.directory.liveRun(at(131)), undefined);
  });

  test('concurrent claims: exactly one wins, even while the first claim is not yet committed', async () => {
    const claim = (owner: string, until = 1000) => ({ id: newId(), mode: 'full' as const, trigger: 'cli', marker: null, owner, leaseUntil: at(until) });
    let release = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const first = ctx.transact(async (tx) => {
      const won = await tx.directory.claimRun(claim('slow'), at(500));
      await gate;
      return won;
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const second = ctx.transact((tx) => tx.directory.claimRun(claim('fast'), at(500)));
    await new Promise((resolve) => setTimeout(resolve, 200));
    release();
    assert.deepEqual(await Promise.all([first, second]), [true, false]);
    const results = await race(6, (i) => ctx.transact((tx) => tx.directory.claimRun(claim(`o${i}`, 3000), at(2000))));
    assert.equal(wins(results), 1);
  });
});
