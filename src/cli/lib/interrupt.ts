import { warn } from './output.js';
import { ExitCode } from './errors.js';

export interface Interrupt {
  /** True once SIGINT or SIGTERM arrived: finish the current unit of work, then stop. */
  readonly requested: boolean;
  dispose(): void;
}

/**
 * Turns the first Ctrl-C (or SIGTERM) into a request to stop after the current unit of work, so
 * that what was done stays consistent; a second one exits at once.
 */
export function trapInterrupt(what: string): Interrupt {
  let requested = false;
  const handler = (signal: NodeJS.Signals) => {
    if (requested) {
      warn(`Received ${signal} again: exiting now.`);
      process.exit(ExitCode.interrupted);
    }
    requested = true;
    warn(`\nStopping after the current ${what}\u2026 (press Ctrl-C again to exit at once)`);
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return {
    get requested() {
      return requested;
    },
    dispose() {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
    },
  };
}

/**
 * Lets signal handlers run. SQLite calls complete synchronously, so a loop of awaited queries
 * never returns to the event loop on its own, and a Ctrl-C would only be seen after the loop.
 */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
