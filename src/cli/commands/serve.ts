import cluster from 'node:cluster';
import type { Command } from 'commander';
import { ConfigError, loadConfig } from '../../server/config/load.js';
import type { Config } from '../../server/config/schema.js';
import { ExitCode } from '../lib/errors.js';
import { onStopSignal } from '../lib/interrupt.js';
import { warn } from '../lib/output.js';

export interface ServeOptions {
  port?: string;
  host?: string;
}

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('Start the server (migrates the database and, on first run, creates the organisation and its admin)')
    .option('-p, --port <port>', 'TCP port to listen on, 0 for any free port (overrides LATCHKEY_PORT)')
    .option('-H, --host <host>', 'address to listen on (overrides LATCHKEY_HOST)')
    .action(async (options: ServeOptions) => {
      await startServer(options);
    });
}

/** Starts the server and keeps the process alive until SIGINT or SIGTERM, then closes cleanly and exits 0. */
export async function startServer(options: ServeOptions): Promise<void> {
  const overrides: Record<string, unknown> = {};
  if (options.port !== undefined) overrides.port = options.port;
  if (options.host !== undefined) overrides.host = options.host;
  let config;
  try {
    config = loadConfig(process.env, overrides);
  } catch (err) {
    // Name the option too when the bad value came from it rather than from the environment.
    if (err instanceof ConfigError) {
      throw new ConfigError(
        err.problems.map((p) =>
          options.port !== undefined && p.startsWith('LATCHKEY_PORT:')
            ? p.replace('LATCHKEY_PORT:', 'LATCHKEY_PORT (--port):')
            : options.host !== undefined && p.startsWith('LATCHKEY_HOST:')
              ? p.replace('LATCHKEY_HOST:', 'LATCHKEY_HOST (--host):')
              : p,
        ),
      );
    }
    throw err;
  }
  // Loaded here, not at the top, so that the other commands do not pay for the web server's start-up.
  const { workerCount } = await import('../../server/cluster/sizing.js');
  const workers = workerCount(config);
  if (cluster.isWorker) return startWorker(config);
  if (workers > 1) return startPrimary(config, workers);
  const { serve } = await import('../../server/main.js');
  const close = await serve(config);
  onStopSignal(() => stopWith(close), ExitCode.failure);
}

/** Closes, then exits 0; a failure to close is said and exits non-zero. */
function stopWith(close: () => Promise<void>): void {
  close().then(
    () => process.exit(ExitCode.ok),
    (err: unknown) => {
      warn(`error while stopping: ${err instanceof Error ? err.message : String(err)}`);
      process.exit(ExitCode.failure);
    },
  );
}

/** LATCHKEY_WORKERS > 1: this process is the primary; SIGINT/SIGTERM close every worker, then it exits 0. */
async function startPrimary(config: Config, workers: number): Promise<void> {
  const { runPrimary } = await import('../../server/cluster/primary.js');
  const primary = await runPrimary(config, workers);
  onStopSignal(() => stopWith(() => primary.close()), ExitCode.failure);
}

/**
 * A cluster worker: it stops when the primary says so (SIGTERM) or is gone (the IPC channel
 * closes). A Ctrl-C reaches the whole process group; the primary then stops the workers in
 * order, so the worker does not act on SIGINT itself.
 */
async function startWorker(config: Config): Promise<void> {
  const { serve } = await import('../../server/main.js');
  const { waitForStart } = await import('../../server/cluster/worker.js');
  await waitForStart();
  const close = await serve(config, undefined, { worker: true });
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    stopWith(close);
  };
  process.on('SIGINT', () => {});
  process.on('SIGTERM', stop);
  process.once('disconnect', stop);
}
