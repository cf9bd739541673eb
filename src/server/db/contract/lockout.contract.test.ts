import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { LockoutState } from '../../features/lockout/store.js';
import { at, race, storeContract } from './fixtures.js';

storeContract('lockout', (ctx) => {
  test('get is undefined for a user without state; getForUpdate creates a clean row', async () => {
    const userId = await ctx.addUser('fresh@contoso.example');
    assert.equal(await ctx.repos.lockout.get(userId), undefined);
    const state = await ctx.repos.lockout.getForUpdate(userId, at(1));
    const clean: LockoutState = {
      userId,
      familiar: { failures: 0, lockouts: 0, lockedUntil: null },
      unfamiliar: { failures: 0, lockouts: 0, lockedUntil: null },
      consecutiveFailures: 0,
      hardLocked: false,
      recentWrong: [],
    };
    assert.deepEqual(state, clean);
    assert.deepEqual(await ctx.repos.lockout.get(userId), clean);
    const raw = await ctx.db.selectFrom('lockout').select(['updated_at', 'hard_locked']).where('user_id', '=', userId).executeTakeFirstOrThrow();
    assert.equal(raw.updated_at, '2026-05-01T10:00:01.000Z');
    assert.equal(raw.hard_locked, 0);
  });

  test('getForUpdate keeps an existing row as it is', async () => {
    const userId = await ctx.addUser('existing@contoso.example');
    const state = await ctx.repos.lockout.getForUpdate(userId, at(1));
    await ctx.repos.lockout.save({ ...state, consecutiveFailures: 4 }, at(2));
    assert.equal((await ctx.repos.lockout.getForUpdate(userId, at(3))).consecutiveFailures, 4);
  });

  test('save round-trips every field (times as ISO text, the hard lock as 0/1)', async () => {
    const userId = await ctx.addUser('saved@contoso.example');
    await ctx.repos.lockout.getForUpdate(userId, at(1));
    const state: LockoutState = {
      userId,
      familiar: { failures: 3, lockouts: 1, lockedUntil: at(60) },
      unfamiliar: { failures: 7, lockouts: 2, lockedUntil: at(120) },
      consecutiveFailures: 10,
      hardLocked: true,
      recentWrong: [
        { hash: 'h1', at: at(5).toISOString() },
        { hash: 'h2', at: at(6).toISOString() },
      ],
    };
    await ctx.repos.lockout.save(state, at(7));
    assert.deepEqual(await ctx.repos.lockout.get(userId), state);
    const raw = await ctx.db.selectFrom('lockout').selectAll().where('user_id', '=', userId).executeTakeFirstOrThrow();
    assert.equal(raw.familiar_locked_until, '2026-05-01T10:01:00.000Z');
    assert.equal(raw.hard_locked, 1);
    assert.equal(raw.updated_at, at(7).toISOString());
  });

  test('a damaged wrong-password list reads as empty; malformed entries are dropped', async () => {
    const userId = await ctx.addUser('damaged@contoso.example');
    await ctx.repos.lockout.getForUpdate(userId, at(1));
    await ctx.db.updateTable('lockout').set({ recent_wrong: 'not json' }).where('user_id', '=', userId).execute();
    assert.deepEqual((await ctx.repos.lockout.get(userId))?.recentWrong, []);
    await ctx.db
      .updateTable('lockout')
      .set({ recent_wrong: JSON.stringify([{ hash: 'ok', at: 'x' }, { hash: 1 }, null, 'text']) })
      .where('user_id', '=', userId)
      .execute();
    assert.deepEqual((await ctx.repos.lockout.get(userId))?.recentWrong, [{ hash: 'ok', at: 'x' }]);
  });

  test('clear removes the state once', async () => {
    const userId = await ctx.addUser('clear@contoso.example');
    await ctx.repos.lockout.getForUpdate(userId, at(1));
    assert.equal(await ctx.repos.lockout.clear(userId), true);
    assert.equal(await ctx.repos.lockout.get(userId), undefined);
    assert.equal(await ctx.repos.lockout.clear(userId), false);
  });

  test('lockedAmong: hard-locked, or either class locked strictly after now', async () => {
    const now = at(1000);
    const ids: Record<string, string> = {};
    const setUp = async (name: string, change: (s: LockoutState) => LockoutState) => {
      ids[name] = await ctx.addUser(`locked-${name}@contoso.example`);
      await ctx.repos.lockout.save(change(await ctx.repos.lockout.getForUpdate(ids[name], at(1))), at(1));
    };
    await setUp('hard', (s) => ({ ...s, hardLocked: true }));
    await setUp('familiar', (s) => ({ ...s, familiar: { ...s.familiar, lockedUntil: at(1001) } }));
    await setUp('unfamiliar', (s) => ({ ...s, unfamiliar: { ...s.unfamiliar, lockedUntil: at(5000) } }));
    await setUp('ended', (s) => ({ ...s, familiar: { ...s.familiar, lockedUntil: at(999) } }));
    await setUp('edge', (s) => ({ ...s, unfamiliar: { ...s.unfamiliar, lockedUntil: now } }));
    await setUp('counting', (s) => ({ ...s, consecutiveFailures: 3 }));
    const noRow = await ctx.addUser('locked-none@contoso.example');
    const locked = await ctx.repos.lockout.lockedAmong([...Object.values(ids), noRow, 'unknown-id'], now);
    assert.deepEqual([...locked].sort(), [ids.hard!, ids.familiar!, ids.unfamiliar!].sort());
    assert.deepEqual(await ctx.repos.lockout.lockedAmong([], now), new Set());
  });

  test('concurrent failures each counted once: getForUpdate serialises read-modify-write in transactions', async () => {
    const userId = await ctx.addUser('concurrent@contoso.example');
    await race(8, (i) =>
      ctx.transact(async (tx) => {
        const s = await tx.lockout.getForUpdate(userId, at(i));
        await tx.lockout.save({ ...s, consecutiveFailures: s.consecutiveFailures + 1 }, at(i));
      }),
    );
    assert.equal((await ctx.repos.lockout.get(userId))?.consecutiveFailures, 8);
  });

  test('deleting the user deletes the state', async () => {
    const userId = await ctx.addUser('cascade@contoso.example');
    await ctx.repos.lockout.getForUpdate(userId, at(1));
    await ctx.repos.users.delete(userId);
    assert.equal(await ctx.repos.lockout.get(userId), undefined);
  });
});
