import type { RoleId } from '../../../shared/roles.js';
import type { AdminContact, RecoveryDirectory } from './profile-store.js';

export type { AdminContact };

/** Recipients are capped (reference §7.9: at most 100). */
export const MAX_ADMIN_RECIPIENTS = 100;

/** Enabled Global Administrators, who hear of an administrator's own reset (reference §7.7). */
export const globalAdmins = (store: RecoveryDirectory): Promise<AdminContact[]> => store.adminContacts(['global-administrator'], MAX_ADMIN_RECIPIENTS);

/**
 * Who gets *Contact your administrator* (reference §7.9): Helpdesk and Password Administrators;
 * else User Administrators; else Global Administrators.
 */
export async function helpdeskRecipients(store: RecoveryDirectory): Promise<AdminContact[]> {
  const tiers: readonly (readonly RoleId[])[] = [['helpdesk-administrator', 'password-administrator'], ['user-administrator'], ['global-administrator']];
  for (const roles of tiers) {
    const found = await store.adminContacts(roles, MAX_ADMIN_RECIPIENTS);
    if (found.length) return found;
  }
  return [];
}
