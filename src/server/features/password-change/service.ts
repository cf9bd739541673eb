import { iso, type Clock } from '../../core/clock.js';
import { AppError } from '../../core/errors.js';
import type { Repos, Transact } from '../../db/repos.js';
import type { Locale } from '../../i18n/index.js';
import { type Principal, type RequestContext } from '../../core/identity.js';
import { queueUserMail, requestDetails } from '../notifications/notifier.js';
import type { PasswordHasher } from '../passwords/hasher.js';
import { normalizePassword } from '../passwords/input.js';
import type { PasswordPolicy } from '../policy/engine.js';
import type { SecretVerifier } from '../lockout/verify.js';

export interface PasswordChangeDeps {
  repos: Repos;
  transact: Transact;
  hasher: PasswordHasher;
  clock: Clock;
  policy: PasswordPolicy;
  verifier: SecretVerifier;
  defaultLocale: () => Promise<Locale>;
  /** Called after a commit that queued mail, so it goes out at once. */
  mailQueued: () => void;
}

/**
 * My account > Security & privacy > Password, and the forced change at sign-in (reference §4).
 */
export function createPasswordChangeService(deps: PasswordChangeDeps) {
  const { repos, transact, hasher, clock, policy } = deps;

  return {
    /**
     * Changes the signed-in user's password. The current password is verified like a sign-in
     * (checklist C2); the new one passes the one policy with the `change` purpose (not the
     * current one, nor the temporary one of a forced change). Then, in one transaction: the new
     * hash, history, every session revoked (C8, C10), the audit event and the notification mail
     * to every address (N1).
     * @throws AppError auth.invalid_credentials (wrong current password: the sign-in answer),
     *   password.rejected, password.conflict, server.busy
     */
    async changePassword(principal: Principal, input: { currentPassword: string; newPassword: string }, ctx: RequestContext): Promise<void> {
      const now = clock.now();
      const user = await repos.users.findById(principal.user.id);
      if (!user) throw new AppError('auth.unauthenticated');
      const actor = { actorId: user.id, actorName: user.userPrincipalName, targetId: user.id, targetName: user.userPrincipalName, ...ctx };
      const current = normalizePassword(input.currentPassword);
      // The current password counts toward smart lockout like a sign-in (checklist C3).
      const familiar = await deps.verifier.isFamiliar(user, ctx.deviceId);
      const verdict = await deps.verifier.verify(user, current, familiar);
      if (verdict.outcome !== 'ok') {
        await repos.audit.append({ action: 'user.password_change', outcome: 'failure', ...actor, details: { reason: verdict.outcome === 'locked' ? 'locked' : 'wrong_current_password' } }, now);
        throw new AppError('auth.invalid_credentials');
      }
      let password: string;
      try {
        password = await policy.enforce(input.newPassword, user, 'change');
      } catch (err) {
        if (err instanceof AppError) {
          await repos.audit.append({ action: 'user.password_change', outcome: 'failure', ...actor, details: { reason: err.issues.map((i) => i.code).join(' ') || err.code } }, now);
        }
        throw err;
      }
      const hash = await hasher.hash(password);
      const keep = await policy.historyToKeep();
      const defaultLocale = await deps.defaultLocale();
      await transact(async (tx) => {
        if (!(await tx.users.replacePassword(user.id, user.passwordHash, hash, now, { forceChange: false }))) throw new AppError('password.conflict');
        if (user.passwordHash) await tx.passwordHistory.push(user.id, user.passwordHash, now, keep);
        await tx.sessions.revokeAllForUser(user.id, now);
        await tx.audit.append({ action: 'user.password_change', outcome: 'success', ...actor, details: { forced: principal.session.scope === 'change_password' } }, now);
        await queueUserMail(tx, user, 'password-changed', { occurredAt: iso(now), ...requestDetails(ctx) }, { at: now, defaultLocale });
      });
      deps.mailQueued();
    },
  };
}

export type PasswordChangeService = ReturnType<typeof createPasswordChangeService>;
