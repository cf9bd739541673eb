import { iso } from '../../core/clock.js';
import { AppError } from '../../core/errors.js';
import type { RequestContext } from '../../core/identity.js';
import { isLocale, type Locale } from '../../i18n/index.js';
import { queueUserMail } from '../notifications/notifier.js';
import { securityNoticeAddresses } from '../security-info/notices.js';
import { globalAdmins as globalAdminsOf } from './admins.js';
import { loadProfile } from './eligibility.js';
import { transition } from './flow.js';
import type { Portal } from './portal.js';

/** Step 3: the new password. */
export function setPasswordStep(portal: Portal) {
  const { deps, repos, transact, clock, throttle } = portal;

  /**
   * Step 3: the new password, through the policy (purpose `reset`). In one transaction: the
   * flow completes (exactly once), the password changes, every session ends, smart lockout and
   * the SSPR counters clear, other open flows end, audit and notices (checklist R20, N2).
   * No automatic sign-in.
   * @throws AppError password.rejected and the flow errors
   */
  return async function setPassword(token: string, newPassword: string, ctx: RequestContext, locale: Locale) {
    const { flow, user } = await portal.openFlow(token, 'setPassword');
    if (!portal.canSucceed(flow, user) || !user) throw new AppError('recovery.step_not_allowed');
    const password = await deps.policy.enforce(newPassword, user, 'reset');
    const hash = await deps.hasher.hash(password);
    const keep = await deps.policy.historyToKeep();
    const settings = await deps.settings();
    const defaultLocale = await deps.defaultLocale();
    const { profile } = await loadProfile(repos.recovery, user.id, settings.groupId);
    const globalAdmins = profile.admin && settings.notifyAdmins ? (await globalAdminsOf(repos.recovery)).filter((a) => a.id !== user.id) : [];
    const now = clock.now();
    const completed = transition(flow, { type: 'setPassword', at: now });
    await transact(async (tx) => {
      if (!(await tx.recovery.updateFlow(flow.id, flow.version, completed.change))) throw new AppError('recovery.step_not_allowed');
      if (!(await tx.users.replacePassword(user.id, user.passwordHash, hash, now, { forceChange: false }))) throw new AppError('recovery.flow_expired');
      if (user.passwordHash) await tx.passwordHistory.push(user.id, user.passwordHash, now, keep);
      await tx.sessions.revokeAllForUser(user.id, now);
      await tx.lockout.clear(user.id);
      await tx.passwordLinks.revokeForUser(user.id, now);
      await throttle.reset(tx, flow.subject);
      await tx.recovery.failOpenFlows(user.id, 'superseded', now);
      await tx.audit.append({ action: 'user.password_reset_self', outcome: 'success', actorId: user.id, actorName: user.userPrincipalName, targetId: user.id, targetName: user.userPrincipalName, ...ctx, details: { methods: flow.proven.join(' ') } }, now);
      const details = { occurredAt: iso(now), ipAddress: ctx.ipAddress, userAgent: ctx.userAgent };
      if (settings.notifyUsers) await queueUserMail(tx, user, 'password-reset-self', details, { at: now, defaultLocale, addresses: await securityNoticeAddresses(tx, user, []) });
      for (const admin of globalAdmins) {
        await tx.outbox.enqueue(
          { channel: 'email', recipient: admin.mail ?? admin.userPrincipalName, template: 'admin-password-reset-self', locale: isLocale(admin.preferredLanguage) ? admin.preferredLanguage : defaultLocale, payload: { ...details, adminPrincipalName: user.userPrincipalName, displayName: admin.displayName, userPrincipalName: admin.userPrincipalName }, userId: admin.id },
          now,
        );
      }
    });
    deps.mailQueued();
    return portal.view(token, portal.shown(flow, completed), locale);
  };
}
