import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SignInEvent } from '../../features/sign-ins/store.js';
import { at, race, readAllPages, storeContract } from './fixtures.js';

storeContract('signIns', (ctx) => {
  const event = (extra: Partial<Omit<SignInEvent, 'id'>> = {}): Omit<SignInEvent, 'id'> => ({
    occurredAt: at(0),
    userId: null,
    identifier: 'someone@contoso.example',
    result: 'failure',
    reason: 'wrong_password',
    ipAddress: '10.0.0.1',
    userAgent: 'ua',
    familiar: false,
    correlationId: 'req',
    ...extra,
  });

  test('records every field, clipping the identifier to 256 and the user agent to 512 characters', async () => {
    await ctx.repos.signIns.record(
      event({
        userId: 'u-record',
        identifier: 'i'.repeat(300),
        userAgent: 'u'.repeat(900),
        familiar: true,
        result: 'success',
        reason: 'success',
        occurredAt: at(5),
      }),
    );
    const [e, ...rest] = await ctx.repos.signIns.list({ userId: 'u-record', limit: 10 });
    assert.equal(rest.length, 0);
    assert.ok(e);
    assert.deepEqual(
      { ...e, id: 'x' },
      {
        id: 'x',
        occurredAt: at(5),
        userId: 'u-record',
        identifier: 'i'.repeat(256),
        result: 'success',
        reason: 'success',
        ipAddress: '10.0.0.1',
        userAgent: 'u'.repeat(512),
        familiar: true,
        correlationId: 'req',
        attempts: 1,
        lastOccurredAt: null,
      },
    );
    const raw = await ctx.db.selectFrom('sign_in_event').select(['familiar', 'occurred_at']).where('id', '=', e.id).executeTakeFirstOrThrow();
    assert.equal(raw.familiar, 1);
    assert.equal(raw.occurred_at, '2026-05-01T10:00:05.000Z');
  });

  test('null identifier, address and agent stay null; unfamiliar reads false', async () => {
    await ctx.repos.signIns.record(event({ userId: 'u-null', identifier: null, ipAddress: null, userAgent: null, correlationId: null }));
    const [e] = await ctx.repos.signIns.list({ userId: 'u-null', limit: 1 });
    assert.equal(e?.identifier, null);
    assert.equal(e?.ipAddress, null);
    assert.equal(e?.userAgent, null);
    assert.equal(e?.familiar, false);
    assert.deepEqual(await ctx.repos.signIns.list({ userId: 'nobody', limit: 5 }), []);
  });

  test('list filters by user, result, reason and a [from, to) range, newest first', async () => {
    const u = 'u-filter';
    await ctx.repos.signIns.record(event({ userId: u, occurredAt: at(100), reason: 'wrong_password' }));
    await ctx.repos.signIns.record(event({ userId: u, occurredAt: at(200), reason: 'locked' }));
    await ctx.repos.signIns.record(event({ userId: u, occurredAt: at(300), result: 'success', reason: 'success' }));
    const reasons = async (q: Partial<Parameters<typeof ctx.repos.signIns.list>[0]>) =>
      (await ctx.repos.signIns.list({ userId: u, limit: 10, ...q })).map((e) => e.reason);
    assert.deepEqual(await reasons({}), ['success', 'locked', 'wrong_password']);
    assert.deepEqual(await reasons({ result: 'failure' }), ['locked', 'wrong_password']);
    assert.deepEqual(await reasons({ reason: 'locked' }), ['locked']);
    assert.deepEqual(await reasons({ from: at(100), to: at(300) }), ['locked', 'wrong_password']);
    assert.deepEqual(await reasons({ limit: 1 }), ['success']);
  });

  test('keyset paging with `before` neither repeats nor skips events of the same instant', async () => {
    for (let i = 0; i < 8; i++) await ctx.repos.signIns.record(event({ userId: 'u-page', occurredAt: at(i % 2 ? 700 : 600) }));
    const seen = await readAllPages(3, (before) => ctx.repos.signIns.list({ userId: 'u-page', limit: 3, before }));
    assert.equal(new Set(seen).size, 8);
    assert.deepEqual(
      seen,
      (await ctx.repos.signIns.list({ userId: 'u-page', limit: 20 })).map((e) => e.id),
    );
  });

  test('a device is familiar once remembered, per user; remembering again only moves last seen', async () => {
    const userId = await ctx.addUser('device@contoso.example');
    const other = await ctx.addUser('device-other@contoso.example');
    assert.equal(await ctx.repos.signIns.isFamiliarDevice(userId, 'dev-1'), false);
    await ctx.repos.signIns.rememberDevice(userId, 'dev-1', at(10));
    assert.equal(await ctx.repos.signIns.isFamiliarDevice(userId, 'dev-1'), true);
    assert.equal(await ctx.repos.signIns.isFamiliarDevice(userId, 'DEV-1'), false, 'device hashes are compared exactly');
    assert.equal(await ctx.repos.signIns.isFamiliarDevice(other, 'dev-1'), false);
    await ctx.repos.signIns.rememberDevice(userId, 'dev-1', at(20));
    const rows = await ctx.db.selectFrom('familiar_device').selectAll().where('user_id', '=', userId).execute();
    assert.equal(rows.length, 1);
    assert.equal(rows[0]?.created_at, at(10).toISOString());
    assert.equal(rows[0]?.last_seen_at, at(20).toISOString());
  });

  test('concurrent first sign-ins from one device remember it once, without a unique-key error', async () => {
    const userId = await ctx.addUser('device-race@contoso.example');
    await race(6, (i) => ctx.repos.signIns.rememberDevice(userId, 'dev-race', at(30 + i)));
    const rows = await ctx.db.selectFrom('familiar_device').selectAll().where('user_id', '=', userId).execute();
    assert.equal(rows.length, 1);
  });
});
