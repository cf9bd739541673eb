/* The user, session and role shapes the API sends: shared by the server and the web app. */
import type { Permission, RoleId } from './roles.js';

export type PasswordChangeReason = 'must_change' | 'expired' | null;

/** A user's directory properties, in Graph's names: the same on the server and in the API. */
export interface DirectoryProperties {
  id: string;
  userPrincipalName: string;
  displayName: string;
  givenName: string | null;
  surname: string | null;
  mail: string | null;
  otherMails: string[];
  mobilePhone: string | null;
  businessPhones: string[];
  department: string | null;
  jobTitle: string | null;
  accountEnabled: boolean;
  preferredLanguage: string | null;
}

/** A user as `/users`, `/me` and sign-in answer it (Graph's names). */
export interface User extends DirectoryProperties {
  passwordPolicies: string | null;
  lastPasswordChangeDateTime: string | null;
  roles: RoleId[];
  mustChangePassword: boolean;
  /** Locked out by smart lockout now (an admin can unlock). */
  locked: boolean;
  createdDateTime: string;
  /** The user comes from the directory (issue 14): it owns their password and directory fields. */
  onPremisesSyncEnabled: boolean;
  onPremisesDistinguishedName: string | null;
  onPremisesSamAccountName: string | null;
  onPremisesLastSyncDateTime: string | null;
  /** The directory itself has locked the account. */
  lockedInDirectory: boolean;
}

export interface PasswordExpiry {
  /** null: the password never expires. */
  expiresDateTime: string | null;
  daysLeft: number | null;
  remind: boolean;
}

/** `GET /me`. */
export interface Me {
  user: User;
  roles: RoleId[];
  permissions: Permission[];
  passwordChangeRequired: boolean;
  passwordChangeReason: PasswordChangeReason;
  /** When the password expires; `remind` is true inside the notification window. */
  passwordExpiry: PasswordExpiry;
  organization: { displayName: string };
  /** Also in the readable CSRF cookie; kept in memory in case cookies are renamed. */
  csrfToken: string;
  session: { id: string; createdDateTime: string; expiresDateTime: string };
  /** This session is at the MFA step (issue 17): only /sign-in/mfa, sign-out and /me work. */
  mfaRequired: boolean;
}

/** `POST /auth/sign-in`. */
export interface SignInResult {
  user: User;
  passwordChangeRequired: boolean;
  passwordChangeReason: PasswordChangeReason;
  passwordExpiry: PasswordExpiry;
  csrfToken: string;
  /** MFA is next (issue 17): the session may only finish it. */
  mfaRequired: boolean;
  methods: SecondFactorMethod[];
  /** MFA is required and none is registered: register an authenticator app first. */
  registrationRequired: boolean;
}

/** A second factor at sign-in (issue 17). */
export type SecondFactorMethod = 'authenticatorApp' | 'passkey';

/** `GET /auth/mfa`: what the MFA step offers. */
export interface MfaStep {
  methods: SecondFactorMethod[];
  registrationRequired: boolean;
  /** "Don't ask again for N days"; 0: not offered. */
  rememberDeviceDays: number;
}

/** `POST /auth/mfa`, `POST /auth/mfa/authenticator/verify`. */
export interface MfaDone {
  csrfToken: string;
  passwordChangeRequired: boolean;
  passwordChangeReason: PasswordChangeReason;
}

/** One of the user's sessions (`GET /me/sessions`). */
export interface Session {
  id: string;
  createdDateTime: string;
  lastSeenDateTime: string;
  expiresDateTime: string;
  ipAddress: string | null;
  userAgent: string | null;
  current: boolean;
}

/** `GET /roles`. */
export interface Role {
  id: RoleId;
  displayName: string;
  permissions: Permission[];
  memberCount: number;
}

/** A group as `GET /groups?search=` lists it (the group picker). */
export interface GroupSummary {
  id: string;
  displayName: string;
  description: string | null;
  memberCount: number;
}
