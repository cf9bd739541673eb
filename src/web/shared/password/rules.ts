import type { PasswordRules } from '../types';

/** Entra's allowed symbols (the server's list); with A-Z, a-z, 0-9 and blank space. */
export const ENTRA_SYMBOLS = "@#$%^&*-_!+=[]{}|\\:',.?/`~\"();<>";
const ENTRA_ALLOWED = new Set([...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 ', ...ENTRA_SYMBOLS]);

export type RuleId = 'minLength' | 'maxLength' | 'characters' | 'categories';

export interface RuleState {
  id: RuleId;
  met: boolean;
  /** The server's problem code for this rule: its message is not repeated while the rule shows as unmet. */
  code: string;
}

/** Length as the server counts it: code points after NFC normalisation. */
export function passwordLength(password: string): number {
  return [...password.normalize('NFC')].length;
}

/** The categories a password uses: lowercase, uppercase, digits, symbols (a blank space is none). */
export function categoryCount(password: string): number {
  return [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9 ]/].filter((re) => re.test(password)).length;
}

/**
 * The checklist for the policy's composition rules, ticked on the client for instant feedback.
 * The server's check stays authoritative (banned words, history, personal information).
 * The maximum length is listed only once it is exceeded.
 */
export function evaluateRules(password: string, rules: PasswordRules): RuleState[] {
  const length = passwordLength(password);
  const out: RuleState[] = [{ id: 'minLength', met: length >= rules.minLength, code: 'password.too_short' }];
  if (rules.minCategories > 0) out.push({ id: 'categories', met: categoryCount(password) >= rules.minCategories, code: 'password.complexity' });
  if (rules.entraCharacters) out.push({ id: 'characters', met: [...password].every((c) => ENTRA_ALLOWED.has(c)), code: 'password.invalid_characters' });
  if (length > rules.maxLength) out.push({ id: 'maxLength', met: false, code: 'password.too_long' });
  return out;
}
