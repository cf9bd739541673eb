import assert from 'node:assert/strict';
import { test } from 'node:test';
import { newId } from '../../core/crypto.js';
import { assertPostgresInCi } from '../../testing/databases.js';
import { at, storeContract, T0 } from './fixtures.js';

test('the PostgreSQL suites are not skipped under CI', () => {
  assertPostgresInCi();
});

storeContract('transactions (Repos)', (ctx) => {
  test('a failed unit of work leaves nothing behind', async () => {
    const id = newId();
    await assert.rejects(
      ctx.transact(async (tx) => {
        await tx.users.insert({ id, userPrincipalName: 'rollback@contoso.example', displayName: 'R', passwordHash: null, forceChangePassword: false, now: T0 });
        await tx.audit.append({ action: 'user.created', outcome: 'success', targetId: id }, T0);
        throw new Error('boom');
      }),
      /boom/,
    );
    assert.equal(await ctx.repos.users.findById(id), undefined);
    assert.equal(await ctx.repos.users.findBySignInName('rollback@contoso.example'), undefined);
    assert.equal((await ctx.repos.audit.listForTarget(id, 5)).length, 0);
  });

  test('a committed unit of work is visible afterwards, with its result returned', async () => {
    const id = newId();
    const result = await ctx.transact(async (tx) => {
      await tx.users.insert({ id, userPrincipalName: 'commit@contoso.example', displayName: 'C', passwordHash: null, forceChangePassword: false, now: T0 });
      await tx.audit.append({ action: 'user.created', outcome: 'success', targetId: id }, at(1));
      return 'done';
    });
    assert.equal(result, 'done');
    assert.equal((await ctx.repos.users.findById(id))?.userPrincipalName, 'commit@contoso.example');
    assert.deepEqual(
      (await ctx.repos.audit.listForTarget(id, 5)).map((e) => e.action),
      ['user.created'],
    );
  });
});
