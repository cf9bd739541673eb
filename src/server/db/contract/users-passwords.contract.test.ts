import assert from 'node:assert/strict';
import { test } from 'node:test';
import { at, race, storeContract, T0, wins } from './fixtures.js';

// The user store's password state: flags, hashes, the compare-and-set change, expiry reminders.

storeContract('users (password state)', (ctx) => {
  test('setFlags sets each given flag as 0/1 and leaves the others; no flags changes nothing', async () => {
    const id = await ctx.addUser('flags@contoso.example');
    await ctx.repos.users.setFlags(id, { forceChangePassword: true, disableStrongPassword: true }, at(10));
    let u = await ctx.repos.users.findById(id);
    assert.deepEqual([u?.forceChangePassword, u?.disableStrongPassword, u?.disablePasswordExpiration, u?.accountEnabled], [true, true, false, true]);
    assert.equal(u?.updatedAt.toISOString(), at(10).toISOString());
    await ctx.repos.users.setFlags(id, { accountEnabled: false, disablePasswordExpiration: true, forceChangePassword: false }, at(20));
    u = await ctx.repos.users.findById(id);
    assert.deepEqual([u?.forceChangePassword, u?.disableStrongPassword, u?.disablePasswordExpiration, u?.accountEnabled], [false, true, true, false]);
    await ctx.repos.users.setFlags(id, {}, at(30));
    assert.equal((await ctx.repos.users.findById(id))?.updatedAt.toISOString(), at(20).toISOString());
    const raw = await ctx.db.selectFrom('app_user').select(['account_enabled', 'disable_password_expiration']).where('id', '=', id).executeTakeFirstOrThrow();
    assert.deepEqual(raw, { account_enabled: 0, disable_password_expiration: 1 });
  });

  test('setPasswordHash: a change records its time, a rehash does not', async () => {
    const id = await ctx.addUser('rehash@contoso.example');
    await ctx.repos.users.setPasswordHash(id, 'hash-1', at(60), { changed: true });
    let u = await ctx.repos.users.findById(id);
    assert.equal(u?.passwordHash, 'hash-1');
    assert.equal(u?.lastPasswordChangeAt?.toISOString(), at(60).toISOString());
    await ctx.repos.users.setPasswordHash(id, 'hash-2', at(120), { changed: false });
    u = await ctx.repos.users.findById(id);
    assert.equal(u?.passwordHash, 'hash-2');
    assert.equal(u?.lastPasswordChangeAt?.toISOString(), at(60).toISOString(), 'a rehash is not a password change');
    assert.equal(u?.updatedAt.toISOString(), at(120).toISOString());
  });

  test('setPreferredLanguage', async () => {
    const id = await ctx.addUser('language@contoso.example');
    await ctx.repos.users.setPreferredLanguage(id, 'nl', at(5));
    const u = await ctx.repos.users.findById(id);
    assert.equal(u?.preferredLanguage, 'nl');
    assert.equal(u?.updatedAt.toISOString(), at(5).toISOString());
  });

  test('replacePassword is a compare-and-set on the current hash (also when there is none)', async () => {
    const id = await ctx.addUser('replace@contoso.example');
    assert.equal(await ctx.repos.users.replacePassword(id, 'wrong', 'h1', at(1), { forceChange: false }), false);
    assert.equal(await ctx.repos.users.replacePassword(id, null, 'h1', at(2), { forceChange: true }), true);
    let u = await ctx.repos.users.findById(id);
    assert.deepEqual([u?.passwordHash, u?.forceChangePassword, u?.lastPasswordChangeAt?.toISOString()], ['h1', true, at(2).toISOString()]);
    assert.equal(await ctx.repos.users.replacePassword(id, null, 'h2', at(3), { forceChange: false }), false, 'there is a hash now');
    assert.equal(await ctx.repos.users.replacePassword(id, 'h1', 'h2', at(4), { forceChange: false }), true);
    u = await ctx.repos.users.findById(id);
    assert.deepEqual([u?.passwordHash, u?.forceChangePassword], ['h2', false]);
    assert.equal(await ctx.repos.users.replacePassword('no-such-user', null, 'h', at(5), { forceChange: false }), false);
  });

  test('exactly one of concurrent password changes from the same hash wins', async () => {
    const id = await ctx.addUser('replace-race@contoso.example', { passwordHash: 'start' });
    const results = await race(8, (i) => ctx.repos.users.replacePassword(id, 'start', `new-${i}`, at(10 + i), { forceChange: false }));
    assert.equal(wins(results), 1);
    assert.equal((await ctx.repos.users.findById(id))?.passwordHash, `new-${results.indexOf(true)}`);
  });

  test('dueForExpiryReminder: changed in [from, before), expiring, enabled, with a password, not yet reminded; oldest first', async () => {
    const mk = (name: string, changedAt: number, extra: Parameters<typeof ctx.addUser>[1] = {}) =>
      ctx.addUser(`due-${name}@contoso.example`, { passwordHash: 'h', now: at(changedAt), ...extra });
    const first = await mk('first', 100);
    const second = await mk('second', 150);
    await mk('edge-before', 200);
    await mk('too-old', 99);
    await mk('never-expires', 120, { disablePasswordExpiration: true });
    await mk('disabled', 120, { accountEnabled: false });
    await ctx.addUser('due-no-password@contoso.example', { now: at(120) });
    const ids = async (limit = 50) => (await ctx.repos.users.dueForExpiryReminder(at(100), at(200), limit)).map((u) => u.id);
    assert.deepEqual(await ids(), [first, second]);
    assert.deepEqual(await ids(1), [first]);
    assert.equal(await ctx.repos.users.markExpiryReminded(first, at(100)), true);
    assert.deepEqual(await ids(), [second], 'reminded once per password');
  });

  test('markExpiryReminded: once per password change; a new password makes the user due again', async () => {
    const id = await ctx.addUser('remind@contoso.example', { passwordHash: 'h', now: at(1000) });
    assert.equal(await ctx.repos.users.markExpiryReminded(id, at(999)), false, 'not the current password');
    assert.equal(await ctx.repos.users.markExpiryReminded(id, at(1000)), true);
    assert.equal(await ctx.repos.users.markExpiryReminded(id, at(1000)), false);
    await ctx.repos.users.setPasswordHash(id, 'h2', at(2000), { changed: true });
    assert.deepEqual(
      (await ctx.repos.users.dueForExpiryReminder(at(2000), at(2001), 10)).map((u) => u.id),
      [id],
    );
    assert.equal(wins(await race(6, () => ctx.repos.users.markExpiryReminded(id, at(2000)))), 1, 'one server sends it');
    assert.deepEqual(await ctx.repos.users.dueForExpiryReminder(at(2000), at(2001), 10), []);
    assert.equal(await ctx.repos.users.markExpiryReminded('no-such-user', T0), false);
  });
});
