/** An opaque keyset-paging position: the sort value and the id of the last row of a page. */
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
