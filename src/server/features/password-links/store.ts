import type { Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import { iso } from '../../core/clock.js';

export interface PasswordLink {
  id: string;
  userId: string;
  /** The admin who sent it: their authority is checked again when it is used (issue 12, finding 4). */
  createdBy: string | null;
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
  /**
   * Voids a user's unused links (a newer link, a password change, a new role or changed addresses make them stale).
   * @returns how many were still open (unexpired)
   */
  revokeForUser(userId: string, now: Date): Promise<number>;
  /** Voids the unused links an admin sent (they lost a role). @returns how many were still open */
  revokeSentBy(senderId: string, now: Date): Promise<number>;
}

export function createPasswordLinkStore(db: Kysely<Database>): PasswordLinkStore {
  /** Marks the matching unused links used; counts those that could still have been redeemed. */
  async function revokeWhere(column: 'user_id' | 'created_by', value: string, now: Date): Promise<number> {
    const open = await db
      .updateTable('password_link')
      .set({ used_at: iso(now) })
      .where(column, '=', value)
      .where('used_at', 'is', null)
      .where('expires_at', '>', iso(now))
      .executeTakeFirst();
    // Expired ones are closed too, without being counted.
    await db
      .updateTable('password_link')
      .set({ used_at: iso(now) })
      .where(column, '=', value)
      .where('used_at', 'is', null)
      .execute();
    return Number(open.numUpdatedRows);
  }

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
          createdBy: r.created_by,
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
      return revokeWhere('user_id', userId, now);
    },
    async revokeSentBy(senderId, now) {
      return revokeWhere('created_by', senderId, now);
    },
  };
}
