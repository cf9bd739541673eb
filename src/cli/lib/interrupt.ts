import { warn } from './output.js';
import { ExitCode } from './errors.js';

export interface Interrupt {
  /** True once SIGINT or SIGTERM arrived: finish the current unit of work, then stop. */
  readonly requested: boolean;
  dispose(): void;
}

/**
 * Calls `first` on the first SIGINT or SIGTERM; a second one exits at once with `exitCode`.
 * @returns what removes the handlers.
 */
export function onStopSignal(first: (signal: NodeJS.Signals) => void, exitCode: number): () => void {
  let received = false;
  const handler = (signal: NodeJS.Signals) => {
    if (received) {
      warn(`Received ${signal} again: exiting now.`);
      process.exit(exitCode);
    }
    received = true;
    first(signal);
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return () => {
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
  };
}

/**
 * Turns the first Ctrl-C (or SIGTERM) into a request to stop after the current unit of work, so
 * that what was done stays consistent; a second one exits at once.
 */
export function trapInterrupt(what: string): Interrupt {
  let requested = false;
  const dispose = onStopSignal(() => {
    requested = true;
    warn(`\nStopping after the current ${what}\u2026 (press Ctrl-C again to exit at once)`);
  }, ExitCode.interrupted);
  return {
    get requested() {
      return requested;
    },
    dispose,
  };
}

/**
 * Lets signal handlers run. SQLite calls complete synchronously, so a loop of awaited queries
 * never returns to the event loop on its own, and a Ctrl-C would only be seen after the loop.
 */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
