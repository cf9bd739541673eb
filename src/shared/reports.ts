/* The log and report rows the admin centre and My account show: shared by the server and the web app. */
import type { Outcome, Page } from './api.js';
import type { MethodKind } from './methods.js';

export const signInReasons = [
  'success',
  'must_change',
  'expired',
  'wrong_password',
  'locked',
  'disabled',
  'unknown_user',
  'password_too_long',
  'rate_limited',
  // Sign-in MFA (issue 17): interrupted for the second factor, a wrong one, the MFA step locked, a passkey without a password.
  'mfa_required',
  'mfa_failed',
  'mfa_locked',
  'passwordless',
  // A generated temporary password used after its lifetime (checklist A4).
  'temporary_password_expired',
  // A directory user's bind could not be made: the directory was unreachable or timed out (issue 14).
  'directory_unavailable',
] as const;
export type SignInReason = (typeof signInReasons)[number];

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
  /** Requests this row stands for: more than 1 for aggregated rate-limited refusals. */
  attempts: number;
  /** The newest request an aggregated row counts; null otherwise. */
  lastDateTime: string | null;
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

/** One user in Reports > Password reset > Registration. */
export interface PasswordResetRegistration {
  userId: string;
  userPrincipalName: string;
  displayName: string;
  methods: MethodKind[];
  registered: boolean;
  confirmedAt: string | null;
}

/** How a self-service reset attempt ended. */
export const passwordResetOutcomes = [
  'completed',
  'expired',
  'locked',
  'wrong_proof',
  'not_eligible',
  'unknown_account',
  'abandoned',
  'superseded',
  // The address or number a code went to was replaced (checklist R8b).
  'contact_replaced',
] as const;
export type PasswordResetOutcome = (typeof passwordResetOutcomes)[number];

/** One self-service reset attempt in Reports > Password reset > Usage. */
export interface PasswordResetActivity {
  id: string;
  startedAt: string;
  finishedAt: string | null;
  userPrincipalName: string | null;
  /** 'completed', a failure reason, or null while the attempt is still open. */
  outcome: PasswordResetOutcome | (string & {}) | null;
  methodsProven: MethodKind[];
  ipAddress: string | null;
}

/** `GET /reports/password-reset/activity`. */
export interface PasswordResetActivityPage extends Page<PasswordResetActivity> {
  summary: { started: number; completed: number; failed: number; byReason: Record<string, number> };
}
