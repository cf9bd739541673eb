import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import { hash as argonHash, verify as argonVerify, type Algorithm } from '@node-rs/argon2';
import { loadConfig } from '../../src/server/config/load.js';
import { createArgon2Hasher, type Argon2Params } from '../../src/server/features/passwords/hasher.js';
import { cpuWindow } from './http-load.js';
import { settings } from './settings.js';

export interface RawArgon2Rate {
  /** Verifications per second at `concurrency` concurrent verifies. */
  perSecond: number;
  verifies: number;
  seconds: number;
  concurrency: number;
  params: Argon2Params;
  /** Mean time of one verification, ms (at that concurrency). */
  meanMs: number;
  /** Process CPU time during the window, ms; `verifies / cpuSeconds` is the rate per CPU-second. */
  cpuMs: number;
}

let memo: Promise<RawArgon2Rate> | undefined;

/**
 * The physical limit of sign-in: argon2id verifications per second with `availableParallelism()`
 * verifies in flight, straight through @node-rs/argon2 (no limiter, no HTTP), with the parameters
 * the server uses. Measured once per run and shared by every benchmark that needs it.
 */
export function rawArgon2Rate(): Promise<RawArgon2Rate> {
  return (memo ??= measureRawArgon2());
}

/**
 * A fresh measurement (not memoised); sign-in takes several short ones interleaved with its load
 * slices so that both see the same background load.
 */
export async function measureRawArgon2(window: { warmupMs: number; durationMs: number } = settings.argon2): Promise<RawArgon2Rate> {
  // The server's own hasher makes the PHC string, so parameters (and the floor) are the server's.
  const config = loadConfig({}, { logLevel: 'silent' });
  const hasher = await createArgon2Hasher({
    params: { memoryKib: config.argon2MemoryKib, iterations: config.argon2Iterations, parallelism: config.argon2Parallelism },
  });
  const password = 'Bench-correct-horse-battery-staple-42';
  const phc = await hasher.hash(password);
  const concurrency = availableParallelism();
  const { warmupMs, durationMs } = window;
  const { maxVerifies } = settings.argon2;

  const start = performance.now();
  const windowStart = start + warmupMs;
  const windowEnd = windowStart + durationMs;
  let started = 0;
  let counted = 0;
  let busyMs = 0;
  let failures = 0;
  const loop = async () => {
    while (performance.now() < windowEnd && started < maxVerifies) {
      started++;
      const t0 = performance.now();
      const ok = await argonVerify(phc, password);
      const t1 = performance.now();
      if (!ok) failures++;
      if (t1 >= windowStart && t1 <= windowEnd) {
        counted++;
        busyMs += t1 - t0;
      }
    }
  };
  const cpu = cpuWindow(warmupMs, warmupMs + durationMs);
  await Promise.all(Array.from({ length: concurrency }, loop));
  const cpuMs = cpu.stop();
  if (failures) throw new Error(`raw argon2 verify failed ${failures} times`);
  const seconds = durationMs / 1000;
  return { perSecond: counted / seconds, verifies: counted, seconds, concurrency, params: hasher.params, meanMs: busyMs / Math.max(1, counted), cpuMs };
}

export interface RawArgon2HashRate {
  /** Hashes per second at `concurrency` concurrent hashes. */
  perSecond: number;
  hashes: number;
  seconds: number;
  concurrency: number;
  params: Argon2Params;
  /** Process CPU time during the window, ms. */
  cpuMs: number;
}

/**
 * The physical limit of a password reset: argon2id *hashes* (a reset makes a new hash with a new
 * salt; it verifies nothing) per second with `availableParallelism()` in flight, straight through
 * @node-rs/argon2's `hash` with the server's parameters (no limiter, no database).
 */
export async function measureRawArgon2Hash(window: { warmupMs: number; durationMs: number; maxHashes?: number }): Promise<RawArgon2HashRate> {
  const config = loadConfig({}, { logLevel: 'silent' });
  // The server's hasher only to learn its parameters (the floor applied), then the primitive.
  const hasher = await createArgon2Hasher({
    params: { memoryKib: config.argon2MemoryKib, iterations: config.argon2Iterations, parallelism: config.argon2Parallelism },
  });
  const p = hasher.params;
  const options = { algorithm: 2 as Algorithm, memoryCost: p.memoryKib, timeCost: p.iterations, parallelism: p.parallelism };
  const concurrency = availableParallelism();
  const maxHashes = window.maxHashes ?? 100_000;
  const start = performance.now();
  const windowStart = start + window.warmupMs;
  const windowEnd = windowStart + window.durationMs;
  let started = 0;
  let counted = 0;
  const loop = async () => {
    while (performance.now() < windowEnd && started < maxHashes) {
      started++;
      const phc = await argonHash(`Bench-reset-${started}-Quilt!`, options);
      if (!phc.startsWith('$argon2id$')) throw new Error('raw argon2 hash did not give an argon2id PHC string');
      const t1 = performance.now();
      if (t1 >= windowStart && t1 <= windowEnd) counted++;
    }
  };
  const cpu = cpuWindow(window.warmupMs, window.warmupMs + window.durationMs);
  await Promise.all(Array.from({ length: concurrency }, loop));
  const cpuMs = cpu.stop();
  const seconds = window.durationMs / 1000;
  return { perSecond: counted / seconds, hashes: counted, seconds, concurrency, params: p, cpuMs };
}
