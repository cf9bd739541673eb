import type { RoleId } from '../../../shared/roles.js';

/** The roles that can reset passwords at all: the columns of Entra's table (reference §6). */
export const resettingRoles = [
  'password-administrator',
  'helpdesk-administrator',
  'authentication-administrator',
  'user-administrator',
  'privileged-authentication-administrator',
  'global-administrator',
] as const satisfies readonly RoleId[];

export type ResettingRole = (typeof resettingRoles)[number];

/** What a target is, for the matrix: one of its roles, no admin role, or a role-assignable group member. */
export type TargetCategory = RoleId | 'no-admin-role' | 'role-assignable-group-member';

const PA = 'password-administrator';
const HA = 'helpdesk-administrator';
const AA = 'authentication-administrator';
const UA = 'user-administrator';
const PAA = 'privileged-authentication-administrator';
const GA = 'global-administrator';
const everyone = [PA, HA, AA, UA, PAA, GA] as const;
const privileged = [PAA, GA] as const;

/**
 * "Who can reset passwords", Microsoft Entra's table (privileged-roles-permissions, reference §6),
 * as data: for each kind of target, the acting roles that may reset its password. Rows not in
 * Entra's table ("all other built-in and custom roles", here Authentication Policy Administrator)
 * are privileged-only.
 */
export const resetMatrix: Record<TargetCategory, readonly ResettingRole[]> = {
  'authentication-administrator': [AA, PAA, GA],
  'directory-readers': everyone,
  'global-administrator': privileged,
  'groups-administrator': [UA, PAA, GA],
  'guest-inviter': everyone,
  'helpdesk-administrator': [HA, UA, PAA, GA],
  'message-center-reader': [HA, AA, UA, PAA, GA],
  'password-administrator': everyone,
  'privileged-authentication-administrator': privileged,
  'privileged-role-administrator': privileged,
  'reports-reader': [HA, AA, UA, PAA, GA],
  'no-admin-role': everyone,
  'role-assignable-group-member': privileged,
  'user-administrator': [UA, PAA, GA],
  'user-experience-success-manager': [HA, AA, UA, PAA, GA],
  'usage-summary-reports-reader': [HA, AA, UA, PAA, GA],
  'authentication-policy-administrator': privileged,
};

/** The matrix rows a user falls under. */
export function targetCategories(targetRoles: readonly RoleId[], inRoleAssignableGroup: boolean): TargetCategory[] {
  const categories: TargetCategory[] = targetRoles.length ? [...targetRoles] : ['no-admin-role'];
  if (inRoleAssignableGroup) categories.push('role-assignable-group-member');
  return categories;
}

/**
 * Whether an actor with `actorRoles` may reset the password of a target with `targetRoles`.
 * One of the actor's roles must be allowed for every row the target falls under: a target who is
 * both Helpdesk Administrator and Authentication Administrator needs a role that covers both,
 * never a combination of two narrower roles (the conservative reading; docs/roles.md).
 */
export function canResetPassword(actorRoles: readonly RoleId[], targetRoles: readonly RoleId[], inRoleAssignableGroup = false): boolean {
  const rows = targetCategories(targetRoles, inRoleAssignableGroup);
  return actorRoles.some((role) => rows.every((row) => (resetMatrix[row] as readonly string[]).includes(role)));
}
