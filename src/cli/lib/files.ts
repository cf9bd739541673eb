import { fchmodSync, openSync, readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { CliError, ExitCode } from './errors.js';

/**
 * The text of a file named on the command line (with `dashIsStdin`, '-' is stdin).
 * @throws CliError (exit 2) when it cannot be read.
 */
export function readInputFile(file: string, options: { dashIsStdin?: boolean } = {}): string {
  try {
    return readFileSync(options.dashIsStdin && file === '-' ? 0 : file, 'utf8');
  } catch (err) {
    throw new CliError(`error: cannot read ${file}: ${(err as Error).message}`, ExitCode.usage);
  }
}

/**
 * Opens a new file for secrets (passwords) with mode 0600, whatever the umask. 'wx': never an
 * existing file, so the secrets of an earlier (perhaps interrupted) run are not lost.
 * @returns the file descriptor; the caller closes it. Throws the file system's error as is.
 */
export function openSecretFile(file: string): number {
  const fd = openSync(file, 'wx', 0o600);
  fchmodSync(fd, 0o600);
  return fd;
}

/**
 * The one password of --password-file: its first line, without the line break.
 * @throws CliError (exit 2) when the file cannot be read, is empty or holds more than one line.
 */
export function readPasswordFile(file: string): string {
  const lines = readInputFile(file, { dashIsStdin: true })
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/);
  if (lines.length > 2 || (lines.length === 2 && lines[1] !== '')) throw new CliError(`error: ${file} must hold one password on one line.`, ExitCode.usage);
  const password = lines[0]!;
  if (password === '') throw new CliError(`error: ${file} is empty.`, ExitCode.usage);
  return password;
}

/**
 * The user principal names of a CSV file's `userPrincipalName` column (matched case-insensitively).
 * @throws CliError (exit 2) when the file cannot be read, is not CSV or lacks the column.
 */
export function readUpnCsv(file: string): string[] {
  const content = readInputFile(file);
  let rows: string[][];
  try {
    rows = parse(content, { bom: true, skip_empty_lines: true, relax_column_count: true }) as string[][];
  } catch (err) {
    throw new CliError(`error: the file is not valid CSV: ${(err as Error).message}`, ExitCode.usage);
  }
  const [header, ...data] = rows;
  const column = header?.findIndex((name) => name.trim().toLowerCase() === 'userprincipalname') ?? -1;
  if (column < 0) throw new CliError(`error: ${file} has no userPrincipalName column in its header (line 1).`, ExitCode.usage);
  return data.map((row) => (row[column] ?? '').trim()).filter(Boolean);
}
