import assert from 'node:assert/strict';
import { test } from 'node:test';
import { newId } from '../../core/crypto.js';
import { at, storeContract, T0 } from '../../db/contract/fixtures.js';

// Graph resetPassword operations (issue 15): found only under their own user, settled, pruned; on both engines.
storeContract('graph operations', (ctx) => {
  test('an operation is found under its user only, settles, and is pruned by age', async () => {
    const alice = await ctx.addUser(`alice-${newId()}@contoso.example`);
    const bob = await ctx.addUser(`bob-${newId()}@contoso.example`);
    const id = newId();
    await ctx.repos.graphOperations.create({ id, userId: alice, status: 'running', statusDetail: null, createdAt: T0, lastActionAt: T0 });

    const found = await ctx.repos.graphOperations.find(alice, id);
    assert.deepEqual(found, { id, userId: alice, status: 'running', statusDetail: null, createdAt: T0, lastActionAt: T0 });
    assert.equal(await ctx.repos.graphOperations.find(bob, id), undefined, "another user's id finds nothing");

    assert.equal(await ctx.repos.graphOperations.settle(id, 'failed', 'directory.unavailable', at(5)), true);
    assert.equal(await ctx.repos.graphOperations.settle(newId(), 'failed', null, at(5)), false);
    const settled = await ctx.repos.graphOperations.find(alice, id);
    assert.equal(settled?.status, 'failed');
    assert.equal(settled?.statusDetail, 'directory.unavailable');
    assert.deepEqual(settled?.lastActionAt, at(5));

    assert.equal(await ctx.repos.graphOperations.deleteBefore(at(5)), 0, 'not older than the cut-off');
    assert.equal(await ctx.repos.graphOperations.deleteBefore(at(6)), 1);
    assert.equal(await ctx.repos.graphOperations.find(alice, id), undefined);
  });

  test("a user's deletion takes their operations with it", async () => {
    const carol = await ctx.addUser(`carol-${newId()}@contoso.example`);
    const id = newId();
    await ctx.repos.graphOperations.create({ id, userId: carol, status: 'succeeded', statusDetail: null, createdAt: T0, lastActionAt: T0 });
    await ctx.repos.users.delete(carol);
    assert.equal(await ctx.repos.graphOperations.find(carol, id), undefined);
  });
});
