#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { registerApps } from './commands/apps.js';
import { registerBreached } from './commands/breached.js';
import { registerCreateAdmin } from './commands/create-admin.js';
import { registerDirectorySync } from './commands/directory-sync.js';
import { registerExportUsers } from './commands/export-users.js';
import { registerImportUsers } from './commands/import-users.js';
import { registerMigrate } from './commands/migrate.js';
import { registerResetMfa } from './commands/reset-mfa.js';
import { registerResetUsers } from './commands/reset-users.js';
import { registerSeedDemo } from './commands/seed-demo.js';
import { registerServe } from './commands/serve.js';
import { ExitCode, reportError } from './lib/errors.js';
import { warn } from './lib/output.js';

/**
 * The `latchkey` command. Configuration comes from LATCHKEY_* environment variables and the
 * optional LATCHKEY_CONFIG_FILE (docs/configuration.md); commands are described in docs/cli.md.
 */
export function buildProgram(): Command {
  const program = new Command('latchkey');
  // Usage errors exit 2 (not commander's 1); settings are inherited by the subcommands added below.
  program.exitOverride();
  program
    .description('Latchkey: a self-hosted password service modelled on Microsoft Entra ID')
    .version(packageVersion(), '-V, --version')
    .option('--debug', 'print stack traces of unexpected errors')
    .showHelpAfterError('(run with --help for usage)')
    .configureHelp({ showGlobalOptions: true });

  registerServe(program);
  registerMigrate(program);
  const admin = program.command('admin').description('Manage administrators');
  registerCreateAdmin(admin);
  const users = program.command('users').description('Import and export users as CSV; reset passwords in bulk; reset a user\u2019s MFA methods');
  registerImportUsers(users);
  registerExportUsers(users);
  registerResetUsers(users);
  registerResetMfa(users);
  registerSeedDemo(program);
  registerBreached(program);
  registerDirectorySync(program);
  registerApps(program);
  return program;
}

function packageVersion(): string {
  try {
    // ../../package.json from both src/cli/main.ts and dist/cli/main.js.
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string };
    return pkg.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

export async function main(argv: string[]): Promise<void> {
  // `latchkey users export | head` closes the pipe early; that is not an error.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(ExitCode.ok);
    throw err;
  });
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      // Help and version are not errors; everything else commander reports is bad usage.
      process.exitCode = err.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
      return;
    }
    process.exitCode = reportError(err, warn, program.opts<{ debug?: boolean }>().debug === true);
  }
}

await main(process.argv);
