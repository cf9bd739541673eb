import { AppError } from './errors.js';

export interface Limiter {
  run<T>(task: () => Promise<T>): Promise<T>;
  readonly active: number;
  readonly waiting: number;
}

/**
 * Runs at most `concurrency` tasks at once and lets at most `queueLimit` wait. A task beyond that
 * is refused with `server.busy` (503, Retry-After) instead of growing memory without bound.
 * @throws AppError server.busy
 */
export function createLimiter(concurrency: number, queueLimit: number): Limiter {
  let active = 0;
  const queue: Array<() => void> = [];

  const release = () => {
    active--;
    const next = queue.shift();
    if (next) {
      active++;
      next();
    }
  };

  return {
    get active() {
      return active;
    },
    get waiting() {
      return queue.length;
    },
    async run<T>(task: () => Promise<T>): Promise<T> {
      if (active >= concurrency) {
        if (queue.length >= queueLimit) throw new AppError('server.busy', { headers: { 'retry-after': '1' } });
        await new Promise<void>((resolve) => queue.push(resolve));
      } else {
        active++;
      }
      try {
        return await task();
      } finally {
        release();
      }
    },
  };
}
