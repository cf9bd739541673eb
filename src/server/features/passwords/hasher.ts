import { availableParallelism } from 'node:os';
import { hash as argonHash, verify as argonVerify, type Algorithm } from '@node-rs/argon2';
import { createLimiter, type Limiter } from '../../core/limiter.js';

export interface Argon2Params {
  memoryKib: number;
  iterations: number;
  parallelism: number;
}

/** The OWASP floor (checklist S1): argon2id, m=19456 KiB, t=2, p=1. */
export const ARGON2_FLOOR: Argon2Params = { memoryKib: 19456, iterations: 2, parallelism: 1 };

export interface VerifyResult {
  ok: boolean;
  /** The stored hash is weaker than the current parameters: store a new one (checklist S6). */
  needsRehash: boolean;
}

/**
 * Hashes and verifies passwords. `verify(null, …)` does the same work as a real verification
 * against a dummy hash, so unknown and disabled accounts cost what a wrong password costs
 * (ASVS 6.3.8; checklist R2).
 */
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  /**
   * @param signal the request's: when it aborts while the verification still waits for a hashing
   *   thread, it is dropped (its client has gone) and the promise rejects with the signal's reason.
   */
  verify(stored: string | null, password: string, signal?: AbortSignal): Promise<VerifyResult>;
  /**
   * Refuses at once (`server.busy`) when a verification would be refused for a full queue, so a
   * sign-in can be turned away before any database work (issue 16, overload).
   */
  admit?(): void;
  readonly params: Argon2Params;
}

const ARGON2ID = 2 as Algorithm;

interface Phc {
  algorithm: string;
  memoryKib: number;
  iterations: number;
  parallelism: number;
}

/** Reads the parameters of a PHC string such as `$argon2id$v=19$m=19456,t=2,p=1$salt$hash`. */
export function parsePhc(stored: string): Phc | null {
  const match = /^\$(argon2(?:id|i|d))\$v=\d+\$m=(\d{1,10}),t=(\d{1,10}),p=(\d{1,3})\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/.exec(stored);
  if (!match) return null;
  return { algorithm: match[1]!, memoryKib: Number(match[2]), iterations: Number(match[3]), parallelism: Number(match[4]) };
}

export interface HasherOptions {
  params?: Partial<Argon2Params>;
  concurrency?: number;
  queueLimit?: number;
  /** Called when a stored hash is refused for out-of-bounds parameters (never with the hash itself). */
  onRejectedHash?: (reason: string) => void;
  /** The argon2 primitives; tests pass counting wrappers to prove every path does the same work. */
  primitives?: Argon2Primitives;
}

export interface Argon2Primitives {
  hash: typeof argonHash;
  verify: typeof argonVerify;
}

/**
 * argon2id through @node-rs/argon2 on libuv's pool, with bounded concurrency and queue.
 * Parameters below the floor are raised to it.
 */
export async function createArgon2Hasher(options: HasherOptions = {}): Promise<PasswordHasher & { limiter: Limiter }> {
  const params: Argon2Params = {
    memoryKib: Math.max(ARGON2_FLOOR.memoryKib, options.params?.memoryKib ?? ARGON2_FLOOR.memoryKib),
    iterations: Math.max(ARGON2_FLOOR.iterations, options.params?.iterations ?? ARGON2_FLOOR.iterations),
    parallelism: Math.max(ARGON2_FLOOR.parallelism, options.params?.parallelism ?? ARGON2_FLOOR.parallelism),
  };
  const limiter = createLimiter(options.concurrency ?? availableParallelism(), options.queueLimit ?? 256);
  const argonOptions = { algorithm: ARGON2ID, memoryCost: params.memoryKib, timeCost: params.iterations, parallelism: params.parallelism };
  // Bounds on stored parameters so an imported or tampered hash cannot stall the server (checklist S10).
  const bounds = { memoryKib: Math.max(262144, params.memoryKib), iterations: Math.max(10, params.iterations), parallelism: 16 };
  const primitives = options.primitives ?? { hash: argonHash, verify: argonVerify };
  const dummy = await argonHash('latchkey-dummy-password', argonOptions);

  const hash = (password: string) => limiter.run(() => primitives.hash(password, argonOptions));

  return {
    params,
    limiter,
    hash,
    admit: () => limiter.admit(),
    async verify(stored, password, signal) {
      const phc = stored ? parsePhc(stored) : null;
      if (!stored || !phc) {
        await limiter.run(() => primitives.verify(dummy, password), signal);
        if (stored) options.onRejectedHash?.('unparseable hash');
        return { ok: false, needsRehash: false };
      }
      if (phc.memoryKib > bounds.memoryKib || phc.iterations > bounds.iterations || phc.parallelism > bounds.parallelism) {
        options.onRejectedHash?.(`parameters out of bounds (m=${phc.memoryKib}, t=${phc.iterations}, p=${phc.parallelism})`);
        await limiter.run(() => primitives.verify(dummy, password), signal);
        return { ok: false, needsRehash: false };
      }
      const ok = await limiter.run(() => primitives.verify(stored, password), signal);
      const weaker =
        phc.algorithm !== 'argon2id' || phc.memoryKib < params.memoryKib || phc.iterations < params.iterations || phc.parallelism < params.parallelism;
      return { ok, needsRehash: ok && weaker };
    },
  };
}
