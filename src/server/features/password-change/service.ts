import type { Clock } from '../../core/clock.js';
import { parties } from '../audit/store.js';
import { AppError } from '../../core/errors.js';
import type { Repos } from '../../db/repos.js';
import type { Principal, RequestContext } from '../../core/identity.js';
import { requestDetails } from '../notifications/notifier.js';
import type { PasswordWriter } from '../passwords/apply.js';
import { normalizePassword } from '../passwords/input.js';
import type { SecretVerifier } from '../lockout/verify.js';

export interface PasswordChangeDeps {
  repos: Repos;
  clock: Clock;
  verifier: SecretVerifier;
  /** The one password write path (policy, hash, history, sessions, audit, notice). */
  writer: PasswordWriter;
  /** Called after a commit that queued mail, so it goes out at once. */
  mailQueued: () => void;
}

/**
 * My account > Security & privacy > Password, and the forced change at sign-in (reference §4).
 */
export function createPasswordChangeService(deps: PasswordChangeDeps) {
  const { repos, clock } = deps;

  return {
    /**
     * Changes the signed-in user's password. The current password is verified like a sign-in
     * (checklist C2); the new one passes the one policy with the `change` purpose (not the
     * current one, nor the temporary one of a forced change), and is written through the one
     * password path: history, every session revoked (C8, C10), the audit event and the
     * notification mail to every address (N1), in one transaction.
     * @throws AppError auth.invalid_credentials (wrong current password: the sign-in answer),
     *   request.rate_limited (the sign-in limits), password.rejected, password.conflict, server.busy
     */
    async changePassword(principal: Principal, input: { currentPassword: string; newPassword: string }, ctx: RequestContext): Promise<void> {
      const now = clock.now();
      const user = await repos.users.findById(principal.user.id);
      if (!user) throw new AppError('auth.unauthenticated');
      const actor = { ...parties(user, user), ...ctx };
      const current = normalizePassword(input.currentPassword);
      // The current password goes through the sign-in gate: the same rate limits, the same smart
      // lockout claim and counters (checklist C3, L7; issue 12, finding 2).
      const verdict = await deps.verifier.verify({ user, password: current, ctx });
      // A refused request answers 429 before any hashing; it is not a password failure.
      if (verdict.outcome === 'rate_limited') throw verdict.error;
      if (verdict.outcome !== 'ok') {
        await repos.audit.append(
          {
            action: 'user.password_change',
            outcome: 'failure',
            ...actor,
            details: { reason: verdict.outcome === 'locked' ? 'locked' : 'wrong_current_password' },
          },
          now,
        );
        throw new AppError('auth.invalid_credentials');
      }
      try {
        await deps.writer.apply({
          user,
          password: { chosen: input.newPassword, purpose: 'change' },
          // A directory user's change goes to the directory with it, bound as the user (issue 14);
          // in a forced change it is the temporary password.
          ...(current !== null ? { currentPassword: current } : {}),
          forceChange: false,
          conflict: 'password.conflict',
          audit: {
            action: 'user.password_change',
            actor: { id: user.id, name: user.userPrincipalName },
            ctx,
            details: { forced: principal.session.scope === 'change_password' },
          },
          notice: { template: 'password-changed', payload: requestDetails(ctx) },
        });
      } catch (err) {
        if (err instanceof AppError && err.code === 'password.rejected') {
          await repos.audit.append(
            { action: 'user.password_change', outcome: 'failure', ...actor, details: { reason: err.issues.map((i) => i.code).join(' ') || err.code } },
            now,
          );
        }
        throw err;
      }
      deps.mailQueued();
    },
  };
}

export type PasswordChangeService = ReturnType<typeof createPasswordChangeService>;
