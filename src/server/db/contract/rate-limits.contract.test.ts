import assert from 'node:assert/strict';
import { test } from 'node:test';
import { race, storeContract } from './fixtures.js';

storeContract('rateLimits', (ctx) => {
  const W = 1_777_000_000; // a window start in epoch seconds (past 2^31: bigint on PostgreSQL)

  test('hit counts within a window and restarts at 1 in any other window', async () => {
    assert.equal(await ctx.repos.rateLimits.hit('k:a', W), 1);
    assert.equal(await ctx.repos.rateLimits.hit('k:a', W), 2);
    assert.equal(await ctx.repos.rateLimits.hit('k:a', W), 3);
    assert.equal(await ctx.repos.rateLimits.hit('k:a', W + 60), 1);
    assert.equal(await ctx.repos.rateLimits.hit('k:a', W + 60), 2);
    assert.equal(await ctx.repos.rateLimits.hit('k:b', W + 60), 1, 'keys count apart');
    assert.equal(await ctx.repos.rateLimits.hit('K:A', W + 60), 1, 'keys are case-sensitive');
    const raw = await ctx.db.selectFrom('rate_limit').selectAll().where('key', '=', 'k:a').executeTakeFirstOrThrow();
    assert.equal(Number(raw.window_start), W + 60);
    assert.equal(Number(raw.hits), 2);
  });

  test('hitMany counts several keys in one statement, new and existing alike', async () => {
    await ctx.repos.rateLimits.hit('m:1', W);
    const counts = await ctx.repos.rateLimits.hitMany(['m:1', 'm:2', 'm:3'], W);
    assert.deepEqual([...counts.entries()].sort(), [
      ['m:1', 2],
      ['m:2', 1],
      ['m:3', 1],
    ]);
    const again = await ctx.repos.rateLimits.hitMany(['m:1', 'm:2'], W + 60);
    assert.deepEqual([...again.entries()].sort(), [
      ['m:1', 1],
      ['m:2', 1],
    ]);
  });

  test('a key named twice in one hitMany counts once, on every engine', async () => {
    const counts = await ctx.repos.rateLimits.hitMany(['dup', 'dup', 'dup:2'], W);
    assert.deepEqual([...counts.entries()].sort(), [
      ['dup', 1],
      ['dup:2', 1],
    ]);
  });

  test('concurrent hits are each counted once (an atomic upsert, exactly one row)', async () => {
    const results = await race(10, () => ctx.repos.rateLimits.hit('race', W));
    assert.deepEqual(
      [...results].sort((a, b) => a - b),
      [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
    );
    const many = await race(5, () => ctx.repos.rateLimits.hitMany(['race', 'race:2'], W));
    assert.deepEqual(
      many.map((m) => m.get('race')).sort((a, b) => a! - b!),
      [11, 12, 13, 14, 15],
    );
    assert.deepEqual(
      many.map((m) => m.get('race:2')).sort((a, b) => a! - b!),
      [1, 2, 3, 4, 5],
    );
  });

  test('clear forgets the given counters only; an empty list is a no-op', async () => {
    await ctx.repos.rateLimits.hitMany(['c:1', 'c:2', 'c:3'], W);
    await ctx.repos.rateLimits.clear(['c:1', 'c:2', 'c:unknown']);
    await ctx.repos.rateLimits.clear([]);
    assert.equal(await ctx.repos.rateLimits.hit('c:1', W), 1);
    assert.equal(await ctx.repos.rateLimits.hit('c:3', W), 2);
  });

  test('deleteWindowsBefore removes counters of older windows and counts them', async () => {
    const before = await ctx.db
      .selectFrom('rate_limit')
      .select('key')
      .where('window_start', '<', W + 60)
      .execute();
    assert.ok(before.length > 0);
    assert.equal(await ctx.repos.rateLimits.deleteWindowsBefore(W + 60), before.length);
    const left = await ctx.db.selectFrom('rate_limit').select('window_start').execute();
    assert.ok(left.length > 0 && left.every((r) => Number(r.window_start) >= W + 60));
    assert.equal(await ctx.repos.rateLimits.deleteWindowsBefore(W + 60), 0);
  });
});
