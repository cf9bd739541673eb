import assert from 'node:assert/strict';
import { test } from 'node:test';
import { newId } from '../../core/crypto.js';
import type { ListUsersQuery } from '../../features/users/store.js';
import { at, race, storeContract, T0, wins } from './fixtures.js';

// The user store's listing, counting, roles and groups (users.contract.test.ts has its rows).

storeContract('users (list, roles, groups)', (ctx) => {
  const names = async (q: ListUsersQuery) => (await ctx.repos.users.list(q)).items.map((u) => u.displayName);

  test('count counts every user', async () => {
    assert.equal(await ctx.repos.users.count(), 0);
    await ctx.addUser('count-1@contoso.example');
    await ctx.addUser('count-2@contoso.example');
    assert.equal(await ctx.repos.users.count(), 2);
  });

  test('lists by display name, case-insensitively, with keyset paging that neither repeats nor skips', async () => {
    for (let i = 0; i < 23; i++) await ctx.addUser(`pager${i}@contoso.example`, { displayName: `${i % 2 ? 'pager' : 'Pager'} ${String(i % 5)}` });
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await ctx.repos.users.list({ search: 'pager', limit: 5, cursor });
      assert.ok(page.items.length <= 5);
      seen.push(...page.items.map((u) => u.id));
      cursor = page.nextCursor ?? undefined;
      pages++;
    } while (cursor && pages < 20);
    assert.equal(seen.length, 23);
    assert.equal(new Set(seen).size, 23);
    assert.equal(pages, 5);
    const all = (await ctx.repos.users.list({ search: 'Pager', limit: 100 })).items;
    assert.deepEqual(
      all.map((u) => u.id),
      seen,
    );
    const keys = all.map((u) => u.displayName.toLowerCase());
    assert.deepEqual(keys, [...keys].sort());
    for (let i = 1; i < all.length; i++) if (keys[i] === keys[i - 1]) assert.ok(all[i - 1]!.id < all[i]!.id, 'ties by id');
    const exact = await ctx.repos.users.list({ search: 'pager', limit: 23 });
    assert.equal(exact.nextCursor, null, 'no cursor when nothing follows');
  });

  test('search matches word prefixes of the name, user principal name and mail; % and _ are literal', async () => {
    await ctx.addUser('percent@contoso.example', { displayName: '100% Sure' });
    await ctx.addUser('under_score@contoso.example', { displayName: 'Under Score' });
    await ctx.addUser('jan@contoso.example', { displayName: 'Jan van Dijk', mail: 'jvd@fabrikam.example' });
    assert.deepEqual(await names({ search: '100%', limit: 10 }), ['100% Sure']);
    assert.equal((await ctx.repos.users.list({ search: '%', limit: 50 })).items.length, 0, 'punctuation alone matches nothing');
    assert.deepEqual(await names({ search: 'sure', limit: 10 }), ['100% Sure'], 'any word of the name');
    assert.deepEqual(await names({ search: 'score under', limit: 10 }), ['Under Score'], 'every word must match, in any order');
    assert.deepEqual(await names({ search: 'under_', limit: 10 }), ['Under Score']);
    assert.deepEqual(await names({ search: 'VAN DIJ', limit: 10 }), ['Jan van Dijk']);
    assert.deepEqual(await names({ search: 'jvd@fabrikam', limit: 10 }), ['Jan van Dijk'], 'mail prefix');
    assert.deepEqual(await names({ search: 'an', limit: 10 }), [], 'prefixes only, not infixes');
    assert.equal((await ctx.repos.users.list({ search: 'zzz-nothing', limit: 10 })).items.length, 0);
    const bogus = await ctx.repos.users.list({ limit: 2, cursor: 'not-a-cursor' });
    assert.deepEqual(
      bogus.items.map((u) => u.id),
      (await ctx.repos.users.list({ limit: 2 })).items.map((u) => u.id),
      'a tampered cursor reads as the first page',
    );
  });

  test('display names sort by code point of their lower-cased key, punctuation included, on every engine', async () => {
    for (const name of ['Ordb', 'Ord_c', 'ord a', 'Orda', 'Ord-b'])
      await ctx.addUser(`${name.replace(/[ _-]/g, '')}-${name.length}-${name.charCodeAt(3)}@contoso.example`, { displayName: name });
    // Binary order (SQLite, PostgreSQL with the C collation); a linguistic collation would put "Ord_c" before "Ord-b".
    assert.deepEqual(await names({ search: 'ord', limit: 10 }), ['ord a', 'Ord-b', 'Ord_c', 'Orda', 'Ordb']);
  });

  test('non-ASCII names sort and match case-insensitively', async () => {
    await ctx.addUser('elodie@contoso.example', { displayName: 'Élodie Ærøskøbing' });
    assert.deepEqual(await names({ search: 'élo', limit: 10 }), ['Élodie Ærøskøbing']);
    assert.deepEqual(await names({ search: 'ÆRØ', limit: 10 }), ['Élodie Ærøskøbing']);
  });

  test('filters by status: enabled, disabled, must change, locked at a time', async () => {
    const enabled = await ctx.addUser('st-enabled@contoso.example', { displayName: 'Status Enabled' });
    const disabled = await ctx.addUser('st-disabled@contoso.example', { displayName: 'Status Disabled', accountEnabled: false });
    const must = await ctx.addUser('st-must@contoso.example', { displayName: 'Status Must', forceChangePassword: true });
    const locked = await ctx.addUser('st-locked@contoso.example', { displayName: 'Status Locked' });
    const hard = await ctx.addUser('st-hard@contoso.example', { displayName: 'Status Hard' });
    const s = await ctx.repos.lockout.getForUpdate(locked, T0);
    await ctx.repos.lockout.save({ ...s, unfamiliar: { ...s.unfamiliar, lockedUntil: at(100) } }, T0);
    await ctx.repos.lockout.save({ ...(await ctx.repos.lockout.getForUpdate(hard, T0)), hardLocked: true }, T0);
    const ids = async (status: ListUsersQuery['status'], now?: Date) =>
      (await ctx.repos.users.list({ search: 'status', status, now, limit: 50 })).items.map((u) => u.id).sort();
    assert.deepEqual(await ids('enabled'), [enabled, must, locked, hard].sort());
    assert.deepEqual(await ids('disabled'), [disabled]);
    assert.deepEqual(await ids('must_change'), [must]);
    assert.deepEqual(await ids('locked', at(99)), [locked, hard].sort());
    assert.deepEqual(await ids('locked', at(100)), [hard], 'a lock ends at its time');
  });

  test('filters by role and by group, combined with search', async () => {
    const admin = await ctx.addUser('flt-admin@contoso.example', { displayName: 'Filter Admin', roles: ['user-administrator'] });
    const member = await ctx.addUser('flt-member@contoso.example', { displayName: 'Filter Member' });
    await ctx.addUser('flt-none@contoso.example', { displayName: 'Filter None' });
    const group = newId();
    await ctx.repos.groups.create({ id: group, displayName: 'Filter Group' }, T0);
    await ctx.repos.groups.addMembers(group, [admin, member]);
    assert.deepEqual(await names({ search: 'filter', role: 'user-administrator', limit: 10 }), ['Filter Admin']);
    assert.deepEqual(await names({ search: 'filter', groupId: group, limit: 10 }), ['Filter Admin', 'Filter Member']);
    assert.deepEqual(await names({ search: 'member', groupId: group, role: 'user-administrator', limit: 10 }), []);
    assert.deepEqual(await names({ groupId: 'no-such-group', limit: 10 }), []);
  });

  test('rolesOf gives every asked id a sorted list, skipping unknown role ids', async () => {
    const a = await ctx.addUser('roles-a@contoso.example', { roles: ['reports-reader', 'global-administrator'] });
    const b = await ctx.addUser('roles-b@contoso.example');
    await ctx.db.insertInto('role_assignment').values({ user_id: b, role_id: 'retired-role', created_at: T0.toISOString() }).execute();
    const roles = await ctx.repos.users.rolesOf([a, b, 'unknown']);
    assert.deepEqual(
      [...roles.entries()],
      [
        [a, ['global-administrator', 'reports-reader']],
        [b, []],
        ['unknown', []],
      ],
    );
    assert.deepEqual(await ctx.repos.users.rolesOf([]), new Map());
  });

  test('assignRole and removeRole report whether anything changed', async () => {
    const id = await ctx.addUser('assign@contoso.example');
    assert.equal(await ctx.repos.users.assignRole(id, 'password-administrator', at(1)), true);
    assert.equal(await ctx.repos.users.assignRole(id, 'password-administrator', at(2)), false);
    assert.deepEqual((await ctx.repos.users.rolesOf([id])).get(id), ['password-administrator']);
    assert.equal(await ctx.repos.users.removeRole(id, 'password-administrator'), true);
    assert.equal(await ctx.repos.users.removeRole(id, 'password-administrator'), false);
    assert.deepEqual((await ctx.repos.users.rolesOf([id])).get(id), []);
  });

  test('exactly one of concurrent assignments of a role reports the change', async () => {
    const id = await ctx.addUser('assign-race@contoso.example');
    assert.equal(wins(await race(8, (i) => ctx.repos.users.assignRole(id, 'helpdesk-administrator', at(i)))), 1);
  });

  test('countWithRole counts holders, optionally enabled ones only', async () => {
    await ctx.addUser('cwr-1@contoso.example', { roles: ['groups-administrator'] });
    await ctx.addUser('cwr-2@contoso.example', { roles: ['groups-administrator'], accountEnabled: false });
    assert.equal(await ctx.repos.users.countWithRole('groups-administrator', false), 2);
    assert.equal(await ctx.repos.users.countWithRole('groups-administrator', true), 1);
    assert.equal(await ctx.repos.users.countWithRole('guest-inviter', false), 0);
  });

  test('inRoleAssignableGroups: members of a role-assignable group only', async () => {
    const inAssignable = await ctx.addUser('ra-in@contoso.example');
    const inPlain = await ctx.addUser('ra-plain@contoso.example');
    const none = await ctx.addUser('ra-none@contoso.example');
    const assignable = newId();
    const plain = newId();
    await ctx.repos.groups.create({ id: assignable, displayName: 'Tier 0', isRoleAssignable: true }, T0);
    await ctx.repos.groups.create({ id: plain, displayName: 'Plain' }, T0);
    await ctx.repos.groups.addMembers(assignable, [inAssignable]);
    await ctx.repos.groups.addMembers(plain, [inPlain, inAssignable]);
    assert.deepEqual(await ctx.repos.users.inRoleAssignableGroups([inAssignable, inPlain, none, 'unknown']), new Set([inAssignable]));
    assert.deepEqual(await ctx.repos.users.inRoleAssignableGroups([]), new Set());
  });
});
