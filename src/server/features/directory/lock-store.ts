import type { Kysely } from 'kysely';
import { iso } from '../../core/clock.js';
import type { Database } from '../../db/types.js';

/**
 * The directory's own lock as Latchkey last saw it (app_user.directory_locked_at, issue 14): set
 * when a bind as the user says the directory locked the account, cleared by a bind that succeeds
 * and by an admin's unlock (after the directory's lock is cleared there). Active users shows it.
 */
export interface DirectoryLockStore {
  /** Records the directory's lock (`at`) or its end (null). Only directory users have one; a local user is left as is. */
  setDirectoryLock(userId: string, at: Date | null): Promise<void>;
}

export function createDirectoryLockStore(db: Kysely<Database>): DirectoryLockStore {
  return {
    async setDirectoryLock(userId, at) {
      await db
        .updateTable('app_user')
        .set({ directory_locked_at: at ? iso(at) : null })
        .where('id', '=', userId)
        .where('on_premises_dn', 'is not', null)
        .execute();
    },
  };
}
