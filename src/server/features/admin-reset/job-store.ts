import { PostgresAdapter, type Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import { iso } from '../../core/clock.js';
import type { ResetItemStatus, ResetJobStatus } from '../../../shared/admin-reset.js';

export interface ResetJob {
  id: string;
  createdBy: string;
  createdByName: string;
  createdAt: Date;
  status: ResetJobStatus;
  /** `resultRecipients`: where each user's new password is mailed (email-result.ts), checked when the job was created. */
  options: { autoGenerate: boolean; forceChangePasswordNextSignIn: boolean; resultRecipients?: string[] };
  sealedPassword: string | null;
  total: number;
  finishedAt: Date | null;
  /** A job whose directory is down waits until then before any server resumes it (issue 14); null when not paused. */
  pausedUntil: Date | null;
  /** Why it waits: `directory.unavailable`. */
  pausedReason: string | null;
}

export interface ResetJobItem {
  seq: number;
  userId: string | null;
  userPrincipalName: string;
  status: ResetItemStatus;
  reason: string | null;
  sealedPassword: string | null;
}

export interface JobCounts {
  pending: number;
  reset: number;
  skipped: number;
  failed: number;
}

/** Bulk reset jobs and their per-user items. */
export interface ResetJobStore {
  create(job: Omit<ResetJob, 'status' | 'finishedAt' | 'pausedUntil' | 'pausedReason'>, items: Omit<ResetJobItem, 'sealedPassword'>[]): Promise<void>;
  get(id: string): Promise<ResetJob | undefined>;
  counts(id: string): Promise<JobCounts>;
  items(id: string, afterSeq: number, limit: number): Promise<ResetJobItem[]>;
  pendingItems(id: string, limit: number): Promise<ResetJobItem[]>;
  /** Takes (or renews) a running job whose lease is free or expired and that is not paused at `now`; false when another server holds it. */
  claim(id: string, owner: string, now: Date, until: Date): Promise<boolean>;
  /** Running jobs whose lease is free or expired and whose pause (if any) is over at `now`. */
  claimable(now: Date): Promise<string[]>;
  /** Pauses a running job `owner` holds until `until` and frees its lease, so whichever server comes next resumes it (issue 14). @returns false when not held */
  pause(id: string, owner: string, until: Date, reason: string): Promise<boolean>;
  /** Whether an item is still pending (checked before a directory write, so a done item is never written twice). */
  isPending(id: string, seq: number): Promise<boolean>;
  /** Completes an item if it is still pending (the exactly-once guard). @returns false when it was not. */
  completeItem(
    id: string,
    seq: number,
    outcome: { status: Exclude<ResetItemStatus, 'pending'>; reason: string | null; sealedPassword: string | null },
    at: Date,
  ): Promise<boolean>;
  finish(id: string, at: Date): Promise<void>;
  /** Returns the sealed passwords and erases them in one step: they can be read once (call it in a transaction). */
  takePasswords(id: string): Promise<{ userId: string | null; userPrincipalName: string; sealedPassword: string; completedAt: Date }[]>;
  /**
   * Cancels the creator's running jobs: their pending items become skipped (`not_permitted`) and
   * the job is finished, so no server works on it again (call it in a transaction).
   * @returns each cancelled job with how many items it skipped
   */
  cancelRunningOf(createdBy: string, at: Date): Promise<{ id: string; skipped: number }[]>;
  /** Erases the sealed passwords of items completed before `cutoff` (nobody took them in time). @returns per job, how many */
  eraseSealedBefore(cutoff: Date): Promise<{ jobId: string; passwords: number }[]>;
}

export function createResetJobStore(db: Kysely<Database>): ResetJobStore {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  const mapItem = (r: {
    seq: number;
    user_id: string | null;
    user_principal_name: string;
    status: string;
    reason: string | null;
    sealed_password: string | null;
  }): ResetJobItem => ({
    seq: Number(r.seq),
    userId: r.user_id,
    userPrincipalName: r.user_principal_name,
    status: r.status as ResetItemStatus,
    reason: r.reason,
    sealedPassword: r.sealed_password,
  });
  return {
    async create(job, items) {
      await db
        .insertInto('reset_job')
        .values({
          id: job.id,
          created_by: job.createdBy,
          created_by_name: job.createdByName,
          created_at: iso(job.createdAt),
          status: 'running',
          options: JSON.stringify(job.options),
          sealed_password: job.sealedPassword,
          total: job.total,
          lease_owner: null,
          lease_until: null,
          finished_at: null,
        })
        .execute();
      for (let i = 0; i < items.length; i += 500) {
        await db
          .insertInto('reset_job_item')
          .values(
            items.slice(i, i + 500).map((it) => ({
              job_id: job.id,
              seq: it.seq,
              user_id: it.userId,
              user_principal_name: it.userPrincipalName,
              status: it.status,
              reason: it.reason,
              sealed_password: null,
              completed_at: it.status === 'pending' ? null : iso(job.createdAt),
            })),
          )
          .execute();
      }
    },
    async get(id) {
      const r = await db.selectFrom('reset_job').selectAll().where('id', '=', id).executeTakeFirst();
      if (!r) return undefined;
      return {
        id: r.id,
        createdBy: r.created_by,
        createdByName: r.created_by_name,
        createdAt: new Date(r.created_at),
        status: r.status as ResetJobStatus,
        options: JSON.parse(r.options) as ResetJob['options'],
        sealedPassword: r.sealed_password,
        total: Number(r.total),
        finishedAt: r.finished_at ? new Date(r.finished_at) : null,
        pausedUntil: r.paused_until ? new Date(r.paused_until) : null,
        pausedReason: r.paused_reason,
      };
    },
    async counts(id) {
      const rows = await db
        .selectFrom('reset_job_item')
        .select(['status', (eb) => eb.fn.countAll<string | number>().as('n')])
        .where('job_id', '=', id)
        .groupBy('status')
        .execute();
      const counts: JobCounts = { pending: 0, reset: 0, skipped: 0, failed: 0 };
      for (const r of rows) counts[r.status as ResetItemStatus] = Number(r.n);
      return counts;
    },
    async items(id, afterSeq, limit) {
      return (await db.selectFrom('reset_job_item').selectAll().where('job_id', '=', id).where('seq', '>', afterSeq).orderBy('seq').limit(limit).execute()).map(
        mapItem,
      );
    },
    async pendingItems(id, limit) {
      return (
        await db.selectFrom('reset_job_item').selectAll().where('job_id', '=', id).where('status', '=', 'pending').orderBy('seq').limit(limit).execute()
      ).map(mapItem);
    },
    async claim(id, owner, now, until) {
      const result = await db
        .updateTable('reset_job')
        .set({ lease_owner: owner, lease_until: iso(until), paused_until: null, paused_reason: null })
        .where('id', '=', id)
        .where('status', '=', 'running')
        .where((eb) => eb.or([eb('lease_owner', '=', owner), eb('lease_until', 'is', null), eb('lease_until', '<=', iso(now))]))
        .where((eb) => eb.or([eb('paused_until', 'is', null), eb('paused_until', '<=', iso(now))]))
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    async pause(id, owner, until, reason) {
      const result = await db
        .updateTable('reset_job')
        .set({ paused_until: iso(until), paused_reason: reason, lease_owner: null, lease_until: null })
        .where('id', '=', id)
        .where('status', '=', 'running')
        .where('lease_owner', '=', owner)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    async isPending(id, seq) {
      const row = await db.selectFrom('reset_job_item').select('status').where('job_id', '=', id).where('seq', '=', seq).executeTakeFirst();
      return row?.status === 'pending';
    },
    async claimable(now) {
      const rows = await db
        .selectFrom('reset_job')
        .select('id')
        .where('status', '=', 'running')
        .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<=', iso(now))]))
        .where((eb) => eb.or([eb('paused_until', 'is', null), eb('paused_until', '<=', iso(now))]))
        .orderBy('created_at')
        .execute();
      return rows.map((r) => r.id);
    },
    async completeItem(id, seq, outcome, at) {
      const result = await db
        .updateTable('reset_job_item')
        .set({ status: outcome.status, reason: outcome.reason, sealed_password: outcome.sealedPassword, completed_at: iso(at) })
        .where('job_id', '=', id)
        .where('seq', '=', seq)
        .where('status', '=', 'pending')
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    async finish(id, at) {
      await db
        .updateTable('reset_job')
        .set(ended('completed', at))
        .where('id', '=', id)
        // A cancelled job stays cancelled.
        .where('status', '=', 'running')
        .execute();
    },
    async takePasswords(id) {
      let query = db
        .selectFrom('reset_job_item')
        .select(['user_id', 'user_principal_name', 'sealed_password', 'completed_at'])
        .where('job_id', '=', id)
        .where('sealed_password', 'is not', null)
        .orderBy('seq');
      // Read once even when two requests race: on PostgreSQL the rows stay locked until the caller's
      // transaction ends, so the other reader finds them erased (SQLite runs transactions one at a time).
      if (postgres) query = query.forUpdate();
      const rows = await query.execute();
      await db.updateTable('reset_job_item').set({ sealed_password: null }).where('job_id', '=', id).where('sealed_password', 'is not', null).execute();
      return rows.map((r) => ({
        userId: r.user_id,
        userPrincipalName: r.user_principal_name,
        sealedPassword: r.sealed_password!,
        completedAt: new Date(r.completed_at!),
      }));
    },
    async cancelRunningOf(createdBy, at) {
      const jobs = await db.selectFrom('reset_job').select('id').where('created_by', '=', createdBy).where('status', '=', 'running').execute();
      const cancelled: { id: string; skipped: number }[] = [];
      for (const { id } of jobs) {
        const skipped = await db
          .updateTable('reset_job_item')
          .set({ status: 'skipped', reason: 'not_permitted', completed_at: iso(at) })
          .where('job_id', '=', id)
          .where('status', '=', 'pending')
          .executeTakeFirst();
        await db.updateTable('reset_job').set(ended('cancelled', at)).where('id', '=', id).execute();
        cancelled.push({ id, skipped: Number(skipped.numUpdatedRows) });
      }
      return cancelled;
    },
    async eraseSealedBefore(cutoff) {
      const rows = await db
        .selectFrom('reset_job_item')
        .select(['job_id', (eb) => eb.fn.countAll<string | number>().as('n')])
        .where('sealed_password', 'is not', null)
        .where('completed_at', '<', iso(cutoff))
        .groupBy('job_id')
        .execute();
      if (rows.length)
        await db
          .updateTable('reset_job_item')
          .set({ sealed_password: null })
          .where('sealed_password', 'is not', null)
          .where('completed_at', '<', iso(cutoff))
          .execute();
      return rows.map((r) => ({ jobId: r.job_id, passwords: Number(r.n) }));
    },
  };
}

/** A job's row once it ends: finished, its lease, sealed password and pause cleared. */
function ended(status: 'completed' | 'cancelled', at: Date) {
  return { status, finished_at: iso(at), lease_owner: null, lease_until: null, sealed_password: null, paused_until: null, paused_reason: null };
}
