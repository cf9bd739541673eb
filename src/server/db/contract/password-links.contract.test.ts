import assert from 'node:assert/strict';
import { test } from 'node:test';
import { newId } from '../../core/crypto.js';
import { at, race, storeContract, T0, wins } from './fixtures.js';

storeContract('passwordLinks', (ctx) => {
  const link = async (userId: string, tokenHash: string, expiresIn = 3600) => {
    const id = newId();
    await ctx.repos.passwordLinks.create({ id, userId, tokenHash, createdBy: 'admin-1', createdAt: T0, expiresAt: at(expiresIn) });
    return id;
  };

  test('finds a link by its token hash with its times; an unknown hash is undefined', async () => {
    const userId = await ctx.addUser('find@contoso.example');
    const id = await link(userId, 'find-hash');
    assert.deepEqual(await ctx.repos.passwordLinks.findByTokenHash('find-hash'), {
      id,
      userId,
      createdBy: 'admin-1',
      createdAt: T0,
      expiresAt: at(3600),
      usedAt: null,
    });
    assert.equal(await ctx.repos.passwordLinks.findByTokenHash('FIND-HASH'), undefined);
    assert.equal(await ctx.repos.passwordLinks.findByTokenHash('nope'), undefined);
    const raw = await ctx.db.selectFrom('password_link').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    assert.equal(raw.expires_at, '2026-05-01T11:00:00.000Z');
    assert.equal(raw.created_by, 'admin-1');
  });

  test('a token hash is unique', async () => {
    const userId = await ctx.addUser('unique@contoso.example');
    await link(userId, 'same-hash');
    await assert.rejects(link(userId, 'same-hash'));
  });

  test('consume works once, records when, and refuses an unknown link', async () => {
    const userId = await ctx.addUser('consume@contoso.example');
    const id = await link(userId, 'consume-hash');
    assert.equal(await ctx.repos.passwordLinks.consume(id, at(10)), true);
    assert.equal(await ctx.repos.passwordLinks.consume(id, at(11)), false);
    assert.equal((await ctx.repos.passwordLinks.findByTokenHash('consume-hash'))?.usedAt?.toISOString(), at(10).toISOString());
    assert.equal(await ctx.repos.passwordLinks.consume('no-such-link', at(10)), false);
  });

  test('an expired link cannot be consumed, including at its exact expiry', async () => {
    const userId = await ctx.addUser('expired@contoso.example');
    const id = await link(userId, 'expired-hash', 60);
    assert.equal(await ctx.repos.passwordLinks.consume(id, at(60)), false);
    assert.equal(await ctx.repos.passwordLinks.consume(id, at(59.999)), true);
  });

  test('exactly one of concurrent consumers wins (R6)', async () => {
    const userId = await ctx.addUser('race@contoso.example');
    const id = await link(userId, 'race-hash');
    assert.equal(wins(await race(8, (i) => ctx.repos.passwordLinks.consume(id, at(20 + i)))), 1);
  });

  test("revokeForUser voids that user's unused links only and keeps earlier use times", async () => {
    const userId = await ctx.addUser('revoke@contoso.example');
    const other = await ctx.addUser('revoke-other@contoso.example');
    const used = await link(userId, 'rv-used');
    await ctx.repos.passwordLinks.consume(used, at(5));
    const open = await link(userId, 'rv-open');
    const others = await link(other, 'rv-other');
    await ctx.repos.passwordLinks.revokeForUser(userId, at(30));
    assert.equal((await ctx.repos.passwordLinks.findByTokenHash('rv-used'))?.usedAt?.toISOString(), at(5).toISOString());
    assert.equal((await ctx.repos.passwordLinks.findByTokenHash('rv-open'))?.usedAt?.toISOString(), at(30).toISOString());
    assert.equal(await ctx.repos.passwordLinks.consume(open, at(31)), false);
    assert.equal((await ctx.repos.passwordLinks.findByTokenHash('rv-other'))?.usedAt, null);
    assert.equal(await ctx.repos.passwordLinks.consume(others, at(31)), true);
  });

  test('revokeForUser and revokeSentBy count the open links they void; revokeSentBy voids only that sender\u2019s (issue 12, finding 4)', async () => {
    const userId = await ctx.addUser('sent@contoso.example');
    const other = await ctx.addUser('sent-other@contoso.example');
    const sent = (user: string, tokenHash: string, createdBy: string, expiresIn = 3600) =>
      ctx.repos.passwordLinks.create({ id: newId(), userId: user, tokenHash, createdBy, createdAt: T0, expiresAt: at(expiresIn) });
    await sent(userId, 'sb-open', 'sender-1');
    await sent(userId, 'sb-expired', 'sender-1', 10);
    await sent(other, 'sb-other-sender', 'sender-2');
    assert.equal(await ctx.repos.passwordLinks.revokeSentBy('sender-1', at(20)), 1, 'the expired one is closed but not counted');
    assert.equal((await ctx.repos.passwordLinks.findByTokenHash('sb-expired'))?.usedAt?.toISOString(), at(20).toISOString());
    assert.equal((await ctx.repos.passwordLinks.findByTokenHash('sb-other-sender'))?.usedAt, null);
    assert.equal(await ctx.repos.passwordLinks.revokeForUser(other, at(21)), 1);
    assert.equal(await ctx.repos.passwordLinks.revokeForUser(other, at(22)), 0);
  });

  test('deleting the user deletes its links', async () => {
    const userId = await ctx.addUser('cascade@contoso.example');
    await link(userId, 'cascade-hash');
    await ctx.repos.users.delete(userId);
    assert.equal(await ctx.repos.passwordLinks.findByTokenHash('cascade-hash'), undefined);
  });
});
