import type { Clock } from '../../core/clock.js';
import { newId } from '../../core/crypto.js';
import { AppError } from '../../core/errors.js';
import type { Principal, RequestContext, User } from '../../core/identity.js';
import type { Repos } from '../../db/repos.js';
import { actingOf, judge, type Authority } from '../roles/authority.js';
import type { GraphOperation } from './graph-operation-store.js';
import type { AdminResetService } from './service.js';

/*
 * Graph's resetPassword as a long-running operation (issue 15). Latchkey runs the reset at once,
 * through the admin-reset service (the role matrix, step-up, the one password path, audit, notices,
 * sessions and tokens ended, directory writeback), and records the outcome as an operation the
 * caller can poll: `succeeded`, or `failed` with the Latchkey error code as statusDetail when the
 * reset could not be carried out for a passing reason (the directory was unreachable, a concurrent
 * write). A request that is wrong in itself (no authority, a password the policy refuses) is
 * answered at once with its error and leaves no operation, as Graph answers it.
 */

export interface GraphPasswordOperationsDeps {
  repos: Repos;
  clock: Clock;
  authority: Pick<Authority, 'loadTarget'>;
  adminReset: Pick<AdminResetService, 'resetPassword'>;
}

/** What a Graph resetPassword answers with: the operation, and the generated password (null when the caller chose it, or on failure). */
export interface GraphResetOutcome {
  operation: GraphOperation;
  generated: string | null;
}

/** Errors after which the reset is reported as a failed operation rather than refused (nothing was changed; a retry may succeed). */
function isPassingFailure(err: unknown): err is AppError {
  return err instanceof AppError && (err.status >= 500 || err.code === 'password.conflict');
}

/** Graph's resetPassword and its operations over the admin-reset service (each member names its errors). */
export function createGraphPasswordOperations(deps: GraphPasswordOperationsDeps) {
  const { repos, clock } = deps;

  return {
    /**
     * A user by object id or user principal name (Graph's `/users/{id | userPrincipalName}`).
     * Never a sign-in alias (mail, login name): Graph resolves only these two.
     */
    async resolveUser(ref: string): Promise<User | undefined> {
      const byId = await repos.users.findById(ref);
      if (byId || !ref.includes('@')) return byId;
      const byName = await repos.users.findBySignInName(ref);
      return byName && byName.userPrincipalName.toLowerCase() === ref.toLowerCase() ? byName : undefined;
    },

    /**
     * Resets the target's password (generated unless `newPassword` is given; the user must change it
     * at next sign-in, as Graph's resetPassword does) and records the operation.
     * @throws AppError auth.forbidden, users.not_found, users.cannot_reset_self, users.reset_not_permitted,
     *   auth.step_up_required, password.rejected, directory.password_refused (nothing recorded)
     */
    async resetPassword(actor: Principal, targetId: string, newPassword: string | undefined, ctx: RequestContext): Promise<GraphResetOutcome> {
      const options = { autoGenerate: newPassword === undefined, password: newPassword, forceChangePasswordNextSignIn: true };
      let generated: string | null = null;
      let failure: string | null = null;
      const createdAt = clock.now();
      try {
        generated = (await deps.adminReset.resetPassword(actor, targetId, options, ctx)).password;
      } catch (err) {
        if (!isPassingFailure(err)) throw err;
        failure = err.code;
      }
      const at = clock.now();
      const operation: GraphOperation = {
        id: newId(),
        userId: targetId,
        status: failure ? 'failed' : 'succeeded',
        statusDetail: failure,
        createdAt,
        lastActionAt: at,
      };
      await repos.graphOperations.create(operation);
      return { operation, generated };
    },

    /**
     * One of a user's operations, for a caller who may reset that user now (the reset matrix):
     * anyone else, and any id of another user, finds nothing (no hint that it exists).
     * @throws AppError auth.forbidden (no reset permission at all), graph_passwords.operation_not_found
     */
    async operation(actor: Principal, userId: string, operationId: string): Promise<GraphOperation> {
      if (!actor.permissions.includes('users:reset-password')) throw new AppError('auth.forbidden');
      const target = await deps.authority.loadTarget(userId);
      // The same judgement as the reset itself (checklist A1: authority in the service), without auditing a read.
      if (!target || judge(actingOf(actor), target, 'reset-password') !== null) throw new AppError('graph_passwords.operation_not_found');
      const operation = await repos.graphOperations.find(target.id, operationId);
      if (!operation) throw new AppError('graph_passwords.operation_not_found');
      return operation;
    },
  };
}

export type GraphPasswordOperations = ReturnType<typeof createGraphPasswordOperations>;
