import assert from 'node:assert/strict';
import { test } from 'node:test';
import { param, prepare } from '../compiled.js';
import { storeContract } from './fixtures.js';

// Statements compiled once and run with new values (issue 16, lever 1): the same rows as the
// Kysely query built anew, on both engines, inside a transaction too.
const byUpn = prepare<{ upn: string }, { id: string; display_name: string }>((db) =>
  db.selectFrom('app_user').select(['id', 'display_name']).where('upn_key', '=', param('upn')).where('display_name_key', '!=', 'hidden'),
);
const rename = prepare<{ id: string; name: string }, never>((db) =>
  db
    .updateTable('app_user')
    .set({ display_name: param('name') })
    .where('id', '=', param('id')),
);

storeContract('compiled statements', (ctx) => {
  test('binds new values on every run and keeps the constants the builder wrote in', async () => {
    const a = await ctx.addUser('ada@contoso.example');
    const b = await ctx.addUser('bob@contoso.example');
    assert.deepEqual(await byUpn.execute(ctx.db, { upn: 'ada@contoso.example' }), [{ id: a, display_name: 'ada' }]);
    assert.deepEqual(await byUpn.first(ctx.db, { upn: 'bob@contoso.example' }), { id: b, display_name: 'bob' });
    assert.equal(await byUpn.first(ctx.db, { upn: 'nobody@contoso.example' }), undefined);
    // The constant 'hidden' stays bound: a user with that name key is not found.
    await ctx.db.updateTable('app_user').set({ display_name_key: 'hidden' }).where('id', '=', b).execute();
    assert.equal(await byUpn.first(ctx.db, { upn: 'bob@contoso.example' }), undefined);
  });

  test('runs inside the caller’s transaction: a rollback undoes it', async () => {
    const id = await ctx.addUser('cy@contoso.example');
    await assert.rejects(
      ctx.db.transaction().execute(async (trx) => {
        assert.equal(await rename.run(trx, { id, name: 'Renamed' }), 1);
        assert.deepEqual(await byUpn.first(trx, { upn: 'cy@contoso.example' }), { id, display_name: 'Renamed' });
        throw new Error('roll back');
      }),
      /roll back/,
    );
    assert.deepEqual(await byUpn.first(ctx.db, { upn: 'cy@contoso.example' }), { id, display_name: 'cy' });
    assert.equal(await rename.run(ctx.db, { id, name: 'Cy' }), 1);
    assert.equal(await rename.run(ctx.db, { id: 'no-such-id', name: 'x' }), 0);
  });

  test('a missing value is an error, not a NULL bound in its place', async () => {
    await assert.rejects(byUpn.first(ctx.db, {} as { upn: string }), /no value for parameter upn/);
  });
});
