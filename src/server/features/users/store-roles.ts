import type { Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import { iso } from '../../core/clock.js';
import { isRoleId, type RoleId } from '../../../shared/roles.js';

// The user store's role and group queries. Part of the UserStore in store.ts.

export function userRoleQueries(db: Kysely<Database>) {
  return {
    async rolesOf(userIds: string[]): Promise<Map<string, RoleId[]>> {
      const result = new Map<string, RoleId[]>(userIds.map((id) => [id, []]));
      if (userIds.length === 0) return result;
      const rows = await db.selectFrom('role_assignment').select(['user_id', 'role_id']).where('user_id', 'in', userIds).orderBy('role_id').execute();
      for (const row of rows) if (isRoleId(row.role_id)) result.get(row.user_id)?.push(row.role_id);
      return result;
    },

    async inRoleAssignableGroups(userIds: string[]): Promise<Set<string>> {
      if (!userIds.length) return new Set();
      const rows = await db
        .selectFrom('group_member')
        .innerJoin('user_group', 'user_group.id', 'group_member.group_id')
        .select('group_member.user_id')
        .where('group_member.user_id', 'in', userIds)
        .where('user_group.is_role_assignable', '=', 1)
        .execute();
      return new Set(rows.map((r) => r.user_id));
    },

    async assignRole(userId: string, role: RoleId, at: Date): Promise<boolean> {
      const result = await db
        .insertInto('role_assignment')
        .values({ user_id: userId, role_id: role, created_at: iso(at) })
        .onConflict((oc) => oc.columns(['user_id', 'role_id']).doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
    },

    async removeRole(userId: string, role: RoleId): Promise<boolean> {
      const result = await db.deleteFrom('role_assignment').where('user_id', '=', userId).where('role_id', '=', role).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },

    async countWithRole(role: RoleId, enabledOnly: boolean): Promise<number> {
      let q = db
        .selectFrom('role_assignment')
        .innerJoin('app_user', 'app_user.id', 'role_assignment.user_id')
        .select((eb) => eb.fn.countAll<string | number>().as('n'))
        .where('role_assignment.role_id', '=', role);
      if (enabledOnly) q = q.where('app_user.account_enabled', '=', 1);
      return Number((await q.executeTakeFirstOrThrow()).n);
    },
  };
}
