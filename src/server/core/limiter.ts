import { AppError } from './errors.js';

export interface Limiter {
  /**
   * Runs `task` when a slot is free. A `signal` that aborts while the task still waits takes it out
   * of the queue (its client has gone: nobody would read the answer) and rejects with the signal's
   * reason; a task already running is not interrupted.
   * @throws AppError server.busy when the queue is full
   */
  run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T>;
  /**
   * Refuses at once when a new task would be refused anyway, so a request can be turned away before
   * it does any other work (issue 16: 2,000 sign-ins at once get fast 503s, not 503s after their
   * database round trips).
   * @throws AppError server.busy
   */
  admit(): void;
  readonly active: number;
  readonly waiting: number;
}

const busy = () => new AppError('server.busy', { headers: { 'retry-after': '1' } });

/**
 * Runs at most `concurrency` tasks at once and lets at most `queueLimit` wait. A task beyond that
 * is refused with `server.busy` (503, Retry-After) instead of growing memory without bound.
 */
export function createLimiter(concurrency: number, queueLimit: number): Limiter {
  let active = 0;
  const queue = new Set<() => void>();

  const release = () => {
    active--;
    const next = queue.values().next();
    if (!next.done) {
      queue.delete(next.value);
      active++;
      next.value();
    }
  };

  const wait = (signal: AbortSignal | undefined) =>
    new Promise<void>((resolve, reject) => {
      const start = () => {
        signal?.removeEventListener('abort', abandon);
        resolve();
      };
      const abandon = () => {
        queue.delete(start);
        reject(signal?.reason instanceof Error ? signal.reason : new Error('the request was abandoned'));
      };
      queue.add(start);
      signal?.addEventListener('abort', abandon, { once: true });
    });

  return {
    get active() {
      return active;
    },
    get waiting() {
      return queue.size;
    },
    admit() {
      if (active >= concurrency && queue.size >= queueLimit) throw busy();
    },
    async run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
      if (signal?.aborted) throw signal.reason instanceof Error ? signal.reason : new Error('the request was abandoned');
      if (active >= concurrency) {
        if (queue.size >= queueLimit) throw busy();
        await wait(signal);
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
