/** English texts of directory sync (issue 14): `latchkey directory sync|status` and the run error codes (`directory.syncError.*`). */
export const directorySyncEn = {
  'directory.syncError.upn_collision': 'The username is already taken by a user who isn\u2019t from the directory; that account is left alone.',
  'directory.syncError.upn_conflict': 'The username is already taken by another user from the directory.',
  'directory.syncError.unavailable': 'The directory couldn\u2019t be reached.',
  'directory.syncError.misconfigured': 'The directory connection is misconfigured.',
  'directory.syncError.not_configured': 'No directory is configured.',
  'directory.syncError.failed': 'The sync stopped on an unexpected problem; see the server log.',

  'cli.directory_sync.not_configured': 'No directory is configured: set LATCHKEY_DIRECTORY_URL and the other directory settings (docs/configuration.md).',
  'cli.directory_sync.running': 'Another sync is running (a server\u2019s schedule, or another latchkey directory sync); try again when it ends.',
  'cli.directory_sync.started': '{mode} sync from {url}\u2026',
  'cli.directory_sync.mode_full': 'Full',
  'cli.directory_sync.mode_incremental': 'Incremental',
  'cli.directory_sync.progress': 'Users read',
  'cli.directory_sync.done':
    'Sync {status}: {read} read, {created} created, {updated} updated, {unchanged} unchanged, {disabled} disabled, {groups} groups, {failed} failed.',
  'cli.directory_sync.status_succeeded': 'succeeded',
  'cli.directory_sync.status_failed': 'failed',
  'cli.directory_sync.status_interrupted': 'interrupted (what was written is kept)',
  'cli.directory_sync.status_running': 'running',
  'cli.directory_sync.errors': 'Problems (the first {count}):',
  'cli.directory_sync.whole_sync': '(the whole sync)',
  'cli.directory_sync.status_connection': 'Directory: {kind} at {url}, base {baseDn}; {users} users from the directory.',
  'cli.directory_sync.status_schedule': 'Schedule: every {minutes} minutes (a full sync at least once a day).',
  'cli.directory_sync.status_manual': 'Schedule: only on demand.',
  'cli.directory_sync.status_last': 'Last sync: {mode}, {status}, started {started} by {trigger}.',
  'cli.directory_sync.status_none': 'No sync has run yet.',
} as const;
