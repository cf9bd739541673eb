import type { Issue } from '../../core/errors.js';
import { categoryCount, nonEntraCharacters, passwordLength, type CompositionRules, type PolicyProfile } from '../../../shared/password-rules.js';
import { MAX_PASSWORD_CODE_POINTS } from '../passwords/input.js';

export { ENTRA_SYMBOLS, type CompositionRules } from '../../../shared/password-rules.js';

/** The composition part of each profile; `relaxComplexity` is the user's DisableStrongPassword flag. */
export function compositionRules(profile: PolicyProfile, options: { mfaRequired: boolean; relaxComplexity: boolean }): CompositionRules {
  if (profile === 'nist') {
    // NIST SP 800-63B-4 §3.1.1.2: 15 for single-factor passwords, 8 when used with MFA; no composition rules (checklist P1, P3).
    return { minLength: options.mfaRequired ? 8 : 15, maxLength: MAX_PASSWORD_CODE_POINTS, entraCharacters: false, minCategories: 0 };
  }
  return { minLength: 8, maxLength: 256, entraCharacters: true, minCategories: options.relaxComplexity ? 0 : 3 };
}

/** Length (in code points, after NFC), character set and category rules; every problem at once. */
export function checkComposition(password: string, rules: CompositionRules): Issue[] {
  const issues: Issue[] = [];
  const length = passwordLength(password);
  if (length < rules.minLength) issues.push({ path: 'password', code: 'password.too_short', params: { minimum: rules.minLength } });
  if (length > rules.maxLength) issues.push({ path: 'password', code: 'password.too_long', params: { maximum: rules.maxLength } });
  if (rules.entraCharacters) {
    const bad = nonEntraCharacters(password);
    if (bad.length) issues.push({ path: 'password', code: 'password.invalid_characters', params: { characters: bad.slice(0, 5).join(' ') } });
  }
  if (rules.minCategories > 0 && categoryCount(password) < rules.minCategories) {
    issues.push({ path: 'password', code: 'password.complexity', params: { minimum: rules.minCategories } });
  }
  return issues;
}
