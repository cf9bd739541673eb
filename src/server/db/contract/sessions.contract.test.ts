import assert from 'node:assert/strict';
import { test } from 'node:test';
import { newId } from '../../core/crypto.js';
import type { NewSession } from '../../features/auth/session-store.js';
import { at, storeContract, T0 } from './fixtures.js';

storeContract('sessions', (ctx) => {
  const session = (userId: string, tokenHash: string, extra: Partial<NewSession> = {}): NewSession => ({
    id: newId(),
    tokenHash,
    userId,
    scope: 'full',
    createdAt: T0,
    lastSeenAt: T0,
    expiresAt: at(3600),
    ipAddress: '127.0.0.1',
    userAgent: 'test',
    authenticatedAt: T0,
    mfaAt: null,
    ...extra,
  });

  test('round-trips every field by token hash; an unknown hash is undefined', async () => {
    const userId = await ctx.addUser('roundtrip@contoso.example');
    const s = session(userId, 'rt-hash', { scope: 'change_password', lastSeenAt: at(5), ipAddress: null, userAgent: null });
    await ctx.repos.sessions.insert(s);
    const { tokenHash: _ignored, ...expected } = s;
    assert.deepEqual(await ctx.repos.sessions.findByTokenHash('rt-hash'), expected);
    assert.equal(await ctx.repos.sessions.findByTokenHash('RT-HASH'), undefined, 'token hashes are compared exactly');
    assert.equal(await ctx.repos.sessions.findByTokenHash('nope'), undefined);
    const raw = await ctx.db.selectFrom('session').selectAll().where('id', '=', s.id).executeTakeFirstOrThrow();
    assert.equal(raw.created_at, '2026-05-01T10:00:00.000Z');
    assert.equal(raw.expires_at, '2026-05-01T11:00:00.000Z');
  });

  test('an unknown scope in the database reads as full', async () => {
    const userId = await ctx.addUser('scope@contoso.example');
    const s = session(userId, 'scope-hash');
    await ctx.repos.sessions.insert(s);
    await ctx.db.updateTable('session').set({ scope: 'something-else' }).where('id', '=', s.id).execute();
    assert.equal((await ctx.repos.sessions.findByTokenHash('scope-hash'))?.scope, 'full');
  });

  test('recordProof rotates the token, stamps the proofs it is given and widens the scope (SE1)', async () => {
    const userId = await ctx.addUser('proof@contoso.example');
    const s = session(userId, 'proof-old', { scope: 'mfa' });
    await ctx.repos.sessions.insert(s);
    assert.equal(await ctx.repos.sessions.recordProof(s.id, { at: at(60), password: false, mfa: true, tokenHash: 'proof-new', scope: 'full' }), true);
    assert.equal(await ctx.repos.sessions.findByTokenHash('proof-old'), undefined, 'the old token no longer opens the session');
    const after = await ctx.repos.sessions.findByTokenHash('proof-new');
    assert.equal(after?.scope, 'full');
    assert.equal(after?.authenticatedAt.toISOString(), T0.toISOString(), 'no password proof given: unchanged');
    assert.equal(after?.mfaAt?.toISOString(), at(60).toISOString());
    await ctx.repos.sessions.recordProof(s.id, { at: at(120), password: true, mfa: false, tokenHash: 'proof-3' });
    const third = await ctx.repos.sessions.findByTokenHash('proof-3');
    assert.equal(third?.authenticatedAt.toISOString(), at(120).toISOString());
    assert.equal(third?.mfaAt?.toISOString(), at(60).toISOString());
    assert.equal(third?.scope, 'full', 'no scope given: unchanged');
    assert.equal(await ctx.repos.sessions.recordProof('no-such-session', { at: at(1), password: true, mfa: true, tokenHash: 'x' }), false);
  });

  test('a session written before 0014 reads its creation time as its password proof', async () => {
    const userId = await ctx.addUser('legacy@contoso.example');
    const s = session(userId, 'legacy-hash', { createdAt: at(7) });
    await ctx.repos.sessions.insert(s);
    await ctx.db.updateTable('session').set({ authenticated_at: null }).where('id', '=', s.id).execute();
    assert.equal((await ctx.repos.sessions.findByTokenHash('legacy-hash'))?.authenticatedAt.toISOString(), at(7).toISOString());
  });

  test('a token hash is unique', async () => {
    const userId = await ctx.addUser('dup-token@contoso.example');
    await ctx.repos.sessions.insert(session(userId, 'dup-hash'));
    await assert.rejects(ctx.repos.sessions.insert(session(userId, 'dup-hash')));
  });

  test("lists a user's sessions most recently seen first; touch moves one to the front", async () => {
    const userId = await ctx.addUser('list@contoso.example');
    const a = session(userId, 'l-a', { lastSeenAt: at(10) });
    const b = session(userId, 'l-b', { lastSeenAt: at(20) });
    const c = session(userId, 'l-c', { lastSeenAt: at(15) });
    for (const s of [a, b, c]) await ctx.repos.sessions.insert(s);
    assert.deepEqual(
      (await ctx.repos.sessions.listForUser(userId)).map((s) => s.id),
      [b.id, c.id, a.id],
    );
    await ctx.repos.sessions.touch(a.id, at(100));
    assert.deepEqual(
      (await ctx.repos.sessions.listForUser(userId)).map((s) => s.id),
      [a.id, b.id, c.id],
    );
    assert.equal((await ctx.repos.sessions.findByTokenHash('l-a'))?.lastSeenAt.toISOString(), at(100).toISOString());
    await ctx.repos.sessions.touch('no-such-session', at(100));
    assert.deepEqual(await ctx.repos.sessions.listForUser('no-such-user'), []);
  });

  test("deleteForUser removes only the owner's session; deleteAllForUser counts", async () => {
    const owner = await ctx.addUser('owner@contoso.example');
    const other = await ctx.addUser('other@contoso.example');
    const mine = session(owner, 'd-1');
    await ctx.repos.sessions.insert(mine);
    await ctx.repos.sessions.insert(session(owner, 'd-2'));
    await ctx.repos.sessions.insert(session(other, 'd-3'));
    assert.equal(await ctx.repos.sessions.deleteForUser(other, mine.id), false);
    assert.equal(await ctx.repos.sessions.deleteForUser(owner, mine.id), true);
    assert.equal(await ctx.repos.sessions.deleteForUser(owner, mine.id), false, 'already gone');
    assert.equal(await ctx.repos.sessions.deleteAllForUser(owner), 1);
    assert.equal(await ctx.repos.sessions.deleteAllForUser(owner), 0);
    assert.equal((await ctx.repos.sessions.listForUser(other)).length, 1);
  });

  test('revokeAllForUser moves sessions-valid-from and deletes only that user’s sessions', async () => {
    const userId = await ctx.addUser('revoke@contoso.example');
    const other = await ctx.addUser('revoke-other@contoso.example');
    await ctx.repos.sessions.insert(session(userId, 'r-1'));
    await ctx.repos.sessions.insert(session(userId, 'r-2'));
    await ctx.repos.sessions.insert(session(other, 'r-3'));
    await ctx.repos.sessions.revokeAllForUser(userId, at(500));
    assert.deepEqual(await ctx.repos.sessions.listForUser(userId), []);
    assert.equal((await ctx.repos.users.findById(userId))?.sessionsValidFrom.toISOString(), at(500).toISOString());
    assert.equal((await ctx.repos.users.findById(other))?.sessionsValidFrom.toISOString(), T0.toISOString());
    assert.equal((await ctx.repos.sessions.listForUser(other)).length, 1);
    const raw = await ctx.db.selectFrom('app_user').select('sessions_valid_from').where('id', '=', userId).executeTakeFirstOrThrow();
    assert.equal(raw.sessions_valid_from, '2026-05-01T10:08:20.000Z');
  });

  test('deleteExpired removes sessions at or past their absolute or idle deadline, and counts them', async () => {
    const userId = await ctx.addUser('expiry@contoso.example');
    const now = T0; // the other tests' sessions are newer: untouched
    const mk = (hash: string, lastSeen: number, expires: number) =>
      ctx.repos.sessions.insert(session(userId, hash, { lastSeenAt: at(lastSeen), expiresAt: at(expires) }));
    await mk('e-live', -100, 4000);
    await mk('e-idle-edge', -599, 4000); // idle 599 s: kept
    await mk('e-idle', -600, 4000); // idle exactly 600 s: removed
    await mk('e-abs-edge', -100, 0); // expires exactly now: removed
    await mk('e-abs', -100, -50);
    const removed = await ctx.repos.sessions.deleteExpired(now, 600);
    assert.equal(removed, 3);
    const left = (await ctx.repos.sessions.listForUser(userId)).length;
    assert.equal(left, 2);
    assert.ok(await ctx.repos.sessions.findByTokenHash('e-live'));
    assert.ok(await ctx.repos.sessions.findByTokenHash('e-idle-edge'));
    assert.equal(await ctx.repos.sessions.deleteExpired(now, 600), 0);
  });

  test('deleting the user deletes its sessions', async () => {
    const userId = await ctx.addUser('cascade@contoso.example');
    await ctx.repos.sessions.insert(session(userId, 'c-1'));
    await ctx.repos.users.delete(userId);
    assert.equal(await ctx.repos.sessions.findByTokenHash('c-1'), undefined);
  });
});
