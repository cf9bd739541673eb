/* The directory connection's API shapes (issue 14): shared by the server and the web app. */

export type DirectoryKind = 'openldap' | 'active-directory';

/** One problem a sync met: the entry it concerns (a DN) and a stable code (an i18n key under `directory.syncError.`). */
export interface DirectorySyncError {
  dn: string | null;
  code: string;
  /** The directory's own words, when it gave some (never a secret). */
  message: string | null;
}

export interface DirectorySyncCounts {
  /** Users read from the directory. */
  read: number;
  created: number;
  updated: number;
  /** Disabled in Latchkey because disabled in, or gone from, the directory. */
  disabled: number;
  unchanged: number;
  groups: number;
  failed: number;
}

/** One sync run. */
export interface DirectorySyncRun {
  id: string;
  mode: 'full' | 'incremental';
  /** Who started it: `schedule`, `cli`, or the user principal name of an admin. */
  trigger: string;
  status: 'running' | 'succeeded' | 'failed' | 'interrupted';
  startedDateTime: string;
  finishedDateTime: string | null;
  counts: DirectorySyncCounts;
  /** The first problems (at most 50). */
  errors: DirectorySyncError[];
}

/** `GET /api/v1/directory/status`. */
export interface DirectoryStatus {
  configured: boolean;
  kind: DirectoryKind | null;
  /** The URL without credentials; null when not configured. */
  url: string | null;
  baseDn: string | null;
  /** How often the schedule syncs, in minutes (0: only on demand). */
  syncIntervalMinutes: number;
  /** Users whose source is the directory. */
  directoryUsers: number;
  lastSync: DirectorySyncRun | null;
  /** The last run that finished without failing. */
  lastSuccessfulSync: DirectorySyncRun | null;
  running: boolean;
}

/** The fields the directory owns for its users: read-only in the admin centre and API (issue 14). */
export const DIRECTORY_OWNED_FIELDS = [
  'userPrincipalName',
  'displayName',
  'givenName',
  'surname',
  'mail',
  'mobilePhone',
  'businessPhones',
  'department',
  'jobTitle',
  'accountEnabled',
] as const;
export type DirectoryOwnedField = (typeof DIRECTORY_OWNED_FIELDS)[number];
