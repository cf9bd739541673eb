import assert from 'node:assert/strict';
import { test } from 'node:test';
import { newId } from '../../core/crypto.js';
import { at, race, storeContract, T0 } from './fixtures.js';

storeContract('groups', (ctx) => {
  const ids = { admins: newId(), sales: newId(), empty: newId() };

  test('list is empty before any group exists', async () => {
    assert.deepEqual(await ctx.repos.groups.list(), []);
  });

  test('creates groups and lists them by display name with member counts (0 for an empty group)', async () => {
    await ctx.repos.groups.create({ id: ids.sales, displayName: 'Sales', description: 'Sales team' }, T0);
    await ctx.repos.groups.create({ id: ids.admins, displayName: 'Admins', isRoleAssignable: true }, at(1));
    await ctx.repos.groups.create({ id: ids.empty, displayName: 'Empty', description: null, isRoleAssignable: false }, at(2));
    assert.deepEqual(await ctx.repos.groups.list(), [
      { id: ids.admins, displayName: 'Admins', description: null, isRoleAssignable: true, memberCount: 0 },
      { id: ids.empty, displayName: 'Empty', description: null, isRoleAssignable: false, memberCount: 0 },
      { id: ids.sales, displayName: 'Sales', description: 'Sales team', isRoleAssignable: false, memberCount: 0 },
    ]);
    const raw = await ctx.db.selectFrom('user_group').selectAll().where('id', '=', ids.admins).executeTakeFirstOrThrow();
    assert.equal(raw.is_role_assignable, 1);
    assert.equal(raw.created_at, '2026-05-01T10:00:01.000Z');
  });

  test('a group id is unique', async () => {
    await assert.rejects(ctx.repos.groups.create({ id: ids.sales, displayName: 'Again' }, T0));
  });

  test('addMembers is idempotent; members are ordered by display name (case-insensitive) and limited', async () => {
    const zed = await ctx.addUser('zed@contoso.example', { displayName: 'zed' });
    const anna = await ctx.addUser('anna@contoso.example', { displayName: 'Anna' });
    const bob = await ctx.addUser('bob@contoso.example', { displayName: 'bob' });
    await ctx.repos.groups.addMembers(ids.sales, [zed, anna]);
    await ctx.repos.groups.addMembers(ids.sales, [anna, bob, bob]);
    await ctx.repos.groups.addMembers(ids.sales, []);
    const members = await ctx.repos.groups.members(ids.sales, 10);
    assert.deepEqual(members, [
      { id: anna, userPrincipalName: 'anna@contoso.example' },
      { id: bob, userPrincipalName: 'bob@contoso.example' },
      { id: zed, userPrincipalName: 'zed@contoso.example' },
    ]);
    assert.deepEqual(
      (await ctx.repos.groups.members(ids.sales, 2))?.map((m) => m.id),
      [anna, bob],
    );
    assert.equal((await ctx.repos.groups.list()).find((g) => g.id === ids.sales)?.memberCount, 3);
  });

  test('members is null for an unknown group and empty for an empty one', async () => {
    assert.equal(await ctx.repos.groups.members('no-such-group', 10), null);
    assert.deepEqual(await ctx.repos.groups.members(ids.empty, 10), []);
  });

  test('adding an unknown user fails (foreign key) and adds nobody', async () => {
    await assert.rejects(ctx.repos.groups.addMembers(ids.empty, ['no-such-user']));
    assert.deepEqual(await ctx.repos.groups.members(ids.empty, 10), []);
  });

  test('concurrent adds of the same members do not collide', async () => {
    const a = await ctx.addUser('race-a@contoso.example');
    const b = await ctx.addUser('race-b@contoso.example');
    await race(6, () => ctx.repos.groups.addMembers(ids.admins, [a, b]));
    assert.equal((await ctx.repos.groups.list()).find((g) => g.id === ids.admins)?.memberCount, 2);
  });

  test('deleting a user drops its memberships', async () => {
    const gone = await ctx.addUser('gone@contoso.example');
    await ctx.repos.groups.addMembers(ids.empty, [gone]);
    await ctx.repos.users.delete(gone);
    assert.deepEqual(await ctx.repos.groups.members(ids.empty, 10), []);
    assert.equal((await ctx.repos.groups.list()).find((g) => g.id === ids.empty)?.memberCount, 0);
  });
});
