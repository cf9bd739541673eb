import { z } from 'zod';
import { roleIds } from '../../../shared/roles.js';
import { passwordPoliciesOf } from './model.js';
import type { UserWithRoles } from '../../core/identity.js';

/** A user as JSON, in Microsoft Graph's property names so admins' habits carry over. */
export const userJson = z
  .object({
    id: z.string(),
    userPrincipalName: z.string(),
    displayName: z.string(),
    givenName: z.string().nullable(),
    surname: z.string().nullable(),
    mail: z.string().nullable(),
    otherMails: z.array(z.string()),
    mobilePhone: z.string().nullable(),
    businessPhones: z.array(z.string()),
    department: z.string().nullable(),
    jobTitle: z.string().nullable(),
    accountEnabled: z.boolean(),
    preferredLanguage: z.string().nullable(),
    passwordPolicies: z.string().nullable().describe('"DisablePasswordExpiration", "DisableStrongPassword", comma separated, or null'),
    lastPasswordChangeDateTime: z.string().nullable(),
    mustChangePassword: z.boolean().describe('Graph: passwordProfile.forceChangePasswordNextSignIn'),
    roles: z.array(z.enum(roleIds)),
    locked: z.boolean().describe('locked out by smart lockout now, or by the directory (lockedInDirectory); an admin can unlock'),
    createdDateTime: z.string(),
    onPremisesSyncEnabled: z.boolean().describe('the user comes from the directory (issue 14): it owns their password and directory fields'),
    onPremisesDistinguishedName: z.string().nullable(),
    onPremisesSamAccountName: z.string().nullable(),
    onPremisesLastSyncDateTime: z.string().nullable(),
    lockedInDirectory: z.boolean().describe('the directory itself has locked the account (an admin unlock clears it there too)'),
  })
  .meta({ id: 'User' });

export type UserJson = z.infer<typeof userJson>;

export function toUserJson(user: UserWithRoles): UserJson {
  return {
    id: user.id,
    userPrincipalName: user.userPrincipalName,
    displayName: user.displayName,
    givenName: user.givenName,
    surname: user.surname,
    mail: user.mail,
    otherMails: user.otherMails,
    mobilePhone: user.mobilePhone,
    businessPhones: user.businessPhones,
    department: user.department,
    jobTitle: user.jobTitle,
    accountEnabled: user.accountEnabled,
    preferredLanguage: user.preferredLanguage,
    passwordPolicies: passwordPoliciesOf(user),
    lastPasswordChangeDateTime: user.lastPasswordChangeAt?.toISOString() ?? null,
    mustChangePassword: user.forceChangePassword,
    roles: user.roles,
    // Locked by smart lockout or by the directory itself (issue 14).
    locked: (user.locked ?? false) || user.onPremises?.lockedAt != null,
    createdDateTime: user.createdAt.toISOString(),
    onPremisesSyncEnabled: user.onPremises !== null,
    onPremisesDistinguishedName: user.onPremises?.distinguishedName ?? null,
    onPremisesSamAccountName: user.onPremises?.samAccountName ?? null,
    onPremisesLastSyncDateTime: user.onPremises?.lastSyncAt?.toISOString() ?? null,
    lockedInDirectory: user.onPremises?.lockedAt != null,
  };
}

export const listUsersQuery = z
  .object({
    search: z.string().max(256).optional(),
    role: z.enum(roleIds).optional(),
    groupId: z.uuid().optional(),
    status: z.enum(['enabled', 'disabled', 'must_change', 'locked']).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().max(2048).optional(),
  })
  .strict();

export const userIdParams = z.object({ id: z.uuid() }).strict();
