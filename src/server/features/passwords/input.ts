import { passwordLength } from '../../../shared/password-rules.js';

/** The longest password accepted anywhere, in code points after NFC (NIST 800-63B-4 §3.1.1.2; checklist P2, I5). */
export const MAX_PASSWORD_CODE_POINTS = 256;

/**
 * NFC-normalises a password (checklist I1) without trimming, folding or truncating it (I3, I4).
 * @returns the normalised password, or null when it is longer than the maximum, so that callers
 *   refuse it before any hashing.
 */
export function normalizePassword(password: string): string | null {
  const normalized = password.normalize('NFC');
  return passwordLength(normalized) > MAX_PASSWORD_CODE_POINTS ? null : normalized;
}
