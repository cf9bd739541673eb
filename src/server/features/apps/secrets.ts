import { hmac, randomToken, safeEqual } from '../../core/crypto.js';

/*
 * Client secrets (issue 15). A secret is 32 random bytes (256 bits, base64url), so a keyed hash
 * is enough to store it: no slow hash is needed against guessing a value that cannot be guessed
 * (NIST 800-63B-4 §3.1.1.2 applies slow hashing to chosen secrets; checklist S4: no secret in clear).
 */

/** A new client secret's value (shown once). */
export function newClientSecret(): string {
  return randomToken(32);
}

/** The stored form of a client secret. */
export function hashClientSecret(serverSecret: string, value: string): string {
  return hmac(serverSecret, `oauth-client-secret:${value}`);
}

/** Whether `value` is the secret stored as `hash` (constant time; checklist S7). */
export function clientSecretMatches(serverSecret: string, value: string, hash: string): boolean {
  return safeEqual(hashClientSecret(serverSecret, value), hash);
}
