import type { Command } from 'commander';
import { loadConfig } from '../../server/config/load.js';
import { fileSize, importBreachedFile } from '../../server/features/policy/breached/import.js';
import { t, type Locale } from '../../server/i18n/index.js';
import { CliError, ExitCode } from '../lib/errors.js';
import { trapInterrupt } from '../lib/interrupt.js';
import { print, warn } from '../lib/output.js';
import { startProgress } from '../lib/progress.js';
import { withRuntime } from '../lib/runtime.js';

/**
 * `latchkey breached import <file>` and `latchkey breached status` (issue 17; checklist P5): the
 * offline breached-password list for machines without outbound access. Output is in the
 * configured default language (LATCHKEY_DEFAULT_LANGUAGE), as serve's is.
 */
export function registerBreached(program: Command): void {
  const breached = program.command('breached').description('The breached-password list the password policy checks (see docs/banned-passwords.md)');
  breached
    .command('import')
    .description('Replace the offline breached-password list with a file of SHA-1 hashes (HASH or HASH:COUNT per line, the Have I Been Pwned format)')
    .argument('<file>', 'file of SHA-1 hashes, one per line')
    .action(async (file: string) => {
      process.exitCode = await importBreached(file);
    });
  breached
    .command('status')
    .description('Show which breached-password source the check uses')
    .action(async () => {
      process.exitCode = await breachedStatus();
    });
}

export async function importBreached(file: string): Promise<number> {
  const config = loadConfig();
  const locale: Locale = config.defaultLanguage;
  const number = numberFormat(locale);
  let total: number;
  try {
    total = fileSize(file);
  } catch (err) {
    throw new CliError(`error: cannot read ${file}: ${(err as Error).message}`, ExitCode.usage);
  }
  return withRuntime(config, async (runtime) => {
    const started = Date.now();
    const interrupt = trapInterrupt('batch');
    const progress = startProgress(t(locale, 'cli.breached.progress'), total);
    let reported = 0;
    let result;
    try {
      result = await importBreachedFile(runtime.repos.breachedPasswords, file, {
        onProgress: (bytes) => {
          progress.tick(bytes - reported);
          reported = bytes;
        },
        stopRequested: () => interrupt.requested,
        now: () => runtime.clock.now(),
      });
    } finally {
      progress.stop();
      interrupt.dispose();
    }
    for (const line of result.firstBadLines) warn(t(locale, 'cli.breached.bad_line', { line }));
    if (result.badLines > result.firstBadLines.length)
      warn(t(locale, 'cli.breached.more_bad_lines', { count: number.format(result.badLines - result.firstBadLines.length) }));
    if (result.interrupted) {
      print(t(locale, 'cli.breached.interrupted'));
      return ExitCode.interrupted;
    }
    if (result.entries === 0) {
      print(t(locale, 'cli.breached.empty', { file, bad: number.format(result.badLines) }));
      return ExitCode.failure;
    }
    print(
      t(locale, 'cli.breached.imported', {
        entries: number.format(result.entries),
        file,
        lines: number.format(result.lines),
        bad: number.format(result.badLines),
        seconds: number.format(Math.round((Date.now() - started) / 100) / 10),
      }),
    );
    if (config.breachedPasswordsUrl) print(t(locale, 'cli.breached.url_wins'));
    return ExitCode.ok;
  });
}

export async function breachedStatus(): Promise<number> {
  const config = loadConfig();
  const locale: Locale = config.defaultLanguage;
  const number = numberFormat(locale);
  return withRuntime(config, async (runtime) => {
    const imported = await runtime.repos.breachedPasswords.current();
    const about = imported ? { entries: number.format(imported.entries), file: imported.fileName, at: imported.importedAt.toISOString() } : null;
    if (config.breachedPasswordsUrl) {
      print(t(locale, 'cli.breached.status_online', { url: config.breachedPasswordsUrl }));
      if (about) print(t(locale, 'cli.breached.status_imported_unused', about));
    } else if (about) print(t(locale, 'cli.breached.status_offline', about));
    else print(t(locale, 'cli.breached.status_off'));
    return ExitCode.ok;
  });
}

function numberFormat(locale: Locale): Intl.NumberFormat {
  return new Intl.NumberFormat(locale === 'nl' ? 'nl-NL' : 'en-GB');
}
