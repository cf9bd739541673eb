import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { NewOutboxMessage } from '../../features/notifications/outbox-store.js';
import { at, race, storeContract, wins } from './fixtures.js';

storeContract('outbox', (ctx) => {
  const message = (extra: Partial<NewOutboxMessage> = {}): NewOutboxMessage => ({
    channel: 'email',
    recipient: 'megan@contoso.example',
    template: 'password-changed',
    locale: 'nl',
    payload: { name: 'Megan', count: 2, urgent: true, none: null },
    userId: null,
    ...extra,
  });

  test('enqueue writes a queued message due at once; get round-trips it; an unknown id is undefined', async () => {
    const id = await ctx.repos.outbox.enqueue(message({ channel: 'sms', recipient: '+31612345678', userId: 'u-1' }), at(1));
    assert.deepEqual(await ctx.repos.outbox.get(id), {
      id,
      channel: 'sms',
      recipient: '+31612345678',
      template: 'password-changed',
      locale: 'nl',
      payload: { name: 'Megan', count: 2, urgent: true, none: null },
      status: 'queued',
      attempts: 0,
      nextAttemptAt: at(1),
      lastError: null,
      createdAt: at(1),
      sentAt: null,
      userId: 'u-1',
      subject: null,
    });
    assert.equal(await ctx.repos.outbox.get('no-such-message'), undefined);
    const raw = await ctx.db.selectFrom('outbox').select(['next_attempt_at', 'attempts']).where('id', '=', id).executeTakeFirstOrThrow();
    assert.equal(raw.next_attempt_at, '2026-05-01T10:00:01.000Z');
    assert.equal(typeof raw.attempts, 'number');
  });

  test('an unknown channel in the database reads as email', async () => {
    const id = await ctx.repos.outbox.enqueue(message(), at(1));
    await ctx.db.updateTable('outbox').set({ channel: 'pigeon', status: 'failed' }).where('id', '=', id).execute();
    assert.equal((await ctx.repos.outbox.get(id))?.channel, 'email');
  });

  test('due lists queued messages due by now, oldest due first, limited; decoys never', async () => {
    const early = await ctx.repos.outbox.enqueue(message({ template: 'due.early' }), at(100));
    const late = await ctx.repos.outbox.enqueue(message({ template: 'due.late' }), at(200));
    await ctx.repos.outbox.enqueue(message({ template: 'due.future' }), at(10_000));
    await ctx.repos.outbox.enqueue(message({ template: 'due.decoy', decoy: true }), at(150));
    const due = (await ctx.repos.outbox.due(at(200), 100)).filter((m) => m.template.startsWith('due.'));
    assert.deepEqual(
      due.map((m) => m.id),
      [early, late],
      'due exactly at next_attempt_at counts',
    );
    assert.equal((await ctx.repos.outbox.due(at(200), 1)).length, 1);
  });

  test('claim leases a due message once; it is due again only after the lease expires', async () => {
    const id = await ctx.repos.outbox.enqueue(message(), at(300));
    assert.equal(await ctx.repos.outbox.claim(id, at(299), at(400)), false, 'not yet due');
    assert.equal(await ctx.repos.outbox.claim(id, at(300), at(400)), true);
    let m = await ctx.repos.outbox.get(id);
    assert.equal(m?.status, 'sending');
    assert.equal(m?.attempts, 1);
    assert.equal(await ctx.repos.outbox.claim(id, at(350), at(450)), false, 'leased');
    assert.ok(!(await ctx.repos.outbox.due(at(399), 1000)).some((x) => x.id === id));
    assert.ok(
      (await ctx.repos.outbox.due(at(400), 1000)).some((x) => x.id === id),
      'a crashed worker’s message comes back',
    );
    assert.equal(await ctx.repos.outbox.claim(id, at(400), at(500)), true);
    m = await ctx.repos.outbox.get(id);
    assert.equal(m?.attempts, 2);
    assert.equal(await ctx.repos.outbox.claim('no-such-message', at(400), at(500)), false);
  });

  test('exactly one of concurrent workers claims a message', async () => {
    const id = await ctx.repos.outbox.enqueue(message(), at(600));
    const results = await race(8, () => ctx.repos.outbox.claim(id, at(600), at(700)));
    assert.equal(wins(results), 1);
    assert.equal((await ctx.repos.outbox.get(id))?.attempts, 1);
  });

  test('markSent, markRetry and markFailed set status, times and errors (clipped to 1000)', async () => {
    const sent = await ctx.repos.outbox.enqueue(message(), at(1));
    await ctx.repos.outbox.claim(sent, at(1), at(60));
    await ctx.repos.outbox.markSent(sent, at(2), 'Your password changed');
    const s = await ctx.repos.outbox.get(sent);
    assert.equal(s?.status, 'sent');
    assert.equal(s?.sentAt?.toISOString(), at(2).toISOString());
    assert.equal(s?.subject, 'Your password changed');
    assert.equal(s?.lastError, null);
    assert.equal(await ctx.repos.outbox.claim(sent, at(100_000), at(100_060)), false, 'a sent message is never due again');

    const retry = await ctx.repos.outbox.enqueue(message(), at(1));
    await ctx.repos.outbox.claim(retry, at(1), at(60));
    await ctx.repos.outbox.markRetry(retry, at(120), 'e'.repeat(1500));
    const r = await ctx.repos.outbox.get(retry);
    assert.equal(r?.status, 'queued');
    assert.equal(r?.nextAttemptAt.toISOString(), at(120).toISOString());
    assert.equal(r?.lastError?.length, 1000);
    assert.equal(await ctx.repos.outbox.claim(retry, at(119), at(200)), false);
    assert.equal(await ctx.repos.outbox.claim(retry, at(120), at(200)), true);

    await ctx.repos.outbox.markFailed(retry, 'gave up');
    const f = await ctx.repos.outbox.get(retry);
    assert.equal(f?.status, 'failed');
    assert.equal(f?.lastError, 'gave up');
    assert.equal(await ctx.repos.outbox.claim(retry, at(100_000), at(100_060)), false);
    const raw = await ctx.db.selectFrom('outbox').select('claimed_until').where('id', '=', retry).executeTakeFirstOrThrow();
    assert.equal(raw.claimed_until, null);
  });

  test('logAttempt and attemptsOf: attempts per message in time order; unknown ids get none', async () => {
    const a = await ctx.repos.outbox.enqueue(message(), at(1));
    const b = await ctx.repos.outbox.enqueue(message(), at(1));
    await ctx.repos.outbox.logAttempt(a, { attemptedAt: at(20), outcome: 'sent', detail: null });
    await ctx.repos.outbox.logAttempt(a, { attemptedAt: at(10), outcome: 'retry', detail: 'd'.repeat(1200) });
    const attempts = await ctx.repos.outbox.attemptsOf([a, b, 'unknown']);
    assert.deepEqual(
      attempts.get(a)?.map((x) => [x.attemptedAt.toISOString(), x.outcome, x.detail?.length ?? null]),
      [
        [at(10).toISOString(), 'retry', 1000],
        [at(20).toISOString(), 'sent', null],
      ],
    );
    assert.deepEqual(attempts.get(b), []);
    assert.deepEqual(attempts.get('unknown'), []);
    assert.deepEqual(await ctx.repos.outbox.attemptsOf([]), new Map());
  });

  test('list is newest first, pages with `before`, filters by status and never shows decoys', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push(await ctx.repos.outbox.enqueue(message({ template: 'list' }), at(50_000 + i)));
    const decoy = await ctx.repos.outbox.enqueue(message({ decoy: true }), at(60_000));
    const top = await ctx.repos.outbox.list({ limit: 3 });
    assert.deepEqual(
      top.map((m) => m.id),
      [...ids].reverse(),
    );
    const older = await ctx.repos.outbox.list({ limit: 2, before: at(50_002).toISOString() });
    assert.deepEqual(
      older.map((m) => m.id),
      [ids[1], ids[0]],
    );
    await ctx.repos.outbox.markFailed(ids[1]!, 'x');
    assert.deepEqual((await ctx.repos.outbox.list({ limit: 100, status: 'failed', before: at(60_000).toISOString() })).map((m) => m.id)[0], ids[1]);
    assert.ok(!(await ctx.repos.outbox.list({ limit: 1000 })).some((m) => m.id === decoy));
  });

  test('deleteDecoysBefore removes only decoys written before the cutoff', async () => {
    const old = await ctx.repos.outbox.enqueue(message({ decoy: true }), at(70_000));
    const fresh = await ctx.repos.outbox.enqueue(message({ decoy: true }), at(70_010));
    const real = await ctx.repos.outbox.enqueue(message(), at(70_000));
    const before = await ctx.db.selectFrom('outbox').select('id').where('status', '=', 'decoy').where('created_at', '<', at(70_010).toISOString()).execute();
    assert.equal(await ctx.repos.outbox.deleteDecoysBefore(at(70_010)), before.length);
    assert.equal(await ctx.repos.outbox.get(old), undefined);
    assert.ok(await ctx.repos.outbox.get(fresh));
    assert.ok(await ctx.repos.outbox.get(real));
  });

  test('the dev mailbox lists mail newest first, optionally for one recipient', async () => {
    await ctx.repos.outbox.saveDevMail({ outboxId: null, recipient: 'a@contoso.example', subject: 'First', text: 't1', html: '<p>1</p>' }, at(1));
    await ctx.repos.outbox.saveDevMail({ outboxId: 'o-2', recipient: 'b@contoso.example', subject: 'Second', text: 't2', html: '<p>2</p>' }, at(2));
    await ctx.repos.outbox.saveDevMail({ outboxId: null, recipient: 'a@contoso.example', subject: 'Third', text: 't3', html: '<p>3</p>' }, at(3));
    assert.deepEqual(
      (await ctx.repos.outbox.listDevMail(10)).map((m) => m.subject),
      ['Third', 'Second', 'First'],
    );
    assert.deepEqual(
      (await ctx.repos.outbox.listDevMail(1)).map((m) => m.subject),
      ['Third'],
    );
    const mine = await ctx.repos.outbox.listDevMail(10, 'a@contoso.example');
    assert.deepEqual(
      mine.map((m) => [m.subject, m.text, m.html, m.createdAt.toISOString()]),
      [
        ['Third', 't3', '<p>3</p>', at(3).toISOString()],
        ['First', 't1', '<p>1</p>', at(1).toISOString()],
      ],
    );
    assert.deepEqual(await ctx.repos.outbox.listDevMail(10, 'nobody@contoso.example'), []);
  });
});
