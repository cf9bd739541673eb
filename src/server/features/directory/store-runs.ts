import { PostgresAdapter, sql, type Kysely, type Selectable } from 'kysely';
import type { Database, DirectorySyncRunTable } from '../../db/types.js';
import { iso } from '../../core/clock.js';
import type { DirectorySyncCounts, DirectorySyncError, DirectorySyncRun } from '../../../shared/directory.js';

// The directory store's sync runs (directory_sync_run): one row per run, its lease the guard that
// only one runs at a time across processes. Part of the DirectoryStore in store.ts.

export interface NewSyncRun {
  id: string;
  mode: DirectorySyncRun['mode'];
  trigger: string;
  /** The change marker read before searching (the next incremental run's start). */
  marker: string | null;
  owner: string;
  leaseUntil: Date;
}

export interface SyncRunFinish {
  status: Exclude<DirectorySyncRun['status'], 'running'>;
  counts: DirectorySyncCounts;
  errors: DirectorySyncError[];
}

export interface DirectoryRunStore {
  /**
   * Starts a run unless another one holds a live lease. A running row whose lease ran out (its
   * process died) is marked interrupted first. On PostgreSQL an advisory lock makes two claims run
   * one after the other (call it in a transaction). @returns false when another run is live.
   */
  claimRun(run: NewSyncRun, now: Date): Promise<boolean>;
  /** Extends the lease; false when this owner no longer holds the run (it was taken over or finished). */
  renewRun(id: string, owner: string, until: Date, progress: { counts: DirectorySyncCounts; errors: DirectorySyncError[] }): Promise<boolean>;
  /** Records the change marker the run read before searching. */
  setRunMarker(id: string, marker: string): Promise<void>;
  finishRun(id: string, finish: SyncRunFinish, at: Date): Promise<void>;
  getRun(id: string): Promise<DirectorySyncRun | undefined>;
  /** Most recent first. */
  listRuns(limit: number): Promise<DirectorySyncRun[]>;
  lastSuccessfulRun(mode?: DirectorySyncRun['mode']): Promise<(DirectorySyncRun & { marker: string | null }) | undefined>;
  /** The run holding a live lease at `now`, if any. */
  liveRun(now: Date): Promise<DirectorySyncRun | undefined>;
}

export const emptyCounts = (): DirectorySyncCounts => ({ read: 0, created: 0, updated: 0, disabled: 0, unchanged: 0, groups: 0, failed: 0 });

function parse<T>(text: string, fallback: T): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

export function toRun(row: Selectable<DirectorySyncRunTable>): DirectorySyncRun {
  return {
    id: row.id,
    mode: row.mode === 'full' ? 'full' : 'incremental',
    trigger: row.trigger,
    status: row.status as DirectorySyncRun['status'],
    startedDateTime: row.started_at,
    finishedDateTime: row.finished_at,
    counts: { ...emptyCounts(), ...parse<Partial<DirectorySyncCounts>>(row.counts, {}) },
    errors: parse<DirectorySyncError[]>(row.errors, []),
  };
}

export function directoryRunQueries(db: Kysely<Database>): DirectoryRunStore {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  return {
    async claimRun(run, now) {
      if (postgres) await sql`select pg_advisory_xact_lock(hashtext('latchkey:directory-sync'))`.execute(db);
      const live = await db
        .selectFrom('directory_sync_run')
        .select('id')
        .where('status', '=', 'running')
        .where('lease_until', '>', iso(now))
        .executeTakeFirst();
      if (live) return false;
      await db
        .updateTable('directory_sync_run')
        .set({ status: 'interrupted', finished_at: iso(now), lease_owner: null, lease_until: null })
        .where('status', '=', 'running')
        .execute();
      await db
        .insertInto('directory_sync_run')
        .values({
          id: run.id,
          mode: run.mode,
          trigger: run.trigger,
          status: 'running',
          started_at: iso(now),
          finished_at: null,
          counts: JSON.stringify(emptyCounts()),
          errors: '[]',
          marker: run.marker,
          lease_owner: run.owner,
          lease_until: iso(run.leaseUntil),
        })
        .execute();
      return true;
    },

    async renewRun(id, owner, until, progress) {
      const result = await db
        .updateTable('directory_sync_run')
        .set({ lease_until: iso(until), counts: JSON.stringify(progress.counts), errors: JSON.stringify(progress.errors) })
        .where('id', '=', id)
        .where('lease_owner', '=', owner)
        .where('status', '=', 'running')
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },

    async setRunMarker(id, marker) {
      await db.updateTable('directory_sync_run').set({ marker }).where('id', '=', id).execute();
    },

    async finishRun(id, finish, at) {
      await db
        .updateTable('directory_sync_run')
        .set({
          status: finish.status,
          finished_at: iso(at),
          counts: JSON.stringify(finish.counts),
          errors: JSON.stringify(finish.errors),
          lease_owner: null,
          lease_until: null,
        })
        .where('id', '=', id)
        .execute();
    },

    async getRun(id) {
      const row = await db.selectFrom('directory_sync_run').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toRun(row);
    },

    async listRuns(limit) {
      const found = await db.selectFrom('directory_sync_run').selectAll().orderBy('started_at', 'desc').orderBy('id').limit(limit).execute();
      return found.map(toRun);
    },

    async lastSuccessfulRun(mode) {
      let query = db.selectFrom('directory_sync_run').selectAll().where('status', '=', 'succeeded');
      if (mode) query = query.where('mode', '=', mode);
      const row = await query.orderBy('started_at', 'desc').limit(1).executeTakeFirst();
      return row && { ...toRun(row), marker: row.marker };
    },

    async liveRun(now) {
      const row = await db
        .selectFrom('directory_sync_run')
        .selectAll()
        .where('status', '=', 'running')
        .where('lease_until', '>', iso(now))
        .orderBy('started_at', 'desc')
        .limit(1)
        .executeTakeFirst();
      return row && toRun(row);
    },
  };
}
