import assert from 'node:assert/strict';
import { test } from 'node:test';
import { at, storeContract } from './fixtures.js';

storeContract('passwordHistory', (ctx) => {
  test('a user without history has none; a limit of 0 or less reads nothing', async () => {
    const userId = await ctx.addUser('empty-history@contoso.example');
    assert.deepEqual(await ctx.repos.passwordHistory.recent(userId, 5), []);
    assert.deepEqual(await ctx.repos.passwordHistory.recent('no-such-user', 5), []);
    await ctx.repos.passwordHistory.push(userId, 'h', at(1), 5);
    assert.deepEqual(await ctx.repos.passwordHistory.recent(userId, 0), []);
    assert.deepEqual(await ctx.repos.passwordHistory.recent(userId, -1), []);
  });

  test('keeps only the newest `keep` hashes, newest first', async () => {
    const userId = await ctx.addUser('history@contoso.example');
    for (let i = 1; i <= 5; i++) await ctx.repos.passwordHistory.push(userId, `h${i}`, at(i * 60), 3);
    assert.deepEqual(await ctx.repos.passwordHistory.recent(userId, 10), ['h5', 'h4', 'h3']);
    assert.deepEqual(await ctx.repos.passwordHistory.recent(userId, 2), ['h5', 'h4']);
    const rows = await ctx.db.selectFrom('password_history').select(['created_at']).where('user_id', '=', userId).orderBy('created_at').execute();
    assert.deepEqual(
      rows.map((r) => r.created_at),
      [at(180), at(240), at(300)].map((d) => d.toISOString()),
    );
  });

  test('a smaller keep trims older entries; keep 0 records nothing and clears the history', async () => {
    const userId = await ctx.addUser('trim@contoso.example');
    for (let i = 1; i <= 4; i++) await ctx.repos.passwordHistory.push(userId, `t${i}`, at(i), 10);
    await ctx.repos.passwordHistory.push(userId, 't5', at(5), 2);
    assert.deepEqual(await ctx.repos.passwordHistory.recent(userId, 10), ['t5', 't4']);
    await ctx.repos.passwordHistory.push(userId, 't6', at(6), 0);
    assert.deepEqual(await ctx.repos.passwordHistory.recent(userId, 10), []);
  });

  test('entries of the same instant are ordered by id, the same on every engine', async () => {
    const userId = await ctx.addUser('same-instant@contoso.example');
    for (const h of ['s1', 's2', 's3']) await ctx.repos.passwordHistory.push(userId, h, at(7), 10);
    const rows = await ctx.db.selectFrom('password_history').select(['id', 'password_hash']).where('user_id', '=', userId).execute();
    const expected = rows.sort((a, b) => (a.id < b.id ? 1 : -1)).map((r) => r.password_hash);
    assert.deepEqual(await ctx.repos.passwordHistory.recent(userId, 10), expected);
  });

  test("one user's pushes never trim another's history; deleting the user deletes it", async () => {
    const a = await ctx.addUser('history-a@contoso.example');
    const b = await ctx.addUser('history-b@contoso.example');
    await ctx.repos.passwordHistory.push(a, 'a1', at(1), 5);
    await ctx.repos.passwordHistory.push(b, 'b1', at(2), 0);
    assert.deepEqual(await ctx.repos.passwordHistory.recent(a, 5), ['a1']);
    assert.equal(await ctx.repos.users.delete(a), true);
    const left = await ctx.db.selectFrom('password_history').select('id').where('user_id', '=', a).execute();
    assert.equal(left.length, 0);
  });
});
