import cluster from 'node:cluster';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Config } from './config/schema.js';
import { systemClock, type Clock } from './core/clock.js';
import { randomToken } from './core/crypto.js';
import { createDb, dbOptionsFromConfig, type DbHandle } from './db/kysely.js';
import { migrateToLatest } from './db/migrate.js';
import { createRepos, createTransact, type Repos, type Transact } from './db/repos.js';
import { createArgon2Hasher, type PasswordHasher } from './features/passwords/hasher.js';
import type { Limiter } from './core/limiter.js';
import { workerHashConcurrency } from './cluster/sizing.js';

/** What every entry point (server, CLI, tests) needs: the migrated database, the hasher, the secret. */
export interface Runtime {
  config: Config;
  db: DbHandle;
  repos: Repos;
  transact: Transact;
  hasher: PasswordHasher & { limiter: Limiter };
  secret: string;
  clock: Clock;
  close(): Promise<void>;
}

export async function openRuntime(config: Config, options: { clock?: Clock; onRejectedHash?: (reason: string) => void } = {}): Promise<Runtime> {
  const db = createDb(dbOptionsFromConfig(config));
  try {
    await migrateToLatest(db.db);
  } catch (err) {
    await db.close();
    throw err;
  }
  const hasher = await createArgon2Hasher({
    params: { memoryKib: config.argon2MemoryKib, iterations: config.argon2Iterations, parallelism: config.argon2Parallelism },
    // A cluster worker gets its share of the cores (issue 16); one process keeps the hasher's default (every core).
    ...(cluster.isWorker ? { concurrency: workerHashConcurrency(config) } : config.hashConcurrency ? { concurrency: config.hashConcurrency } : {}),
    queueLimit: config.hashQueueLimit,
    ...(options.onRejectedHash ? { onRejectedHash: options.onRejectedHash } : {}),
  });
  return {
    config,
    db,
    repos: createRepos(db.db),
    transact: createTransact(db.db),
    hasher,
    secret: loadSecret(config),
    clock: options.clock ?? systemClock,
    close: () => db.close(),
  };
}

/**
 * The server secret: LATCHKEY_SECRET, or one generated once into `<dataDir>/secret` (mode 0600).
 * Servers sharing one PostgreSQL database must share LATCHKEY_SECRET.
 */
export function loadSecret(config: Pick<Config, 'secret' | 'dataDir'>): string {
  if (config.secret) return config.secret;
  const file = path.join(config.dataDir, 'secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(config.dataDir, { recursive: true });
  const secret = randomToken(32);
  writeFileSync(file, secret + '\n', { mode: 0o600, flag: 'wx' });
  chmodSync(file, 0o600);
  return secret;
}
