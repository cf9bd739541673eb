import type { Kysely } from 'kysely';

/**
 * The directory connection (issue 14): users and groups synced from OpenLDAP or Active Directory,
 * password writeback, and the directory's own lock.
 * - app_user.on_premises_*: set only for users whose source is the directory (Graph's names:
 *   onPremisesDistinguishedName, onPremisesImmutableId, onPremisesSamAccountName,
 *   onPremisesLastSyncDateTime). on_premises_sam_key is the login name lower-cased, for signing
 *   in by uid. directory_locked_at: the directory's own lock as the last sync or bind saw it.
 * - user_group.on_premises_dn: set for groups synced from the directory.
 * - directory_sync_run: one row per sync (counts and errors as JSON); the marker is the
 *   directory's change marker read before the run searched (the next incremental run's start).
 * - directory_write: one row while a password write to the directory is in flight for a user, so
 *   concurrent writes are refused before they reach the directory (exactly one wins in both places).
 * - reset_job.paused_until / paused_reason: a bulk job whose directory is down waits and resumes.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const column of [
    'on_premises_dn',
    'on_premises_immutable_id',
    'on_premises_sam',
    'on_premises_sam_key',
    'on_premises_last_sync_at',
    'directory_locked_at',
  ])
    await db.schema.alterTable('app_user').addColumn(column, 'text').execute();
  await db.schema.createIndex('app_user_on_premises_dn').on('app_user').column('on_premises_dn').unique().execute();
  await db.schema.createIndex('app_user_on_premises_immutable_id').on('app_user').column('on_premises_immutable_id').unique().execute();
  await db.schema.createIndex('app_user_on_premises_sam_key').on('app_user').column('on_premises_sam_key').execute();
  await db.schema.alterTable('user_group').addColumn('on_premises_dn', 'text').execute();
  await db.schema.createIndex('user_group_on_premises_dn').on('user_group').column('on_premises_dn').unique().execute();
  await db.schema
    .createTable('directory_sync_run')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('mode', 'text', (c) => c.notNull())
    .addColumn('trigger', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .addColumn('counts', 'text', (c) => c.notNull())
    .addColumn('errors', 'text', (c) => c.notNull())
    .addColumn('marker', 'text')
    .addColumn('lease_owner', 'text')
    .addColumn('lease_until', 'text')
    .execute();
  await db.schema.createIndex('directory_sync_run_started').on('directory_sync_run').column('started_at').execute();
  await db.schema
    .createTable('directory_write')
    .addColumn('user_id', 'text', (c) => c.primaryKey().references('app_user.id').onDelete('cascade'))
    .addColumn('owner', 'text', (c) => c.notNull())
    .addColumn('claimed_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.alterTable('reset_job').addColumn('paused_until', 'text').execute();
  await db.schema.alterTable('reset_job').addColumn('paused_reason', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('reset_job').dropColumn('paused_reason').execute();
  await db.schema.alterTable('reset_job').dropColumn('paused_until').execute();
  await db.schema.dropTable('directory_write').execute();
  await db.schema.dropTable('directory_sync_run').execute();
  await db.schema.dropIndex('user_group_on_premises_dn').execute();
  await db.schema.alterTable('user_group').dropColumn('on_premises_dn').execute();
  for (const index of ['app_user_on_premises_sam_key', 'app_user_on_premises_immutable_id', 'app_user_on_premises_dn'])
    await db.schema.dropIndex(index).execute();
  for (const column of [
    'directory_locked_at',
    'on_premises_last_sync_at',
    'on_premises_sam_key',
    'on_premises_sam',
    'on_premises_immutable_id',
    'on_premises_dn',
  ])
    await db.schema.alterTable('app_user').dropColumn(column).execute();
}
