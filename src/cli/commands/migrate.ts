import type { Command } from 'commander';
import { loadConfig } from '../../server/config/load.js';
import { createDb, dbOptionsFromConfig } from '../../server/db/kysely.js';
import { migrateToLatest } from '../../server/db/migrate.js';
import { ExitCode } from '../lib/errors.js';
import { print } from '../lib/output.js';

export function registerMigrate(program: Command): void {
  program
    .command('migrate')
    .description('Bring the database schema up to date (serve also does this at start)')
    .action(async () => {
      process.exitCode = await migrate();
    });
}

export async function migrate(): Promise<number> {
  const config = loadConfig();
  // openRuntime migrates too, but does not say what it applied; this does the same step and reports it.
  const db = createDb(dbOptionsFromConfig(config));
  try {
    const applied = await migrateToLatest(db.db);
    const where = db.engine === 'sqlite' ? `SQLite in ${config.dataDir}` : 'PostgreSQL';
    if (applied.length === 0) print(`Database (${where}) is up to date.`);
    else {
      print(`Applied ${applied.length} ${applied.length === 1 ? 'migration' : 'migrations'} to the database (${where}):`);
      for (const name of applied) print(`  ${name}`);
    }
  } finally {
    await db.close();
  }
  return ExitCode.ok;
}
