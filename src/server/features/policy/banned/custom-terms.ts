import type { Issue } from '../../../core/errors.js';
import { CUSTOM_TERMS_MAX, TERM_MAX_LENGTH, TERM_MIN_LENGTH } from './limits.js';
import { codePointsOf, normalizeForBanned } from './normalize.js';

/**
 * Validates an admin's custom banned list (reference §8.1): at most 1,000 terms, each 4–16
 * characters (code points) after trimming and normalising, no two the same after normalisation
 * (so `Contoso` and `c0ntoso` clash: the check is case- and substitution-insensitive). One issue per
 * bad term, at `customBannedPasswords.<i>`; a too-long list gets one issue at `customBannedPasswords`.
 */
export function validateCustomTerms(terms: readonly string[]): Issue[] {
  const issues: Issue[] = [];
  if (terms.length > CUSTOM_TERMS_MAX) {
    issues.push({ path: 'customBannedPasswords', code: 'banned.too_many_terms', params: { maximum: CUSTOM_TERMS_MAX } });
  }
  const firstIndex = new Map<string, number>();
  terms.forEach((raw, i) => {
    const path = `customBannedPasswords.${i}`;
    // Measured after normalisation, which is what the index sees: an accepted term is always indexed.
    const normalized = normalizeForBanned(raw.trim());
    const length = codePointsOf(normalized).length;
    if (length < TERM_MIN_LENGTH) {
      issues.push({ path, code: 'banned.term_too_short', params: { minimum: TERM_MIN_LENGTH } });
    } else if (length > TERM_MAX_LENGTH) {
      issues.push({ path, code: 'banned.term_too_long', params: { maximum: TERM_MAX_LENGTH } });
    } else if (firstIndex.has(normalized)) {
      issues.push({ path, code: 'banned.term_duplicate', params: { duplicateOf: firstIndex.get(normalized)! } });
    } else {
      firstIndex.set(normalized, i);
    }
  });
  return issues;
}
