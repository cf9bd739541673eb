import { randomUUID } from 'node:crypto';
import type { Clock } from '../../core/clock.js';
import { AppError } from '../../core/errors.js';
import { newId } from '../../core/crypto.js';
import type { Actor, RequestContext } from '../../core/identity.js';
import type { Repos, Transact } from '../../db/repos.js';
import type { DirectoryKind, DirectoryStatus, DirectorySyncRun } from '../../../shared/directory.js';
import { can } from '../roles/authority.js';
import type { UserChangeHook } from '../users/admin.js';
import type { DirectoryConnector } from '../../core/directory.js';
import { failureOf, MAX_RUN_ERRORS, runSyncPass, type SyncOutcome, type SyncProgress } from './sync.js';
import { emptyCounts } from './store-runs.js';

/** A scheduled run is a full one when the last successful full run is older than this (deletes are only found by full runs). */
export const FULL_SYNC_EVERY_MS = 24 * 60 * 60_000;

export interface DirectorySyncSettings {
  kind: DirectoryKind;
  /** Without credentials. */
  url: string | null;
  baseDn: string | null;
  syncIntervalMinutes: number;
  /** For `uid@domain` when the organisation has no domain yet (config defaultDomain). */
  defaultDomain: string;
}

export interface SyncRequest {
  mode?: 'full' | 'incremental' | undefined;
  signal?: AbortSignal;
  onProgress?: (progress: SyncProgress) => void;
}

/** The directory URL as status shows it: without credentials, null when none. */
export function displayUrl(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    parsed.username = '';
    parsed.password = '';
    return parsed.toString().replace(/\/$/, '');
  } catch {
    return null;
  }
}

const noContext: RequestContext = { ipAddress: null, userAgent: null, correlationId: null };

/**
 * Syncing users and groups from the directory (issue 14): on demand (API, CLI) and on the
 * schedule, one run at a time across every process (the run row's lease), each run one audit event.
 */
export function createDirectorySyncService(deps: {
  repos: Repos;
  transact: Transact;
  clock: Clock;
  directory: DirectoryConnector | null;
  settings: DirectorySyncSettings;
  /** The same reactions an admin's disable has (links end, bulk jobs stop); wired in services.ts. */
  onUserChange?: readonly UserChangeHook[];
  leaseSeconds?: number;
  log?: { warn(details: object, message: string): void };
}) {
  const { repos, transact, clock, directory, settings } = deps;
  const leaseMs = (deps.leaseSeconds ?? 120) * 1000;
  const background = new Map<string, { done: Promise<unknown>; abort: AbortController }>();

  const triggerOf = (actor: Actor, via: string | null) => (actor.kind === 'user' ? actor.principal.user.userPrincipalName : (via ?? actor.name));

  /** @throws AppError directory.not_configured, directory.sync_running */
  async function begin(actor: Actor, mode: SyncRequest['mode']) {
    if (!directory) throw new AppError('directory.not_configured');
    const last = await repos.directory.lastSuccessfulRun();
    // Incremental needs a marker from an earlier successful run; without one only a full run is right.
    const chosen: 'full' | 'incremental' = mode === 'full' || !last?.marker ? 'full' : (mode ?? 'incremental');
    const id = newId();
    const owner = randomUUID();
    const now = clock.now();
    const claimed = await transact((tx) =>
      tx.directory.claimRun({ id, mode: chosen, trigger: triggerOf(actor, null), marker: null, owner, leaseUntil: new Date(now.getTime() + leaseMs) }, now),
    );
    if (!claimed) throw new AppError('directory.sync_running');
    return { id, owner, mode: chosen, since: chosen === 'incremental' ? (last?.marker ?? null) : null, connector: directory };
  }

  async function execute(actor: Actor, run: Awaited<ReturnType<typeof begin>>, request: SyncRequest, ctx: RequestContext): Promise<DirectorySyncRun> {
    let outcome: SyncOutcome;
    let status: Exclude<DirectorySyncRun['status'], 'running'>;
    try {
      // Read BEFORE searching, so what changes during this run is read again by the next one.
      await repos.directory.setRunMarker(run.id, await run.connector.changeMarker());
      const org = await repos.organization.get();
      outcome = await runSyncPass({
        repos,
        transact,
        directory: run.connector,
        mode: run.mode,
        since: run.since,
        now: () => clock.now(),
        defaultDomain: org?.domains.find((d) => d.isDefault)?.name ?? org?.domains[0]?.name ?? settings.defaultDomain.toLowerCase(),
        ...(request.signal ? { signal: request.signal } : {}),
        ...(request.onProgress ? { onProgress: request.onProgress } : {}),
        checkpoint: (counts, errors) => repos.directory.renewRun(run.id, run.owner, new Date(clock.now().getTime() + leaseMs), { counts, errors }),
        onDisabled: async (tx, user, at) => {
          // A disabled account is signed out at once, as when an admin disables it.
          await tx.sessions.revokeAllForUser(user.id, at);
          for (const hook of deps.onUserChange ?? []) await hook(tx, { kind: 'disabled', user, actor: { id: null, name: 'directory sync' }, ctx, at });
        },
      });
      status = outcome.interrupted ? 'interrupted' : 'succeeded';
    } catch (err) {
      const counts = (await repos.directory.getRun(run.id))?.counts ?? emptyCounts();
      const errors = (await repos.directory.getRun(run.id))?.errors ?? [];
      const interrupted = request.signal?.aborted === true;
      // An interrupt that surfaced as an error from the search is not a problem of the run.
      outcome = { counts, errors: interrupted ? errors : [...errors.slice(0, MAX_RUN_ERRORS - 1), failureOf(err)], interrupted };
      status = outcome.interrupted ? 'interrupted' : 'failed';
      deps.log?.warn({ err, runId: run.id }, 'directory sync failed');
    }
    const at = clock.now();
    await transact(async (tx) => {
      await tx.directory.finishRun(run.id, { status, counts: outcome.counts, errors: outcome.errors }, at);
      const { read, created, updated, disabled, failed, groups } = outcome.counts;
      await tx.audit.append(
        {
          ...(status === 'succeeded' ? { action: 'directory.sync_completed', outcome: 'success' } : { action: 'directory.sync_failed', outcome: 'failure' }),
          actorId: actor.kind === 'user' ? actor.principal.user.id : null,
          actorName: triggerOf(actor, null),
          ...ctx,
          details: { runId: run.id, mode: run.mode, status, read, created, updated, disabled, failed, groups },
        },
        at,
      );
    });
    return (await repos.directory.getRun(run.id))!;
  }

  /** @throws AppError auth.forbidden */
  const demand = (actor: Actor, permission: 'users:read' | 'users:manage') => {
    if (!can(actor, permission)) throw new AppError('auth.forbidden');
  };

  return {
    /**
     * Starts a run in the background (API). Global and User Administrators may sync (users:manage):
     * it creates and disables accounts. @throws AppError auth.forbidden, directory.not_configured, directory.sync_running
     */
    async start(actor: Actor, request: { mode?: 'full' | 'incremental' | undefined }, ctx: RequestContext = noContext): Promise<{ id: string }> {
      demand(actor, 'users:manage');
      const run = await begin(actor, request.mode);
      const abort = new AbortController();
      const done = execute(actor, run, { signal: abort.signal }, ctx)
        .catch((err: unknown) => deps.log?.warn({ err, runId: run.id }, 'directory sync could not be recorded'))
        .finally(() => background.delete(run.id));
      background.set(run.id, { done, abort });
      return { id: run.id };
    },

    /** Runs in the foreground (CLI): progress and an AbortSignal. @throws AppError auth.forbidden, directory.not_configured, directory.sync_running */
    async run(actor: Actor, request: SyncRequest = {}, ctx: RequestContext = noContext): Promise<DirectorySyncRun> {
      demand(actor, 'users:manage');
      return execute(actor, await begin(actor, request.mode), request, ctx);
    },

    /** The schedule's run: full when the last full one is a day old, else incremental; skipped while another runs. */
    async scheduled(): Promise<DirectorySyncRun | null> {
      if (!directory) return null;
      const lastFull = await repos.directory.lastSuccessfulRun('full');
      const full = !lastFull || clock.now().getTime() - Date.parse(lastFull.startedDateTime) >= FULL_SYNC_EVERY_MS;
      const system: Actor = { kind: 'system', name: 'schedule' };
      try {
        return await execute(system, await begin(system, full ? 'full' : 'incremental'), {}, noContext);
      } catch (err) {
        if (err instanceof AppError && err.code === 'directory.sync_running') return null;
        throw err;
      }
    },

    /** Directory Readers and every admin role may read (users:read). @throws AppError auth.forbidden */
    async status(actor: Actor): Promise<DirectoryStatus> {
      demand(actor, 'users:read');
      const runs = await repos.directory.listRuns(1);
      const success = await repos.directory.lastSuccessfulRun();
      const lastSuccessfulSync = success ? (({ marker: _marker, ...run }) => run)(success) : null;
      return {
        configured: directory !== null,
        kind: directory ? settings.kind : null,
        url: directory ? settings.url : null,
        baseDn: directory ? settings.baseDn : null,
        syncIntervalMinutes: settings.syncIntervalMinutes,
        directoryUsers: await repos.directory.countUsers(),
        lastSync: runs[0] ?? null,
        lastSuccessfulSync,
        running: (await repos.directory.liveRun(clock.now())) !== undefined,
      };
    },

    /** @throws AppError auth.forbidden */
    async runs(actor: Actor, limit: number): Promise<DirectorySyncRun[]> {
      demand(actor, 'users:read');
      return repos.directory.listRuns(limit);
    },

    /** Waits for the background runs of this process (tests, shutdown). */
    async settled(): Promise<void> {
      await Promise.allSettled([...background.values()].map((b) => b.done));
    },

    /** Interrupts this process's background runs (they are marked interrupted) and waits for them. */
    async stop(): Promise<void> {
      for (const b of background.values()) b.abort.abort();
      await Promise.allSettled([...background.values()].map((b) => b.done));
    },
  };
}

export type DirectorySyncService = ReturnType<typeof createDirectorySyncService>;
