import type { Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import { iso } from '../../core/clock.js';

/*
 * One password write to the directory in flight per user (issue 14; table directory_write, 0019).
 * A writer claims the user before it talks to the directory and releases the claim in the
 * transaction that records the write locally, so concurrent writes are refused before they reach
 * the directory and exactly one wins in both places (checklist R20: one password, one winner).
 */

export interface DirectoryWriteClaimStore {
  /**
   * Takes the user's claim: inserts it if absent, or takes over one whose `expires_at` has passed
   * (a server that died mid-write). Call it in a transaction of its own, so it is visible to the
   * other writers at once.
   * @returns false when another writer holds a live claim.
   */
  claim(userId: string, owner: string, now: Date, until: Date): Promise<boolean>;
  /** Releases the claim if `owner` still holds it. @returns false when it did not (expired and taken over). */
  release(userId: string, owner: string): Promise<boolean>;
  /**
   * Records in Latchkey a password the directory accepted, in the caller's transaction: releases
   * `owner`'s claim and, only if it still held it, marks the password changed with no local hash
   * (issue 14: no copy of the directory's password is kept) and the must-change flag as asked.
   * @returns false when the claim was no longer `owner`'s (nothing recorded).
   */
  recordWritten(userId: string, owner: string, at: Date, options: { forceChange: boolean }): Promise<boolean>;
}

export function createDirectoryWriteClaimStore(db: Kysely<Database>): DirectoryWriteClaimStore {
  const release = async (userId: string, owner: string) =>
    Number((await db.deleteFrom('directory_write').where('user_id', '=', userId).where('owner', '=', owner).executeTakeFirst()).numDeletedRows) === 1;
  return {
    async claim(userId, owner, now, until) {
      await db.deleteFrom('directory_write').where('user_id', '=', userId).where('expires_at', '<=', iso(now)).execute();
      const result = await db
        .insertInto('directory_write')
        .values({ user_id: userId, owner, claimed_at: iso(now), expires_at: iso(until) })
        .onConflict((oc) => oc.column('user_id').doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
    },
    release,
    async recordWritten(userId, owner, at, { forceChange }) {
      if (!(await release(userId, owner))) return false;
      await db
        .updateTable('app_user')
        .set({ password_hash: null, last_password_change_at: iso(at), force_change_password: forceChange ? 1 : 0, updated_at: iso(at) })
        .where('id', '=', userId)
        .execute();
      return true;
    },
  };
}
