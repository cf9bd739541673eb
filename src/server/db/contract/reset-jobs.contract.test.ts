import assert from 'node:assert/strict';
import { test } from 'node:test';
import { newId } from '../../core/crypto.js';
import type { ResetJobItem } from '../../features/admin-reset/job-store.js';
import { at, race, storeContract, T0, wins } from './fixtures.js';

storeContract('resetJobs', (ctx) => {
  const createJob = async (items: Omit<ResetJobItem, 'sealedPassword'>[], extra: { createdAt?: Date } = {}) => {
    const id = newId();
    await ctx.repos.resetJobs.create(
      {
        id,
        createdBy: 'admin-1',
        createdByName: 'Admin One',
        createdAt: extra.createdAt ?? T0,
        options: { autoGenerate: true, forceChangePasswordNextSignIn: false },
        sealedPassword: 'sealed-job',
        total: items.length,
      },
      items,
    );
    return id;
  };
  const pending = (n: number, from = 1) =>
    Array.from({ length: n }, (_, i) => ({
      seq: from + i,
      userId: `u-${from + i}`,
      userPrincipalName: `user${from + i}@contoso.example`,
      status: 'pending' as const,
      reason: null,
    }));

  test('get round-trips a new job as running; an unknown job is undefined and counts as empty', async () => {
    const id = await createJob(pending(2));
    assert.deepEqual(await ctx.repos.resetJobs.get(id), {
      id,
      createdBy: 'admin-1',
      createdByName: 'Admin One',
      createdAt: T0,
      status: 'running',
      options: { autoGenerate: true, forceChangePasswordNextSignIn: false },
      sealedPassword: 'sealed-job',
      total: 2,
      finishedAt: null,
      pausedUntil: null,
      pausedReason: null,
    });
    assert.equal(await ctx.repos.resetJobs.get('no-such-job'), undefined);
    assert.deepEqual(await ctx.repos.resetJobs.counts('no-such-job'), { pending: 0, reset: 0, skipped: 0, failed: 0 });
    assert.deepEqual(await ctx.repos.resetJobs.items('no-such-job', 0, 10), []);
  });

  test('creates more than one chunk of items; counts by status; items page by numeric seq', async () => {
    const items = [...pending(520), { seq: 521, userId: null, userPrincipalName: 'ghost@contoso.example', status: 'skipped' as const, reason: 'not_found' }];
    const id = await createJob(items);
    assert.deepEqual(await ctx.repos.resetJobs.counts(id), { pending: 520, reset: 0, skipped: 1, failed: 0 });
    const first = await ctx.repos.resetJobs.items(id, 0, 12);
    assert.deepEqual(
      first.map((i) => i.seq),
      [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12],
      'numeric, not text, order',
    );
    assert.deepEqual(
      (await ctx.repos.resetJobs.items(id, 515, 100)).map((i) => i.seq),
      [516, 517, 518, 519, 520, 521],
    );
    const [ghost] = await ctx.repos.resetJobs.items(id, 520, 1);
    assert.deepEqual(ghost, {
      seq: 521,
      userId: null,
      userPrincipalName: 'ghost@contoso.example',
      status: 'skipped',
      reason: 'not_found',
      sealedPassword: null,
    });
    const raw = await ctx.db.selectFrom('reset_job_item').select('completed_at').where('job_id', '=', id).where('seq', '=', 521).executeTakeFirstOrThrow();
    assert.equal(raw.completed_at, T0.toISOString(), 'an item decided at creation is complete then');
  });

  test('completeItem completes a pending item exactly once; pendingItems skip it', async () => {
    const id = await createJob(pending(4));
    assert.equal(await ctx.repos.resetJobs.completeItem(id, 2, { status: 'reset', reason: null, sealedPassword: 'sealed-2' }, at(5)), true);
    assert.equal(await ctx.repos.resetJobs.completeItem(id, 2, { status: 'failed', reason: 'again', sealedPassword: null }, at(6)), false);
    assert.equal(await ctx.repos.resetJobs.completeItem(id, 99, { status: 'failed', reason: null, sealedPassword: null }, at(6)), false);
    assert.equal(await ctx.repos.resetJobs.completeItem(id, 3, { status: 'failed', reason: 'protected', sealedPassword: null }, at(7)), true);
    assert.deepEqual(
      (await ctx.repos.resetJobs.pendingItems(id, 10)).map((i) => i.seq),
      [1, 4],
    );
    assert.deepEqual(
      (await ctx.repos.resetJobs.pendingItems(id, 1)).map((i) => i.seq),
      [1],
    );
    assert.deepEqual(await ctx.repos.resetJobs.counts(id), { pending: 2, reset: 1, skipped: 0, failed: 1 });
    const [two] = await ctx.repos.resetJobs.items(id, 1, 1);
    assert.deepEqual(two, { seq: 2, userId: 'u-2', userPrincipalName: 'user2@contoso.example', status: 'reset', reason: null, sealedPassword: 'sealed-2' });
  });

  test('exactly one of concurrent workers completes an item', async () => {
    const id = await createJob(pending(1));
    const results = await race(8, (i) => ctx.repos.resetJobs.completeItem(id, 1, { status: 'reset', reason: null, sealedPassword: `sealed-${i}` }, at(i)));
    assert.equal(wins(results), 1);
    const [item] = await ctx.repos.resetJobs.items(id, 0, 1);
    assert.equal(item?.sealedPassword, `sealed-${results.indexOf(true)}`);
  });

  test('claim: a free or expired lease is taken, the holder renews, others are refused', async () => {
    const id = await createJob(pending(1), { createdAt: at(-100) });
    assert.ok((await ctx.repos.resetJobs.claimable(at(0))).includes(id));
    assert.equal(await ctx.repos.resetJobs.claim(id, 'server-a', at(0), at(30)), true);
    assert.ok(!(await ctx.repos.resetJobs.claimable(at(29))).includes(id));
    assert.equal(await ctx.repos.resetJobs.claim(id, 'server-b', at(29), at(60)), false);
    assert.equal(await ctx.repos.resetJobs.claim(id, 'server-a', at(29), at(60)), true, 'renewal');
    assert.ok((await ctx.repos.resetJobs.claimable(at(60))).includes(id), 'expires at lease_until');
    assert.equal(await ctx.repos.resetJobs.claim(id, 'server-b', at(60), at(90)), true);
    assert.equal(await ctx.repos.resetJobs.claim('no-such-job', 'server-b', at(60), at(90)), false);
  });

  test('exactly one of concurrent servers takes a free job', async () => {
    const id = await createJob(pending(1));
    const results = await race(8, (i) => ctx.repos.resetJobs.claim(id, `server-${i}`, at(0), at(30)));
    assert.equal(wins(results), 1);
    assert.equal(await ctx.repos.resetJobs.claim(id, `server-${results.indexOf(true)}`, at(1), at(31)), true, 'the winner holds the lease');
  });

  test('claimable lists running jobs oldest first', async () => {
    const newer = await createJob(pending(1), { createdAt: at(-10) });
    const older = await createJob(pending(1), { createdAt: at(-20) });
    const ids = (await ctx.repos.resetJobs.claimable(at(100_000))).filter((x) => x === newer || x === older);
    assert.deepEqual(ids, [older, newer]);
  });

  test('finish completes the job, clears its lease and sealed password; it can no longer be claimed', async () => {
    const id = await createJob(pending(1));
    await ctx.repos.resetJobs.claim(id, 'server-a', at(0), at(30));
    await ctx.repos.resetJobs.finish(id, at(10));
    const job = await ctx.repos.resetJobs.get(id);
    assert.equal(job?.status, 'completed');
    assert.equal(job?.finishedAt?.toISOString(), at(10).toISOString());
    assert.equal(job?.sealedPassword, null);
    assert.equal(await ctx.repos.resetJobs.claim(id, 'server-a', at(100), at(130)), false);
    assert.ok(!(await ctx.repos.resetJobs.claimable(at(100))).includes(id));
    const raw = await ctx.db.selectFrom('reset_job').select(['lease_owner', 'lease_until', 'finished_at']).where('id', '=', id).executeTakeFirstOrThrow();
    assert.deepEqual(raw, { lease_owner: null, lease_until: null, finished_at: '2026-05-01T10:00:10.000Z' });
  });

  test('takePasswords returns the sealed passwords in item order, once', async () => {
    const id = await createJob(pending(3));
    await ctx.repos.resetJobs.completeItem(id, 3, { status: 'reset', reason: null, sealedPassword: 's3' }, at(1));
    await ctx.repos.resetJobs.completeItem(id, 1, { status: 'reset', reason: null, sealedPassword: 's1' }, at(2));
    await ctx.repos.resetJobs.completeItem(id, 2, { status: 'failed', reason: 'x', sealedPassword: null }, at(3));
    assert.deepEqual(await ctx.repos.resetJobs.takePasswords(id), [
      { userId: 'u-1', userPrincipalName: 'user1@contoso.example', sealedPassword: 's1', completedAt: at(2) },
      { userId: 'u-3', userPrincipalName: 'user3@contoso.example', sealedPassword: 's3', completedAt: at(1) },
    ]);
    assert.deepEqual(await ctx.repos.resetJobs.takePasswords(id), []);
    assert.deepEqual(
      (await ctx.repos.resetJobs.items(id, 0, 10)).map((i) => i.sealedPassword),
      [null, null, null],
    );
    assert.deepEqual(await ctx.repos.resetJobs.takePasswords('no-such-job'), []);
  });

  test('concurrent reads of the passwords (each in its own transaction, as the service does) hand them out once', async () => {
    const id = await createJob(pending(2));
    await ctx.repos.resetJobs.completeItem(id, 1, { status: 'reset', reason: null, sealedPassword: 's1' }, at(1));
    await ctx.repos.resetJobs.completeItem(id, 2, { status: 'reset', reason: null, sealedPassword: 's2' }, at(1));
    const results = await race(6, () => ctx.transact((tx) => tx.resetJobs.takePasswords(id)));
    assert.equal(results.filter((r) => r.length > 0).length, 1, `handed out ${results.map((r) => r.length).join(',')}`);
    assert.equal(results.flat().length, 2);
  });

  test('cancelRunningOf skips the pending items of that creator\u2019s running jobs and marks them cancelled (issue 12, finding 5)', async () => {
    const id = await createJob(pending(3));
    await ctx.repos.resetJobs.completeItem(id, 1, { status: 'reset', reason: null, sealedPassword: 's1' }, at(1));
    const done = await createJob(pending(1, 10));
    await ctx.repos.resetJobs.finish(done, at(2));
    const cancelled = await ctx.repos.resetJobs.cancelRunningOf('admin-1', at(5));
    assert.deepEqual(
      cancelled.find((c) => c.id === id),
      { id, skipped: 2 },
    );
    assert.ok(!cancelled.some((c) => c.id === done), 'a finished job is left alone');
    assert.deepEqual(await ctx.repos.resetJobs.counts(id), { pending: 0, reset: 1, skipped: 2, failed: 0 });
    const job = await ctx.repos.resetJobs.get(id);
    assert.equal(job?.status, 'cancelled');
    assert.equal(job?.sealedPassword, null, 'the chosen password is erased');
    await ctx.repos.resetJobs.finish(id, at(6));
    assert.equal((await ctx.repos.resetJobs.get(id))?.status, 'cancelled', 'the runner finishing its last item leaves it cancelled');
    assert.ok(!(await ctx.repos.resetJobs.claimable(at(100))).includes(id));
    assert.equal(
      await ctx.repos.resetJobs.completeItem(id, 2, { status: 'reset', reason: null, sealedPassword: 'late' }, at(6)),
      false,
      'in-flight items lose',
    );
    assert.deepEqual(await ctx.repos.resetJobs.cancelRunningOf('admin-1', at(7)), [], 'nothing left running');
  });

  test('eraseSealedBefore erases only passwords completed before the cutoff, per job', async () => {
    const id = await createJob(pending(3));
    // Far later than the other tests' items, so the cutoff splits this job only.
    await ctx.repos.resetJobs.completeItem(id, 1, { status: 'reset', reason: null, sealedPassword: 's1' }, at(10_010));
    await ctx.repos.resetJobs.completeItem(id, 2, { status: 'reset', reason: null, sealedPassword: 's2' }, at(10_020));
    await ctx.repos.resetJobs.completeItem(id, 3, { status: 'reset', reason: null, sealedPassword: 's3' }, at(10_030));
    const erased = await ctx.repos.resetJobs.eraseSealedBefore(at(10_030));
    assert.deepEqual(
      erased.find((e) => e.jobId === id),
      { jobId: id, passwords: 2 },
    );
    assert.deepEqual(
      (await ctx.repos.resetJobs.items(id, 0, 10)).map((i) => i.sealedPassword),
      [null, null, 's3'],
    );
    assert.deepEqual(await ctx.repos.resetJobs.eraseSealedBefore(at(10_030)), []);
  });
});
