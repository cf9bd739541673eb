import type { Kysely } from 'kysely';
import { iso } from '../../core/clock.js';
import type { Database } from '../../db/types.js';

/**
 * Which users' current password is a generated temporary one, and until when it may be used
 * (checklist A4). One row per user; any later password write clears it.
 */
export interface TemporaryPasswordStore {
  /** Marks the user's current password as temporary until `expiresAt` (replaces an earlier mark). */
  set(userId: string, createdAt: Date, expiresAt: Date): Promise<void>;
  /** The user's password is no longer a generated one. */
  clear(userId: string): Promise<void>;
  /** When the user's temporary password stops working, or null when their password is not a temporary one. */
  expiresAt(userId: string): Promise<Date | null>;
}

export function createTemporaryPasswordStore(db: Kysely<Database>): TemporaryPasswordStore {
  return {
    async set(userId, createdAt, expiresAt) {
      await db
        .insertInto('temporary_password')
        .values({ user_id: userId, created_at: iso(createdAt), expires_at: iso(expiresAt) })
        .onConflict((oc) => oc.column('user_id').doUpdateSet({ created_at: iso(createdAt), expires_at: iso(expiresAt) }))
        .execute();
    },
    async clear(userId) {
      await db.deleteFrom('temporary_password').where('user_id', '=', userId).execute();
    },
    async expiresAt(userId) {
      const row = await db.selectFrom('temporary_password').select('expires_at').where('user_id', '=', userId).executeTakeFirst();
      return row ? new Date(row.expires_at) : null;
    },
  };
}
