import type { RoleAssignment, RoleHolder } from '../features/users/role-assignments.js';
import { roleDisplayNames, rolePermissions, roleTemplateIds, type Permission, type RoleId } from '../../shared/roles.js';

/*
 * Graph's directoryRoleTemplate, directoryRole, unifiedRoleDefinition and unifiedRoleAssignment
 * for Latchkey's 15 roles (issue 15). A role's ids are its Entra template id everywhere: Latchkey
 * has one organisation and built-in roles only, so the activated directoryRole's id equals its
 * template id (in Entra they differ per tenant; docs/graph.md says so).
 */

/** Microsoft's descriptions (Microsoft Entra built-in roles, the permissions reference). */
export const roleDescriptions: Record<RoleId, string> = {
  'global-administrator': 'Can manage all aspects of Microsoft Entra ID and Microsoft services that use Microsoft Entra identities.',
  'privileged-authentication-administrator': 'Can access to view, set and reset authentication method information for any user (admin or non-admin).',
  'privileged-role-administrator': 'Can manage role assignments in Microsoft Entra ID, and all aspects of Privileged Identity Management.',
  'authentication-administrator': 'Can access to view, set and reset authentication method information for any non-admin user.',
  'authentication-policy-administrator':
    'Can create and manage the authentication methods policy, tenant-wide MFA settings, password protection policy, and verifiable credentials.',
  'user-administrator': 'Can manage all aspects of users and groups, including resetting passwords for limited admins.',
  'helpdesk-administrator': 'Can reset passwords for non-administrators and Helpdesk Administrators.',
  'password-administrator': 'Can reset passwords for non-administrators and Password Administrators.',
  'groups-administrator':
    'Members of this role can create/manage groups, create/manage groups settings like naming and expiration policies, and view groups activity and audit reports.',
  'directory-readers': 'Can read basic directory information. Commonly used to grant directory read access to applications and guests.',
  'guest-inviter': "Can invite guest users independent of the 'members can invite guests' setting.",
  'message-center-reader': 'Can read messages and updates for their organization in Office 365 Message Center only.',
  'reports-reader': 'Can read sign-in and audit reports.',
  'user-experience-success-manager': 'View product feedback, survey results, and reports to find training and communication opportunities.',
  'usage-summary-reports-reader': "Read Usage reports and Adoption Score, but can't access user details.",
};

/**
 * The resource actions each Latchkey permission stands for: Entra's action names where Entra has
 * that action, `latchkey.*` ones for Latchkey's own settings. Whose password a role may reset is
 * the role matrix's (docs/roles.md), which actions cannot express.
 */
export const permissionActions: Record<Permission, readonly string[]> = {
  'admin-centre:access': ['microsoft.office365.webPortal/allEntities/standard/read'],
  'users:read': ['microsoft.directory/users/standard/read'],
  'users:manage': [
    'microsoft.directory/users/create',
    'microsoft.directory/users/delete',
    'microsoft.directory/users/basic/update',
    'microsoft.directory/users/disable',
    'microsoft.directory/users/enable',
  ],
  'users:reset-password': ['microsoft.directory/users/password/update'],
  'sessions:revoke': ['microsoft.directory/users/invalidateAllRefreshTokens'],
  'settings:password-policy': ['latchkey.settings/passwordPolicy/update', 'latchkey.settings/passwordProtection/update'],
  'settings:password-expiry': ['latchkey.settings/passwordExpiration/update'],
  'settings:sspr': ['latchkey.settings/selfServicePasswordReset/update'],
  'settings:lockout': ['latchkey.settings/smartLockout/update'],
  'settings:mfa': ['microsoft.directory/organization/strongAuthentication/allTasks'],
  'settings:audit': ['latchkey.settings/auditRetention/update'],
  'reports:read': ['microsoft.directory/signInReports/allProperties/read'],
  'audit:read': ['microsoft.directory/auditLogs/allProperties/read'],
  'mail:read': ['latchkey.mail/deliveryLog/read'],
  'roles:manage': ['microsoft.directory/roleAssignments/allProperties/allTasks'],
  'apps:manage': ['microsoft.directory/applications/allProperties/allTasks', 'microsoft.directory/servicePrincipals/allProperties/allTasks'],
};

export function directoryRoleTemplateJson(role: RoleId) {
  return { id: roleTemplateIds[role], deletedDateTime: null, description: roleDescriptions[role], displayName: roleDisplayNames[role] };
}

export function directoryRoleJson(role: RoleId) {
  return {
    id: roleTemplateIds[role],
    deletedDateTime: null,
    description: roleDescriptions[role],
    displayName: roleDisplayNames[role],
    roleTemplateId: roleTemplateIds[role],
  };
}

export function roleDefinitionJson(role: RoleId) {
  const id = roleTemplateIds[role];
  return {
    id,
    description: roleDescriptions[role],
    displayName: roleDisplayNames[role],
    isBuiltIn: true,
    isEnabled: true,
    resourceScopes: ['/'],
    templateId: id,
    version: '1',
    rolePermissions: [{ allowedResourceActions: [...new Set(rolePermissions[role].flatMap((p) => permissionActions[p]))], condition: null }],
    inheritsPermissionsFrom: [],
  };
}

/** A role holder as a directoryObject: a user or a service principal. */
export function directoryObjectJson(holder: RoleHolder) {
  return holder.kind === 'user'
    ? {
        '@odata.type': '#microsoft.graph.user',
        id: holder.id,
        displayName: holder.displayName,
        userPrincipalName: holder.userPrincipalName,
        accountEnabled: holder.accountEnabled,
      }
    : {
        '@odata.type': '#microsoft.graph.servicePrincipal',
        id: holder.id,
        appId: holder.clientId,
        displayName: holder.displayName,
        servicePrincipalType: 'Application',
      };
}

/** A role assignment's id: opaque and stable, the role's template id and the principal's id (base64url). */
export function assignmentId(role: RoleId, principalId: string): string {
  return Buffer.from(`${roleTemplateIds[role]}:${principalId}`, 'utf8').toString('base64url');
}

/** The role and principal of an assignment id, or null when it is not one. */
export function parseAssignmentId(id: string): { templateId: string; principalId: string } | null {
  if (id.length > 200 || !/^[A-Za-z0-9_-]+$/.test(id)) return null;
  const [templateId, principalId, ...rest] = Buffer.from(id, 'base64url').toString('utf8').split(':');
  if (!templateId || !principalId || rest.length) return null;
  return { templateId, principalId };
}

export function roleAssignmentJson(a: RoleAssignment, expand = false) {
  return {
    id: assignmentId(a.role, a.principal.id),
    principalId: a.principal.id,
    roleDefinitionId: roleTemplateIds[a.role],
    directoryScopeId: '/',
    appScopeId: null,
    ...(expand ? { principal: directoryObjectJson(a.principal) } : {}),
  };
}
