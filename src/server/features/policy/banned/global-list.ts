import { readFileSync } from 'node:fs';
import { buildBannedIndex, type BannedIndex } from './banned-index.js';

/** The shipped list, built by `scripts/build-banned-list.ts`. The server build must copy it to dist. */
export const GLOBAL_LIST_URL = new URL('./data/global.txt', import.meta.url);

/** Header lines start with "# "; the build script refuses a term that does (terms may start with "#"). */
export const GLOBAL_LIST_HEADER_PREFIX = '# ';

/** Parses the shipped list file: its terms, without the header comments. */
export function parseGlobalList(text: string): string[] {
  return text.split('\n').filter((line) => line !== '' && !line.startsWith(GLOBAL_LIST_HEADER_PREFIX));
}

let cached: BannedIndex | undefined;

/** The global banned list (reference §8.1), read and indexed on first use, then cached for the process. */
export function globalBannedIndex(): BannedIndex {
  cached ??= buildBannedIndex(parseGlobalList(readFileSync(GLOBAL_LIST_URL, 'utf8')));
  return cached;
}
