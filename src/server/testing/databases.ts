import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createDb, type DbHandle, type Engine } from '../db/kysely.js';
import { migrateToLatest } from '../db/migrate.js';

/** The engines a suite runs on: SQLite always, PostgreSQL when LATCHKEY_TEST_POSTGRES_URL is set (always in CI). */
export function testEngines(): Engine[] {
  return process.env.LATCHKEY_TEST_POSTGRES_URL ? ['sqlite', 'postgres'] : ['sqlite'];
}

/** Under CI nothing may be skipped: a missing PostgreSQL is a failure there, not a skip. */
export function assertPostgresInCi(): void {
  if (process.env.CI === 'true' && !process.env.LATCHKEY_TEST_POSTGRES_URL) {
    throw new Error('CI=true but LATCHKEY_TEST_POSTGRES_URL is not set: the PostgreSQL suites would be skipped');
  }
}

/**
 * Kysely's migrator reads the catalog of every schema (pg_get_serial_sequence per column), so a
 * schema another suite drops at that moment fails it ("schema t_… does not exist"). Migrations
 * hold this advisory lock shared, drops hold it exclusively: suites still migrate in parallel.
 */
const CATALOG_LOCK = 7_341_001;

/**
 * A fresh, migrated database: in-memory SQLite, or a throwaway schema in the test PostgreSQL
 * (dropped again on close), so suites never see each other's rows.
 */
export async function openTestDb(engine: Engine): Promise<DbHandle> {
  if (engine === 'sqlite') {
    const handle = createDb({ engine: 'sqlite', file: ':memory:' });
    await migrateToLatest(handle.db);
    return handle;
  }
  const url = process.env.LATCHKEY_TEST_POSTGRES_URL;
  if (!url) throw new Error('LATCHKEY_TEST_POSTGRES_URL is not set');
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.query('select pg_advisory_lock_shared($1)', [CATALOG_LOCK]);
  const handle = createDb({ engine: 'postgres', url, schema, poolSize: 12 });
  try {
    await migrateToLatest(handle.db, { schema });
  } finally {
    await admin.end(); // ends the session, and with it the shared lock
  }
  return {
    ...handle,
    async close() {
      await handle.close();
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.query('select pg_advisory_lock($1)', [CATALOG_LOCK]);
      await client.query(`drop schema ${schema} cascade`);
      await client.end();
    },
  };
}
