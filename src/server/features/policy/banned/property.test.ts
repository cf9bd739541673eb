import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { buildBannedIndex, evaluateBanned, normalizeForBanned } from './index.js';
import { isOccurrence } from './occurrence.js';

/*
 * The index is proved against a slow reference written straight from the definition: every slice
 * of 4+ characters against every term with a plain Levenshtein distance, the same DP. Small
 * alphabets and short terms make occurrences (and overlaps) frequent.
 */

function levenshtein(a: readonly string[], b: readonly string[]): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) next[j] = Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    row = next;
  }
  return row[b.length]!;
}

function referenceOccurrence(s: string[], t: string[]): boolean {
  if (s.length < 4) return false;
  if (s.length === t.length + 1) {
    // Only inner insertions: some inner k whose removal leaves the term.
    for (let k = 1; k <= s.length - 2; k++) if ([...s.slice(0, k), ...s.slice(k + 1)].join('\u0000') === t.join('\u0000')) return true;
    return false;
  }
  return levenshtein(s, t) <= 1;
}

function referenceScore(password: string, terms: readonly string[], custom: readonly string[] = []): number {
  const p = [...normalizeForBanned(password)];
  const list = [...terms, ...custom].map((t) => [...normalizeForBanned(t.trim())]).filter((t) => t.length >= 4 && t.length <= 16);
  const dp = [0];
  for (let j = 1; j <= p.length; j++) {
    let best = dp[j - 1]! + 1;
    for (let i = 0; i <= j - 4; i++) if (list.some((t) => referenceOccurrence(p.slice(i, j), t))) best = Math.min(best, dp[i]! + 1);
    dp[j] = best;
  }
  return dp[p.length]!;
}

const char = (alphabet: string) => fc.constantFrom(...[...alphabet]);
const word = (alphabet: string, min: number, max: number) => fc.array(char(alphabet), { minLength: min, maxLength: max }).map((a) => a.join(''));

test('the indexed evaluation gives the reference verdict (small alphabet)', () => {
  fc.assert(
    fc.property(
      fc.array(word('abc', 3, 8), { maxLength: 6 }),
      fc.array(word('abc', 3, 8), { maxLength: 3 }),
      word('abc', 0, 24),
      (global, custom, password) => {
        const v = evaluateBanned(password, { global: buildBannedIndex(global), custom: buildBannedIndex(custom) });
        const score = referenceScore(password, global, custom);
        assert.equal(v.score, score);
        assert.equal(v.accepted, score >= 5);
      },
    ),
    { numRuns: 1500 },
  );
});

test('the same with substitutable characters, upper case and a wider alphabet', () => {
  fc.assert(
    fc.property(fc.array(word('aAoO0l1Ls$@xy', 3, 17), { maxLength: 8 }), word('aAoO0l1Ls$@xyz', 0, 40), (global, password) => {
      const v = evaluateBanned(password, { global: buildBannedIndex(global) });
      assert.equal(v.score, referenceScore(password, global));
    }),
    { numRuns: 800 },
  );
});

test('passwords built from the terms themselves, slightly edited', () => {
  const edited = fc.tuple(word('abcd', 4, 10), fc.nat(12), fc.constantFrom('sub', 'del', 'ins', 'none'), char('abcd')).map(([t, at, kind, c]) => {
    const k = at % t.length;
    if (kind === 'sub') return t.slice(0, k) + c + t.slice(k + 1);
    if (kind === 'del') return t.slice(0, k) + t.slice(k + 1);
    if (kind === 'ins') return t.slice(0, k) + c + t.slice(k);
    return t;
  });
  fc.assert(
    fc.property(
      fc.array(word('abcd', 4, 10), { minLength: 1, maxLength: 5 }),
      fc.array(edited, { maxLength: 4 }),
      word('abcd', 0, 3),
      (terms, pieces, tail) => {
        const password = [...pieces, ...terms.slice(0, 2)].join('') + tail;
        const v = evaluateBanned(password, { global: buildBannedIndex(terms) });
        assert.equal(v.score, referenceScore(password, terms));
      },
    ),
    { numRuns: 800 },
  );
});

test('reported matches are real occurrences, disjoint and in order, and add up to the score', () => {
  fc.assert(
    fc.property(fc.array(word('abc', 4, 7), { maxLength: 6 }), word('abc', 0, 30), (terms, password) => {
      const v = evaluateBanned(password, { global: buildBannedIndex(terms) });
      const p = [...normalizeForBanned(password)].map((c) => c.codePointAt(0)!);
      let covered = 0;
      let last = 0;
      for (const m of v.matches) {
        assert.ok(m.start >= last && m.end > m.start);
        const t = [...normalizeForBanned(m.term)].map((c) => c.codePointAt(0)!);
        assert.ok(isOccurrence(p, m.start, m.end - m.start, t, 0, t.length), `${m.term} at ${m.start}`);
        covered += m.end - m.start;
        last = m.end;
      }
      assert.equal(v.score, v.matches.length + p.length - covered);
    }),
    { numRuns: 800 },
  );
});

test('isOccurrence agrees with the Levenshtein definition', () => {
  fc.assert(
    fc.property(word('ab', 0, 9), word('ab', 0, 9), (s, t) => {
      const sa = [...s];
      const ta = [...t];
      const codes = (a: string[]) => a.map((c) => c.codePointAt(0)!);
      assert.equal(isOccurrence(codes(sa), 0, sa.length, codes(ta), 0, ta.length), referenceOccurrence(sa, ta));
    }),
    { numRuns: 3000 },
  );
});
