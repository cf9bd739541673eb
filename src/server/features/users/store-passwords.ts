import type { Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import { iso } from '../../core/clock.js';
import type { User } from '../../core/identity.js';
import { toUser } from './store-rows.js';

// The user store's password state: flags, hashes, the compare-and-set change and expiry
// reminders. Part of the UserStore in store.ts.

export interface UserFlags {
  forceChangePassword?: boolean;
  disablePasswordExpiration?: boolean;
  disableStrongPassword?: boolean;
  accountEnabled?: boolean;
}

export function userPasswordQueries(db: Kysely<Database>) {
  return {
    async setFlags(id: string, flags: UserFlags, at: Date): Promise<void> {
      const set: Partial<Record<'force_change_password' | 'disable_password_expiration' | 'disable_strong_password' | 'account_enabled', number>> = {};
      if (flags.forceChangePassword !== undefined) set.force_change_password = flags.forceChangePassword ? 1 : 0;
      if (flags.disablePasswordExpiration !== undefined) set.disable_password_expiration = flags.disablePasswordExpiration ? 1 : 0;
      if (flags.disableStrongPassword !== undefined) set.disable_strong_password = flags.disableStrongPassword ? 1 : 0;
      if (flags.accountEnabled !== undefined) set.account_enabled = flags.accountEnabled ? 1 : 0;
      if (Object.keys(set).length)
        await db
          .updateTable('app_user')
          .set({ ...set, updated_at: iso(at) })
          .where('id', '=', id)
          .execute();
    },

    async setPasswordHash(id: string, hash: string, at: Date, { changed }: { changed: boolean }): Promise<void> {
      await db
        .updateTable('app_user')
        .set({ password_hash: hash, updated_at: iso(at), ...(changed ? { last_password_change_at: iso(at) } : {}) })
        .where('id', '=', id)
        .execute();
    },

    async replacePassword(id: string, expectedHash: string | null, newHash: string, at: Date, { forceChange }: { forceChange: boolean }): Promise<boolean> {
      let query = db
        .updateTable('app_user')
        .set({ password_hash: newHash, last_password_change_at: iso(at), force_change_password: forceChange ? 1 : 0, updated_at: iso(at) })
        .where('id', '=', id);
      query = expectedHash === null ? query.where('password_hash', 'is', null) : query.where('password_hash', '=', expectedHash);
      const result = await query.executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    async setPreferredLanguage(id: string, language: string, at: Date): Promise<void> {
      await db
        .updateTable('app_user')
        .set({ preferred_language: language, updated_at: iso(at) })
        .where('id', '=', id)
        .execute();
    },

    async dueForExpiryReminder(changedFrom: Date, changedBefore: Date, limit: number): Promise<User[]> {
      const rows = await db
        .selectFrom('app_user')
        .selectAll()
        .where('last_password_change_at', '>=', iso(changedFrom))
        .where('last_password_change_at', '<', iso(changedBefore))
        .where('disable_password_expiration', '=', 0)
        .where('account_enabled', '=', 1)
        .where('password_hash', 'is not', null)
        .where((eb) => eb.or([eb('expiry_reminded_for', 'is', null), eb('expiry_reminded_for', '!=', eb.ref('last_password_change_at'))]))
        .orderBy('last_password_change_at')
        .limit(limit)
        .execute();
      return rows.map(toUser);
    },

    async markExpiryReminded(id: string, passwordChangedAt: Date): Promise<boolean> {
      const changed = iso(passwordChangedAt);
      const result = await db
        .updateTable('app_user')
        .set({ expiry_reminded_for: changed })
        .where('id', '=', id)
        .where('last_password_change_at', '=', changed)
        .where((eb) => eb.or([eb('expiry_reminded_for', 'is', null), eb('expiry_reminded_for', '!=', changed)]))
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
  };
}
