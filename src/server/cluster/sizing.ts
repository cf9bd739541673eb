import { availableParallelism } from 'node:os';
import type { Config } from '../config/schema.js';

/** Server processes to run: LATCHKEY_WORKERS, by default one per core (issue 16). */
export function workerCount(config: Pick<Config, 'workers'>, cores = availableParallelism()): number {
  return config.workers ?? cores;
}

/**
 * Concurrent argon2id hashes in one worker: the cores shared out over the workers, at least one,
 * so all workers together keep every core busy without oversubscribing them. LATCHKEY_HASH_CONCURRENCY,
 * when set, is per process and wins.
 */
export function workerHashConcurrency(config: Pick<Config, 'workers' | 'hashConcurrency'>, cores = availableParallelism()): number {
  return config.hashConcurrency ?? Math.max(1, Math.floor(cores / workerCount(config, cores)));
}

/**
 * libuv's pool size for a worker: argon2id runs on it (the hasher's native binding), next to file and
 * DNS work, so it holds the worker's hashes plus two; never below libuv's own default of 4. An
 * operator's UV_THREADPOOL_SIZE is kept.
 */
export function workerThreadpoolSize(
  config: Pick<Config, 'workers' | 'hashConcurrency'>,
  env: NodeJS.ProcessEnv = process.env,
  cores = availableParallelism(),
): string {
  return env.UV_THREADPOOL_SIZE ?? String(Math.max(4, workerHashConcurrency(config, cores) + 2));
}
