import { hmac, safeEqual } from '../../core/crypto.js';

/**
 * One-time codes are stored as a keyed hash bound to what they were issued for (a verification
 * or a flow and method; checklist R8), so a code from one context never fits another and a
 * database reader learns nothing (S9). Eight digits have too little entropy for a plain hash.
 */
export function codeHash(secret: string, binding: string, code: string): string {
  return hmac(secret, `code:${binding}:${code}`);
}

/** Compares in constant time; a missing stored hash still costs one HMAC (no timing difference). */
export function codeMatches(secret: string, binding: string, code: string, stored: string | null | undefined): boolean {
  const candidate = codeHash(secret, binding, code);
  return safeEqual(candidate, stored ?? hmac(secret, 'code:none'));
}
