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
  /** Locked out by smart lockout now (an admin can unlock). */
  locked: boolean;
  createdDateTime: string;
}

export interface Me {
  user: User;
  roles: RoleId[];
  permissions: string[];
  passwordChangeRequired: boolean;
  passwordChangeReason: PasswordChangeReason;
  /** When the password expires; `remind` is true inside the notification window. */
  passwordExpiry?: PasswordExpiry;
  organization?: { displayName: string };
  /** Also in the readable CSRF cookie; kept in memory in case cookies are renamed. */
  csrfToken?: string;
  session: { id: string; createdDateTime: string; expiresDateTime: string };
}

export interface PasswordExpiry {
  /** null: the password never expires. */
  expiresDateTime: string | null;
  daysLeft: number | null;
  remind: boolean;
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
  /** Add, edit and delete users (User Administrator, Global Administrator). */
  usersManage: 'users:manage',
  /** Reset passwords, unlock, require a change: within Entra's role matrix (Password Administrator and up). */
  resetPassword: 'users:reset-password',
  /** Sign a user out of all sessions (Helpdesk Administrator and up; not Password Administrator). */
  sessionsRevoke: 'sessions:revoke',
  /** Assign and remove roles (Privileged Role Administrator, Global Administrator). */
  rolesManage: 'roles:manage',
  /** The whole password policy and the custom banned list (Authentication Policy Administrator, Global Administrator). */
  passwordPolicy: 'settings:password-policy',
  /** Only the password expiration policy (User Administrator, as in Entra). */
  passwordExpiry: 'settings:password-expiry',
  /** Smart lockout threshold and duration (Authentication and Authentication Policy Administrators, Global Administrator). */
  lockout: 'settings:lockout',
  /** Reports > Sign-ins (Reports Reader and up). */
  reportsRead: 'reports:read',
  /** Reports > Audit log. */
  auditRead: 'audit:read',
  /** Settings > Mail: the delivery log and the dev mailbox (Global Administrator). */
  mailRead: 'mail:read',
  /** Settings > Self-service password reset (Authentication Policy Administrator, Global Administrator). */
  ssprSettings: 'settings:sspr',
} as const;

export type PolicyProfile = 'entra' | 'nist';

/** The composition rules of the policy that applies to the user, from the check endpoint. */
export interface PasswordRules {
  profile: PolicyProfile;
  minLength: number;
  maxLength: number;
  /** Only A-Z, a-z, 0-9, blank space and the Entra symbols. */
  entraCharacters: boolean;
  /** At least this many of lower, upper, digit, symbol; 0 = no composition rule. */
  minCategories: number;
}

export interface PasswordProblem {
  code: string;
  /** Localised by the server from Accept-Language. */
  message: string;
  params?: Record<string, string | number>;
}

/** `POST /password-policy/check`. */
export interface PasswordCheckResult {
  accepted: boolean;
  /** Entra banned-password score; at least 5 passes. */
  score: number;
  problems: PasswordProblem[];
  rules: PasswordRules;
  strength: { score: 0 | 1 | 2 | 3 | 4; guessesLog10: number; warning: string | null; suggestions: string[] };
}

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

export const SIGN_IN_REASONS = ['success', 'must_change', 'expired', 'wrong_password', 'locked', 'disabled', 'unknown_user', 'password_too_long', 'rate_limited'] as const;
export type SignInReason = (typeof SIGN_IN_REASONS)[number];
export type Outcome = 'success' | 'failure';

/** One sign-in attempt (`/sign-in-logs`, `/me/sign-ins`). */
export interface SignInEvent {
  id: string;
  createdDateTime: string;
  userId: string | null;
  /** The account, or the identifier tried when it looked like one. */
  userPrincipalName: string | null;
  result: Outcome;
  reason: SignInReason;
  ipAddress: string | null;
  userAgent: string | null;
  familiarDevice: boolean;
  correlationId: string | null;
}

/** One audit event (`/audit-logs`). */
export interface AuditEvent {
  id: string;
  activityDateTime: string;
  action: string;
  outcome: Outcome;
  actorId: string | null;
  actorName: string | null;
  targetId: string | null;
  targetName: string | null;
  ipAddress: string | null;
  userAgent: string | null;
  correlationId: string | null;
  details: Record<string, unknown>;
}

export const MAIL_STATUSES = ['queued', 'sending', 'sent', 'failed'] as const;
export type MailStatus = (typeof MAIL_STATUSES)[number];

/** One message in the outbox (`/mail/deliveries`). */
export interface MailDelivery {
  id: string;
  channel: 'email' | 'sms';
  recipient: string;
  template: string;
  locale: string;
  subject: string | null;
  status: MailStatus;
  attempts: number;
  nextAttemptDateTime: string | null;
  lastError: string | null;
  createdDateTime: string;
  sentDateTime: string | null;
  log: { dateTime: string; outcome: 'sent' | 'retry' | 'failed'; detail: string | null }[];
}

export interface MailDeliveries {
  transport: 'smtp' | 'dev-mailbox';
  items: MailDelivery[];
  nextBefore: string | null;
}

/** A message kept by the dev mailbox (no SMTP server configured). */
export interface DevMail {
  id: string;
  recipient: string;
  subject: string;
  text: string;
  html: string;
  createdDateTime: string;
}

/** `GET /roles`. */
export interface Role {
  id: RoleId;
  displayName: string;
  permissions: string[];
  memberCount: number;
}

/** The options of an admin reset, single or bulk. */
export interface ResetOptions {
  autoGenerate: boolean;
  password?: string;
  forceChangePasswordNextSignIn: boolean;
  /** Single reset only, when the server supports it: mail the user a link to set their own password. */
  sendLink?: boolean;
}

export type ResetItemStatus = 'pending' | 'reset' | 'skipped' | 'failed';

/** `GET /password-reset-jobs/{id}`. */
export interface PasswordResetJob {
  id: string;
  status: 'running' | 'completed';
  total: number;
  counts: { pending: number; reset: number; skipped: number; failed: number };
  createdBy: string;
  createdDateTime: string;
  finishedDateTime: string | null;
  autoGenerate: boolean;
  forceChangePasswordNextSignIn: boolean;
}

/** One user's outcome in a bulk reset (`GET /password-reset-jobs/{id}/items`). */
export interface PasswordResetJobItem {
  seq: number;
  userId: string | null;
  userPrincipalName: string;
  status: ResetItemStatus;
  /** not_permitted, self, not_found, or the policy codes (space separated) of a failure. */
  reason: string | null;
  passwordAvailable: boolean;
}

/** A generated password, shown once. */
export interface GeneratedPassword {
  userPrincipalName: string;
  password: string;
}

/** The ways a user proves who they are in self-service password reset. */
export const METHOD_KINDS = ['email', 'mobilePhone', 'officePhone', 'authenticatorApp', 'securityQuestions'] as const;
export type MethodKind = (typeof METHOD_KINDS)[number];
/** The methods registered one by one (security questions are a set of answers). */
export type SingleMethodKind = Exclude<MethodKind, 'securityQuestions'>;

/** A registered method (`GET /me/methods`). */
export interface SecurityMethod {
  id: string;
  kind: SingleMethodKind;
  /** The full email address or E.164 phone number; null for the authenticator app. */
  value: string | null;
  createdAt: string;
}

/** `GET /me/methods`: My account > Security info. */
export interface SecurityInfo {
  methods: SecurityMethod[];
  securityQuestions: { registered: number; questionIds: string[] };
  policy: {
    /** Self-service password reset applies to this user. */
    enabled: boolean;
    methodsRequired: 1 | 2;
    available: MethodKind[];
    questionsToRegister: number;
    /** The administrator ("two-gate") policy: two methods, no security questions. */
    admin: boolean;
  };
  registered: boolean;
  confirmedAt: string | null;
  prompt: 'none' | 'register' | 'reconfirm';
}

/** `POST /me/methods/{email,mobile-phone,office-phone}`: a code is on its way. */
export interface MethodVerification {
  verificationId: string;
  expiresAt: string;
}

/** `POST /me/methods/authenticator-app`: the secret to add to the app, once. */
export interface AuthenticatorVerification extends MethodVerification {
  secret: string;
  otpauthUri: string;
  /** Server-generated SVG markup of the otpauth URI. */
  qrCodeSvg: string;
}

/** `GET /me/methods/security-questions`. */
export interface SecurityQuestionCatalogue {
  questions: { id: string; text: string; custom: boolean }[];
  required: number;
  registeredIds: string[];
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

/** A group as the group picker lists it (`GET /groups?search=`). */
export interface GroupSummary {
  id: string;
  displayName: string;
}

/** One user in Reports > Password reset > Registration. */
export interface PasswordResetRegistration {
  userId: string;
  userPrincipalName: string;
  displayName: string;
  methods: MethodKind[];
  registered: boolean;
  confirmedAt: string | null;
}

export const PASSWORD_RESET_OUTCOMES = ['completed', 'expired', 'locked', 'wrong_proof', 'not_eligible', 'unknown_account', 'abandoned', 'superseded'] as const;
export type PasswordResetOutcome = (typeof PASSWORD_RESET_OUTCOMES)[number];

/** One self-service reset attempt in Reports > Password reset > Usage. */
export interface PasswordResetActivity {
  id: string;
  startedAt: string;
  finishedAt: string | null;
  userPrincipalName: string | null;
  /** 'completed', a failure reason, or null while the attempt is still open. */
  outcome: PasswordResetOutcome | string | null;
  methodsProven: MethodKind[];
  ipAddress: string | null;
}

/** `GET /reports/password-reset/activity`. */
export interface PasswordResetActivityPage extends Page<PasswordResetActivity> {
  summary: { started: number; completed: number; failed: number; byReason: Record<string, number> };
}
