import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import { param, prepare, type Prepared } from '../../db/compiled.js';

/** The token-bucket upsert for `arity` distinct keys (see `take`), built with parameters so it compiles once per engine. */
function takeStatement(arity: number): Prepared<Record<string, string | number>, { key: string }> {
  return prepare((db) => {
    const now = param<number>('now');
    // The later of the stored arrival time and now; excluded.tat_us carries now + the key's interval.
    const from = sql<number>`(case when coalesce(rate_limit.tat_us, 0) > ${now} then rate_limit.tat_us else ${now} end)`;
    const next = sql<number>`${from} + (excluded.tat_us - ${now})`;
    const rows = Array.from({ length: arity }, (_, i) => ({
      key: param<string>(`k${i}`),
      window_start: param<number>('windowStart'),
      hits: 1,
      tat_us: param<number>(`t${i}`),
    }));
    return db
      .insertInto('rate_limit')
      .values(rows)
      .onConflict((oc) =>
        oc
          .column('key')
          .doUpdateSet({ tat_us: next, hits: sql<number>`rate_limit.hits + 1`, window_start: sql<number>`excluded.window_start` })
          .where(sql<boolean>`${next} - ${now} <= ${param<number>('burst')}`),
      )
      .returning('key');
  });
}

/** Compiled for the arities the hot paths use: one bucket (most limits) and two (sign-in: address and account). */
const takeByArity = new Map([1, 2].map((n) => [n, takeStatement(n)]));

/** Shared counters (fixed windows and token buckets); one atomic upsert per hit, so concurrent servers count together. */
export interface RateLimitStore {
  /** Adds a hit to `key` in the window starting at `windowStart` (epoch seconds). @returns the hits in that window. */
  hit(key: string, windowStart: number): Promise<number>;
  /** Several counters in one statement (sign-in counts per address and per account at once); a key named twice counts once. @returns hits by key. */
  hitMany(keys: string[], windowStart: number): Promise<Map<string, number>>;
  /**
   * Token buckets (GCRA): takes one token from each key's bucket in ONE atomic upsert, on both
   * engines. A bucket refills one token every `intervalUs` and holds `burstUs / intervalUs`.
   * A key whose bucket is empty is left as it was (a refused request takes nothing).
   * @param nowUs the current time in epoch microseconds
   * @returns the keys that got a token
   */
  take(buckets: { key: string; intervalUs: number }[], nowUs: number, burstUs: number): Promise<Set<string>>;
  /** The theoretical arrival times (epoch microseconds) of these token buckets, for Retry-After. */
  arrivals(keys: string[]): Promise<Map<string, number>>;
  deleteWindowsBefore(windowStart: number): Promise<number>;
  /** Forgets every counter whose key starts with `prefix` (an unlock clears all of a user's browsers). */
  clearPrefix(prefix: string): Promise<void>;
  /** Forgets these counters (a completed password reset clears the account's reset limits). */
  clear(keys: string[]): Promise<void>;
}

export function createRateLimitStore(db: Kysely<Database>): RateLimitStore {
  return {
    async hit(key, windowStart) {
      const row = await db
        .insertInto('rate_limit')
        .values({ key, window_start: windowStart, hits: 1 })
        .onConflict((oc) =>
          oc.column('key').doUpdateSet({
            hits: sql<number>`case when rate_limit.window_start = excluded.window_start then rate_limit.hits + 1 else 1 end`,
            window_start: sql<number>`excluded.window_start`,
          }),
        )
        .returning('hits')
        .executeTakeFirstOrThrow();
      return Number(row.hits);
    },
    async hitMany(keys, windowStart) {
      const rows = await db
        .insertInto('rate_limit')
        // Distinct keys: PostgreSQL refuses to update one row twice in a statement (SQLite would count it twice).
        .values([...new Set(keys)].map((key) => ({ key, window_start: windowStart, hits: 1 })))
        .onConflict((oc) =>
          oc.column('key').doUpdateSet({
            hits: sql<number>`case when rate_limit.window_start = excluded.window_start then rate_limit.hits + 1 else 1 end`,
            window_start: sql<number>`excluded.window_start`,
          }),
        )
        .returning(['key', 'hits'])
        .execute();
      return new Map(rows.map((r) => [r.key, Number(r.hits)]));
    },
    async take(buckets, nowUs, burstUs) {
      if (!buckets.length) return new Set();
      // Distinct keys: PostgreSQL refuses to update one row twice in a statement.
      const unique = [...new Map(buckets.map((b) => [b.key, b])).values()];
      const now = Math.floor(nowUs);
      const compiled = takeByArity.get(unique.length);
      if (compiled) {
        const params: Record<string, string | number> = { now, windowStart: Math.floor(now / 1e6), burst: Math.floor(burstUs) };
        unique.forEach((b, i) => {
          params[`k${i}`] = b.key;
          params[`t${i}`] = now + Math.max(1, Math.floor(b.intervalUs));
        });
        return new Set((await compiled.execute(db, params)).map((r) => r.key));
      }
      // The later of the stored arrival time and now; excluded.tat_us carries now + the key's interval.
      const from = sql<number>`(case when coalesce(rate_limit.tat_us, 0) > ${now} then rate_limit.tat_us else ${now} end)`;
      const next = sql<number>`${from} + (excluded.tat_us - ${now})`;
      const rows = await db
        .insertInto('rate_limit')
        .values(unique.map((b) => ({ key: b.key, window_start: Math.floor(now / 1e6), hits: 1, tat_us: now + Math.max(1, Math.floor(b.intervalUs)) })))
        .onConflict((oc) =>
          oc
            .column('key')
            .doUpdateSet({ tat_us: next, hits: sql<number>`rate_limit.hits + 1`, window_start: sql<number>`excluded.window_start` })
            .where(sql<boolean>`${next} - ${now} <= ${Math.floor(burstUs)}`),
        )
        .returning('key')
        .execute();
      return new Set(rows.map((r) => r.key));
    },
    async arrivals(keys) {
      if (!keys.length) return new Map();
      const rows = await db.selectFrom('rate_limit').select(['key', 'tat_us']).where('key', 'in', keys).execute();
      return new Map(rows.map((r) => [r.key, Number(r.tat_us ?? 0)]));
    },
    async clearPrefix(prefix) {
      // substr, not LIKE or a range: exact on both engines, whatever the collation (an unlock is rare).
      await db
        .deleteFrom('rate_limit')
        .where(sql<string>`substr(key, 1, ${prefix.length})`, '=', prefix)
        .execute();
    },
    async clear(keys) {
      if (keys.length) await db.deleteFrom('rate_limit').where('key', 'in', keys).execute();
    },
    async deleteWindowsBefore(windowStart) {
      const result = await db.deleteFrom('rate_limit').where('window_start', '<', windowStart).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
