import { iso } from '../../core/clock.js';
import { AppError } from '../../core/errors.js';
import type { RequestContext, User } from '../../core/identity.js';
import { isLocale } from '../../i18n/index.js';
import { helpdeskRecipients } from './admins.js';
import type { RecoveryFlow } from './flow.js';
import { helpdeskView, type Portal } from './portal.js';
import { helpdeskOf } from './settings.js';

/** *Contact your administrator* from the portal. */
export function contactAdminStep(portal: Portal) {
  const { deps, repos, transact, clock, throttle } = portal;

  /**
   * *Contact your administrator* (reference §7.9): mail to the custom helpdesk address, or to
   * the helpdesk and password administrators (at most 100); with a custom URL, nothing is sent.
   * Unknown names write a decoy instead. At most 3 per account per hour. Only from an open flow.
   * @throws AppError recovery.flow_not_found, request.rate_limited
   */
  return async function contactAdmin(token: string, ctx: RequestContext) {
    const flow = await portal.findByToken(token);
    const user = flow?.userId ? await repos.users.findById(flow.userId) : undefined;
    // Only an open flow may ask: a finished, superseded, expired or abandoned one gets the answer
    // an unknown flow gets, and mails nobody (issue 12 finding 7; checklist R8, R8c).
    if (!flow || !isOpen(portal, flow, user, clock.now())) throw new AppError('recovery.flow_not_found');
    const settings = await deps.settings();
    const helpdesk = helpdeskOf(settings);
    if (helpdesk.kind === 'url') return { helpdesk: helpdeskView(settings) };
    await deps.rateLimiter.consume('recovery-contact', ctx.ipAddress ?? 'unknown', { limit: deps.limits.sendsPerIp, windowSeconds: 3600 });
    const now = clock.now();
    if (!(await throttle.contactAllowed(flow.subject))) return { helpdesk: helpdeskView(settings) };
    const recipients =
      helpdesk.kind === 'email'
        ? [{ id: null, address: helpdesk.address, name: '', locale: null as string | null }]
        : (await helpdeskRecipients(repos.recovery)).map((a) => ({
            id: a.id,
            address: a.mail ?? a.userPrincipalName,
            name: a.displayName,
            locale: a.preferredLanguage,
          }));
    const defaultLocale = await deps.defaultLocale();
    await transact(async (tx) => {
      for (const r of user ? recipients : recipients.slice(0, 1)) {
        await tx.outbox.enqueue(
          {
            decoy: !user,
            channel: 'email',
            recipient: user ? r.address : '',
            template: 'contact-admin-request',
            locale: isLocale(r.locale) ? r.locale : defaultLocale,
            payload: {
              requesterPrincipalName: user?.userPrincipalName ?? '',
              occurredAt: iso(now),
              ipAddress: ctx.ipAddress,
              userAgent: ctx.userAgent,
              displayName: r.name,
              userPrincipalName: r.address,
            },
            userId: r.id,
          },
          now,
        );
      }
      await tx.audit.append(
        {
          action: 'recovery.contact_admin',
          outcome: 'success',
          actorId: flow.userId,
          actorName: flow.userPrincipalName,
          targetId: flow.userId,
          targetName: flow.userPrincipalName,
          ...ctx,
        },
        now,
      );
    });
    deps.mailQueued();
    return { helpdesk: helpdeskView(settings) };
  };
}

/**
 * Still open: proving or choosing a password, within its lifetime, and (for a real account) the
 * password unchanged since it began. A flow that just ended on too many wrong proofs counts as
 * open too: its screen is the one that says "contact your administrator" (reference §7.9), and
 * the per-account contact throttle bounds the mail. Everything else is as good as unknown.
 */
function isOpen(portal: Portal, flow: RecoveryFlow, user: User | undefined, now: Date): boolean {
  const lockedOut = flow.state === 'failed' && flow.outcome === 'wrong_proof';
  if (flow.state !== 'verify' && flow.state !== 'password' && !lockedOut) return false;
  if (flow.expiresAt <= now) return false;
  return !flow.userId || (!!user && portal.stampOf(user) === flow.passwordStamp);
}
