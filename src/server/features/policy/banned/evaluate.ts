import { asIndexImpl, HASH_BASE, HASH_POW, type BannedIndex, type BannedIndexImpl } from './banned-index.js';
import { CONTEXT_TERM_MIN_LENGTH, MIN_BANNED_SCORE, OCCURRENCE_MIN_LENGTH, PASSPHRASE_MIN_LENGTH, TERM_MAX_LENGTH } from './limits.js';
import { codePointsOf, normalizeForBanned } from './normalize.js';

/** Terms about the user and organisation that may not appear in the password at all (reference §8.2 step 2). */
export interface BannedContext {
  firstName?: string | null;
  lastName?: string | null;
  organizationName?: string | null;
  /** Further terms, e.g. the user's identifiers (user name, email local part, display-name words; checklist P6). */
  extraTerms?: readonly string[];
  /**
   * Let a long passphrase pass that contains context terms (checklist P6): when the normalised
   * password has at least {@link PASSPHRASE_MIN_LENGTH} characters and what is left with every
   * context term cut out still scores 5 points on its own. Off unless asked for (Entra rejects any).
   */
  allowLongPassphrases?: boolean;
}

/** One list term found in the password. `start`/`end` are code-point offsets in the normalised password. */
export interface BannedMatch {
  term: string;
  list: 'global' | 'custom';
  start: number;
  end: number;
}

export interface BannedVerdict {
  /** Score at least 5 and no context term found. */
  accepted: boolean;
  /** Entra's score: one point per occurrence chosen plus one per character outside them (minimised). */
  score: number;
  /** The occurrences that give the minimal score, in password order. */
  matches: BannedMatch[];
  /** The context terms (as given, trimmed) the password contains; any one rejects it. */
  contextTerms: string[];
  /** Context terms the password contains that did not reject it: a long passphrase (see `allowLongPassphrases`). */
  waivedContextTerms: string[];
}

/** Longest slice that can be an occurrence: a longest term with one character inserted. */
const MAX_SLICE = TERM_MAX_LENGTH + 1;
const SLOTS = MAX_SLICE + 1;

/**
 * Working buffers, reused: evaluation is synchronous, so one set per process is safe, and it keeps
 * the check from allocating (garbage collection pauses are what would show in the p99).
 */
class Scratch {
  private capacity = -1;
  p = new Int32Array(0);
  prefix = new Int32Array(0);
  hits = new Int32Array(0);
  ending = new Int32Array(0);
  dp = new Int32Array(0);
  took = new Int8Array(0);
  begin: Uint8Array[] = [];
  end: Uint8Array[] = [];

  /** Stores the code points of `s` in `p` and their prefix hashes in `prefix`; returns their count. */
  load(s: string): number {
    if (s.length > this.capacity) this.grow(Math.max(s.length, 256));
    let n = 0;
    let h = 0;
    for (let x = 0; x < s.length; x++) {
      const c = s.codePointAt(x)!;
      if (c > 0xffff) x++;
      this.p[n++] = c;
      h = (Math.imul(h, HASH_BASE) + c) | 0;
      this.prefix[n] = h;
    }
    this.prefix[0] = 0;
    return n;
  }

  private grow(capacity: number): void {
    this.capacity = capacity;
    this.p = new Int32Array(capacity);
    this.prefix = new Int32Array(capacity + 1);
    this.hits = new Int32Array(capacity * SLOTS);
    this.ending = new Int32Array(capacity + 1);
    this.dp = new Int32Array(capacity + 1);
    this.took = new Int8Array(capacity + 1);
    this.begin = [new Uint8Array(capacity), new Uint8Array(capacity)];
    this.end = [new Uint8Array(capacity + 1), new Uint8Array(capacity + 1)];
  }
}

const scratch = new Scratch();
/** Longer inputs get buffers of their own, so that one huge password cannot pin memory for good. */
const SCRATCH_REUSE_LIMIT = 1024;

/**
 * Entra's banned-password evaluation (reference §8.2): normalise, find occurrences of list terms at
 * edit distance at most 1, choose non-overlapping ones minimising (occurrences + remaining
 * characters), accept at 5 points, and reject outright when a context term of 4+ characters is a
 * substring. Custom-list terms are preferred over global ones when both occur at the same place.
 */
export function evaluateBanned(password: string, lists: { global: BannedIndex; custom?: BannedIndex | null }, context: BannedContext = {}): BannedVerdict {
  const normalized = normalizeForBanned(password);
  const indexes: BannedIndexImpl[] = [];
  const listNames: BannedMatch['list'][] = [];
  if (lists.custom && lists.custom.size > 0) {
    indexes.push(asIndexImpl(lists.custom));
    listNames.push('custom');
  }
  const global = asIndexImpl(lists.global);
  if (global.size > 0) {
    indexes.push(global);
    listNames.push('global');
  }

  const work = normalized.length <= SCRATCH_REUSE_LIMIT ? scratch : new Scratch();
  const n = work.load(normalized);
  const { p, prefix, hits, ending, dp, took } = work;

  // begin[l][i]: longest P[i, i + x) that may begin a term of index l; end[l][j]: longest
  // P[j - x, j) that may end one. An occurrence at [i, j) with its edit at k needs P[i, i + k)
  // to begin a term and the rest after k to end it, which rules out almost every slice cheaply.
  for (let l = 0; l < indexes.length; l++) {
    const index = indexes[l]!;
    const begin = work.begin[l]!;
    const end = work.end[l]!;
    for (let i = 0; i < n; i++) {
      let x = 0;
      while (x < index.maxLength && i + x < n && index.hasPrefix(sliceHash(prefix, i, i + x + 1))) x++;
      begin[i] = x;
    }
    for (let j = 0; j <= n; j++) {
      let x = 0;
      while (x < index.maxLength && x < j && index.hasSuffix(sliceHash(prefix, j - x - 1, j))) x++;
      end[j] = x;
    }
  }

  // hits[i * SLOTS + m] = (term << 1 | list) for the occurrence found at slice [i, i + m);
  // ending[j] has bit m set when the slice [j - m, j) is an occurrence (hits is read only then).
  ending.fill(0, 0, n + 1);
  for (let i = 0; i < n; i++) {
    const longest = Math.min(MAX_SLICE, n - i);
    for (let m = OCCURRENCE_MIN_LENGTH; m <= longest; m++) {
      for (let l = 0; l < indexes.length; l++) {
        const t = findAt(indexes[l]!, p, prefix, i, m, work.begin[l]![i]!, work.end[l]![i + m]!);
        if (t === -1) continue;
        hits[i * SLOTS + m] = (t << 1) | l;
        ending[i + m]! |= 1 << m;
        break;
      }
    }
  }

  // dp[j]: minimal score of the first j characters; took[j]: length of the occurrence ending at j
  // in that optimum, or 0 when character j - 1 scores on its own.
  dp[0] = 0;
  for (let j = 1; j <= n; j++) {
    let best = dp[j - 1]! + 1;
    let bestM = 0;
    for (let bits = ending[j]!, m = 0; bits !== 0; bits >>>= 1, m++) {
      // Ties go to the occurrence (and to the longer one), so that matches show what was found.
      if (bits & 1 && dp[j - m]! + 1 <= best) {
        best = dp[j - m]! + 1;
        bestM = m;
      }
    }
    dp[j] = best;
    took[j] = bestM;
  }
  const matches: BannedMatch[] = [];
  for (let j = n; j > 0;) {
    const m = took[j]!;
    if (m === 0) {
      j--;
      continue;
    }
    const hit = hits[(j - m) * SLOTS + m]!;
    const index = indexes[hit & 1]!;
    matches.push({ term: index.display[hit >>> 1]!, list: listNames[hit & 1]!, start: j - m, end: j });
    j -= m;
  }
  matches.reverse();

  const found = findContextTerms(normalized, context);
  const score = dp[n]!;
  // Read after the scoring above: the remainder's own evaluation reuses the scratch buffers.
  const waived = found.length > 0 && context.allowLongPassphrases === true && n >= PASSPHRASE_MIN_LENGTH && remainderScores(normalized, found, lists);
  const contextTerms = waived ? [] : found;
  return { accepted: score >= MIN_BANNED_SCORE && contextTerms.length === 0, score, matches, contextTerms, waivedContextTerms: waived ? found : [] };
}

/**
 * Whether the password still scores 5 points with every context term cut out: the name then adds
 * nothing, so `jsmithjsmith2025…` gains nothing from its length while `correct horse jsmith battery`
 * passes on its other words (checklist P6).
 */
function remainderScores(normalized: string, terms: readonly string[], lists: { global: BannedIndex; custom?: BannedIndex | null }): boolean {
  let rest = normalized;
  for (const term of terms) rest = rest.split(normalizeForBanned(term.trim())).join('');
  return evaluateBanned(rest, lists).score >= MIN_BANNED_SCORE;
}

/**
 * Index-assisted search for a term occurring at exactly `p[i, i + m)`; the term number or -1.
 * `head`/`tail`: how much of the slice's start/end may begin/end a term (see the caller).
 */
function findAt(index: BannedIndexImpl, p: Int32Array, prefix: Int32Array, i: number, m: number, head: number, tail: number): number {
  if (head + tail < m - 1) return -1;
  const lengths = index.lengthMask;
  const j = i + m;
  // hash(S): exact occurrences (terms of length m) and deletions (terms of length m + 1).
  if (head + tail >= m && lengths & ((1 << m) | (1 << (m + 1)))) {
    const t = index.find(sliceHash(prefix, i, j), p, i, m);
    if (t !== -1) return t;
  }
  // hash(S - k): substitutions (length m) and inner insertions (length m - 1, k inner only).
  // S[0, k) must begin a term and S[k + 1, m) end one: k <= head and m - 1 - k <= tail.
  const same = (lengths & (1 << m)) !== 0;
  if (!same && (lengths & (1 << (m - 1))) === 0) return -1;
  const from = Math.max(same ? 0 : 1, m - 1 - tail);
  const to = Math.min(same ? m - 1 : m - 2, head);
  for (let k = from; k <= to; k++) {
    const h = (Math.imul(sliceHash(prefix, i, i + k), HASH_POW[m - 1 - k]!) + sliceHash(prefix, i + k + 1, j)) | 0;
    const t = index.find(h, p, i, m);
    if (t !== -1) return t;
  }
  return -1;
}

function sliceHash(prefix: Int32Array, from: number, to: number): number {
  return (prefix[to]! - Math.imul(prefix[from]!, HASH_POW[to - from]!)) | 0;
}

/** The context terms of 4+ characters (after normalisation) that the normalised password contains. */
function findContextTerms(normalized: string, context: BannedContext): string[] {
  const candidates = [context.firstName, context.lastName, context.organizationName, ...(context.extraTerms ?? [])];
  const found: string[] = [];
  for (const raw of candidates) {
    if (raw == null) continue;
    const trimmed = raw.trim();
    const term = normalizeForBanned(trimmed);
    if (codePointsOf(term).length < CONTEXT_TERM_MIN_LENGTH) continue;
    if (normalized.includes(term) && !found.includes(trimmed)) found.push(trimmed);
  }
  return found;
}
