import type { Command } from 'commander';
import { ConfigError, loadConfig } from '../../server/config/load.js';
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
  const { serve } = await import('../../server/main.js');
  const close = await serve(config);
  onStopSignal(() => {
    close().then(
      () => process.exit(ExitCode.ok),
      (err: unknown) => {
        warn(`error while stopping: ${err instanceof Error ? err.message : String(err)}`);
        process.exit(ExitCode.failure);
      },
    );
  }, ExitCode.failure);
}
