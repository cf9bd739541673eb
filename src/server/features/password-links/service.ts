import { addSeconds, iso, type Clock } from '../../core/clock.js';
import { parties } from '../audit/store.js';
import { newId, randomToken, seal, sha256 } from '../../core/crypto.js';
import { AppError } from '../../core/errors.js';
import type { Repos, Transact } from '../../db/repos.js';
import type { Locale } from '../../i18n/index.js';
import type { Principal, RequestContext } from '../../core/identity.js';
import { notificationAddresses, queueUserMail, requestDetails } from '../notifications/notifier.js';
import type { PasswordWriter } from '../passwords/apply.js';
import type { Authority } from '../roles/authority.js';
import type { PasswordPolicy } from '../policy/engine.js';
import { compositionRules } from '../policy/rules.js';
import type { PasswordRules } from '../../../shared/password-rules.js';
import type { User } from '../../core/identity.js';
import type { UserChange } from '../users/admin.js';
import type { PasswordLink } from './store.js';

/** The longest a set-password link may live: 24 hours (checklist R7, hard limit 86,400 s). */
export const MAX_LINK_SECONDS = 86_400;

/** Thrown inside the redemption's transaction when the sender's authority ended in the meantime. */
class NoLongerAuthorised extends Error {}

export interface PasswordLinkDeps {
  repos: Repos;
  transact: Transact;
  clock: Clock;
  policy: Pick<PasswordPolicy, 'policySettings'>;
  authority: Authority;
  /** The one password write path. */
  writer: PasswordWriter;
  secret: string;
  lifetimeSeconds: number;
  defaultLocale: () => Promise<Locale>;
  mailQueued: () => void;
  /** Fresh proof before a link is sent: it resets the password as surely as a typed one (A2). */
  stepUp: { demand: (principal: Principal) => Promise<void> };
}

/**
 * "Send the user a link to set their own password": instead of a temporary password, the user's
 * alternate email gets a single-use link, so no password passes through the admin (beyond
 * Microsoft, which stopped emailing passwords in 2024; checklist A3).
 */
export function createPasswordLinkService(deps: PasswordLinkDeps) {
  const { repos, transact, clock } = deps;
  // A set-password link lives at most 24 hours, whatever the caller passes (checklist R7; the config refuses more too).
  if (!(deps.lifetimeSeconds > 0 && deps.lifetimeSeconds <= MAX_LINK_SECONDS))
    throw new RangeError(`password link lifetime must be 1..${MAX_LINK_SECONDS} seconds`);

  /**
   * Whether the sender may still reset the user: their CURRENT roles against the user's CURRENT
   * roles, and they still exist and are enabled (issue 12, finding 4; checklist A1, R8).
   */
  async function senderMayStill(link: PasswordLink, via: Repos = repos): Promise<boolean> {
    return (await deps.authority.judgeNow(link.createdBy, link.userId, 'reset-password', via)) === null;
  }

  /** Voids a link whose sender lost the authority to send it, and audits the refused use. */
  async function refuse(link: PasswordLink, user: User, ctx: RequestContext): Promise<never> {
    const now = clock.now();
    await transact(async (tx) => {
      await tx.passwordLinks.consume(link.id, now);
      await tx.audit.append(
        {
          action: 'user.password_set_by_link',
          outcome: 'failure',
          ...parties(user, user),
          ...ctx,
          details: { reason: 'not_permitted', sentBy: link.createdBy },
        },
        now,
      );
    });
    throw new AppError('links.invalid');
  }

  /** Ends a user's open links, or those an admin sent, and audits it when any was open. */
  async function end(tx: Repos, change: UserChange, whose: 'user' | 'sender', reason: string): Promise<void> {
    const n =
      whose === 'user' ? await tx.passwordLinks.revokeForUser(change.user.id, change.at) : await tx.passwordLinks.revokeSentBy(change.user.id, change.at);
    if (!n) return;
    await tx.audit.append(
      {
        action: 'user.password_links_revoked',
        outcome: 'success',
        actorId: change.actor.id,
        actorName: change.actor.name,
        targetId: change.user.id,
        targetName: change.user.userPrincipalName,
        ...change.ctx,
        details: { reason, links: n, ...(change.role ? { role: change.role } : {}) },
      },
      change.at,
    );
  }

  /** Why a known link can no longer be used (audited when someone tries: AU1 "token expired or reused"). */
  type Spent = 'used' | 'expired' | 'password_changed' | 'account_unavailable';

  /**
   * The link's user if the token is valid now: unused, unexpired, and no password change since it
   * was made (R8). A token that matches a link no longer usable gives `spent` with the reason.
   */
  async function lookup(token: string): Promise<{ link: PasswordLink; user: User } | { spent: Spent; link: PasswordLink } | null> {
    if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
    const link = await repos.passwordLinks.findByTokenHash(sha256(token));
    const now = clock.now();
    if (!link) return null;
    if (link.usedAt) return { spent: 'used', link };
    if (link.expiresAt <= now) return { spent: 'expired', link };
    const user = await repos.users.findById(link.userId);
    if (!user || !user.accountEnabled) return { spent: 'account_unavailable', link };
    if (user.lastPasswordChangeAt && user.lastPasswordChangeAt > link.createdAt) return { spent: 'password_changed', link };
    return { link, user };
  }

  async function resolve(token: string): Promise<{ link: PasswordLink; user: User } | null> {
    const found = await lookup(token);
    return found && 'user' in found ? found : null;
  }

  /** Audits a try with a link that exists but can no longer be used, then refuses it like any bad token (AU1). */
  async function refuseSpent(link: PasswordLink, reason: Spent, ctx: RequestContext): Promise<never> {
    const user = await repos.users.findById(link.userId);
    await repos.audit.append(
      {
        action: 'user.password_set_by_link',
        outcome: 'failure',
        targetId: link.userId,
        targetName: user?.userPrincipalName ?? null,
        ...ctx,
        details: { reason, sentBy: link.createdBy },
      },
      clock.now(),
    );
    throw new AppError('links.invalid');
  }

  return {
    /**
     * Sends a set-password link to the target's alternate addresses (same authority as a reset).
     * @throws AppError as Authority.assertMayActOn, users.no_alternate_email
     */
    async send(actor: Principal, targetId: string, ctx: RequestContext): Promise<void> {
      const target = await deps.authority.assertMayActOn(actor, targetId, 'reset-password', { action: 'user.password_link_sent', ctx });
      await deps.stepUp.demand(actor);
      const addresses = notificationAddresses({ mail: null, otherMails: target.otherMails });
      if (!addresses.length) throw new AppError('users.no_alternate_email');
      const token = randomToken();
      const now = clock.now();
      const expiresAt = addSeconds(now, deps.lifetimeSeconds);
      const defaultLocale = await deps.defaultLocale();
      await transact(async (tx) => {
        await tx.passwordLinks.revokeForUser(target.id, now);
        await tx.passwordLinks.create({ id: newId(), userId: target.id, tokenHash: sha256(token), createdBy: actor.user.id, createdAt: now, expiresAt });
        await tx.audit.append(
          {
            action: 'user.password_link_sent',
            outcome: 'success',
            actorId: actor.user.id,
            actorName: actor.user.userPrincipalName,
            targetId: target.id,
            targetName: target.userPrincipalName,
            ...ctx,
            details: { expiresAt: iso(expiresAt), recipients: addresses.length },
          },
          now,
        );
        // The queued mail holds the token sealed, never in clear (checklist S9).
        await queueUserMail(
          tx,
          target,
          'password-set-link',
          { expiresAt: iso(expiresAt), sealedToken: seal(deps.secret, 'mail-payload', token) },
          { at: now, defaultLocale, addresses },
        );
      });
      deps.mailQueued();
    },

    /** What the set-password page shows before the user types. @throws AppError links.invalid */
    async inspect(token: string): Promise<{ userPrincipalName: string; expiresAt: Date; rules: PasswordRules }> {
      const found = await resolve(token);
      if (!found || !(await senderMayStill(found.link))) throw new AppError('links.invalid');
      const settings = await deps.policy.policySettings();
      const rules = compositionRules(settings.profile, { mfaRequired: settings.mfaRequired, relaxComplexity: found.user.disableStrongPassword });
      return { userPrincipalName: found.user.userPrincipalName, expiresAt: found.link.expiresAt, rules: { profile: settings.profile, ...rules } };
    },

    /**
     * Sets the password through the policy, consuming the link in the same transaction (exactly
     * one of concurrent redemptions wins), revokes sessions, clears lockout, notifies every address.
     * @throws AppError links.invalid, password.rejected
     */
    async redeem(token: string, newPassword: string, ctx: RequestContext): Promise<void> {
      const found = await lookup(token);
      if (!found) throw new AppError('links.invalid');
      if ('spent' in found) return refuseSpent(found.link, found.spent, ctx);
      const { user, link } = found;
      if (!(await senderMayStill(link))) return refuse(link, user, ctx);
      try {
        await deps.writer.apply({
          user,
          password: { chosen: newPassword, purpose: 'reset' },
          forceChange: false,
          conflict: 'links.invalid',
          // Consumed in the same transaction: exactly one of concurrent redemptions wins. The
          // sender's authority is decided again on what this transaction sees, after the link's row
          // is claimed: a role granted or removed concurrently either lands first (and is seen
          // here) or waits for this password (its revocation of the link finds it used).
          // A directory user's password goes to the directory before that transaction: the same
          // checks, read-only, before the directory is written, so it never gets a password Latchkey
          // then refuses to record (issue 14: both places or neither).
          guard: async (tx) => {
            const current = await tx.passwordLinks.findByTokenHash(sha256(token));
            if (!current || current.usedAt || current.expiresAt <= clock.now()) throw new AppError('links.invalid');
            if (!(await senderMayStill(link, tx))) throw new NoLongerAuthorised();
          },
          before: async (tx, at) => {
            if (!(await tx.passwordLinks.consume(link.id, at))) throw new AppError('links.invalid');
            if (!(await senderMayStill(link, tx))) throw new NoLongerAuthorised();
          },
          audit: { action: 'user.password_set_by_link', actor: { id: user.id, name: user.userPrincipalName }, ctx },
          notice: { template: 'password-changed', payload: requestDetails(ctx) },
        });
      } catch (err) {
        if (err instanceof NoLongerAuthorised) return refuse(link, user, ctx);
        throw err;
      }
      deps.mailQueued();
    },

    /**
     * Ends open links when authority or addresses change, in the change's transaction (issue 12,
     * finding 4): a user's links when they get a role or their addresses change (a link must not
     * outlive the rights or the mailbox it was sent with), and the links an admin sent when they
     * lose a role. Audited as `user.password_links_revoked`.
     */
    async onUserChange(tx: Repos, change: UserChange): Promise<void> {
      if (change.kind === 'role-assigned') await end(tx, change, 'user', 'role_assigned');
      else if (change.kind === 'addresses-changed') await end(tx, change, 'user', 'addresses_changed');
      else await end(tx, change, 'sender', 'sender_role_removed');
    },
  };
}

export type PasswordLinkService = ReturnType<typeof createPasswordLinkService>;
