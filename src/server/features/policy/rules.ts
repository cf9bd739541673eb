import type { Issue } from '../../core/errors.js';
import { codePointLength, MAX_PASSWORD_CODE_POINTS } from '../passwords/input.js';

/** Entra's allowed symbols (reference §2.1); with A-Z, a-z, 0-9 and blank space. */
export const ENTRA_SYMBOLS = "@#$%^&*-_!+=[]{}|\\:',.?/`~\"();<>";
const ENTRA_ALLOWED = new Set([...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 ', ...ENTRA_SYMBOLS]);

export interface CompositionRules {
  minLength: number;
  maxLength: number;
  /** Only Entra's character set. */
  entraCharacters: boolean;
  /** At least this many of lower, upper, digit, symbol (0 = no composition rule). */
  minCategories: number;
}

/** The composition part of each profile; `relaxComplexity` is the user's DisableStrongPassword flag. */
export function compositionRules(profile: 'entra' | 'nist', options: { mfaRequired: boolean; relaxComplexity: boolean }): CompositionRules {
  if (profile === 'nist') {
    // NIST SP 800-63B-4 §3.1.1.2: 15 for single-factor passwords, 8 when used with MFA; no composition rules (checklist P1, P3).
    return { minLength: options.mfaRequired ? 8 : 15, maxLength: MAX_PASSWORD_CODE_POINTS, entraCharacters: false, minCategories: 0 };
  }
  return { minLength: 8, maxLength: 256, entraCharacters: true, minCategories: options.relaxComplexity ? 0 : 3 };
}

/** Length (in code points, after NFC), character set and category rules; every problem at once. */
export function checkComposition(password: string, rules: CompositionRules): Issue[] {
  const issues: Issue[] = [];
  const length = codePointLength(password);
  if (length < rules.minLength) issues.push({ path: 'password', code: 'password.too_short', params: { minimum: rules.minLength } });
  if (length > rules.maxLength) issues.push({ path: 'password', code: 'password.too_long', params: { maximum: rules.maxLength } });
  if (rules.entraCharacters) {
    const bad = [...new Set([...password].filter((c) => !ENTRA_ALLOWED.has(c)))];
    if (bad.length) issues.push({ path: 'password', code: 'password.invalid_characters', params: { characters: bad.slice(0, 5).join(' ') } });
  }
  if (rules.minCategories > 0) {
    const categories = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9 ]/].filter((re) => re.test(password)).length;
    if (categories < rules.minCategories) issues.push({ path: 'password', code: 'password.complexity', params: { minimum: rules.minCategories } });
  }
  return issues;
}
