/* The settings shapes of the admin centre (`/settings/*`): shared by the server and the web app. */
import type { MethodKind } from './methods.js';
import type { PolicyProfile } from './password-rules.js';

/** `GET/PUT /settings/password-policy`. */
export interface PasswordPolicySettings {
  profile: PolicyProfile;
  historyCount: number;
  mfaRequired: boolean;
  expiration: { neverExpire: boolean; validityDays: number; notificationDays: number };
}

/** `GET/PUT /settings/password-protection`. */
export interface PasswordProtectionSettings {
  enforceCustomList: boolean;
  customBannedPasswords: string[];
}

/** `GET/PUT /settings/breached-passwords`. */
export interface BreachedPasswordSettings {
  enabled: boolean;
  /** A password seen at least this many times in breaches is refused, 1-1,000,000. */
  threshold: number;
  onUnavailable: 'allow' | 'refuse';
}

/** `GET /settings/breached-passwords/source`. */
export interface BreachedPasswordSource {
  mode: 'online' | 'offline' | 'off';
  url: string | null;
  imported: { entries: number; badLines: number; fileName: string; importedDateTime: string } | null;
}

/** `GET/PUT /settings/smart-lockout`. */
export interface SmartLockoutSettings {
  /** Failed sign-ins before the first lockout, 1-50. */
  lockoutThreshold: number;
  /** How long the first lockout lasts, 5-86,400 seconds. */
  lockoutDurationSeconds: number;
}

/** `GET/PUT /settings/self-service-password-reset`. */
export interface SsprSettings {
  enabledFor: 'none' | 'group' | 'all';
  groupId: string | null;
  methods: Record<MethodKind, boolean>;
  methodsRequired: 1 | 2;
  questionsToRegister: number;
  questionsToReset: number;
  customQuestions: string[];
  requireRegistration: boolean;
  /** 0 = never. */
  reconfirmDays: number;
  notifyUsers: boolean;
  notifyAdmins: boolean;
  /** An email address or an http(s) URL; null = the default (the helpdesk and password administrators). */
  customHelpdesk: string | null;
  /** A directory user may unlock without resetting, after the same proofs (issue 14; Entra §7.10). Absent: off. */
  allowUnlockWithoutReset?: boolean;
}

/** `GET/PUT /settings/multifactor`: the sign-in MFA policy (issue 17; docs/mfa.md). */
export interface MfaSettings {
  /** 'required': every admin role must use MFA (security defaults, the default). */
  administrators: 'required' | 'optional';
  /** For the other users, or only `groupId`'s members when set (the rest: optional). */
  everyone: 'off' | 'optional' | 'required';
  groupId: string | null;
  /** "Don't ask again for N days"; 0 turns it off; at most 365. */
  rememberDeviceDays: number;
  /** Passkey sign-in without a password. */
  passwordless: boolean;
}
