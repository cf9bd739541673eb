import { OCCURRENCE_MIN_LENGTH } from './limits.js';

/**
 * Whether the password slice `p[i, i + m)` is an occurrence of the term `t[a, b)` (code points):
 * equal; or equal but for one substituted character; or the term with one character deleted; or
 * the term with one character inserted at an inner position of the slice. Edge insertions are not
 * occurrences: "term + one more character" is an exact occurrence plus a character that scores.
 */
export function isOccurrence(p: ArrayLike<number>, i: number, m: number, t: ArrayLike<number>, a: number, b: number): boolean {
  if (m < OCCURRENCE_MIN_LENGTH) return false;
  const len = b - a;
  if (m === len) {
    let diff = 0;
    for (let x = 0; x < m; x++) if (p[i + x] !== t[a + x] && ++diff > 1) return false;
    return true;
  }
  if (m !== len - 1 && m !== len + 1) return false;
  const shorter = m < len ? m : len;
  let prefix = 0;
  while (prefix < shorter && p[i + prefix] === t[a + prefix]) prefix++;
  let suffix = 0;
  while (suffix < shorter && p[i + m - 1 - suffix] === t[b - 1 - suffix]) suffix++;
  // Slice = term without position k  <=>  k <= prefix and (len - 1 - k) <= suffix.
  if (m === len - 1) return len - 1 - suffix <= prefix;
  // Slice without position k = term  <=>  k <= prefix and (m - 1 - k) <= suffix; k must be inner.
  return Math.max(1, m - 1 - suffix) <= Math.min(prefix, m - 2);
}
