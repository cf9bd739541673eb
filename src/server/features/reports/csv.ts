import { stringify } from 'csv-stringify/sync';

/**
 * CSV for spreadsheets. A cell that a spreadsheet would read as a formula (= + - @, tab, CR) is
 * prefixed with an apostrophe (OWASP CSV injection), so exported user-controlled text stays text.
 */
export function toCsv(header: string[], rows: (string | number | boolean | null)[][]): string {
  const safe = (v: string | number | boolean | null) => {
    if (v === null) return '';
    const s = String(v);
    return /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  };
  // A byte-order mark makes Excel read the file as UTF-8.
  return '\uFEFF' + stringify([header, ...rows.map((r) => r.map(safe))], { record_delimiter: '\r\n' });
}
