import { stringify } from 'csv-stringify/sync';

export type CsvCell = string | number | boolean | null;

/**
 * A cell that a spreadsheet would read as a formula (= + - @, tab, CR) is prefixed with an
 * apostrophe (OWASP CSV injection), so exported user-controlled text stays text.
 */
function safe(v: CsvCell): string {
  if (v === null) return '';
  const s = String(v);
  return /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
}

/** RFC 4180 lines of guarded cells (for exports streamed a page at a time). */
export function csvLines(rows: CsvCell[][]): string {
  return stringify(
    rows.map((r) => r.map(safe)),
    { record_delimiter: '\r\n' },
  );
}

/** The start of a CSV file: a byte-order mark (so Excel reads UTF-8) and the header line. */
export function csvHeader(header: string[]): string {
  return '\uFEFF' + csvLines([header]);
}

/** A whole CSV file for spreadsheets. */
export function toCsv(header: string[], rows: CsvCell[][]): string {
  return csvHeader(header) + csvLines(rows);
}
