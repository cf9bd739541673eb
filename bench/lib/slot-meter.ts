import { performance } from 'node:perf_hooks';

/** Integrates the number of hashes running (in flight, at most the hasher's concurrency) over time. */
export function slotMeter(concurrency: number) {
  let inFlight = 0;
  let last = 0;
  let area = 0;
  let from = 0;
  let to = 0;
  let running = false;
  const advance = () => {
    const now = performance.now();
    // The hasher's limiter runs min(in flight, slots) at once; the rest wait in its queue.
    if (running) area += Math.min(inFlight, concurrency) * (now - last);
    last = now;
  };
  return {
    concurrency,
    start() {
      advance();
      running = true;
      from = last;
    },
    stop() {
      advance();
      running = false;
      to = last;
    },
    async track<T>(work: () => Promise<T>): Promise<T> {
      advance();
      inFlight++;
      try {
        return await work();
      } finally {
        advance();
        inFlight--;
      }
    },
    utilization: () => area / Math.max(1, (to - from) * concurrency),
  };
}
