import type { Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import { iso } from '../../core/clock.js';

// The directory store's groups: user_group rows keyed by on_premises_dn, and their members among
// the directory users. Part of the DirectoryStore in store.ts.

export interface DirectoryGroupStore {
  /**
   * Creates or updates the group with this DN (name and description follow the directory) and
   * makes its members exactly `memberIds` (the sync resolves member DNs to directory users).
   * @returns the group's id.
   */
  upsertGroup(group: { dn: string; displayName: string; description: string | null; memberIds: string[] }, at: Date, newId: () => string): Promise<string>;
}

export function directoryGroupQueries(db: Kysely<Database>): DirectoryGroupStore {
  return {
    async upsertGroup(group, at, newId) {
      const existing = await db.selectFrom('user_group').select('id').where('on_premises_dn', '=', group.dn).executeTakeFirst();
      const id = existing?.id ?? newId();
      if (existing) {
        await db.updateTable('user_group').set({ display_name: group.displayName, description: group.description }).where('id', '=', id).execute();
      } else {
        await db
          .insertInto('user_group')
          .values({ id, display_name: group.displayName, description: group.description, is_role_assignable: 0, created_at: iso(at), on_premises_dn: group.dn })
          .execute();
      }
      const memberIds = [...new Set(group.memberIds)];
      await db.deleteFrom('group_member').where('group_id', '=', id).execute();
      for (let i = 0; i < memberIds.length; i += 500) {
        await db
          .insertInto('group_member')
          .values(memberIds.slice(i, i + 500).map((user_id) => ({ group_id: id, user_id })))
          .execute();
      }
      return id;
    },
  };
}
