import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { z } from 'zod';
import { createLocalCacheBus, type CacheBus } from '../../core/cache-bus.js';
import { createPostgresCacheBus } from '../../cluster/pg-cache-bus.js';
import { createRepos, type Repos } from '../../db/repos.js';
import type { DbHandle } from '../../db/kysely.js';
import { assertPostgresInCi, openTestDb, testEngines } from '../../testing/databases.js';
import { cachedSetting, settingsTopic } from './cached.js';

// Issue 16, several processes: a setting saved on one process is forgotten by every other process's
// cache at once through the cache bus, not after the TTL. The caches here never expire by time
// (their clock stands still), so only the bus can make them read again.
assertPostgresInCi();

const schema = z.object({ threshold: z.number() });
const KEY = 'test.cached';
const frozen = () => 1_000;

/** Resolves when `bus` next delivers `topic` (bounded, so a lost message fails rather than hangs). */
function nextDelivery(bus: CacheBus, topic: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no message on ${topic}`)), 10_000);
    const stop = bus.subscribe(topic, () => {
      clearTimeout(timer);
      stop();
      resolve();
    });
  });
}

for (const engine of testEngines()) {
  describe(`settings caches forget a saved document everywhere (${engine})`, () => {
    let db: DbHandle;
    let repos: Repos;
    const at = new Date('2026-03-01T09:00:00.000Z');
    before(async () => {
      db = await openTestDb(engine);
      repos = createRepos(db.db);
    });
    after(() => db.close());

    test('one process: every cache of the key forgets it on invalidate; a read racing the save does not store the old value', async () => {
      const bus = createLocalCacheBus();
      await repos.settings.put(KEY, { threshold: 1 }, null, at);
      const mine = cachedSetting(() => repos.settings, KEY, schema, { threshold: 0 }, { now: frozen, bus });
      // The other cache's reads can be held after they read (to finish a read after a save's invalidation).
      let hold: Promise<void> = Promise.resolve();
      const slowStore = { ...repos.settings, get: async (key: string) => repos.settings.get(key).then(async (row) => (await hold, row)) };
      const other = cachedSetting(() => slowStore, KEY, schema, { threshold: 0 }, { now: frozen, bus });
      assert.equal((await other.get()).threshold, 1);
      // A read begun before the save, finishing after its invalidation, answers but is not kept.
      other.invalidate();
      let release!: () => void;
      hold = new Promise((resolve) => (release = resolve));
      const racing = other.get();
      await new Promise((resolve) => setImmediate(resolve));
      await repos.settings.put(KEY, { threshold: 2 }, null, at);
      mine.invalidate();
      release();
      assert.equal((await racing).threshold, 1, 'the racing read saw the old document');
      assert.equal((await other.get()).threshold, 2);
      await repos.settings.put(KEY, { threshold: 3 }, null, at);
      assert.equal((await other.get()).threshold, 2, 'kept until told (the TTL never runs out here)');
      mine.invalidate();
      assert.equal((await other.get()).threshold, 3);
    });

    if (engine === 'postgres') {
      test('two processes on one PostgreSQL: LISTEN/NOTIFY reaches the other cache at once', async () => {
        const url = process.env.LATCHKEY_TEST_POSTGRES_URL!;
        // A scope of this test's own: other suites' notifications on the same cluster are not ours.
        const scope = `t_${randomBytes(6).toString('hex')}`;
        const busA = await createPostgresCacheBus({ url, schema: scope });
        const busB = await createPostgresCacheBus({ url, schema: scope });
        const busElsewhere = await createPostgresCacheBus({ url, schema: `${scope}_other` });
        try {
          await repos.settings.put(KEY, { threshold: 10 }, null, at);
          const onA = cachedSetting(() => repos.settings, KEY, schema, { threshold: 0 }, { now: frozen, bus: busA });
          const onB = cachedSetting(() => repos.settings, KEY, schema, { threshold: 0 }, { now: frozen, bus: busB });
          const elsewhere = cachedSetting(() => repos.settings, KEY, schema, { threshold: 0 }, { now: frozen, bus: busElsewhere });
          assert.equal((await onB.get()).threshold, 10);
          assert.equal((await elsewhere.get()).threshold, 10);
          await repos.settings.put(KEY, { threshold: 11 }, null, at);
          const delivered = nextDelivery(busB, settingsTopic(KEY));
          onA.invalidate();
          await delivered;
          assert.equal((await onB.get()).threshold, 11);
          // Another database's processes (another scope) are not told.
          assert.equal((await elsewhere.get()).threshold, 10);
        } finally {
          await Promise.all([busA.close(), busB.close(), busElsewhere.close()]);
        }
      });
    }
  });
}
