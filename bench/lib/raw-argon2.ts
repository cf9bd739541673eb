import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import { verify as argonVerify } from '@node-rs/argon2';
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
  const hasher = await createArgon2Hasher({ params: { memoryKib: config.argon2MemoryKib, iterations: config.argon2Iterations, parallelism: config.argon2Parallelism } });
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
