import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';

/** How much one new observation moves the average: a few dozen sign-ins follow a change in load. */
const WEIGHT = 0.2;

/**
 * What comparing a typed password by hash costs lately, as an exponentially weighted moving
 * average of the gate's own argon2 verifications (queueing on the hasher's limiter included).
 *
 * Why (checklist R1, R2; ASVS 6.3.8; issue 14 "unknown names still cost the same as known ones"):
 * an unknown name and a local user pay an argon2 verification (tens of milliseconds), a directory
 * user's LDAP bind can answer in one or two. Unpadded, the answer's time alone would tell a
 * directory user's name from an unknown one. The bind path therefore waits out the rest of this
 * floor after its bind. It sleeps instead of hashing, so signing directory users in does not
 * burn a hash's CPU (the directory is the password's authority, Latchkey keeps no hash to compare
 * with) and a spray at directory users cannot load the hasher. Under load the hash path slows and
 * the average with it, so the floor follows. A directory slower than the hash is not hidden (that
 * would slow every sign-in down to the directory's pace); the benchmark compares the two.
 */
export function createHashLatency() {
  let averageMs: number | null = null;

  return {
    /** The floor in milliseconds, or null before the first verification was timed. */
    get floorMs(): number | null {
      return averageMs;
    },

    /** Runs one hash verification and folds its duration into the average. */
    async timed<T>(work: () => Promise<T>): Promise<T> {
      const started = performance.now();
      try {
        return await work();
      } finally {
        const took = performance.now() - started;
        averageMs = averageMs === null ? took : averageMs + WEIGHT * (took - averageMs);
      }
    },

    /** Waits until `startedAt` (a performance.now() reading) is the floor ago. */
    async padFrom(startedAt: number): Promise<void> {
      if (averageMs === null) return;
      const rest = averageMs - (performance.now() - startedAt);
      if (rest >= 1) await sleep(rest);
    },
  };
}

export type HashLatency = ReturnType<typeof createHashLatency>;
