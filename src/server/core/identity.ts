import type { Permission, RoleId } from '../../shared/roles.js';
import type { DirectoryProperties } from '../../shared/users.js';

/*
 * The identities every feature speaks of: the user, their session, and who is asking.
 * They live in core so that features share them without importing one another (checklist:
 * imports go one way; see docs/adr/0002-module-boundaries.md).
 */

/** A directory user as the services see it (no storage encodings). */
export interface User extends DirectoryProperties {
  passwordHash: string | null;
  lastPasswordChangeAt: Date | null;
  disablePasswordExpiration: boolean;
  disableStrongPassword: boolean;
  forceChangePassword: boolean;
  sessionsValidFrom: Date;
  createdAt: Date;
  updatedAt: Date;
  /** Set when the user's source is the directory (issue 14): the directory owns their password and directory fields. */
  onPremises: OnPremises | null;
}

/** Where a directory user lives in the directory (Graph's onPremises* properties). */
export interface OnPremises {
  distinguishedName: string;
  immutableId: string;
  /** The login name (uid / sAMAccountName): signing in by it works too. */
  samAccountName: string;
  lastSyncAt: Date | null;
  /** The directory's own lock as the last sync or bind saw it; null: not locked there. */
  lockedAt: Date | null;
}

export interface UserWithRoles extends User {
  roles: RoleId[];
  /** Locked out by smart lockout right now (only where the caller looked it up). */
  locked?: boolean;
}

/** `full`, or `change_password`: a session that may only change the password (forced change or expiry). */
/**
 * full: everything the roles allow; change_password: only changing the (expired or temporary)
 * password; mfa: the password was right, only finishing sign-in MFA is allowed (issue 17).
 */
export type SessionScope = 'full' | 'change_password' | 'mfa';

export interface Session {
  id: string;
  userId: string;
  scope: SessionScope;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
  ipAddress: string | null;
  userAgent: string | null;
  /** The last password (or passwordless passkey) proof in this session. */
  authenticatedAt: Date;
  /** The last second-factor proof in this session; null = none. */
  mfaAt: Date | null;
}

/** Where a request comes from; recorded with sessions and audit events. */
export interface RequestContext {
  ipAddress: string | null;
  userAgent: string | null;
  correlationId: string | null;
  /** The browser's familiar-device cookie, when it sent one (smart lockout's familiar counter). */
  deviceId?: string | null;
}

export interface Principal {
  user: User;
  session: Session;
  roles: RoleId[];
  permissions: Permission[];
  /**
   * Set when the principal comes from an OAuth access token rather than a session cookie (issue 15).
   * `application`: an app acting as itself (client credentials). Its `user` is the app's service
   * principal as a pseudo-user (id = the app's object id, userPrincipalName = its display name,
   * never stored in app_user); its `roles` hold its directory role if any; its permissions come
   * from its granted Graph permissions (shared/apps.ts). `delegated`: an app acting for the
   * signed-in `user`, with the user's own roles. Either way `session` is synthetic: its id is
   * `token:<jti>`, authenticatedAt is the token's auth_time (delegated) or issue time, mfaAt is
   * set only when the sign-in had MFA (amr).
   */
  via?: TokenOrigin;
}

/** The app and token behind a bearer principal (issue 15). */
export interface TokenOrigin {
  kind: 'application' | 'delegated';
  /** The app's object id (oauth_app.id). */
  appId: string;
  /** The application (client) id. */
  clientId: string;
  appDisplayName: string;
  /** The token's scopes (delegated, `scp`) or granted application permissions (`roles`). */
  scopes: string[];
  /** The token's id (jti). */
  tokenId: string;
}

/** Who asks: a signed-in principal, or the operator at the console (CLI, first run, jobs). */
export type Actor = { kind: 'user'; principal: Principal } | { kind: 'system'; name: string };
