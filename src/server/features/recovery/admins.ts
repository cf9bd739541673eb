import type { Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import type { RoleId } from '../../../shared/roles.js';

export interface AdminContact {
  id: string;
  userPrincipalName: string;
  displayName: string;
  mail: string | null;
  preferredLanguage: string | null;
}

/** Enabled holders of any of `roles`, at most `limit` (reference §7.9: at most 100 recipients). */
export async function adminsWithRoles(db: Kysely<Database>, roles: readonly RoleId[], limit: number): Promise<AdminContact[]> {
  const rows = await db
    .selectFrom('app_user')
    .select(['app_user.id', 'app_user.user_principal_name', 'app_user.display_name', 'app_user.mail', 'app_user.preferred_language'])
    .where('app_user.account_enabled', '=', 1)
    .where((eb) => eb.exists(eb.selectFrom('role_assignment').select('role_assignment.user_id').whereRef('role_assignment.user_id', '=', 'app_user.id').where('role_assignment.role_id', 'in', [...roles])))
    .orderBy('app_user.user_principal_name')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ id: r.id, userPrincipalName: r.user_principal_name, displayName: r.display_name, mail: r.mail, preferredLanguage: r.preferred_language }));
}

/**
 * Who gets *Contact your administrator* (reference §7.9): Helpdesk and Password Administrators;
 * else User Administrators; else Global Administrators.
 */
export async function helpdeskRecipients(db: Kysely<Database>): Promise<AdminContact[]> {
  for (const roles of [['helpdesk-administrator', 'password-administrator'], ['user-administrator'], ['global-administrator']] as const) {
    const found = await adminsWithRoles(db, roles, 100);
    if (found.length) return found;
  }
  return [];
}
