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
}
