/* The audit log's vocabulary, shared by the server (which writes it) and the web app (which names it). */

/**
 * Every action the server and the CLI write to the audit log. The audit store accepts only these
 * (`AuditAction`), and the web app has a label for each under `auditActions.*` in English and Dutch
 * (`src/web/admin/reports/labels.test.ts`); `src/server/features/audit/actions.test.ts` fails when
 * the server's code names an action that is not listed here. A new action: add it here, then its
 * labels.
 */
export const AUDIT_ACTIONS = [
  // Sign-in and sessions.
  'user.sign_out',
  'user.session_revoked',
  'user.sessions_revoked',
  'user.locked_out',
  'user.unlocked',
  'user.account_unlocked_self',
  // Passwords.
  'user.password_change',
  'user.password_reset',
  'user.password_reset_self',
  'user.password_change_required',
  'user.password_link_sent',
  'user.password_links_revoked',
  'user.password_set_by_link',
  'user.password_result_emailed',
  // Users and roles.
  'user.created',
  'user.updated',
  'user.deleted',
  'role.assigned',
  'role.removed',
  // Multifactor authentication and step-up (issue 17).
  'user.mfa_completed',
  'user.mfa_locked',
  'user.mfa_reset',
  'user.step_up',
  // Security info (methods, passkeys).
  'security_info.method_added',
  'security_info.method_removed',
  'security_info.method_replaced',
  'security_info.confirmed',
  // Self-service password reset (checklist AU1, R11).
  'recovery.requested',
  'recovery.code_sent',
  'recovery.rate_limit_exceeded',
  'recovery.method_verified',
  'recovery.contact_admin',
  // Bulk password reset jobs.
  'password_reset_job.created',
  'password_reset_job.completed',
  'password_reset_job.passwords_read',
  'password_reset_job.passwords_expired',
  'password_reset_job.cancelled',
  // Organisation settings.
  'settings.password_policy_updated',
  'settings.password_protection_updated',
  'settings.smart_lockout_updated',
  'settings.breached_passwords_updated',
  'settings.mfa_updated',
  'settings.sspr_updated',
  // The directory connection (issue 14): one event per sync run, not one per user.
  'directory.sync_completed',
  'directory.sync_failed',
  // App registrations (issue 15): every change to an app, its secrets, certificates, consent and directory role.
  'app.created',
  'app.updated',
  'app.deleted',
  'app.secret_added',
  'app.secret_removed',
  'app.certificate_added',
  'app.certificate_removed',
  'app.consent_granted',
  'app.consent_revoked',
  'app.role_assigned',
  'app.role_removed',
  // Organisation and tooling.
  'organization.created',
  'demo.seeded',
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/**
 * Actions no longer written but still found in older databases (sign-ins moved to the sign-in log);
 * the web app keeps naming them.
 */
export const RETIRED_AUDIT_ACTIONS = ['user.sign_in'] as const;

/** Every action the audit log can show by name: the written ones, then the retired ones. */
export const LABELLED_AUDIT_ACTIONS: readonly string[] = [...AUDIT_ACTIONS, ...RETIRED_AUDIT_ACTIONS];

export function isAuditAction(value: string): value is AuditAction {
  return (AUDIT_ACTIONS as readonly string[]).includes(value);
}

/**
 * The initiators that are not a user: the command line (`latchkey …` commands) and Latchkey itself
 * (bootstrap, jobs, expiry). The audit log stores them as these names with no actor id; the web app
 * names them under `auditInitiators.*`, the CSV export keeps the codes.
 */
export const AUDIT_SYSTEM_INITIATORS = ['cli', 'system'] as const;
export type AuditSystemInitiator = (typeof AUDIT_SYSTEM_INITIATORS)[number];
