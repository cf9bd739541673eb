import type { Clock } from '../../core/clock.js';
import { newId, seal, unseal } from '../../core/crypto.js';
import { AppError } from '../../core/errors.js';
import type { Repos, Transact } from '../../db/repos.js';
import type { Principal, RequestContext } from '../../core/identity.js';
import { demand, judge, type Authority } from '../roles/authority.js';
import { MAX_TARGETS, resolveTargets, type JobTargets } from './targets.js';
import type { AdminResetService, ResetOptions } from './service.js';
import type { ResetJob, ResetJobItem } from './job-store.js';
import { createJobAccess, SEAL_PURPOSE } from './job-access.js';

export type { JobTargets } from './targets.js';

export interface ResetJobsDeps {
  repos: Repos;
  transact: Transact;
  clock: Clock;
  secret: string;
  adminReset: AdminResetService;
  authority: Authority;
  /** Fresh proof to start a job and to read its passwords (issue 17 step-up). */
  stepUp: { demand: (principal: Principal) => Promise<void> };
  /** Items in flight at once: the hasher's concurrency keeps every core busy and no more. */
  concurrency: number;
  leaseSeconds: number;
  /** Generated passwords nobody took are deleted this long after they were made. */
  passwordTtlSeconds: number;
  mailQueued: () => void;
  onError: (err: unknown) => void;
}

class AlreadyDone extends Error {}
/** The directory is down: the item stays pending and the job pauses (issue 14). */
class DirectoryDown extends Error {}
/** A paused job waits 5 s, doubling to 60 s while the directory stays down. */
const pauseMs = (previous: number | undefined) => Math.min((previous ?? 2_500) * 2, 60_000);
/** The creator's authority ended between the check before hashing and the item's transaction. */
class NotPermitted extends Error {}

/**
 * Bulk password resets as background jobs. Each user is its own transaction that also marks the
 * item done, guarded by `status = 'pending'`, so after a crash the job resumes where it stopped
 * and nobody is reset twice or left half-done. A job is leased by one server at a time.
 */
export function createResetJobs(deps: ResetJobsDeps) {
  const { repos, transact, clock } = deps;
  const owner = newId();
  let stopped = true;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  /** The last pause per job, for the backoff; forgotten when an item of the job succeeds. */
  const pauses = new Map<string, number>();

  const access = createJobAccess({ repos, transact, clock, secret: deps.secret, passwordTtlSeconds: deps.passwordTtlSeconds, stepUp: deps.stepUp });

  /**
   * One user of a job, decided on the creator's and the user's roles as they are NOW, for every
   * item (issue 12, finding 5; checklist A1): before hashing, and again inside the item's
   * transaction, so a creator demoted mid-job resets nobody after the change commits.
   */
  async function processItem(job: ResetJob, item: ResetJobItem): Promise<void> {
    const done = (status: 'reset' | 'skipped' | 'failed', reason: string | null) =>
      repos.resetJobs.completeItem(job.id, item.seq, { status, reason, sealedPassword: null }, clock.now());
    const target = item.userId ? await deps.authority.loadTarget(item.userId) : undefined;
    if (!target) return void (await done('failed', 'not_found'));
    const creator = await deps.authority.actingNow(job.createdBy);
    const refusal = creator ? judge(creator, target, 'reset-password') : 'auth.forbidden';
    if (refusal === 'users.cannot_reset_self') return void (await done('skipped', 'self'));
    const refuse = async () => {
      // Audited with the item's completion, so a resumed job never audits one refusal twice.
      await transact(async (tx) => {
        if (!(await tx.resetJobs.completeItem(job.id, item.seq, { status: 'skipped', reason: 'not_permitted', sealedPassword: null }, clock.now()))) return;
        await tx.audit.append(
          {
            action: 'user.password_reset',
            outcome: 'failure',
            actorId: job.createdBy,
            actorName: creator?.name ?? job.createdByName,
            targetId: target.id,
            targetName: target.userPrincipalName,
            details: { reason: 'not_permitted', job: job.id },
          },
          clock.now(),
        );
      });
    };
    if (refusal || !creator) return refuse();
    const options: ResetOptions = {
      ...job.options,
      password: job.sealedPassword ? unseal(deps.secret, SEAL_PURPOSE, job.sealedPassword) : undefined,
    };
    const ctx: RequestContext = { ipAddress: null, userAgent: null, correlationId: job.id };
    try {
      const inTransaction = async (tx: Repos, generated: string | null) => {
        const sealed = generated ? seal(deps.secret, SEAL_PURPOSE, generated) : null;
        // The item's row first (claimed: a concurrent cancellation waits for this commit or has
        // already skipped it), then the authority as this transaction sees it.
        if (!(await tx.resetJobs.completeItem(job.id, item.seq, { status: 'reset', reason: null, sealedPassword: sealed }, clock.now())))
          throw new AlreadyDone();
        if ((await deps.authority.judgeNow(job.createdBy, target.id, 'reset-password', tx)) !== null) throw new NotPermitted();
      };
      // A directory user: the same checks before the directory is written, so a done item is never written twice (issue 14).
      const guard = async (tx: Repos) => {
        if (!(await tx.resetJobs.isPending(job.id, item.seq))) throw new AlreadyDone();
        if ((await deps.authority.judgeNow(job.createdBy, target.id, 'reset-password', tx)) !== null) throw new NotPermitted();
      };
      await deps.adminReset.applyReset({ id: creator.id, name: creator.name }, target, options, ctx, `job:${job.id}`, inTransaction, guard);
      pauses.delete(job.id);
    } catch (err) {
      if (err instanceof AlreadyDone) return;
      if (err instanceof NotPermitted) return refuse();
      // Not completed: the item stays pending, the job pauses and resumes when the directory answers.
      if (err instanceof AppError && err.code === 'directory.unavailable') throw new DirectoryDown();
      const reason = err instanceof AppError ? err.issues.map((i) => i.code).join(' ') || err.code : 'error';
      if (!(err instanceof AppError)) deps.onError(err);
      await done('failed', reason);
    }
  }

  async function processJob(jobId: string): Promise<void> {
    const leaseUntil = () => new Date(clock.now().getTime() + deps.leaseSeconds * 1000);
    if (!(await repos.resetJobs.claim(jobId, owner, clock.now(), leaseUntil()))) return;
    const job = await repos.resetJobs.get(jobId);
    if (!job) return;
    // Twice as many users in flight as hash slots, fed from one queue: a slot never waits for
    // another user's database work or for a batch to drain (bench/bulk-reset.ts).
    const inFlight = new Set<number>();
    let queue: ResetJobItem[] = [];
    let refilling: Promise<boolean> | undefined;
    let lost = false;
    let paused = false;
    const refill = () =>
      (refilling ??= (async () => {
        try {
          // Renew the lease with every refill; losing it means another server took over.
          if (!(await repos.resetJobs.claim(jobId, owner, clock.now(), leaseUntil()))) {
            lost = true;
            return false;
          }
          const pending = await repos.resetJobs.pendingItems(jobId, deps.concurrency * 16 + inFlight.size);
          queue = pending.filter((item) => !inFlight.has(item.seq));
          deps.mailQueued();
          return queue.length > 0;
        } finally {
          refilling = undefined;
        }
      })());
    const worker = async () => {
      while (!stopped && !lost && !paused) {
        const item = queue.shift() ?? (inFlight.size === 0 || queue.length === 0 ? ((await refill()) ? queue.shift() : undefined) : undefined);
        if (!item) {
          if (inFlight.size === 0) return;
          await new Promise((r) => setTimeout(r, 5));
          continue;
        }
        inFlight.add(item.seq);
        try {
          await processItem(job, item);
        } catch (err) {
          if (!(err instanceof DirectoryDown)) throw err;
          if (!paused) {
            paused = true;
            const wait = pauseMs(pauses.get(jobId));
            pauses.set(jobId, wait);
            await repos.resetJobs.pause(jobId, owner, new Date(clock.now().getTime() + wait), 'directory.unavailable');
          }
        } finally {
          inFlight.delete(item.seq);
        }
      }
    };
    await Promise.all(Array.from({ length: deps.concurrency * 2 }, worker));
    if (lost || paused || (await repos.resetJobs.counts(jobId)).pending > 0) return;
    if (!stopped) {
      await transact(async (tx) => {
        await tx.resetJobs.finish(jobId, clock.now());
        await tx.audit.append(
          {
            action: 'password_reset_job.completed',
            outcome: 'success',
            actorId: job.createdBy,
            actorName: job.createdByName,
            details: { job: jobId, ...(await tx.resetJobs.counts(jobId)) },
          },
          clock.now(),
        );
      });
    }
  }

  /** Works through every claimable job; concurrent calls join the running pass. */
  function runAll(): Promise<void> {
    running ??= (async () => {
      try {
        for (const id of await repos.resetJobs.claimable(clock.now())) await processJob(id);
      } catch (err) {
        deps.onError(err);
      } finally {
        running = undefined;
      }
    })();
    return running;
  }

  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => void runAll().finally(schedule), 1000);
    timer.unref();
  };

  return {
    runAll,
    start(): void {
      if (!stopped) return;
      stopped = false;
      schedule();
    },
    async stop(): Promise<void> {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },

    /**
     * Starts a bulk reset for a selection, a group or a list of user principal names.
     * A chosen password is checked per user as it is applied (a failure is that user's outcome).
     * @throws AppError auth.forbidden, groups.not_found, request.validation_failed
     */
    async create(actor: Principal, targets: JobTargets, options: ResetOptions, ctx: RequestContext): Promise<{ id: string; total: number }> {
      demand(actor, 'users:reset-password');
      await deps.stepUp.demand(actor);
      const resolved = await resolveTargets(repos, targets);
      if (resolved.length === 0 || resolved.length > MAX_TARGETS)
        throw new AppError('request.validation_failed', {
          issues: [{ path: 'userIds', code: resolved.length ? 'field.too_big' : 'field.required', params: { maximum: MAX_TARGETS } }],
        });
      // Before anything is written: a refused recipient starts no job (issue 13).
      const resultRecipients = await deps.adminReset.emailResult.resolve(actor, options.emailResult, {
        ids: new Set(resolved.flatMap((r) => (r.userId ? [r.userId] : []))),
      });
      const id = newId();
      const now = clock.now();
      const items = resolved.map((r, seq) => ({
        seq,
        userId: r.userId,
        userPrincipalName: r.userPrincipalName,
        status: r.userId ? ('pending' as const) : ('failed' as const),
        reason: r.userId ? null : 'not_found',
      }));
      await transact(async (tx) => {
        await tx.resetJobs.create(
          {
            id,
            createdBy: actor.user.id,
            createdByName: actor.user.userPrincipalName,
            createdAt: now,
            options: {
              autoGenerate: options.autoGenerate,
              forceChangePasswordNextSignIn: options.forceChangePasswordNextSignIn,
              ...(resultRecipients.length ? { resultRecipients } : {}),
            },
            sealedPassword: options.autoGenerate || options.password === undefined ? null : seal(deps.secret, SEAL_PURPOSE, options.password),
            total: items.length,
          },
          items,
        );
        await tx.audit.append(
          {
            action: 'password_reset_job.created',
            outcome: 'success',
            actorId: actor.user.id,
            actorName: actor.user.userPrincipalName,
            ...ctx,
            details: {
              job: id,
              users: items.length,
              autoGenerate: options.autoGenerate,
              forceChangePasswordNextSignIn: options.forceChangePasswordNextSignIn,
              ...(resultRecipients.length ? { emailResultTo: resultRecipients.join('; ') } : {}),
            },
          },
          now,
        );
      });
      if (!stopped) void runAll();
      return { id, total: items.length };
    },

    /** Details, items and passwords, decided at the time of use (job-access.ts). */
    status: access.status,
    items: access.items,
    takePasswords: access.takePasswords,
    /** The periodic sweep of passwords nobody took in time (the scheduler runs it). */
    expirePasswords: access.expirePasswords,
    /** Cancels an admin's running jobs when they lose a role or are disabled (a users/admin hook). */
    onUserChange: access.onUserChange,
  };
}

export type ResetJobs = ReturnType<typeof createResetJobs>;
