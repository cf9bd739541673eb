import { rawArgon2Rate } from './lib/raw-argon2.js';
import { round } from './lib/stats.js';
import type { Result } from './lib/types.js';

/** Raw argon2id verification rate: the ceiling sign-in throughput is compared against. */
export async function run(): Promise<Result[]> {
  const raw = await rawArgon2Rate();
  const p = raw.params;
  const note = `argon2id m=${p.memoryKib} KiB, t=${p.iterations}, p=${p.parallelism}; ${raw.concurrency} concurrent, ${raw.verifies} verifies in ${raw.seconds} s`;
  return [
    { benchmark: 'argon2', metric: 'raw verifications/s', value: round(raw.perSecond, 1), unit: '/s', note },
    { benchmark: 'argon2', metric: 'mean verify time', value: round(raw.meanMs, 1), unit: 'ms', note: `at ${raw.concurrency} concurrent` },
    {
      benchmark: 'argon2',
      metric: 'CPU per verification',
      value: round(raw.cpuMs / Math.max(1, raw.verifies), 1),
      unit: 'ms',
      note: `process used ${round(raw.cpuMs / 1000 / raw.seconds, 2)} of ${raw.concurrency} cores`,
    },
  ];
}
