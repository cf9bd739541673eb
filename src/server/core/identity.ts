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
}

/** Who asks: a signed-in principal, or the operator at the console (CLI, first run, jobs). */
export type Actor = { kind: 'user'; principal: Principal } | { kind: 'system'; name: string };
