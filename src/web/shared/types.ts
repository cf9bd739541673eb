import type { Language } from '../i18n';

export const ROLE_IDS = [
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
export type RoleId = (typeof ROLE_IDS)[number];

export type PasswordChangeReason = 'must_change' | 'expired' | null;

export interface User {
  id: string;
  userPrincipalName: string;
  displayName: string;
  givenName: string | null;
  surname: string | null;
  mail: string | null;
  otherMails: string[];
  mobilePhone: string | null;
  businessPhones: string[];
  accountEnabled: boolean;
  preferredLanguage: Language | string | null;
  passwordPolicies: string | null;
  lastPasswordChangeDateTime: string | null;
  department: string | null;
  jobTitle: string | null;
  roles: RoleId[];
  mustChangePassword: boolean;
  createdDateTime: string;
}

export interface Me {
  user: User;
  roles: RoleId[];
  permissions: string[];
  passwordChangeRequired: boolean;
  passwordChangeReason: PasswordChangeReason;
  /** Also in the readable CSRF cookie; kept in memory in case cookies are renamed. */
  csrfToken?: string;
  session: { id: string; createdDateTime: string; expiresDateTime: string };
}

export interface SignInResult {
  user: User;
  passwordChangeRequired: boolean;
  passwordChangeReason: PasswordChangeReason;
  csrfToken: string;
}

export interface Session {
  id: string;
  createdDateTime: string;
  lastSeenDateTime: string;
  expiresDateTime: string;
  ipAddress: string | null;
  userAgent: string | null;
  current: boolean;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export const PERMISSIONS = {
  adminCentre: 'admin-centre:access',
  usersRead: 'users:read',
} as const;
