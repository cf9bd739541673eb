import cliProgress from 'cli-progress';
import { warn } from './output.js';

export interface Progress {
  /** Adds `n` finished items. */
  tick(n?: number): void;
  /** Ends the bar (or prints the last plain line). */
  stop(): void;
}

/**
 * Progress on stderr: a bar when stderr is a terminal, else a plain line every 10% or every
 * five seconds (for logs and pipes), and one at the end.
 */
export function startProgress(label: string, total: number, options: { stream?: NodeJS.WriteStream; intervalMs?: number } = {}): Progress {
  const stream = options.stream ?? process.stderr;
  let done = 0;
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        stream,
        format: `${label} [{bar}] {percentage}% | {value}/{total} | {eta_formatted} left`,
        hideCursor: true,
        clearOnComplete: false,
        etaBuffer: 50,
      },
      cliProgress.Presets.shades_classic,
    );
    bar.start(total, 0);
    return {
      tick(n = 1) {
        done += n;
        bar.update(done);
      },
      stop() {
        bar.stop();
      },
    };
  }
  const intervalMs = options.intervalMs ?? 5000;
  const step = Math.max(1, Math.ceil(total / 10));
  let lastAt = Date.now();
  let lastPrinted = 0;
  const line = () => {
    lastAt = Date.now();
    lastPrinted = done;
    const percent = total ? Math.floor((done / total) * 100) : 100;
    warn(`${label}: ${done}/${total} (${percent}%)`);
  };
  return {
    tick(n = 1) {
      done += n;
      if (done - lastPrinted >= step || Date.now() - lastAt >= intervalMs) line();
    },
    stop() {
      if (done !== lastPrinted) line();
    },
  };
}
