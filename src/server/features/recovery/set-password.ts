import { iso } from '../../core/clock.js';
import { AppError } from '../../core/errors.js';
import type { RequestContext } from '../../core/identity.js';
import { isLocale, type Locale } from '../../i18n/index.js';
import { securityNoticeAddresses } from '../notifications/security-notices.js';
import { globalAdmins as globalAdminsOf } from './admins.js';
import { loadProfile } from './eligibility.js';
import { transition } from './flow.js';
import type { Portal } from './portal.js';

/** Step 3: the new password. */
export function setPasswordStep(portal: Portal) {
  const { deps, repos } = portal;

  /**
   * Step 3: the new password, through the one password write path (policy purpose `reset`). In
   * one transaction: the flow completes (exactly once), the password changes, every session ends,
   * smart lockout and the SSPR counters clear, other open flows end, audit and notices (R20, N2).
   * No automatic sign-in.
   * @throws AppError password.rejected and the flow errors
   */
  return async function setPassword(token: string, newPassword: string, ctx: RequestContext, locale: Locale) {
    const { flow, user } = await portal.openFlow(token, 'setPassword');
    if (!portal.canSucceed(flow, user) || !user) throw new AppError('recovery.step_not_allowed');
    const settings = await deps.settings();
    const defaultLocale = await deps.defaultLocale();
    const { profile } = await loadProfile(repos.recovery, user.id, settings.groupId);
    const globalAdmins = profile.admin && settings.notifyAdmins ? (await globalAdminsOf(repos.recovery)).filter((a) => a.id !== user.id) : [];
    let completed: ReturnType<typeof transition> | undefined;
    // The one password write path: it also ends the user's other open flows and clears the reset
    // counters (its recovery hook, services.ts), revokes sessions and set-password links.
    await deps.writer.apply({
      user,
      password: { chosen: newPassword, purpose: 'reset' },
      forceChange: false,
      conflict: 'recovery.flow_expired',
      // A directory user's password goes to the directory first: the flow must still be where it
      // was, checked read-only before the directory is written (issue 14: both places or neither).
      guard: async (tx) => {
        if ((await tx.recovery.findFlow(flow.id))?.version !== flow.version) throw new AppError('recovery.step_not_allowed');
      },
      // The flow completes exactly once, in the same transaction as the new password.
      before: async (tx, at) => {
        completed = transition(flow, { type: 'setPassword', at });
        if (!(await tx.recovery.updateFlow(flow.id, flow.version, completed.change))) throw new AppError('recovery.step_not_allowed');
      },
      audit: { action: 'user.password_reset_self', actor: { id: user.id, name: user.userPrincipalName }, ctx, details: { methods: flow.proven.join(' ') } },
      notice: settings.notifyUsers
        ? {
            template: 'password-reset-self',
            payload: { ipAddress: ctx.ipAddress, userAgent: ctx.userAgent },
            addresses: (tx) => securityNoticeAddresses(tx, user, []),
          }
        : null,
      // An administrator's own reset is told to the Global Administrators (reference §7.9).
      after: async (tx, at) => {
        const details = { occurredAt: iso(at), ipAddress: ctx.ipAddress, userAgent: ctx.userAgent };
        for (const admin of globalAdmins) {
          await tx.outbox.enqueue(
            {
              channel: 'email',
              recipient: admin.mail ?? admin.userPrincipalName,
              template: 'admin-password-reset-self',
              locale: isLocale(admin.preferredLanguage) ? admin.preferredLanguage : defaultLocale,
              payload: { ...details, adminPrincipalName: user.userPrincipalName, displayName: admin.displayName, userPrincipalName: admin.userPrincipalName },
              userId: admin.id,
            },
            at,
          );
        }
      },
    });
    deps.mailQueued();
    return portal.view(token, portal.shown(flow, completed!), locale);
  };
}

/** Live checks a browser may ask for while a user types one new password (at most this many an hour per address). */
const CHECKS_PER_IP_HOUR = 600;

/** The new-password step's live feedback: the same rules, problems and strength as My account shows. */
export function checkPasswordStep(portal: Portal) {
  const { deps } = portal;

  /**
   * Checks a candidate against the policy for the flow's user, only once every method is proven
   * (state `password`). Reads only: the flow is not consumed and nothing is audited; the
   * password is never stored or logged.
   * @throws AppError recovery.step_not_allowed, request.rate_limited and the flow errors
   */
  return async function checkPassword(token: string, password: string, ctx: RequestContext, locale: Locale) {
    await deps.rateLimiter.consume('recovery-password-check', ctx.ipAddress ?? 'unknown', { limit: CHECKS_PER_IP_HOUR, windowSeconds: 3600 });
    const { flow, user } = await portal.openFlow(token, 'setPassword');
    if (!portal.canSucceed(flow, user) || !user) throw new AppError('recovery.step_not_allowed');
    return deps.checkPassword(user, password, locale);
  };
}
