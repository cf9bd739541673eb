import { parse } from 'csv-parse/sync';
import type { Issue } from '../../server/core/errors.js';
import { isRoleId, roleIds, type RoleId } from '../../shared/roles.js';
import type { UserFields } from '../../server/features/users/model.js';
import type { UserWithRoles } from '../../server/core/identity.js';
import { validateFields } from '../../server/features/users/service.js';
import { t } from '../../server/i18n/index.js';
import { CliError, ExitCode } from './errors.js';

/** The columns of `users import` and `users export`, in Microsoft Graph's names and this order. */
export const userColumns = [
  'userPrincipalName',
  'displayName',
  'givenName',
  'surname',
  'mail',
  'otherMails',
  'mobilePhone',
  'businessPhones',
  'department',
  'jobTitle',
  'accountEnabled',
  'preferredLanguage',
  'roles',
] as const;

export type UserColumn = (typeof userColumns)[number];
/** Import also reads an initial password; export never writes one. */
export type ImportColumn = UserColumn | 'password';

const importColumns: readonly ImportColumn[] = [...userColumns, 'password'];
const requiredColumns: readonly ImportColumn[] = ['userPrincipalName', 'displayName'];
/** Columns holding several values, separated by `;` in one cell. */
export const LIST_SEPARATOR = ';';

/** One user as a CSV row, in `userColumns` order. */
export function userToRow(user: UserWithRoles): string[] {
  return [
    user.userPrincipalName,
    user.displayName,
    user.givenName ?? '',
    user.surname ?? '',
    user.mail ?? '',
    user.otherMails.join(LIST_SEPARATOR),
    user.mobilePhone ?? '',
    user.businessPhones.join(LIST_SEPARATOR),
    user.department ?? '',
    user.jobTitle ?? '',
    user.accountEnabled ? 'true' : 'false',
    user.preferredLanguage ?? '',
    user.roles.join(LIST_SEPARATOR),
  ];
}

/** A data row of an import file, with the line it starts on (1 is the header). */
export interface CsvRecord {
  line: number;
  cells: Partial<Record<ImportColumn, string>>;
  /** Set when the row has more or fewer fields than the header. */
  fieldCountProblem?: string;
}

export interface ParsedFile {
  columns: ImportColumn[];
  records: CsvRecord[];
}

/**
 * Parses an import file: a header of known column names (matched case-insensitively), then one
 * user per row. Quoted fields may span lines; line numbers are those an editor shows.
 * @throws CliError (exit 2) for unreadable CSV or a bad header.
 */
export function parseUsersCsv(text: string): ParsedFile {
  const normalized = text.replace(/\r\n?/g, '\n');
  let rows: { record: string[]; info: { lines: number } }[];
  try {
    rows = parse(normalized, { bom: true, info: true, skip_empty_lines: true, relax_column_count: true }) as typeof rows;
  } catch (err) {
    throw new CliError(`error: the file is not valid CSV: ${(err as Error).message}`, ExitCode.usage);
  }
  const [header, ...data] = rows;
  if (!header) return { columns: [], records: [] };

  const byLowerName = new Map(importColumns.map((c) => [c.toLowerCase(), c]));
  const columns: ImportColumn[] = [];
  const problems: string[] = [];
  header.record.forEach((name, i) => {
    const column = byLowerName.get(name.trim().toLowerCase());
    if (!column) problems.push(`  column ${i + 1} "${name}" is not a known column`);
    else if (columns.includes(column)) problems.push(`  column ${i + 1} "${name}" appears twice`);
    else columns.push(column);
  });
  for (const required of requiredColumns) if (!columns.includes(required)) problems.push(`  the column "${required}" is missing`);
  if (problems.length) {
    throw new CliError(['error: the header (line 1) is not usable:', ...problems, `Known columns: ${importColumns.join(', ')}.`], ExitCode.usage);
  }

  const records = data.map(({ record, info }): CsvRecord => {
    // info.lines is where the record ends; quoted fields may hold line breaks.
    const breaks = record.reduce((n, cell) => n + (cell.match(/\n/g)?.length ?? 0), 0);
    const cells: CsvRecord['cells'] = {};
    columns.forEach((column, i) => {
      cells[column] = record[i] ?? '';
    });
    const result: CsvRecord = { line: info.lines - breaks, cells };
    if (record.length !== columns.length) result.fieldCountProblem = `expected ${columns.length} fields as in the header, found ${record.length}`;
    return result;
  });
  return { columns, records };
}

export interface ImportRow {
  line: number;
  fields: UserFields;
  roles: RoleId[];
  /** The initial password from the file, or null for none. */
  password: string | null;
}

/** One problem with one cell, its message already in English. */
export interface RowProblem {
  line: number;
  column: string;
  value: string | null;
  message: string;
}

const text = (value: string | undefined): string | null => {
  const trimmed = (value ?? '').trim();
  return trimmed === '' ? null : trimmed;
};
const list = (value: string | undefined): string[] =>
  (value ?? '')
    .split(LIST_SEPARATOR)
    .map((v) => v.trim())
    .filter(Boolean);

/**
 * Turns a record into the fields `users.create` takes and checks them with the service's own
 * rules, returning every problem of the row at once (messages from the server's English catalogue).
 */
export function readRecord(record: CsvRecord): { row: ImportRow; problems: RowProblem[] } {
  const c = record.cells;
  const issues: Issue[] = [];
  const problems: RowProblem[] = [];

  let accountEnabled = true;
  const enabled = text(c.accountEnabled)?.toLowerCase();
  if (enabled === 'false') accountEnabled = false;
  else if (enabled !== undefined && enabled !== null && enabled !== 'true')
    issues.push({ path: 'accountEnabled', code: 'field.invalid_option', params: { options: 'true, false' } });

  const roleValues = list(c.roles);
  const roles: RoleId[] = [];
  roleValues.forEach((role, i) => {
    if (isRoleId(role)) {
      if (!roles.includes(role)) roles.push(role);
    } else issues.push({ path: `roles.${i}`, code: 'field.invalid_option', params: { options: roleIds.join(', ') } });
  });

  // Passwords are not trimmed; the password policy checks them (users import), not this function.
  const password = c.password !== undefined && c.password !== '' ? c.password : null;

  const fields: UserFields = {
    userPrincipalName: (c.userPrincipalName ?? '').trim(),
    displayName: (c.displayName ?? '').trim(),
    givenName: text(c.givenName),
    surname: text(c.surname),
    mail: text(c.mail),
    otherMails: list(c.otherMails),
    mobilePhone: text(c.mobilePhone),
    businessPhones: list(c.businessPhones),
    department: text(c.department),
    jobTitle: text(c.jobTitle),
    accountEnabled,
    preferredLanguage: text(c.preferredLanguage),
  };
  issues.unshift(...validateFields(fields));

  if (record.fieldCountProblem) problems.push({ line: record.line, column: '(row)', value: null, message: record.fieldCountProblem });
  for (const issue of issues) problems.push(problemOf(record, issue));
  const order = (p: RowProblem) => importColumns.indexOf(p.column.split(' ')[0] as ImportColumn);
  problems.sort((a, b) => order(a) - order(b));
  return { row: { line: record.line, fields, roles, password }, problems };
}

/** Names the column (and the item of a `;` list) an issue is about, with the offending value. */
export function problemOf(record: CsvRecord, issue: Issue): RowProblem {
  const [column = issue.path, index] = issue.path.split('.');
  const cell = record.cells[column as ImportColumn];
  let value: string | null = column === 'password' ? null : (cell ?? null);
  let label = column;
  if (index !== undefined && cell !== undefined) {
    value = list(cell)[Number(index)] ?? null;
    label = `${column} (item ${Number(index) + 1})`;
  }
  return { line: record.line, column: label, value, message: t('en', issue.code, issue.params ?? {}) };
}

export function formatProblem(p: RowProblem): string {
  const shown = p.value === null ? '' : ` ${JSON.stringify(p.value.length > 60 ? p.value.slice(0, 57) + '...' : p.value)}`;
  return `  line ${p.line}, ${p.column}${shown}: ${p.message}`;
}
