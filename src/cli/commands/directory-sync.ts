import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import { loadConfig } from '../../server/config/load.js';
import { AppError } from '../../server/core/errors.js';
import { t, type Locale } from '../../server/i18n/index.js';
import type { DirectoryStatus, DirectorySyncRun } from '../../shared/directory.js';
import { CliError, ExitCode } from '../lib/errors.js';
import { onStopSignal } from '../lib/interrupt.js';
import { print, warn } from '../lib/output.js';
import { cliActor, cliContext, ensureOrganization, servicesFor, withRuntime } from '../lib/runtime.js';

/**
 * `latchkey directory sync [--full] [--json]` and `latchkey directory status [--json]` (issue 14):
 * the same sync service as the API and the schedule, one run at a time across every process.
 * Ctrl-C interrupts between pages: the run is marked interrupted, what was written stays, exit 130.
 * Output is in the configured default language (LATCHKEY_DEFAULT_LANGUAGE), as serve's is.
 */
export function registerDirectorySync(program: Command): void {
  const directory = program.command('directory').description('The on-premises directory connection (see docs/directory.md)');
  directory
    .command('sync')
    .description('Sync users and groups from the directory now (incremental after the first successful run)')
    .option('--full', 'read every user (also finds users gone from the directory, who are disabled)')
    .option('--json', 'print the run as JSON on stdout')
    .action(async (options: { full?: boolean; json?: boolean }) => {
      process.exitCode = await directorySync(options);
    });
  directory
    .command('status')
    .description('Show the connection, the schedule and the last sync')
    .option('--json', 'print the status as JSON on stdout')
    .action(async (options: { json?: boolean }) => {
      process.exitCode = await directoryStatus(options);
    });
}

function printRun(locale: Locale, run: DirectorySyncRun): void {
  print(t(locale, 'cli.directory_sync.done', { status: t(locale, `cli.directory_sync.status_${run.status}`), ...run.counts }));
  if (!run.errors.length) return;
  warn(t(locale, 'cli.directory_sync.errors', { count: run.errors.length }));
  for (const e of run.errors) {
    const where = e.dn ?? t(locale, 'cli.directory_sync.whole_sync');
    warn(`  ${where}: ${t(locale, `directory.syncError.${e.code}`)}${e.message ? ` (${e.message})` : ''}`);
  }
}

/** @returns the exit code: 0 succeeded (per-entry errors included), 1 failed, 130 interrupted. */
export async function directorySync(options: { full?: boolean; json?: boolean }): Promise<number> {
  const config = loadConfig();
  const locale: Locale = config.defaultLanguage;
  return withRuntime(config, async (runtime) => {
    const services = await servicesFor(runtime);
    const sync = services.directorySync;
    const status = await sync.status(cliActor);
    if (!status.configured) throw new CliError(t(locale, 'cli.directory_sync.not_configured'));
    // Users need an organisation (its default domain makes uid@domain names), as `users import` does.
    await ensureOrganization(runtime);
    const abort = new AbortController();
    const dispose = onStopSignal(() => abort.abort(), ExitCode.interrupted);
    const bar =
      !options.json && process.stderr.isTTY
        ? new cliProgress.SingleBar({ stream: process.stderr, format: `${t(locale, 'cli.directory_sync.progress')}: {value}`, hideCursor: true })
        : null;
    try {
      if (!options.json) {
        const mode = options.full || !status.lastSuccessfulSync ? 'full' : 'incremental';
        warn(t(locale, 'cli.directory_sync.started', { mode: t(locale, `cli.directory_sync.mode_${mode}`), url: status.url ?? '' }));
      }
      bar?.start(0, 0);
      const run = await sync.run(
        cliActor,
        { mode: options.full ? 'full' : undefined, signal: abort.signal, onProgress: (p) => bar?.update(p.read, { total: p.total ?? p.read }) },
        cliContext,
      );
      bar?.stop();
      if (options.json) print(JSON.stringify(run, null, 2));
      else printRun(locale, run);
      return run.status === 'succeeded' ? ExitCode.ok : run.status === 'interrupted' ? ExitCode.interrupted : ExitCode.failure;
    } catch (err) {
      bar?.stop();
      if (err instanceof AppError && err.code === 'directory.sync_running') throw new CliError(t(locale, 'cli.directory_sync.running'));
      throw err;
    } finally {
      dispose();
      // The connector's connection would keep the process alive.
      await services.directory?.close();
    }
  });
}

export async function directoryStatus(options: { json?: boolean }): Promise<number> {
  const config = loadConfig();
  const locale: Locale = config.defaultLanguage;
  return withRuntime(config, async (runtime) => {
    const services = await servicesFor(runtime);
    const status: DirectoryStatus = await services.directorySync.status(cliActor);
    await services.directory?.close();
    if (options.json) {
      print(JSON.stringify(status, null, 2));
      return ExitCode.ok;
    }
    if (!status.configured) {
      print(t(locale, 'cli.directory_sync.not_configured'));
      return ExitCode.ok;
    }
    print(
      t(locale, 'cli.directory_sync.status_connection', {
        kind: status.kind ?? '',
        url: status.url ?? '',
        baseDn: status.baseDn ?? '',
        users: status.directoryUsers,
      }),
    );
    print(
      status.syncIntervalMinutes
        ? t(locale, 'cli.directory_sync.status_schedule', { minutes: status.syncIntervalMinutes })
        : t(locale, 'cli.directory_sync.status_manual'),
    );
    const last = status.lastSync;
    if (!last) {
      print(t(locale, 'cli.directory_sync.status_none'));
      return ExitCode.ok;
    }
    print(
      t(locale, 'cli.directory_sync.status_last', {
        mode: t(locale, `cli.directory_sync.mode_${last.mode}`),
        status: t(locale, `cli.directory_sync.status_${last.status}`),
        started: last.startedDateTime,
        trigger: last.trigger,
      }),
    );
    printRun(locale, last);
    return ExitCode.ok;
  });
}
