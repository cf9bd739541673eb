/*
 * Password composition rules (reference §2.1): shared by the server's policy check and the web
 * app's live checklist, so both count length, characters and categories the same way.
 */

/** Entra's rules, or NIST SP 800-63B-4's (length only). */
export const policyProfiles = ['entra', 'nist'] as const;
export type PolicyProfile = (typeof policyProfiles)[number];

/** Entra's allowed symbols (reference §2.1); with A-Z, a-z, 0-9 and blank space. */
export const ENTRA_SYMBOLS = '@#$%^&*-_!+=[]{}|\\:\',.?/`~"();<>';
const ENTRA_ALLOWED = new Set([...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 ', ...ENTRA_SYMBOLS]);

/** The characters of a password outside Entra's set, each once, in order of appearance. */
export function nonEntraCharacters(password: string): string[] {
  return [...new Set([...password].filter((c) => !ENTRA_ALLOWED.has(c)))];
}

/** The four categories: lowercase, uppercase, digits, symbols (a blank space is none of them). */
export const passwordCategories = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9 ]/] as const;

/** How many of the four categories a password uses. */
export function categoryCount(password: string): number {
  return passwordCategories.filter((re) => re.test(password)).length;
}

/** Length as the policy counts it: code points after NFC normalisation (checklist I2). */
export function passwordLength(password: string): number {
  return [...password.normalize('NFC')].length;
}

/** The composition part of a policy. */
export interface CompositionRules {
  minLength: number;
  maxLength: number;
  /** Only Entra's character set: A-Z, a-z, 0-9, blank space and the Entra symbols. */
  entraCharacters: boolean;
  /** At least this many of lower, upper, digit, symbol (0 = no composition rule). */
  minCategories: number;
}

/** The composition rules of the policy that applies to the user, as the check endpoint sends them. */
export interface PasswordRules extends CompositionRules {
  profile: PolicyProfile;
}
