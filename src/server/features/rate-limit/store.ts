import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/types.js';

/** Shared fixed-window counters; one atomic upsert per hit, so concurrent servers count together. */
export interface RateLimitStore {
  /** Adds a hit to `key` in the window starting at `windowStart` (epoch seconds). @returns the hits in that window. */
  hit(key: string, windowStart: number): Promise<number>;
  /** Several counters in one statement (sign-in counts per address and per account at once); a key named twice counts once. @returns hits by key. */
  hitMany(keys: string[], windowStart: number): Promise<Map<string, number>>;
  deleteWindowsBefore(windowStart: number): Promise<number>;
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
    async clear(keys) {
      if (keys.length) await db.deleteFrom('rate_limit').where('key', 'in', keys).execute();
    },
    async deleteWindowsBefore(windowStart) {
      const result = await db.deleteFrom('rate_limit').where('window_start', '<', windowStart).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
