import { AppError } from '../../server/core/errors.js';
import { ConfigError } from '../../server/config/load.js';
import { t } from '../../server/i18n/index.js';

/** Exit codes of every command (docs/cli.md). */
export const ExitCode = {
  ok: 0,
  failure: 1,
  usage: 2,
  /** Stopped by Ctrl-C (SIGINT) or SIGTERM after finishing the current unit of work. */
  interrupted: 130,
} as const;

/** An expected failure: its lines go to stderr as they are, without a stack trace. */
export class CliError extends Error {
  readonly lines: string[];
  constructor(
    lines: string | string[],
    readonly exitCode: number = ExitCode.failure,
  ) {
    const all = Array.isArray(lines) ? lines : [lines];
    super(all.join('\n'));
    this.name = 'CliError';
    this.lines = all;
  }
}

/** Error codes that mean the operator's input was wrong (exit 2) rather than that the work failed (exit 1). */
const usageCodes = new Set(['request.validation_failed', 'users.invalid_domain']);

/**
 * Prints an error for the operator and returns the exit code: configuration problems one per line
 * (exit 2), service errors with their English i18n message and issues, anything else as one line.
 */
export function reportError(err: unknown, write: (line: string) => void, debug = false): number {
  if (err instanceof ConfigError) {
    write('Invalid configuration:');
    for (const problem of err.problems) write(`  ${problem}`);
    return ExitCode.usage;
  }
  if (err instanceof CliError) {
    for (const line of err.lines) write(line);
    return err.exitCode;
  }
  if (err instanceof AppError) {
    write(`error: ${t('en', err.code, err.params)}`);
    for (const issue of err.issues) write(`  ${issue.path}: ${t('en', issue.code, issue.params ?? {})}`);
    return usageCodes.has(err.code) ? ExitCode.usage : ExitCode.failure;
  }
  const message = err instanceof Error ? err.message : String(err);
  write(`error: ${message}`);
  if (debug && err instanceof Error && err.stack) write(err.stack);
  return ExitCode.failure;
}
