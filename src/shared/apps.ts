import { permissions, permissionsOf, type Permission, type RoleId } from './roles.js';

/*
 * App registrations (issue 15): the Graph application permissions Latchkey grants, what each
 * lets an app do in Latchkey's terms, and the app's API shape. Shared by the server, the CLI
 * and the admin centre.
 */

/** The Graph application permissions an app may be granted (Microsoft Graph permissions reference names). */
export const graphAppPermissions = [
  'User.Read.All',
  'User.ReadWrite.All',
  'User-PasswordProfile.ReadWrite.All',
  'UserAuthenticationMethod.ReadWrite.All',
  'AuditLog.Read.All',
  'Directory.Read.All',
  'RoleManagement.ReadWrite.Directory',
] as const;

export type GraphAppPermission = (typeof graphAppPermissions)[number];

/** Entra's permission ids (the `roles` claim carries names; Graph's appRoleAssignments carry these ids). */
export const graphAppPermissionIds: Record<GraphAppPermission, string> = {
  'User.Read.All': 'df021288-bdef-4463-88db-98f22de89214',
  'User.ReadWrite.All': '741f803b-c850-494e-b5df-cde7c675a1ca',
  'User-PasswordProfile.ReadWrite.All': 'cc117bb9-00cf-4eb8-b580-ea2a878fe8f7',
  'UserAuthenticationMethod.ReadWrite.All': '50483e42-d915-4231-9639-7fdb7fd190e5',
  'AuditLog.Read.All': 'b0afded3-3588-46d8-8b3d-9842eff778da',
  'Directory.Read.All': '7ab1d382-f21e-4acd-a863-ba3e13f7da61',
  'RoleManagement.ReadWrite.Directory': '9e3f62cf-ca93-4989-b6ce-bf83c28f9fe8',
};

/**
 * What each application permission grants in Latchkey. Password resets still pass the role
 * matrix: an app without a directory role may reset only users who hold no admin role (as in
 * Entra, where resetting an admin needs the app itself to hold a role; docs/graph.md).
 */
export const appPermissionGrants: Record<GraphAppPermission, readonly Permission[]> = {
  'User.Read.All': ['users:read'],
  'User.ReadWrite.All': ['users:read', 'users:manage', 'users:reset-password'],
  'User-PasswordProfile.ReadWrite.All': ['users:read', 'users:reset-password'],
  'UserAuthenticationMethod.ReadWrite.All': ['users:read', 'users:reset-password', 'sessions:revoke'],
  'AuditLog.Read.All': ['audit:read', 'reports:read'],
  'Directory.Read.All': ['users:read'],
  'RoleManagement.ReadWrite.Directory': ['users:read', 'roles:manage'],
};

export function isGraphAppPermission(value: string): value is GraphAppPermission {
  return (graphAppPermissions as readonly string[]).includes(value);
}

/** A permission by its name, case-insensitive ("user.read.all" finds "User.Read.All"). */
export function findGraphAppPermission(value: string): GraphAppPermission | undefined {
  const key = value.trim().toLowerCase();
  return graphAppPermissions.find((p) => p.toLowerCase() === key);
}

/** The Latchkey permissions of an app: those its Graph permissions grant, plus those of its directory role. */
export function appPermissionsOf(granted: readonly GraphAppPermission[], role: RoleId | null): Permission[] {
  const fromGrants = new Set(granted.flatMap((p) => appPermissionGrants[p]));
  for (const p of role ? permissionsOf([role]) : []) fromGrants.add(p);
  return permissions.filter((p) => fromGrants.has(p));
}

/** The resource Graph scripts ask for (`scope=https://graph.microsoft.com/.default`). */
export const GRAPH_RESOURCE = 'https://graph.microsoft.com';
/** Latchkey's own resource id (`scope=api://latchkey/.default`), accepted beside Graph's. */
export const LATCHKEY_RESOURCE = 'api://latchkey';

/** A client secret as listed: never its value (shown once, when added). */
export interface AppSecretJson {
  id: string;
  displayName: string;
  /** The first three characters, as Entra shows them. */
  hint: string;
  createdDateTime: string;
  endDateTime: string;
  expired: boolean;
}

/** A certificate for private_key_jwt as listed. */
export interface AppCertificateJson {
  id: string;
  displayName: string;
  /** SHA-1 thumbprint, upper-case hex (as Entra shows it). */
  thumbprint: string;
  createdDateTime: string;
  endDateTime: string;
  expired: boolean;
}

/** An app registration as /api/v1/apps answers it. */
export interface AppJson {
  /** The object id. */
  id: string;
  /** The application (client) id, a UUID. */
  clientId: string;
  displayName: string;
  permissions: GraphAppPermission[];
  /** A directory role the app holds (the role matrix applies to it), or null. */
  directoryRole: RoleId | null;
  redirectUris: string[];
  /** A public client (device code, auth code with PKCE and no secret). */
  publicClient: boolean;
  enabled: boolean;
  /** When admin consent was granted; null = not granted, the app gets no application token. */
  consentedDateTime: string | null;
  consentedBy: string | null;
  createdDateTime: string;
  secrets: AppSecretJson[];
  certificates: AppCertificateJson[];
}

/** What creating an app (or adding a secret) answers: the secret value, shown this once. */
export interface AppCreatedJson {
  app: AppJson;
  clientId: string;
  tenantId: string;
  /** Present when a secret was created. */
  clientSecret?: string;
  secretId?: string;
}
