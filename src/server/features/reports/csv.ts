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

export interface Cursor {
  at: string;
  id: string;
}

export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify([c.at, c.id]), 'utf8').toString('base64url');
}

/** An altered cursor reads as "from the start" rather than an error. */
export function decodeCursor(value: string | undefined): Cursor | undefined {
  if (!value) return undefined;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
    if (Array.isArray(parsed) && parsed.length === 2 && parsed.every((p) => typeof p === 'string')) {
      const [at, id] = parsed as [string, string];
      return { at, id };
    }
  } catch {
    /* fall through */
  }
  return undefined;
}
