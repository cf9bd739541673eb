import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ManualClock } from '../../core/clock.js';
import type { DbHandle } from '../../db/kysely.js';
import { assertPostgresInCi, openTestDb, testEngines } from '../../testing/databases.js';
import { createJobLease } from './lease.js';
import { createScheduler, type Job } from './scheduler.js';

// Issue 16, several processes: every process schedules every periodic job, and the job_lease row
// (0021) lets one of them run it per period. Two schedulers on one database stand for two
// workers or two nodes; the lease is read against a manual clock, so nothing here waits.
assertPostgresInCi();

const PERIOD = 15 * 60_000;

for (const engine of testEngines()) {
  describe(`periodic jobs take a database lease (${engine})`, () => {
    let db: DbHandle;
    before(async () => {
      db = await openTestDb(engine);
    });
    after(() => db.close());

    /** A scheduler as a process has one: its own lease owner, the shared database and clock, and a counted job. */
    function processWith(clock: ManualClock, name: string, runs: string[], job = 'expiry-reminders') {
      const jobs: Job[] = [{ name: job, everyMs: PERIOD, run: async () => void runs.push(name) }];
      return createScheduler(jobs, (j, err) => assert.fail(`${j}: ${String(err)}`), { lease: createJobLease(db.db, { clock, owner: name }) });
    }

    test('two processes: each job runs once per period, whichever process asks first', async () => {
      const clock = new ManualClock('2026-03-01T09:00:00.000Z');
      const runs: string[] = [];
      const a = processWith(clock, 'worker-a', runs, 'period');
      const b = processWith(clock, 'worker-b', runs, 'period');
      assert.deepEqual(await Promise.all([a.runScheduled('period'), b.runScheduled('period')]).then((r) => r.filter(Boolean).length), 1);
      assert.equal(runs.length, 1);
      // Later in the same period neither runs it again, not even the process that ran it.
      clock.advance(PERIOD - 1);
      assert.equal(await b.runScheduled('period'), false);
      assert.equal(await a.runScheduled('period'), false);
      // The next period: once more, on one of them.
      clock.advance(1);
      const second = await Promise.all([b.runScheduled('period'), a.runScheduled('period')]);
      assert.equal(second.filter(Boolean).length, 1);
      assert.equal(runs.length, 2);
    });

    test('a crashed owner: its lease is taken over once it expires, not before', async () => {
      const clock = new ManualClock('2026-03-02T09:00:00.000Z');
      const runs: string[] = [];
      const crashed = processWith(clock, 'crashed', runs, 'takeover');
      const survivor = processWith(clock, 'survivor', runs, 'takeover');
      assert.equal(await crashed.runScheduled('takeover'), true);
      // `crashed` is gone now (it never asks again); its lease still holds until it expires.
      clock.advance(PERIOD / 2);
      assert.equal(await survivor.runScheduled('takeover'), false);
      clock.advance(PERIOD / 2);
      assert.equal(await survivor.runScheduled('takeover'), true);
      assert.deepEqual(runs, ['crashed', 'survivor']);
      const row = await db.db.selectFrom('job_lease').selectAll().where('name', '=', 'takeover').executeTakeFirstOrThrow();
      assert.equal(row.owner, 'survivor');
    });

    test('many processes asking at the same moment: exactly one gets the lease', async () => {
      const clock = new ManualClock('2026-03-03T09:00:00.000Z');
      const leases = Array.from({ length: 8 }, (_, i) => createJobLease(db.db, { clock, owner: `p${i}` }));
      // The first run anywhere (the insert decides), then an expired lease (the conditional update decides).
      assert.equal((await Promise.all(leases.map((l) => l.acquire('race', PERIOD)))).filter(Boolean).length, 1);
      clock.advance(PERIOD);
      assert.equal((await Promise.all(leases.map((l) => l.acquire('race', PERIOD)))).filter(Boolean).length, 1);
    });

    test('a run longer than its period keeps its lease (renewed by the owner only)', async () => {
      const clock = new ManualClock('2026-03-04T09:00:00.000Z');
      const owner = createJobLease(db.db, { clock, owner: 'long-runner' });
      const other = createJobLease(db.db, { clock, owner: 'other' });
      assert.equal(await owner.acquire('long', PERIOD), true);
      clock.advance(PERIOD / 2);
      assert.equal(await owner.renew('long', PERIOD), true);
      clock.advance(PERIOD / 2 + 1);
      assert.equal(await other.acquire('long', PERIOD), false, 'renewed: still held');
      assert.equal(await other.renew('long', PERIOD), false, 'only the owner renews');
      clock.advance(PERIOD);
      assert.equal(await other.acquire('long', PERIOD), true);
    });

    test('runNow (CLI, operators) runs outside the lease; without a lease every turn runs (one process)', async () => {
      const clock = new ManualClock('2026-03-05T09:00:00.000Z');
      const runs: string[] = [];
      const a = processWith(clock, 'a', runs, 'manual');
      assert.equal(await a.runScheduled('manual'), true);
      await a.runNow('manual');
      assert.equal(runs.length, 2);
      const single = createScheduler([{ name: 'solo', everyMs: PERIOD, run: async () => void runs.push('solo') }], () => {});
      assert.equal(await single.runScheduled('solo'), true);
      assert.equal(await single.runScheduled('solo'), true);
      assert.equal(runs.filter((r) => r === 'solo').length, 2);
    });
  });
}
