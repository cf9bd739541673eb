import type { Clock } from '../../core/clock.js';
import { AppError } from '../../core/errors.js';
import type { Principal, RequestContext, User } from '../../core/identity.js';
import type { Repos, Transact } from '../../db/repos.js';
import { notificationAddresses } from '../notifications/notifier.js';
import type { PasswordWriter } from '../passwords/apply.js';
import { generatePassword } from '../passwords/generate.js';
import type { PasswordPolicy } from '../policy/engine.js';
import type { Authority, TargetAction } from '../roles/authority.js';
import { clearAccountThrottles } from '../lockout/buckets.js';
import type { AuditAction } from '../../../shared/audit.js';
import type { Locale } from '../../i18n/index.js';
import { createEmailResult, type EmailResultRequest } from './email-result.js';
import type { DirectoryConnector } from '../../core/directory.js';

export interface ResetOptions {
  /** Generate a strong random password (default); false: use `password`. */
  autoGenerate: boolean;
  password?: string | undefined;
  /** Require a change at next sign-in (default true, as in Microsoft 365). */
  forceChangePasswordNextSignIn: boolean;
  /** Graph: MFA first at next sign-in, then the forced change (implies a forced change; issue 17). */
  forceChangePasswordNextSignInWithMfa?: boolean | undefined;
  /** "Email the password to the following recipients" as asked (single reset; email-result.ts checks it). */
  emailResult?: EmailResultRequest | undefined;
  /** The checked recipients of the result mail (a bulk job stores them with its options). */
  resultRecipients?: readonly string[] | undefined;
}

export interface AdminResetDeps {
  repos: Repos;
  transact: Transact;
  clock: Clock;
  policy: Pick<PasswordPolicy, 'evaluate'>;
  authority: Authority;
  /** The one password write path. */
  writer: PasswordWriter;
  mailQueued: () => void;
  /** How long a generated password works if unchanged (checklist A4; config temporaryPasswordTtlSeconds). */
  temporaryPasswordTtlSeconds: number;
  /** Fresh proof before a reset (issue 17 step-up). */
  stepUp: { demand: (principal: Principal) => Promise<void> };
  /** Seals the password in a result mail (email-result.ts). */
  secret: string;
  defaultLocale: () => Promise<Locale>;
  /** The directory (issue 14): an unlock of a directory user clears its lock there first. Null or absent: none configured. */
  directory?: DirectoryConnector | null;
}

/** The addresses an admin-reset notice goes to: the alternates (the user may not reach the primary), else the primary. */
function resetNoticeAddresses(user: User): string[] {
  const alternates = notificationAddresses({ mail: null, otherMails: user.otherMails });
  return alternates.length ? alternates : notificationAddresses({ mail: user.mail, otherMails: [] });
}

/**
 * Users > Active users > Reset password, and the other admin actions on a user's password:
 * unlock, sign out everywhere, require a change. Who may act on whom is Entra's role matrix,
 * decided by the authority module for every entry point (API, UI, CLI, bulk jobs).
 */
export function createAdminResetService(deps: AdminResetDeps) {
  const { repos, transact, clock, policy, authority } = deps;
  const emailResult = createEmailResult({ repos, secret: deps.secret });

  /** A generated password that the policy accepts (a random draw can still contain a banned word). */
  async function generateAccepted(target: User): Promise<string> {
    for (let attempt = 0; attempt < 20; attempt++) {
      const candidate = generatePassword(16);
      if ((await policy.evaluate(candidate, target, 'preview')).accepted) return candidate;
    }
    throw new Error('could not generate a password the policy accepts');
  }

  /**
   * Sets a new password on a target the actor is allowed to reset, through the one password path:
   * the must-change flag, history, every session revoked, lockout cleared, the audit event
   * (options, never the password) and the notice mail (no password in it), in one transaction.
   * @returns the generated password (once; it is never stored), or null when the admin chose one.
   */
  async function applyReset(
    actor: { id: string | null; name: string },
    target: User,
    options: ResetOptions,
    ctx: RequestContext,
    source: string,
    /** More work in the same transaction (a bulk job marks its item done here: exactly once). */
    inTransaction?: (tx: Repos, generated: string | null) => Promise<void>,
    /** A directory user: checks before the directory is written (a bulk item still pending; issue 14). */
    guard?: (tx: Repos) => Promise<void>,
  ): Promise<string | null> {
    const recipients = options.resultRecipients ?? [];
    emailResult.assertNotTarget(recipients, target);
    const defaultLocale = recipients.length ? await deps.defaultLocale() : 'en';
    const generated = options.autoGenerate ? await generateAccepted(target) : null;
    const withMfa = options.forceChangePasswordNextSignInWithMfa === true;
    await deps.writer.apply({
      user: target,
      password: generated !== null ? { generated } : { chosen: options.password ?? '', purpose: 'reset' },
      forceChange: options.forceChangePasswordNextSignIn || withMfa,
      conflict: 'password.conflict',
      ...(guard ? { guard } : {}),
      audit: {
        action: 'user.password_reset',
        actor,
        ctx,
        details: {
          autoGenerate: options.autoGenerate,
          forceChangePasswordNextSignIn: options.forceChangePasswordNextSignIn || withMfa,
          ...(withMfa ? { forceChangePasswordNextSignInWithMfa: true } : {}),
          source,
        },
      },
      notice: {
        template: 'password-reset-by-admin',
        payload: { mustChange: options.forceChangePasswordNextSignIn },
        addresses: async () => resetNoticeAddresses(target),
      },
      after: async (tx: Repos, at: Date) => {
        // A generated password is temporary: it stops working for sign-in after its lifetime (checklist A4).
        if (generated !== null) await tx.temporaryPasswords.set(target.id, at, new Date(at.getTime() + deps.temporaryPasswordTtlSeconds * 1000));
        // After the writer's hooks (which end a pending change-with-MFA): this reset sets it anew (issue 17).
        if (withMfa) await tx.mfa.setForceMfaBeforeChange(target.id, true);
        await inTransaction?.(tx, generated);
        if (recipients.length) {
          const password = generated ?? options.password ?? '';
          const mustChange = options.forceChangePasswordNextSignIn || withMfa;
          await emailResult.queue(tx, { actor, target, password, mustChange, recipients, ctx, source, at, defaultLocale });
        }
      },
    });
    return generated;
  }

  /** An action without a new password: authorised like a reset, then the change and its audit event in one transaction. */
  async function flagAction(
    actor: Principal,
    targetId: string,
    action: AuditAction,
    ctx: RequestContext,
    work: (tx: Repos, target: User, now: Date) => Promise<void>,
    kind: TargetAction = 'reset-password',
  ): Promise<void> {
    const target = await authority.assertMayActOn(actor, targetId, kind, { action, ctx });
    const now = clock.now();
    await transact(async (tx) => {
      await work(tx, target, now);
      await tx.audit.append(
        {
          action,
          outcome: 'success',
          actorId: actor.user.id,
          actorName: actor.user.userPrincipalName,
          targetId: target.id,
          targetName: target.userPrincipalName,
          ...ctx,
        },
        now,
      );
    });
  }

  /** The directory's unlock, before anything changes here: an outage answers 503 and leaves both sides as they were (audited). */
  async function unlockInDirectory(actor: Principal, target: User, ctx: RequestContext): Promise<void> {
    try {
      if (!deps.directory) throw new AppError('directory.misconfigured');
      await deps.directory.unlock(target.onPremises!.distinguishedName);
    } catch (err) {
      if (err instanceof AppError && err.code.startsWith('directory.')) {
        const by = { actorId: actor.user.id, actorName: actor.user.userPrincipalName, targetId: target.id, targetName: target.userPrincipalName };
        await repos.audit.append({ action: 'user.unlocked', outcome: 'failure', ...by, ...ctx, details: { reason: err.code } }, clock.now());
      }
      throw err;
    }
  }

  return {
    applyReset,
    /** Checks and sends "Email the password to the following recipients" (a bulk job checks at creation). */
    emailResult,

    /**
     * Resets one user's password.
     * @throws AppError auth.forbidden, users.not_found, users.cannot_reset_self, users.reset_not_permitted, password.rejected, password.conflict, server.busy
     */
    async resetPassword(actor: Principal, targetId: string, options: ResetOptions, ctx: RequestContext): Promise<{ password: string | null }> {
      const target = await authority.assertMayActOn(actor, targetId, 'reset-password', { action: 'user.password_reset', ctx });
      await deps.stepUp.demand(actor);
      // Before anything is written: a refused recipient changes nothing (issue 13).
      const resultRecipients = await emailResult.resolve(actor, options.emailResult, { users: [target] });
      try {
        const password = await applyReset({ id: actor.user.id, name: actor.user.userPrincipalName }, target, { ...options, resultRecipients }, ctx, 'single');
        deps.mailQueued();
        return { password };
      } catch (err) {
        if (err instanceof AppError && err.code === 'password.rejected') {
          await repos.audit.append(
            {
              action: 'user.password_reset',
              outcome: 'failure',
              actorId: actor.user.id,
              actorName: actor.user.userPrincipalName,
              targetId: target.id,
              targetName: target.userPrincipalName,
              ...ctx,
              details: { reason: 'policy' },
            },
            clock.now(),
          );
        }
        throw err;
      }
    },

    /**
     * Clears smart lockout without changing the password, and for a directory user the directory's
     * lock first (issue 14; Entra's writeback unlocks on-premises too, reference §7.10).
     * @throws as Authority.assertMayActOn; directory.unavailable (nothing changed, audited), directory.misconfigured
     */
    unlock: async (actor: Principal, targetId: string, ctx: RequestContext) => {
      const target = await authority.assertMayActOn(actor, targetId, 'reset-password', { action: 'user.unlocked', ctx });
      if (target.onPremises) await unlockInDirectory(actor, target, ctx);
      // Every lock and throttle of the account: smart lockout, sign-in buckets, self-service reset counters (issue 12).
      await flagAction(actor, targetId, 'user.unlocked', ctx, async (tx, t) => {
        await clearAccountThrottles(tx, t.id);
        await tx.directoryLocks.setDirectoryLock(t.id, null);
      });
    },

    /** Signs the user out everywhere (Entra: invalidate refresh tokens). @throws as Authority.assertMayActOn */
    revokeSessions: (actor: Principal, targetId: string, ctx: RequestContext) =>
      flagAction(
        actor,
        targetId,
        'user.sessions_revoked',
        ctx,
        async (tx, target, now) => {
          await tx.sessions.revokeAllForUser(target.id, now);
          // And every "don't ask again" MFA device (issue 17): the next sign-in asks for MFA again.
          await tx.mfa.forgetDevices(target.id);
        },
        'revoke-sessions',
      ),

    /** Require a password change at next sign-in, without resetting. @throws as Authority.assertMayActOn */
    requirePasswordChange: (actor: Principal, targetId: string, ctx: RequestContext) =>
      flagAction(actor, targetId, 'user.password_change_required', ctx, (tx, target, now) => tx.users.setFlags(target.id, { forceChangePassword: true }, now)),
  };
}

export type AdminResetService = ReturnType<typeof createAdminResetService>;
