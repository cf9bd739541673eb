import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import * as m0001 from './migrations/0001_directory.js';
import * as m0002 from './migrations/0002_password_history.js';
import * as m0003 from './migrations/0003_notifications.js';
import * as m0004 from './migrations/0004_expiry_reminders.js';
import * as m0005 from './migrations/0005_lockout_sign_ins.js';
import * as m0006 from './migrations/0006_rate_limit.js';
import * as m0007 from './migrations/0007_reset_jobs.js';
import * as m0008 from './migrations/0008_password_links.js';
import * as m0009 from './migrations/0009_user_search.js';
import * as m0010 from './migrations/0010_self_service_reset.js';
import * as m0011 from './migrations/0011_lockout_claims.js';
import * as m0012 from './migrations/0012_authority_at_use.js';
import * as m0013 from './migrations/0013_sign_in_aggregation.js';
import * as m0014 from './migrations/0014_session_proofs.js';
import * as m0015 from './migrations/0015_sign_in_mfa.js';
import * as m0016 from './migrations/0016_passkeys.js';
import * as m0017 from './migrations/0017_breached_passwords.js';
import * as m0018 from './migrations/0018_temporary_passwords.js';
import * as m0019 from './migrations/0019_directory_connection.js';
import * as m0020 from './migrations/0020_oauth_graph.js';
import * as m0021 from './migrations/0021_job_lease.js';

/** Migrations are listed in code (not read from disk) so they run the same from src/ and dist/. */
const migrations: Record<string, Migration> = {
  '0001_directory': m0001,
  '0002_password_history': m0002,
  '0003_notifications': m0003,
  '0004_expiry_reminders': m0004,
  '0005_lockout_sign_ins': m0005,
  '0006_rate_limit': m0006,
  '0007_reset_jobs': m0007,
  '0008_password_links': m0008,
  '0009_user_search': m0009,
  '0010_self_service_reset': m0010,
  '0011_lockout_claims': m0011,
  '0012_authority_at_use': m0012,
  '0013_sign_in_aggregation': m0013,
  '0014_session_proofs': m0014,
  '0015_sign_in_mfa': m0015,
  '0016_passkeys': m0016,
  '0017_breached_passwords': m0017,
  '0018_temporary_passwords': m0018,
  '0019_directory_connection': m0019,
  '0020_oauth_graph': m0020,
  '0021_job_lease': m0021,
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

/**
 * Brings the schema to the newest version. Safe to call on every start: applied migrations are
 * skipped, and Kysely's migration lock keeps two servers from migrating at once.
 * @returns the names of the migrations applied now.
 */
export async function migrateToLatest<DB>(db: Kysely<DB>, options: { schema?: string | undefined } = {}): Promise<string[]> {
  // With a PostgreSQL schema other than public, name it: Kysely's table check would otherwise see other schemas' tables.
  const migrator = new Migrator({
    db,
    provider,
    migrationTableName: 'latchkey_migration',
    migrationLockTableName: 'latchkey_migration_lock',
    ...(options.schema ? { migrationTableSchema: options.schema } : {}),
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(typeof error === 'string' ? error : 'migration failed', { cause: error });
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
