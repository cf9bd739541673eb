import type { TFunction } from 'i18next';
import { AUDIT_ACTIONS, AUDIT_SYSTEM_INITIATORS, LABELLED_AUDIT_ACTIONS } from '../../../shared/audit.js';

/** The audit actions the activity filter offers by name: every one the server writes (src/shared/audit.ts). */
export const KNOWN_ACTIONS: readonly string[] = AUDIT_ACTIONS;

/** A sign-in reason code (a SignInReason, or a code this version does not know) as text ("Wrong password", "Account locked"…). */
export function reasonLabel(t: TFunction, reason: string): string {
  return t(`signInReasons.${reason}`, { defaultValue: reason });
}

/** An audit action as text; an action this version does not know is shown as its code. */
export function actionLabel(t: TFunction, action: string): string {
  return LABELLED_AUDIT_ACTIONS.includes(action) ? t(`auditActions.${action}`) : action;
}

/**
 * Who initiated an audit event, as text: a user by sign-in name; the command line and Latchkey
 * itself (stored as `cli` and `system` with no actor id) by name; no initiator at all as Latchkey.
 */
export function initiatorLabel(t: TFunction, event: { actorId: string | null; actorName: string | null }): string {
  const name = event.actorName;
  if (!name) return t('auditInitiators.system');
  if (!event.actorId && (AUDIT_SYSTEM_INITIATORS as readonly string[]).includes(name)) return t(`auditInitiators.${name}`);
  return name;
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
