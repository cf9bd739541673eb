import { randomInt } from 'node:crypto';
import { isOccurrence } from './occurrence.js';
import { TERM_MAX_LENGTH, TERM_MIN_LENGTH } from './limits.js';
import { normalizeForBanned } from './normalize.js';

/** A list of banned terms prepared for {@link evaluateBanned}; build it with {@link buildBannedIndex}. */
export interface BannedIndex {
  /** Number of distinct terms indexed (after normalisation, 4–16 characters). */
  readonly size: number;
}

/*
 * Deletion-neighbourhood index. Each term T is stored under the hash of T and of every T-minus-one-
 * character. An occurrence S of T then always shares a key: exact (S = T) and deletion (S = T - k)
 * under hash(S); inner insertion (S - k = T) and substitution (S - k = T - k) under hash(S - k).
 * So a password slice of length m needs m + 1 lookups, whatever the list size, and every candidate
 * is checked by direct comparison, so a hash collision costs time but never changes a verdict.
 *
 * The hash is polynomial over code points modulo 2^32 (Math.imul), with a random odd base chosen
 * per process so that nobody can precompute colliding passwords; the table is open addressing on
 * typed arrays, which is several times faster and smaller than a Map of the same keys.
 */

/** The polynomial base; random per process (see above). */
export const HASH_BASE = randomInt(1 << 20, 1 << 30) * 2 + 1;
/** HASH_BASE^k mod 2^32 for every slice length the check uses. */
export const HASH_POW: Int32Array = (() => {
  const pow = new Int32Array(TERM_MAX_LENGTH + 3);
  pow[0] = 1;
  for (let k = 1; k < pow.length; k++) pow[k] = Math.imul(pow[k - 1]!, HASH_BASE);
  return pow;
})();
const GOLDEN = 0x9e3779b1 | 0;
/** Entries (term keys) an index can hold: 2^21, so that key * 2^21 + entry stays an exact double. */
const ENTRY_LIMIT = 2 ** 21;

/** The internal shape behind {@link BannedIndex}; only this module and the evaluator use it. */
export class BannedIndexImpl implements BannedIndex {
  readonly size: number;
  /** Bit L is set when some term has L code points. */
  readonly lengthMask: number;
  /** Longest term, in code points. */
  readonly maxLength: number;

  constructor(
    /** The terms as reported in matches (custom: as the admin typed them, trimmed). */
    readonly display: readonly string[],
    /** Code points of all normalised terms, back to back; term t is codes[offsets[t], offsets[t+1]). */
    readonly codes: Int32Array,
    readonly offsets: Int32Array,
    /** Open-addressing slots, two ints each: the key, and 1 + where its postings start (0: empty). */
    readonly table: Int32Array,
    /** At each start: the number of terms, then the term numbers (exact-term keys first). */
    readonly postings: Int32Array,
    readonly shift: number,
    /** Bitmaps of the hashes of every term prefix and every term suffix (see {@link hasPrefix}). */
    readonly prefixBits: Int32Array,
    readonly suffixBits: Int32Array,
    readonly bitShift: number,
  ) {
    this.size = display.length;
    let mask = 0;
    let longest = 0;
    for (let t = 0; t < this.size; t++) {
      const length = offsets[t + 1]! - offsets[t]!;
      mask |= 1 << length;
      longest = Math.max(longest, length);
    }
    this.lengthMask = mask;
    this.maxLength = longest;
  }

  /**
   * Whether some term may start with the text of this hash. Never false for a real prefix; false
   * positives (a few per cent) only make the search try more candidates.
   */
  hasPrefix(hash: number): boolean {
    const bit = Math.imul(hash, GOLDEN) >>> this.bitShift;
    return (this.prefixBits[bit >>> 5]! & (1 << (bit & 31))) !== 0;
  }

  /** Whether some term may end with the text of this hash; as {@link hasPrefix}. */
  hasSuffix(hash: number): boolean {
    const bit = Math.imul(hash, GOLDEN) >>> this.bitShift;
    return (this.suffixBits[bit >>> 5]! & (1 << (bit & 31))) !== 0;
  }

  /**
   * The first indexed term stored under `hash` of which `p[i, i + m)` is an occurrence, or -1.
   */
  find(hash: number, p: ArrayLike<number>, i: number, m: number): number {
    const table = this.table;
    const slotMask = (table.length >>> 1) - 1;
    let s = Math.imul(hash, GOLDEN) >>> this.shift;
    for (;;) {
      const start = table[2 * s + 1]! - 1;
      if (start === -1) return -1;
      if (table[2 * s] === hash) {
        const end = start + 1 + this.postings[start]!;
        for (let x = start + 1; x < end; x++) {
          const t = this.postings[x]!;
          if (isOccurrence(p, i, m, this.codes, this.offsets[t]!, this.offsets[t + 1]!)) return t;
        }
        return -1;
      }
      s = (s + 1) & slotMask;
    }
  }
}

/** Hash of `codes[from, to)` without position `skip` (pass -1 to skip nothing). */
function hashOf(codes: ArrayLike<number>, from: number, to: number, skip: number): number {
  let h = 0;
  for (let x = from; x < to; x++) if (x !== skip) h = (Math.imul(h, HASH_BASE) + codes[x]!) | 0;
  return h;
}

/**
 * Builds an index of `terms`. Each is trimmed and normalised with {@link normalizeForBanned};
 * terms outside 4–16 characters are left out, and terms equal after normalisation are kept once
 * (the first spelling is the one reported).
 */
export function buildBannedIndex(terms: readonly string[]): BannedIndex {
  const seen = new Set<string>();
  const display: string[] = [];
  const all: number[] = [];
  const offsets: number[] = [0];
  for (const raw of terms) {
    const trimmed = raw.trim();
    const normalized = normalizeForBanned(trimmed);
    if (seen.has(normalized)) continue;
    const from = all.length;
    for (let x = 0; x < normalized.length; x++) {
      const c = normalized.codePointAt(x)!;
      if (c > 0xffff) x++;
      all.push(c);
    }
    const length = all.length - from;
    if (length < TERM_MIN_LENGTH || length > TERM_MAX_LENGTH) {
      all.length = from;
      continue;
    }
    seen.add(normalized);
    display.push(trimmed);
    offsets.push(all.length);
  }
  const codes = Int32Array.from(all);
  const offs = Int32Array.from(offsets);

  // The keys of each term: hash(T), then hash(T - k) for every k, once each per term. All exact
  // keys go first so that a slot lists exact terms before deletions (nicer reported matches).
  const entryKeys = new Int32Array(codes.length + display.length);
  const entryTerms = new Int32Array(entryKeys.length);
  let entries = 0;
  for (let t = 0; t < display.length; t++) {
    entryKeys[entries] = hashOf(codes, offs[t]!, offs[t + 1]!, -1);
    entryTerms[entries++] = t;
  }
  for (let t = 0; t < display.length; t++) {
    const a = offs[t]!;
    const b = offs[t + 1]!;
    const first = entries;
    for (let skip = a; skip < b; skip++) {
      const h = hashOf(codes, a, b, skip);
      let seen = h === entryKeys[t];
      for (let e = first; e < entries && !seen; e++) seen = entryKeys[e] === h;
      if (seen) continue;
      entryKeys[entries] = h;
      entryTerms[entries++] = t;
    }
  }

  // Group equal keys by sorting (key, entry) pairs packed in doubles: sequential work instead of
  // random access, and entry order (exact keys first) is kept within a key.
  if (entries >= ENTRY_LIMIT) throw new RangeError(`too many index entries (${entries}); the limit is ${ENTRY_LIMIT}`);
  const packed = new Float64Array(entries);
  for (let e = 0; e < entries; e++) packed[e] = (entryKeys[e]! >>> 0) * ENTRY_LIMIT + e;
  packed.sort();
  let bits = 4;
  while (1 << bits < entries * 2) bits++;
  const shift = 32 - bits;
  const table = new Int32Array(2 << bits);
  const postings = new Int32Array(2 * entries);
  let next = 0;
  for (let x = 0; x < entries;) {
    const high = Math.floor(packed[x]! / ENTRY_LIMIT);
    const start = next++;
    for (; x < entries && Math.floor(packed[x]! / ENTRY_LIMIT) === high; x++) postings[next++] = entryTerms[packed[x]! - high * ENTRY_LIMIT]!;
    postings[start] = next - start - 1;
    const key = high | 0;
    let s = Math.imul(key, GOLDEN) >>> shift;
    while (table[2 * s + 1] !== 0) s = (s + 1) & ((1 << bits) - 1);
    table[2 * s] = key;
    table[2 * s + 1] = start + 1;
  }

  // Prefix and suffix filters: 8 to 16 bits per term character keeps them a few per cent full.
  let filterBits = 10;
  while (1 << filterBits < codes.length * 8 && filterBits < 26) filterBits++;
  const prefixBits = new Int32Array(1 << (filterBits - 5));
  const suffixBits = new Int32Array(1 << (filterBits - 5));
  const bitShift = 32 - filterBits;
  for (let t = 0; t < display.length; t++) {
    const a = offs[t]!;
    const b = offs[t + 1]!;
    for (let end = a + 1; end <= b; end++) setBit(prefixBits, Math.imul(hashOf(codes, a, end, -1), GOLDEN) >>> bitShift);
    for (let start = b - 1; start >= a; start--) setBit(suffixBits, Math.imul(hashOf(codes, start, b, -1), GOLDEN) >>> bitShift);
  }
  return new BannedIndexImpl(display, codes, offs, table, postings, shift, prefixBits, suffixBits, bitShift);
}

function setBit(bits: Int32Array, bit: number): void {
  bits[bit >>> 5]! |= 1 << (bit & 31);
}

/** The implementation behind a {@link BannedIndex}; throws for anything not built here. */
export function asIndexImpl(index: BannedIndex): BannedIndexImpl {
  if (!(index instanceof BannedIndexImpl)) throw new TypeError('not a BannedIndex from buildBannedIndex');
  return index;
}
