import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SignInEvent } from '../../features/sign-ins/store.js';
import { at, race, storeContract } from './fixtures.js';

/**
 * Issue 12 finding 9 (checklist AU1, L4): rate-limited refusals are one row per account (or
 * address) and window with a count, also when they arrive together; the sign-in log, finished
 * outbox messages and the dev mailbox are deleted after their retention.
 */
storeContract('sign-in aggregation and retention', (ctx) => {
  const refused = (extra: Partial<Omit<SignInEvent, 'id'>> = {}): Omit<SignInEvent, 'id'> => ({
    occurredAt: at(0),
    userId: null,
    identifier: 'someone@contoso.example',
    result: 'failure',
    reason: 'rate_limited',
    ipAddress: '203.0.113.7',
    userAgent: 'A'.repeat(512),
    familiar: false,
    correlationId: 'req',
    ...extra,
  });
  const rowsOf = (userId: string) => ctx.db.selectFrom('sign_in_event').selectAll().where('user_id', '=', userId).orderBy('occurred_at').execute();

  test('40 refusals sent together for one account and address: one row counting 40', async () => {
    await race(40, (i) => ctx.repos.signIns.record(refused({ userId: 'u-agg', occurredAt: at(1 + (i % 30)), correlationId: `r${i}` })));
    const rows = await rowsOf('u-agg');
    assert.equal(rows.length, 1);
    assert.equal(Number(rows[0]!.attempts), 40);
    assert.equal(rows[0]!.user_agent?.length, 512, 'the agent is stored once');
    const [listed] = await ctx.repos.signIns.list({ userId: 'u-agg', limit: 5 });
    assert.equal(listed?.attempts, 40);
    assert.ok(listed.lastOccurredAt && listed.lastOccurredAt >= listed.occurredAt);
  });

  test('one row per address, per window; ordinary failures stay one row each', async () => {
    for (let i = 0; i < 5; i++) await ctx.repos.signIns.record(refused({ userId: 'u-win', ipAddress: '203.0.113.8' }));
    for (let i = 0; i < 5; i++) await ctx.repos.signIns.record(refused({ userId: 'u-win', ipAddress: '203.0.113.9' }));
    for (let i = 0; i < 5; i++) await ctx.repos.signIns.record(refused({ userId: 'u-win', ipAddress: '203.0.113.9', occurredAt: at(600 + i) }));
    for (let i = 0; i < 3; i++) await ctx.repos.signIns.record(refused({ userId: 'u-win', reason: 'wrong_password' }));
    const rows = await rowsOf('u-win');
    assert.deepEqual(rows.map((r) => [r.reason, r.ip_address, Number(r.attempts)]).sort(), [
      ['rate_limited', '203.0.113.8', 5],
      ['rate_limited', '203.0.113.9', 5],
      ['rate_limited', '203.0.113.9', 5],
      ['wrong_password', '203.0.113.7', 1],
      ['wrong_password', '203.0.113.7', 1],
      ['wrong_password', '203.0.113.7', 1],
    ]);
  });

  test('names matching no account are counted per address: varying the name makes no new rows', async () => {
    await race(30, (i) => ctx.repos.signIns.record(refused({ identifier: `guess${i}@contoso.example`, ipAddress: '198.51.100.1', occurredAt: at(3000) })));
    const rows = await ctx.db.selectFrom('sign_in_event').selectAll().where('ip_address', '=', '198.51.100.1').execute();
    assert.equal(rows.length, 1);
    assert.equal(Number(rows[0]!.attempts), 30);
  });

  test('deleteOlderThan: events before the cutoff go, an aggregated row still counting stays', async () => {
    await ctx.repos.signIns.record(refused({ userId: 'u-ret', reason: 'wrong_password', occurredAt: at(-86_400) }));
    await ctx.repos.signIns.record(refused({ userId: 'u-ret', reason: 'wrong_password', occurredAt: at(86_400) }));
    // Opened before the cutoff, last counted after it.
    await ctx.repos.signIns.record(refused({ userId: 'u-ret', occurredAt: at(86_400 * 2 + 60) }));
    await ctx.repos.signIns.record(refused({ userId: 'u-ret', occurredAt: at(86_400 * 2 + 180) }));
    const deleted = await ctx.repos.signIns.deleteOlderThan(at(86_400 * 2 + 120));
    assert.ok(deleted >= 2, `deleted ${deleted}`);
    const rows = await rowsOf('u-ret');
    assert.deepEqual(
      rows.map((r) => [r.reason, Number(r.attempts)]),
      [['rate_limited', 2]],
    );
  });

  test('outbox: sent and failed messages (and their attempts) go after retention; queued ones stay', async () => {
    const old = at(-40 * 86_400);
    const message = (recipient: string) => ({ channel: 'email' as const, recipient, template: 't', locale: 'en', payload: {}, userId: null });
    const sent = await ctx.repos.outbox.enqueue(message('sent@contoso.example'), old);
    await ctx.repos.outbox.markSent(sent, old, 'subject');
    await ctx.repos.outbox.logAttempt(sent, { attemptedAt: old, outcome: 'sent', detail: null });
    const failed = await ctx.repos.outbox.enqueue(message('failed@contoso.example'), old);
    await ctx.repos.outbox.markFailed(failed, 'gone');
    const queued = await ctx.repos.outbox.enqueue(message('queued@contoso.example'), old);
    const fresh = await ctx.repos.outbox.enqueue(message('fresh@contoso.example'), at(0));
    await ctx.repos.outbox.markSent(fresh, at(0), 'subject');
    assert.equal(await ctx.repos.outbox.deleteFinishedBefore(at(-30 * 86_400)), 2);
    assert.equal(await ctx.repos.outbox.get(sent), undefined);
    assert.equal(await ctx.repos.outbox.get(failed), undefined);
    assert.equal((await ctx.repos.outbox.get(queued))?.status, 'queued');
    assert.equal((await ctx.repos.outbox.get(fresh))?.status, 'sent');
    assert.equal((await ctx.db.selectFrom('outbox_attempt').selectAll().where('outbox_id', '=', sent).execute()).length, 0);
  });

  test('dev mailbox: messages go after retention', async () => {
    await ctx.repos.outbox.saveDevMail({ outboxId: null, recipient: 'old@contoso.example', subject: 's', text: 'code 12345678', html: '' }, at(-8 * 86_400));
    await ctx.repos.outbox.saveDevMail({ outboxId: null, recipient: 'new@contoso.example', subject: 's', text: 'code 87654321', html: '' }, at(0));
    assert.equal(await ctx.repos.outbox.deleteDevMailBefore(at(-7 * 86_400)), 1);
    assert.deepEqual(
      (await ctx.repos.outbox.listDevMail(10)).map((m) => m.recipient),
      ['new@contoso.example'],
    );
  });
});
