import type { Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import { iso } from '../../core/clock.js';

export interface Group {
  id: string;
  displayName: string;
  description: string | null;
  isRoleAssignable: boolean;
  memberCount: number;
}

/** Groups and memberships (bulk resets of a whole group; role-assignable groups in the role matrix). */
export interface GroupStore {
  list(): Promise<Group[]>;
  create(group: { id: string; displayName: string; description?: string | null; isRoleAssignable?: boolean }, at: Date): Promise<void>;
  addMembers(groupId: string, userIds: string[]): Promise<void>;
  /** @returns the members (id and UPN), or null when there is no such group. */
  members(groupId: string, limit: number): Promise<{ id: string; userPrincipalName: string }[] | null>;
}

export function createGroupStore(db: Kysely<Database>): GroupStore {
  return {
    async list() {
      const rows = await db
        .selectFrom('user_group')
        .leftJoin('group_member', 'group_member.group_id', 'user_group.id')
        .select([
          'user_group.id',
          'user_group.display_name',
          'user_group.description',
          'user_group.is_role_assignable',
          (eb) => eb.fn.count<string | number>('group_member.user_id').as('members'),
        ])
        .groupBy(['user_group.id', 'user_group.display_name', 'user_group.description', 'user_group.is_role_assignable'])
        .orderBy('user_group.display_name')
        .execute();
      return rows.map((r) => ({
        id: r.id,
        displayName: r.display_name,
        description: r.description,
        isRoleAssignable: Number(r.is_role_assignable) === 1,
        memberCount: Number(r.members),
      }));
    },
    async create(group, at) {
      await db
        .insertInto('user_group')
        .values({
          id: group.id,
          display_name: group.displayName,
          description: group.description ?? null,
          is_role_assignable: group.isRoleAssignable ? 1 : 0,
          created_at: iso(at),
        })
        .execute();
    },
    async addMembers(groupId, userIds) {
      for (let i = 0; i < userIds.length; i += 500) {
        await db
          .insertInto('group_member')
          .values(userIds.slice(i, i + 500).map((user_id) => ({ group_id: groupId, user_id })))
          .onConflict((oc) => oc.columns(['group_id', 'user_id']).doNothing())
          .execute();
      }
    },
    async members(groupId, limit) {
      const group = await db.selectFrom('user_group').select('id').where('id', '=', groupId).executeTakeFirst();
      if (!group) return null;
      const rows = await db
        .selectFrom('group_member')
        .innerJoin('app_user', 'app_user.id', 'group_member.user_id')
        .select(['app_user.id', 'app_user.user_principal_name'])
        .where('group_member.group_id', '=', groupId)
        .orderBy('app_user.display_name_key')
        .limit(limit)
        .execute();
      return rows.map((r) => ({ id: r.id, userPrincipalName: r.user_principal_name }));
    },
  };
}
