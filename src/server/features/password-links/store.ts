import type { Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import { iso } from '../../core/clock.js';

export interface PasswordLink {
  id: string;
  userId: string;
  createdAt: Date;
  expiresAt: Date;
  usedAt: Date | null;
}

/** Set-your-own-password links, stored by the SHA-256 of their 256-bit token only (checklist S9). */
export interface PasswordLinkStore {
  create(link: { id: string; userId: string; tokenHash: string; createdBy: string | null; createdAt: Date; expiresAt: Date }): Promise<void>;
  findByTokenHash(tokenHash: string): Promise<PasswordLink | undefined>;
  /** Consumes a link if it is unused and unexpired: exactly one of concurrent callers wins (checklist R6). */
  consume(id: string, now: Date): Promise<boolean>;
  /** Voids a user's other unused links (a newer link or a password change makes them stale). */
  revokeForUser(userId: string, now: Date): Promise<void>;
}

export function createPasswordLinkStore(db: Kysely<Database>): PasswordLinkStore {
  return {
    async create(l) {
      await db
        .insertInto('password_link')
        .values({
          id: l.id,
          user_id: l.userId,
          token_hash: l.tokenHash,
          created_by: l.createdBy,
          created_at: iso(l.createdAt),
          expires_at: iso(l.expiresAt),
          used_at: null,
        })
        .execute();
    },
    async findByTokenHash(tokenHash) {
      const r = await db.selectFrom('password_link').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
      return (
        r && {
          id: r.id,
          userId: r.user_id,
          createdAt: new Date(r.created_at),
          expiresAt: new Date(r.expires_at),
          usedAt: r.used_at ? new Date(r.used_at) : null,
        }
      );
    },
    async consume(id, now) {
      const result = await db
        .updateTable('password_link')
        .set({ used_at: iso(now) })
        .where('id', '=', id)
        .where('used_at', 'is', null)
        .where('expires_at', '>', iso(now))
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    async revokeForUser(userId, now) {
      await db
        .updateTable('password_link')
        .set({ used_at: iso(now) })
        .where('user_id', '=', userId)
        .where('used_at', 'is', null)
        .execute();
    },
  };
}
