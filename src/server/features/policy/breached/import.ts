import { createReadStream, statSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { BreachedPasswordStore } from './store.js';

/** `HASH` or `HASH:COUNT` (the Have I Been Pwned download format), either case, spaces and CR around it tolerated. */
const LINE = /^([0-9A-Fa-f]{40})(?::(\d{1,12}))?$/;

export interface BreachedImportResult {
  /** Distinct hashes now in the list (0: nothing was switched, the previous list stays). */
  entries: number;
  lines: number;
  badLines: number;
  /** The first bad lines' numbers (1-based), for the report. */
  firstBadLines: number[];
  interrupted: boolean;
}

export interface BreachedImportOptions {
  /** Rows per transaction (default 10,000). */
  batchSize?: number;
  /** How many bad line numbers to keep for the report (default 10). */
  keepBadLines?: number;
  /** Called with the bytes read so far after each batch. */
  onProgress?: (bytesRead: number) => void;
  /** Checked between batches: true stops the import and keeps the previous list. */
  stopRequested?: () => boolean;
  now?: () => Date;
}

/** The file's size in bytes, for a progress total. */
export function fileSize(file: string): number {
  return statSync(file).size;
}

/**
 * Imports a file of SHA-1 hashes as the offline breached-password list, REPLACING the previous one
 * (checklist P5). Written in batches to a new generation that the check switches to only at the
 * end: an interruption, or a file without one good line, leaves the previous list in use. A line
 * without a count counts as seen once; `:0` lines (range padding) are skipped; anything else that
 * is not a hash is counted as bad and skipped.
 * @throws the file's read error (ENOENT, EACCES …) before anything is written
 */
export async function importBreachedFile(store: BreachedPasswordStore, file: string, options: BreachedImportOptions = {}): Promise<BreachedImportResult> {
  const batchSize = options.batchSize ?? 10_000;
  const keep = options.keepBadLines ?? 10;
  const stream = createReadStream(file, { highWaterMark: 1 << 20 });
  // Fail on a missing or unreadable file before starting an import.
  await new Promise<void>((resolve, reject) => {
    stream.once('open', () => resolve());
    stream.once('error', reject);
  });
  const generation = await store.beginImport();
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  const result: BreachedImportResult = { entries: 0, lines: 0, badLines: 0, firstBadLines: [], interrupted: false };
  let batch: [string, number][] = [];
  let good = 0;
  const flush = async () => {
    await store.insertBatch(generation, batch);
    good += batch.length;
    batch = [];
    options.onProgress?.(stream.bytesRead);
    // SQLite's calls complete synchronously: let a Ctrl-C be seen between batches.
    await new Promise((resolve) => setImmediate(resolve));
  };
  try {
    for await (const raw of lines) {
      result.lines++;
      const line = raw.trim();
      if (line === '') continue;
      const match = LINE.exec(line);
      if (!match) {
        result.badLines++;
        if (result.firstBadLines.length < keep) result.firstBadLines.push(result.lines);
        continue;
      }
      const count = match[2] === undefined ? 1 : Number(match[2]);
      if (count === 0) continue;
      batch.push([match[1]!.toUpperCase(), count]);
      if (batch.length >= batchSize) {
        await flush();
        if (options.stopRequested?.()) {
          result.interrupted = true;
          break;
        }
      }
    }
    if (!result.interrupted && batch.length) await flush();
  } finally {
    lines.close();
    stream.destroy();
  }
  options.onProgress?.(stream.bytesRead);
  if (result.interrupted || good === 0) return result;
  result.entries = await store.finishImport(generation, { badLines: result.badLines, fileName: path.basename(file), at: options.now?.() ?? new Date() });
  return result;
}
