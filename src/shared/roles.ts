/**
 * The built-in admin roles of Microsoft Entra ID that matter to passwords (reference §6), with
 * the permissions each grants in Latchkey. Who may reset whose password is decided by the role
 * matrix (features/roles/reset-matrix.ts), not by a permission alone.
 */
export const roleIds = [
  'global-administrator',
  'privileged-authentication-administrator',
  'privileged-role-administrator',
  'authentication-administrator',
  'authentication-policy-administrator',
  'user-administrator',
  'helpdesk-administrator',
  'password-administrator',
  'groups-administrator',
  'directory-readers',
  'guest-inviter',
  'message-center-reader',
  'reports-reader',
  'user-experience-success-manager',
  'usage-summary-reports-reader',
] as const;

export type RoleId = (typeof roleIds)[number];

export const permissions = [
  'admin-centre:access',
  'users:read',
  'users:manage',
  'users:reset-password',
  'sessions:revoke',
  'settings:password-policy',
  'settings:password-expiry',
  'settings:sspr',
  'settings:lockout',
  'settings:mfa',
  'settings:audit',
  'reports:read',
  'audit:read',
  'mail:read',
  'roles:manage',
  'apps:manage',
] as const;

export type Permission = (typeof permissions)[number];

const all = permissions;
const reader: Permission[] = ['admin-centre:access', 'users:read'];

/** What each role may do besides the reset matrix. Every admin role opens the admin centre and reads users. */
export const rolePermissions: Record<RoleId, readonly Permission[]> = {
  'global-administrator': all,
  'privileged-authentication-administrator': [...reader, 'users:reset-password', 'sessions:revoke', 'settings:lockout'],
  'privileged-role-administrator': [...reader, 'roles:manage'],
  'authentication-administrator': [...reader, 'users:reset-password', 'sessions:revoke', 'settings:lockout'],
  'authentication-policy-administrator': [
    ...reader,
    'settings:password-policy',
    'settings:password-expiry',
    'settings:sspr',
    'settings:lockout',
    'settings:mfa',
  ],
  'user-administrator': [...reader, 'users:manage', 'users:reset-password', 'sessions:revoke', 'settings:password-expiry', 'reports:read'],
  'helpdesk-administrator': [...reader, 'users:reset-password', 'sessions:revoke'],
  'password-administrator': [...reader, 'users:reset-password'],
  'groups-administrator': [...reader],
  'directory-readers': [...reader],
  'guest-inviter': [...reader],
  'message-center-reader': [...reader],
  'reports-reader': [...reader, 'reports:read', 'audit:read'],
  'user-experience-success-manager': [...reader, 'reports:read'],
  'usage-summary-reports-reader': [...reader, 'reports:read'],
};

/** Entra's display names, which the API accepts as well as the ids ("Helpdesk Administrator"). */
export const roleDisplayNames: Record<RoleId, string> = {
  'global-administrator': 'Global Administrator',
  'privileged-authentication-administrator': 'Privileged Authentication Administrator',
  'privileged-role-administrator': 'Privileged Role Administrator',
  'authentication-administrator': 'Authentication Administrator',
  'authentication-policy-administrator': 'Authentication Policy Administrator',
  'user-administrator': 'User Administrator',
  'helpdesk-administrator': 'Helpdesk Administrator',
  'password-administrator': 'Password Administrator',
  'groups-administrator': 'Groups Administrator',
  'directory-readers': 'Directory Readers',
  'guest-inviter': 'Guest Inviter',
  'message-center-reader': 'Message Center Reader',
  'reports-reader': 'Reports Reader',
  'user-experience-success-manager': 'User Experience Success Manager',
  'usage-summary-reports-reader': 'Usage Summary Reports Reader',
};

/** A role by id or by Entra display name (case-insensitive). */
export function findRole(value: string): RoleId | undefined {
  const key = value.trim().toLowerCase();
  return roleIds.find((id) => id === key || roleDisplayNames[id].toLowerCase() === key);
}

export function isRoleId(value: string): value is RoleId {
  return (roleIds as readonly string[]).includes(value);
}

/** The union of the permissions of the given roles, in catalogue order. */
export function permissionsOf(roles: readonly RoleId[]): Permission[] {
  const granted = new Set(roles.flatMap((r) => rolePermissions[r]));
  return permissions.filter((p) => granted.has(p));
}

/** The permissions by name, for the web app's guards and menus (`PERMISSIONS.usersManage`). */
export const PERMISSIONS = {
  adminCentre: 'admin-centre:access',
  usersRead: 'users:read',
  /** Add, edit and delete users (User Administrator, Global Administrator). */
  usersManage: 'users:manage',
  /** Reset passwords, unlock, require a change: within Entra's role matrix (Password Administrator and up). */
  resetPassword: 'users:reset-password',
  /** Sign a user out of all sessions (Helpdesk Administrator and up; not Password Administrator). */
  sessionsRevoke: 'sessions:revoke',
  /** Assign and remove roles (Privileged Role Administrator, Global Administrator). */
  rolesManage: 'roles:manage',
  /** App registrations, their secrets, certificates, permissions and admin consent (Global Administrator; issue 15). */
  appsManage: 'apps:manage',
  /** The whole password policy and the custom banned list (Authentication Policy Administrator, Global Administrator). */
  passwordPolicy: 'settings:password-policy',
  /** Only the password expiration policy (User Administrator, as in Entra). */
  passwordExpiry: 'settings:password-expiry',
  /** Smart lockout threshold and duration (Authentication and Authentication Policy Administrators, Global Administrator). */
  lockout: 'settings:lockout',
  /** Self-service password reset (Authentication Policy Administrator, Global Administrator). */
  ssprSettings: 'settings:sspr',
  /** Sign-in MFA policy (Authentication Policy Administrator, Global Administrator). */
  mfaSettings: 'settings:mfa',
  /** Reports > Sign-ins (Reports Reader and up). */
  reportsRead: 'reports:read',
  /** Reports > Audit log. */
  auditRead: 'audit:read',
  /** Settings > Mail: the delivery log and the dev mailbox (Global Administrator). */
  mailRead: 'mail:read',
} as const satisfies Record<string, Permission>;

/**
 * Entra's role template ids (Microsoft Entra built-in roles, the permissions reference): the ids
 * Graph's directoryRoleTemplates, directoryRoles and roleManagement/directory/roleDefinitions use.
 */
export const roleTemplateIds: Record<RoleId, string> = {
  'global-administrator': '62e90394-69f5-4237-9190-012177145e10',
  'privileged-authentication-administrator': '7be44c8a-adaf-4e2a-84d6-ab2649e08a13',
  'privileged-role-administrator': 'e8611ab8-c189-46e8-94e1-60213ab1f814',
  'authentication-administrator': 'c4e39bd9-1100-46d3-8c65-fb160da0071f',
  'authentication-policy-administrator': '0526716b-113d-4c15-b2c8-68e3c22b9f80',
  'user-administrator': 'fe930be7-5e62-47db-91af-98c3a49a38b1',
  'helpdesk-administrator': '729827e3-9c14-49f7-bb1b-9608f156bbb8',
  'password-administrator': '966707d0-3269-4727-9be2-8c3a10f19b9d',
  'groups-administrator': 'fdd7a751-b60b-444a-984c-02652fe8fa1c',
  'directory-readers': '88d8e3e3-8f55-4a1e-953a-9b9898b8876b',
  'guest-inviter': '95e79109-95c0-4d8e-aee3-d01accf2d47b',
  'message-center-reader': '790c1fb9-7f7d-4f88-86a1-ef1f95c05c1b',
  'reports-reader': '4a5d8f65-41da-4de4-8968-e035b65339cf',
  'user-experience-success-manager': '27460883-1df1-4691-b032-3b79643e5e63',
  'usage-summary-reports-reader': '75934031-6c7e-415a-99d7-48dbd49e875e',
};

/** A role by its Entra template id. */
export function roleOfTemplateId(templateId: string): RoleId | undefined {
  const key = templateId.trim().toLowerCase();
  return roleIds.find((id) => roleTemplateIds[id] === key);
}
