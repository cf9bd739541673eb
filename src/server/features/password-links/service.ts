import { addSeconds, iso, type Clock } from '../../core/clock.js';
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
}

/**
 * "Send the user a link to set their own password": instead of a temporary password, the user's
 * alternate email gets a single-use link, so no password passes through the admin (beyond
 * Microsoft, which stopped emailing passwords in 2024; checklist A3).
 */
export function createPasswordLinkService(deps: PasswordLinkDeps) {
  const { repos, transact, clock } = deps;

  /** The link's user if the token is valid now: unused, unexpired, and no password change since it was made (R8). */
  async function resolve(token: string): Promise<{ link: { id: string; expiresAt: Date }; user: User } | null> {
    if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
    const link = await repos.passwordLinks.findByTokenHash(sha256(token));
    const now = clock.now();
    if (!link || link.usedAt || link.expiresAt <= now) return null;
    const user = await repos.users.findById(link.userId);
    if (!user || !user.accountEnabled) return null;
    if (user.lastPasswordChangeAt && user.lastPasswordChangeAt > link.createdAt) return null;
    return { link, user };
  }

  return {
    /**
     * Sends a set-password link to the target's alternate addresses (same authority as a reset).
     * @throws AppError as Authority.assertMayActOn, users.no_alternate_email
     */
    async send(actor: Principal, targetId: string, ctx: RequestContext): Promise<void> {
      const target = await deps.authority.assertMayActOn(actor, targetId, 'reset-password', { action: 'user.password_link_sent', ctx });
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
      if (!found) throw new AppError('links.invalid');
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
      const found = await resolve(token);
      if (!found) throw new AppError('links.invalid');
      const { user, link } = found;
      await deps.writer.apply({
        user,
        password: { chosen: newPassword, purpose: 'reset' },
        forceChange: false,
        conflict: 'links.invalid',
        // Consumed in the same transaction: exactly one of concurrent redemptions wins.
        before: async (tx, at) => {
          if (!(await tx.passwordLinks.consume(link.id, at))) throw new AppError('links.invalid');
        },
        audit: { action: 'user.password_set_by_link', actor: { id: user.id, name: user.userPrincipalName }, ctx },
        notice: { template: 'password-changed', payload: requestDetails(ctx) },
      });
      deps.mailQueued();
    },
  };
}

export type PasswordLinkService = ReturnType<typeof createPasswordLinkService>;
