import type { RoleId } from '../../../shared/roles.js';

/* Role sets that rules elsewhere depend on, as data (the authority module and the reset portal's two-gate policy read them). */

/**
 * The admin roles under Entra's two-gate policy for self-service reset (reference §7.8): two
 * methods, never security questions, whatever the user policy says. Of Latchkey's roles, those on
 * Entra's list; the Authentication Policy, Groups and reader roles are not on it.
 */
export const twoGate: readonly RoleId[] = [
  'global-administrator',
  'privileged-authentication-administrator',
  'privileged-role-administrator',
  'authentication-administrator',
  'user-administrator',
  'helpdesk-administrator',
  'password-administrator',
];

/**
 * Roles whose holders may change a user's sensitive properties or delete them (Entra's
 * sensitive-actions table: the reset matrix without Password and Helpdesk Administrators).
 */
export const sensitiveActors: readonly RoleId[] = [
  'authentication-administrator',
  'user-administrator',
  'privileged-authentication-administrator',
  'global-administrator',
];

/**
 * Roles that see every admin's bulk reset jobs (details and per-user outcomes); anyone else sees
 * only the jobs they started (issue 12, finding 5). The generated passwords go to the creator only.
 */
export const jobOverseers: readonly RoleId[] = ['global-administrator'];
