import type { Clock } from '../../core/clock.js';
import { unseal } from '../../core/crypto.js';
import { AppError } from '../../core/errors.js';
import type { Principal, RequestContext } from '../../core/identity.js';
import type { Repos, Transact } from '../../db/repos.js';
import { actingOf, demand, judge, mayOverseeJob } from '../roles/authority.js';
import type { UserChange } from '../users/admin.js';
import type { RoleId } from '../../../shared/roles.js';
import type { JobCounts, ResetJob, ResetJobItem } from './job-store.js';

/** The seal purpose of a bulk job's passwords (the chosen one and the generated ones). */
export const SEAL_PURPOSE = 'reset-job-passwords';

export interface JobAccessDeps {
  repos: Repos;
  transact: Transact;
  clock: Clock;
  secret: string;
  /** Generated passwords nobody took are deleted this long after they were made (config resetJobPasswordTtlSeconds). */
  passwordTtlSeconds: number;
  /** Fresh proof before the passwords are read (issue 17 step-up). */
  stepUp: { demand: (principal: Principal) => Promise<void> };
}

/**
 * Who may see a bulk job and take its passwords, decided at the time of use (issue 12, finding 5;
 * checklist A1, S9): details and items for the creator and Global Administrators only (anyone else:
 * `jobs.not_found`, as if it did not exist); passwords for the creator only, while they still hold
 * the reset permission and may still reset each user; passwords not taken in time are deleted.
 */
export function createJobAccess(deps: JobAccessDeps) {
  const { repos, transact, clock } = deps;
  const cutoff = () => new Date(clock.now().getTime() - deps.passwordTtlSeconds * 1000);

  /** @throws AppError auth.forbidden, jobs.not_found */
  async function status(actor: Principal, id: string): Promise<{ job: ResetJob; counts: JobCounts }> {
    demand(actor, 'users:reset-password');
    const job = await repos.resetJobs.get(id);
    if (!job || !mayOverseeJob(actor, job.createdBy)) throw new AppError('jobs.not_found');
    return { job, counts: await repos.resetJobs.counts(id) };
  }

  return {
    status,

    /** @throws AppError auth.forbidden, jobs.not_found */
    items: async (actor: Principal, id: string, afterSeq: number, limit: number): Promise<ResetJobItem[]> => {
      await status(actor, id);
      return repos.resetJobs.items(id, afterSeq, limit);
    },

    /**
     * The generated passwords, once, to the admin who started the job, if they still hold the reset
     * permission; each only if they may still reset that user now, and only within the time limit.
     * All are erased as they are read, those withheld too.
     * @throws AppError auth.forbidden (no reset permission now), jobs.not_found (also for anyone but the creator)
     */
    takePasswords: async (actor: Principal, id: string, ctx: RequestContext): Promise<{ userPrincipalName: string; password: string }[]> => {
      demand(actor, 'users:reset-password');
      const job = await repos.resetJobs.get(id);
      if (!job || job.createdBy !== actor.user.id) throw new AppError('jobs.not_found');
      // Before anything is read (and erased): reading passwords needs fresh proof (issue 17 step-up).
      await deps.stepUp.demand(actor);
      const acting = actingOf(actor);
      const sealed = await transact(async (tx) => {
        const rows = await tx.resetJobs.takePasswords(id);
        const ids = rows.flatMap((r) => (r.userId ? [r.userId] : []));
        const roles = new Map<string, RoleId[]>();
        const grouped = new Set<string>();
        for (let i = 0; i < ids.length; i += 500) {
          const chunk = ids.slice(i, i + 500);
          for (const [k, v] of await tx.users.rolesOf(chunk)) roles.set(k, v);
          for (const k of await tx.users.inRoleAssignableGroups(chunk)) grouped.add(k);
        }
        const fresh = rows.filter((r) => r.completedAt > cutoff());
        const allowed = fresh.filter(
          (r) =>
            r.userId !== null &&
            judge(acting, { id: r.userId, roles: roles.get(r.userId) ?? [], inRoleAssignableGroup: grouped.has(r.userId) }, 'reset-password') === null,
        );
        await tx.audit.append(
          {
            action: 'password_reset_job.passwords_read',
            outcome: 'success',
            actorId: actor.user.id,
            actorName: actor.user.userPrincipalName,
            ...ctx,
            details: { job: id, passwords: allowed.length, withheld: fresh.length - allowed.length, expired: rows.length - fresh.length },
          },
          clock.now(),
        );
        return allowed;
      });
      return sealed.map((r) => ({ userPrincipalName: r.userPrincipalName, password: unseal(deps.secret, SEAL_PURPOSE, r.sealedPassword) }));
    },

    /** The periodic sweep: deletes generated passwords nobody took in time, audited per job. @returns how many */
    expirePasswords: async (): Promise<number> => {
      return transact(async (tx) => {
        const erased = await tx.resetJobs.eraseSealedBefore(cutoff());
        for (const { jobId, passwords } of erased)
          await tx.audit.append(
            { action: 'password_reset_job.passwords_expired', outcome: 'success', actorId: null, actorName: 'system', details: { job: jobId, passwords } },
            clock.now(),
          );
        return erased.reduce((n, e) => n + e.passwords, 0);
      });
    },

    /** An admin who loses a role, or is disabled, has their running jobs cancelled in the same transaction. */
    onUserChange: async (tx: Repos, change: UserChange): Promise<void> => {
      if (change.kind !== 'role-removed' && change.kind !== 'disabled') return;
      for (const job of await tx.resetJobs.cancelRunningOf(change.user.id, change.at))
        await tx.audit.append(
          {
            action: 'password_reset_job.cancelled',
            outcome: 'success',
            actorId: change.actor.id,
            actorName: change.actor.name,
            targetId: change.user.id,
            targetName: change.user.userPrincipalName,
            ...change.ctx,
            details: {
              job: job.id,
              reason: change.kind === 'disabled' ? 'account_disabled' : 'role_removed',
              skipped: job.skipped,
              ...(change.role ? { role: change.role } : {}),
            },
          },
          change.at,
        );
    },
  };
}
