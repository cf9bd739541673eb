import assert from 'node:assert/strict';
import { test } from 'node:test';
import { at, readAllPages, storeContract } from './fixtures.js';
import type { AuditAction } from '../../../shared/audit.js';

storeContract('audit', (ctx) => {
  test('appends every field and keeps hostile text as inert data, clipped to 512 characters (AU2, AU4)', async () => {
    const hostile = 'evil\r\n{"action":"user.created","outcome":"success"}\u001b[31m';
    await ctx.repos.audit.append(
      {
        // A retired action: the store keeps whatever text an older version wrote.
        action: 'user.sign_in' as AuditAction,
        outcome: 'failure',
        actorId: 'a-1',
        actorName: 'x'.repeat(600),
        targetId: 't-1',
        targetName: hostile,
        ipAddress: '10.0.0.1',
        userAgent: 'y'.repeat(2000),
        correlationId: 'req-1',
        details: { reason: 'wrong_password', n: 3, ok: false, none: null },
      },
      at(1),
    );
    const [e, ...rest] = await ctx.repos.audit.listForTarget('t-1', 10);
    assert.equal(rest.length, 0);
    assert.ok(e);
    assert.equal(e.action, 'user.sign_in');
    assert.equal(e.outcome, 'failure');
    assert.equal(e.actorId, 'a-1');
    assert.equal(e.actorName?.length, 512);
    assert.equal(e.targetName, hostile);
    assert.equal(e.ipAddress, '10.0.0.1');
    assert.equal(e.userAgent?.length, 512);
    assert.equal(e.correlationId, 'req-1');
    assert.equal(e.occurredAt.toISOString(), at(1).toISOString());
    assert.deepEqual(e.details, { reason: 'wrong_password', n: 3, ok: false, none: null });
    const raw = await ctx.db.selectFrom('audit_event').select('occurred_at').where('id', '=', e.id).executeTakeFirstOrThrow();
    assert.equal(raw.occurred_at, '2026-05-01T10:00:01.000Z');
  });

  test('missing optional fields read as null and empty details', async () => {
    await ctx.repos.audit.append({ action: 'bare' as AuditAction, outcome: 'success', targetId: 't-bare' }, at(2));
    const [e] = await ctx.repos.audit.listForTarget('t-bare', 1);
    assert.deepEqual(
      { ...e, id: undefined },
      {
        id: undefined,
        occurredAt: at(2),
        action: 'bare',
        outcome: 'success',
        actorId: null,
        actorName: null,
        targetId: 't-bare',
        targetName: null,
        ipAddress: null,
        userAgent: null,
        correlationId: null,
        details: {},
      },
    );
    assert.deepEqual(await ctx.repos.audit.listForTarget('no-such-target', 10), []);
  });

  test('listForTarget and listRecent are newest first and honour the limit', async () => {
    for (const s of [30, 10, 20]) await ctx.repos.audit.append({ action: `step.${s}` as AuditAction, outcome: 'success', targetId: 't-order' }, at(s));
    assert.deepEqual(
      (await ctx.repos.audit.listForTarget('t-order', 10)).map((e) => e.action),
      ['step.30', 'step.20', 'step.10'],
    );
    assert.deepEqual(
      (await ctx.repos.audit.listForTarget('t-order', 2)).map((e) => e.action),
      ['step.30', 'step.20'],
    );
    await ctx.repos.audit.append({ action: 'latest' as AuditAction, outcome: 'success' }, at(10_000));
    assert.deepEqual(
      (await ctx.repos.audit.listRecent(1)).map((e) => e.action),
      ['latest'],
    );
    assert.equal((await ctx.repos.audit.listRecent(3)).length, 3);
  });

  test('list filters by actor, target, action, outcome and a [from, to) time range', async () => {
    const base = { targetId: 't-filter', outcome: 'success' as const };
    await ctx.repos.audit.append({ ...base, action: 'f.one' as AuditAction, actorId: 'actor-x' }, at(100));
    await ctx.repos.audit.append({ ...base, action: 'f.two' as AuditAction, actorId: 'actor-y', outcome: 'failure' }, at(200));
    await ctx.repos.audit.append({ ...base, action: 'f.one' as AuditAction, actorId: 'actor-y' }, at(300));
    const actions = async (q: Partial<Parameters<typeof ctx.repos.audit.list>[0]>) =>
      (await ctx.repos.audit.list({ targetId: 't-filter', limit: 50, ...q })).map((e) => `${e.action}@${e.occurredAt.getTime() - at(0).getTime()}`);
    assert.deepEqual(await actions({}), ['f.one@300000', 'f.two@200000', 'f.one@100000']);
    assert.deepEqual(await actions({ actorId: 'actor-y' }), ['f.one@300000', 'f.two@200000']);
    assert.deepEqual(await actions({ action: 'f.one' }), ['f.one@300000', 'f.one@100000']);
    assert.deepEqual(await actions({ outcome: 'failure' }), ['f.two@200000']);
    assert.deepEqual(await actions({ from: at(200), to: at(300) }), ['f.two@200000'], 'from is inclusive, to exclusive');
    assert.deepEqual(await actions({ actorId: 'nobody' }), []);
  });

  test('keyset paging with `before` neither repeats nor skips events of the same instant', async () => {
    for (let i = 0; i < 7; i++)
      await ctx.repos.audit.append({ action: `page.${i}` as AuditAction, outcome: 'success', targetId: 't-page' }, at(i < 4 ? 500 : 400));
    const seen = await readAllPages(3, (before) => ctx.repos.audit.list({ targetId: 't-page', limit: 3, before }));
    assert.equal(seen.length, 7);
    assert.equal(new Set(seen).size, 7);
    const all = await ctx.repos.audit.list({ targetId: 't-page', limit: 10 });
    assert.deepEqual(
      seen,
      all.map((e) => e.id),
    );
    const keys = all.map((e) => `${e.occurredAt.toISOString()} ${e.id}`);
    assert.deepEqual(keys, [...keys].sort().reverse(), 'time then id, descending');
  });

  test('deleteOlderThan removes events strictly before the cutoff and counts them', async () => {
    const fresh = await ctx.repos.audit.list({ limit: 1000 });
    const before = fresh.filter((e) => e.occurredAt < at(100)).length;
    assert.ok(before > 0);
    assert.equal(await ctx.repos.audit.deleteOlderThan(at(100)), before);
    const left = await ctx.repos.audit.list({ limit: 1000 });
    assert.equal(left.length, fresh.length - before);
    assert.ok(
      left.some((e) => e.occurredAt.getTime() === at(100).getTime()),
      'an event at the cutoff stays',
    );
    assert.equal(await ctx.repos.audit.deleteOlderThan(at(100)), 0);
  });
});
