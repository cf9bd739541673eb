import type { TFunction } from 'i18next';

/** The audit actions the server writes today, each with a localised name under `auditActions`. */
export const KNOWN_ACTIONS = [
  'user.sign_in',
  'user.sign_out',
  'user.session_revoked',
  'user.sessions_revoked',
  'user.password_change',
  'user.password_reset',
  'user.password_change_required',
  'user.locked_out',
  'user.unlocked',
  'user.created',
  'settings.password_policy_updated',
  'settings.password_protection_updated',
  'settings.smart_lockout_updated',
  'organization.created',
  // Self-service reset (checklist AU1, R11; issue 17).
  'recovery.requested',
  'recovery.code_sent',
  'recovery.rate_limit_exceeded',
] as const;

/** A sign-in reason code (a SignInReason, or a code this version does not know) as text ("Wrong password", "Account locked"…). */
export function reasonLabel(t: TFunction, reason: string): string {
  return t(`signInReasons.${reason}`, { defaultValue: reason });
}

/** An audit action as text; an action this version does not know is shown as its code. */
export function actionLabel(t: TFunction, action: string): string {
  return (KNOWN_ACTIONS as readonly string[]).includes(action) ? t(`auditActions.${action}`) : action;
}

/**
 * The query for a date range picked as local calendar days: `from` is the start of the first day,
 * `to` the start of the day after the last one (the API's `to` is exclusive).
 */
export function dateRangeQuery(from: string, to: string): { from?: string; to?: string } {
  const day = (value: string, add = 0): string | undefined => {
    const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
    if (!match) return undefined;
    const date = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]) + add);
    return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
  };
  return { from: day(from), to: day(to, 1) };
}
