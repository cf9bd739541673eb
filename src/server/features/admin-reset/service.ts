import { iso, type Clock } from '../../core/clock.js';
import { AppError } from '../../core/errors.js';
import type { Repos, Transact } from '../../db/repos.js';
import type { Locale } from '../../i18n/index.js';
import { type Principal, type RequestContext } from '../../core/identity.js';
import { notificationAddresses, queueUserMail } from '../notifications/notifier.js';
import type { PasswordHasher } from '../passwords/hasher.js';
import { generatePassword } from '../passwords/generate.js';
import type { PasswordPolicy } from '../policy/engine.js';
import type { Permission } from '../../../shared/roles.js';
import { canResetPassword } from '../roles/reset-matrix.js';
import type { User, UserWithRoles } from '../../core/identity.js';

export interface ResetOptions {
  /** Generate a strong random password (default); false: use `password`. */
  autoGenerate: boolean;
  password?: string | undefined;
  /** Require a change at next sign-in (default true, as in Microsoft 365). */
  forceChangePasswordNextSignIn: boolean;
}

export interface AdminResetDeps {
  repos: Repos;
  transact: Transact;
  hasher: PasswordHasher;
  clock: Clock;
  policy: PasswordPolicy;
  defaultLocale: () => Promise<Locale>;
  mailQueued: () => void;
}

/** The addresses an admin-reset notice goes to: the alternates (the user may not reach the primary), else the primary. */
function resetNoticeAddresses(user: User): string[] {
  const alternates = notificationAddresses({ mail: null, otherMails: user.otherMails });
  return alternates.length ? alternates : notificationAddresses({ mail: user.mail, otherMails: [] });
}

/**
 * Users > Active users > Reset password, and the other admin actions on a user's password:
 * unlock, sign out everywhere, require a change. Who may act on whom is Entra's role matrix,
 * checked here for every entry point (API, UI, CLI, bulk jobs).
 */
export function createAdminResetService(deps: AdminResetDeps) {
  const { repos, transact, hasher, clock, policy } = deps;

  /**
   * Loads the target and checks the actor may act on it; a refusal is audited (ASVS 16.3.2).
   * @throws AppError users.not_found, users.cannot_reset_self, users.reset_not_permitted, auth.forbidden
   */
  async function authorize(actor: Principal, targetId: string, action: string, ctx: RequestContext, permission: Permission = 'users:reset-password'): Promise<UserWithRoles> {
    if (!actor.permissions.includes(permission)) throw new AppError('auth.forbidden');
    const target = await repos.users.findById(targetId);
    if (!target) throw new AppError('users.not_found');
    if (target.id === actor.user.id) throw new AppError('users.cannot_reset_self');
    const roles = (await repos.users.rolesOf([target.id])).get(target.id) ?? [];
    const protectedGroup = (await repos.users.inRoleAssignableGroups([target.id])).has(target.id);
    if (!canResetPassword(actor.roles, roles, protectedGroup)) {
      await repos.audit.append({ action, outcome: 'failure', actorId: actor.user.id, actorName: actor.user.userPrincipalName, targetId: target.id, targetName: target.userPrincipalName, ...ctx, details: { reason: 'not_permitted' } }, clock.now());
      throw new AppError('users.reset_not_permitted');
    }
    return { ...target, roles };
  }

  /** A generated password that the policy accepts (a random draw can still contain a banned word). */
  async function generateAccepted(target: User): Promise<string> {
    for (let attempt = 0; attempt < 20; attempt++) {
      const candidate = generatePassword(16);
      if ((await policy.evaluate(candidate, target, 'preview')).accepted) return candidate;
    }
    throw new Error('could not generate a password the policy accepts');
  }

  /**
   * Sets a new password on a target the actor is allowed to reset. In one transaction: the hash,
   * the must-change flag, history, every session revoked, the lockout cleared, the audit event
   * (options, never the password) and the notice mail (no password in it).
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
  ): Promise<string | null> {
    const generated = options.autoGenerate ? await generateAccepted(target) : null;
    const password = generated ?? (await policy.enforce(options.password ?? '', target, 'reset'));
    const hash = await hasher.hash(password);
    const keep = await policy.historyToKeep();
    const defaultLocale = await deps.defaultLocale();
    const now = clock.now();
    await transact(async (tx) => {
      if (!(await tx.users.replacePassword(target.id, target.passwordHash, hash, now, { forceChange: options.forceChangePasswordNextSignIn }))) throw new AppError('password.conflict');
      if (target.passwordHash) await tx.passwordHistory.push(target.id, target.passwordHash, now, keep);
      await tx.sessions.revokeAllForUser(target.id, now);
      await tx.lockout.clear(target.id);
      await tx.audit.append(
        {
          action: 'user.password_reset',
          outcome: 'success',
          actorId: actor.id,
          actorName: actor.name,
          targetId: target.id,
          targetName: target.userPrincipalName,
          ...ctx,
          details: { autoGenerate: options.autoGenerate, forceChangePasswordNextSignIn: options.forceChangePasswordNextSignIn, source },
        },
        now,
      );
      await queueUserMail(tx, target, 'password-reset-by-admin', { occurredAt: iso(now), mustChange: options.forceChangePasswordNextSignIn }, { at: now, defaultLocale, addresses: resetNoticeAddresses(target) });
      await inTransaction?.(tx, generated);
    });
    return generated;
  }

  async function flagAction(actor: Principal, targetId: string, action: string, ctx: RequestContext, work: (tx: Repos, target: User, now: Date) => Promise<void>, permission?: Permission): Promise<void> {
    const target = await authorize(actor, targetId, action, ctx, permission);
    const now = clock.now();
    await transact(async (tx) => {
      await work(tx, target, now);
      await tx.audit.append({ action, outcome: 'success', actorId: actor.user.id, actorName: actor.user.userPrincipalName, targetId: target.id, targetName: target.userPrincipalName, ...ctx }, now);
    });
  }

  return {
    authorize,
    applyReset,

    /**
     * Resets one user's password.
     * @throws AppError auth.forbidden, users.not_found, users.cannot_reset_self, users.reset_not_permitted, password.rejected, password.conflict, server.busy
     */
    async resetPassword(actor: Principal, targetId: string, options: ResetOptions, ctx: RequestContext): Promise<{ password: string | null }> {
      const target = await authorize(actor, targetId, 'user.password_reset', ctx);
      try {
        const password = await applyReset({ id: actor.user.id, name: actor.user.userPrincipalName }, target, options, ctx, 'single');
        deps.mailQueued();
        return { password };
      } catch (err) {
        if (err instanceof AppError && err.code === 'password.rejected') {
          await repos.audit.append({ action: 'user.password_reset', outcome: 'failure', actorId: actor.user.id, actorName: actor.user.userPrincipalName, targetId: target.id, targetName: target.userPrincipalName, ...ctx, details: { reason: 'policy' } }, clock.now());
        }
        throw err;
      }
    },

    /** Clears smart lockout without changing the password. @throws as authorize */
    unlock: (actor: Principal, targetId: string, ctx: RequestContext) => flagAction(actor, targetId, 'user.unlocked', ctx, async (tx, target) => void (await tx.lockout.clear(target.id))),

    /** Signs the user out everywhere (Entra: invalidate refresh tokens). @throws as authorize */
    revokeSessions: (actor: Principal, targetId: string, ctx: RequestContext) =>
      flagAction(actor, targetId, 'user.sessions_revoked', ctx, (tx, target, now) => tx.sessions.revokeAllForUser(target.id, now), 'sessions:revoke'),

    /** Require a password change at next sign-in, without resetting. @throws as authorize */
    requirePasswordChange: (actor: Principal, targetId: string, ctx: RequestContext) =>
      flagAction(actor, targetId, 'user.password_change_required', ctx, (tx, target, now) => tx.users.setFlags(target.id, { forceChangePassword: true }, now)),
  };
}

export type AdminResetService = ReturnType<typeof createAdminResetService>;
