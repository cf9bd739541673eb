import assert from 'node:assert/strict';
import { test } from 'node:test';
import { at, race, storeContract } from './fixtures.js';

storeContract('settings', (ctx) => {
  test('an unknown key reads as undefined', async () => {
    assert.equal(await ctx.repos.settings.get('nothing.here'), undefined);
  });

  test('round-trips a JSON document with who wrote it and when', async () => {
    const value = { enabled: true, methods: ['email', 'mobilePhone'], count: 2, nested: { text: 'Ünïcödé ✓', none: null } };
    await ctx.repos.settings.put('sspr', value, 'admin-1', at(10));
    const stored = await ctx.repos.settings.get('sspr');
    assert.deepEqual(stored?.value, value);
    assert.equal(stored?.updatedBy, 'admin-1');
    assert.equal(stored?.updatedAt.toISOString(), at(10).toISOString());
    const raw = await ctx.db.selectFrom('setting').selectAll().where('key', '=', 'sspr').executeTakeFirstOrThrow();
    assert.equal(raw.updated_at, '2026-05-01T10:00:10.000Z');
  });

  test('scalars and null are documents too', async () => {
    for (const [key, value] of [
      ['s.string', 'text'],
      ['s.number', 42],
      ['s.false', false],
      ['s.null', null],
    ] as const) {
      await ctx.repos.settings.put(key, value, null, at(1));
      assert.deepEqual((await ctx.repos.settings.get(key))?.value, value, key);
    }
  });

  test('put replaces the document, the time and the author', async () => {
    await ctx.repos.settings.put('policy', { minLength: 8 }, 'admin-1', at(20));
    await ctx.repos.settings.put('policy', { minLength: 12 }, null, at(30));
    const stored = await ctx.repos.settings.get('policy');
    assert.deepEqual(stored?.value, { minLength: 12 });
    assert.equal(stored?.updatedBy, null);
    assert.equal(stored?.updatedAt.toISOString(), at(30).toISOString());
    const rows = await ctx.db.selectFrom('setting').select('key').where('key', '=', 'policy').execute();
    assert.equal(rows.length, 1);
  });

  test('keys are case-sensitive', async () => {
    await ctx.repos.settings.put('Case.Key', 'upper', null, at(1));
    await ctx.repos.settings.put('case.key', 'lower', null, at(1));
    assert.equal((await ctx.repos.settings.get('Case.Key'))?.value, 'upper');
    assert.equal((await ctx.repos.settings.get('case.key'))?.value, 'lower');
    assert.equal(await ctx.repos.settings.get('CASE.KEY'), undefined);
  });

  test('a damaged document reads as an undefined value, not an error', async () => {
    await ctx.db
      .insertInto('setting')
      .values({ key: 'damaged', value: '{not json', updated_at: at(0).toISOString(), updated_by: null })
      .execute();
    const stored = await ctx.repos.settings.get('damaged');
    assert.ok(stored);
    assert.equal(stored.value, undefined);
  });

  test('concurrent first writes of one key all succeed and leave one row (an upsert, no unique-key race)', async () => {
    await race(6, (i) => ctx.repos.settings.put('raced', { writer: i }, `w${i}`, at(40 + i)));
    const rows = await ctx.db.selectFrom('setting').selectAll().where('key', '=', 'raced').execute();
    assert.equal(rows.length, 1);
    const stored = await ctx.repos.settings.get('raced');
    const writer = (stored?.value as { writer: number }).writer;
    assert.equal(stored?.updatedBy, `w${writer}`, 'value and author come from the same write');
  });
});
