import type { RequestContext, User } from '../../core/identity.js';
import type { Repos } from '../../db/repos.js';
import type { Locale } from '../../i18n/index.js';
import type { SignInReason } from '../../../shared/reports.js';
import { queueSuspiciousActivity } from '../mfa/notices.js';

/** Failed sign-ins (since the last success, notice or new password, within a day) that make a new browser's sign-in suspicious (N6). */
export const SUSPICIOUS_FAILURES = 3;
const LOOKBACK_MS = 24 * 3600_000;
const FAILED: ReadonlySet<SignInReason> = new Set<SignInReason>(['wrong_password', 'locked', 'mfa_failed', 'mfa_locked']);

/**
 * The right password from a browser that never signed in to this account (not familiar), after
 * {@link SUSPICIOUS_FAILURES} failed attempts: queues the "new sign-in" notice (checklist N6) in
 * the caller's transaction. @returns whether a notice was queued.
 */
export async function unfamiliarAfterFailures(tx: Repos, user: User, ctx: RequestContext, now: Date, defaultLocale: Locale): Promise<boolean> {
  const recent = await tx.signIns.list({ userId: user.id, from: new Date(now.getTime() - LOOKBACK_MS), limit: 50 });
  let failures = 0;
  for (const event of recent) {
    // A completed sign-in, or one that reached the MFA step (and may have sent a notice), ends the run.
    if (event.result === 'success' || event.reason === 'mfa_required') break;
    // Guesses at a password that has since been replaced (a reset, a change) are not about this one.
    if (user.lastPasswordChangeAt && event.occurredAt <= user.lastPasswordChangeAt) break;
    if (FAILED.has(event.reason)) failures += event.attempts;
  }
  if (failures < SUSPICIOUS_FAILURES) return false;
  await queueSuspiciousActivity(tx, user, 'unfamiliar-sign-in', ctx, { at: now, defaultLocale, failures });
  return true;
}
