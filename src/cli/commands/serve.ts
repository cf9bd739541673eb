import type { Command } from 'commander';
import { loadConfig } from '../../server/config/load.js';
import { serve } from '../../server/main.js';
import { ExitCode } from '../lib/errors.js';
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
  const config = loadConfig(process.env, overrides);
  const close = await serve(config);
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      warn(`Received ${signal} again: exiting now.`);
      process.exit(ExitCode.failure);
    }
    stopping = true;
    close().then(
      () => process.exit(ExitCode.ok),
      (err: unknown) => {
        warn(`error while stopping: ${err instanceof Error ? err.message : String(err)}`);
        process.exit(ExitCode.failure);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
