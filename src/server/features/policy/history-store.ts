import type { Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import { iso } from '../../core/clock.js';
import { newId } from '../../core/crypto.js';

/** Hashes of a user's previous passwords, newest first; only as many as the history rule needs. */
export interface PasswordHistoryStore {
  recent(userId: string, limit: number): Promise<string[]>;
  /** Records a replaced password and keeps only the newest `keep` entries (0 keeps none). */
  push(userId: string, hash: string, at: Date, keep: number): Promise<void>;
}

export function createPasswordHistoryStore(db: Kysely<Database>): PasswordHistoryStore {
  return {
    async recent(userId, limit) {
      if (limit <= 0) return [];
      const rows = await db
        .selectFrom('password_history')
        .select('password_hash')
        .where('user_id', '=', userId)
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(limit)
        .execute();
      return rows.map((r) => r.password_hash);
    },
    async push(userId, hash, at, keep) {
      if (keep > 0)
        await db
          .insertInto('password_history')
          .values({ id: newId(), user_id: userId, password_hash: hash, created_at: iso(at) })
          .execute();
      const kept = await db
        .selectFrom('password_history')
        .select('id')
        .where('user_id', '=', userId)
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(keep)
        .execute();
      let purge = db.deleteFrom('password_history').where('user_id', '=', userId);
      if (kept.length)
        purge = purge.where(
          'id',
          'not in',
          kept.map((k) => k.id),
        );
      await purge.execute();
    },
  };
}
