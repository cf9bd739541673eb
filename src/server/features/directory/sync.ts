import { AppError } from '../../core/errors.js';
import { newId } from '../../core/crypto.js';
import type { Repos, Transact } from '../../db/repos.js';
import type { DirectorySyncCounts, DirectorySyncError } from '../../../shared/directory.js';
import type { DirectoryConnector, DirectoryEntry } from '../../core/directory.js';
import type { DirectoryUserRecord } from './store.js';
import { emptyCounts } from './store-runs.js';

/** Errors kept on a run row: the first ones are enough to act on (issue 14). */
export const MAX_RUN_ERRORS = 50;

export interface SyncProgress {
  read: number;
  /** Known only when the directory said (a full run's first page does not). */
  total: number | null;
}

/** What one pass did; the service turns it into a run row and an audit event. */
export interface SyncOutcome {
  counts: DirectorySyncCounts;
  errors: DirectorySyncError[];
  interrupted: boolean;
}

export interface SyncPass {
  repos: Repos;
  transact: Transact;
  directory: DirectoryConnector;
  mode: 'full' | 'incremental';
  /** The previous successful run's marker (incremental runs read only what changed since). */
  since: string | null;
  now: () => Date;
  /** The organisation's default domain, for OpenLDAP users without mail (`uid@domain`). */
  defaultDomain: string;
  signal?: AbortSignal;
  onProgress?: (progress: SyncProgress) => void;
  /** After each page: renews the run's lease and saves the counts; false ends the pass as interrupted. */
  checkpoint?: (counts: DirectorySyncCounts, errors: DirectorySyncError[]) => Promise<boolean>;
  /** A user this pass disabled (gone, or disabled in the directory): their sessions end, their links and jobs too. */
  onDisabled: (tx: Repos, user: { id: string; userPrincipalName: string }, at: Date) => Promise<void>;
}

/**
 * The user principal name Latchkey gives a directory entry. Active Directory has its own
 * userPrincipalName; on OpenLDAP it is the mail when there is one, else `uid@<default domain>`.
 */
export function principalNameOf(entry: DirectoryEntry, kind: DirectoryConnector['kind'], defaultDomain: string): string {
  if (kind === 'active-directory' && entry.userPrincipalName) return entry.userPrincipalName.toLowerCase();
  return (entry.mail ?? `${entry.uid}@${defaultDomain}`).toLowerCase();
}

function recordOf(entry: DirectoryEntry, upn: string): DirectoryUserRecord {
  return {
    dn: entry.dn,
    immutableId: entry.immutableId,
    uid: entry.uid,
    userPrincipalName: upn,
    displayName: entry.displayName || entry.uid,
    givenName: entry.givenName,
    surname: entry.surname,
    mail: entry.mail,
    mobilePhone: entry.mobilePhone,
    businessPhones: entry.businessPhones,
    department: entry.department,
    jobTitle: entry.jobTitle,
    accountEnabled: entry.enabled,
    lockedAt: entry.lockedAt,
  };
}

/**
 * One sync pass: reads users page by page (all, or those changed since the marker), writes each
 * page in one transaction, then (full runs only, and only when not interrupted) disables the
 * directory users the directory no longer returns or has disabled, then syncs the groups. Admin
 * roles, passwords and Latchkey-owned fields are never touched. An interrupt between pages keeps
 * what was written. @throws AppError directory.unavailable (from the connector); the caller marks the run failed.
 */
export async function runSyncPass(pass: SyncPass): Promise<SyncOutcome> {
  const { repos, transact, directory, mode } = pass;
  const counts = emptyCounts();
  const errors: DirectorySyncError[] = [];
  const fail = (error: DirectorySyncError) => {
    counts.failed += 1;
    if (errors.length < MAX_RUN_ERRORS) errors.push(error);
  };
  const seen = new Set<string>();
  const aborted = () => pass.signal?.aborted === true;
  const options = { since: mode === 'incremental' ? pass.since : null, ...(pass.signal ? { signal: pass.signal } : {}) };

  for await (const page of directory.searchUsers(options)) {
    const at = pass.now();
    await transact(async (tx) => {
      for (const entry of page) {
        counts.read += 1;
        seen.add(entry.dn.toLowerCase());
        const upn = principalNameOf(entry, directory.kind, pass.defaultDomain);
        const result = await tx.directory.upsertUser(recordOf(entry, upn), at, newId);
        if (result.outcome === 'identifier_taken') {
          // Never take over a local account (or another directory user's name): an error entry instead.
          fail({ dn: entry.dn, code: result.takenBy === 'local' ? 'upn_collision' : 'upn_conflict', message: upn });
          continue;
        }
        counts[result.outcome] += 1;
        if (result.disabled) {
          counts.disabled += 1;
          await pass.onDisabled(tx, { id: result.id, userPrincipalName: upn }, at);
        }
      }
    });
    pass.onProgress?.({ read: counts.read, total: null });
    if (pass.checkpoint && !(await pass.checkpoint(counts, errors))) return { counts, errors, interrupted: true };
    if (aborted()) return { counts, errors, interrupted: true };
  }
  if (aborted()) return { counts, errors, interrupted: true };

  if (mode === 'full') {
    const known = await repos.directory.directoryUsers();
    // Gone from the directory (or outside the base and filter now): disabled, never deleted, so their data stays.
    const gone = known.filter((u) => u.accountEnabled && !seen.has(u.dn.toLowerCase()));
    for (const user of gone) {
      const at = pass.now();
      await transact(async (tx) => {
        if (!(await tx.directory.disableUser(user.id, at))) return;
        counts.disabled += 1;
        await pass.onDisabled(tx, { id: user.id, userPrincipalName: user.userPrincipalName }, at);
      });
    }
  }

  const groups = await directory.searchGroups(pass.signal ? { signal: pass.signal } : {});
  if (aborted()) return { counts, errors, interrupted: true };
  const idByDn = new Map((await repos.directory.directoryUsers()).map((u) => [u.dn.toLowerCase(), u.id]));
  for (const group of groups) {
    const memberIds = group.members.map((dn) => idByDn.get(dn.toLowerCase())).filter((id): id is string => id !== undefined);
    const at = pass.now();
    await transact((tx) => tx.directory.upsertGroup({ dn: group.dn, displayName: group.displayName, description: group.description, memberIds }, at, newId));
    counts.groups += 1;
  }
  pass.onProgress?.({ read: counts.read, total: counts.read });
  return { counts, errors, interrupted: false };
}

/** The stable code of a failure that ended a run (an i18n key under `directory.syncError.`). */
export function failureOf(err: unknown): DirectorySyncError {
  if (err instanceof AppError) return { dn: null, code: err.code.replace(/^directory\./, ''), message: null };
  return { dn: null, code: 'failed', message: null };
}
