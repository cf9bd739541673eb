import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';

/** A 256-bit token from the CSPRNG, base64url (ASVS 7.2.3: at least 128 bits). */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

export function newId(): string {
  return randomUUID();
}

/** SHA-256 of a high-entropy token: enough for tokens of 128+ bits (checklist S9). */
export function sha256(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('base64url');
}

export function hmac(key: string, value: string): string {
  return createHmac('sha256', key).update(value, 'utf8').digest('base64url');
}

/** Constant-time string comparison (checklist S7); unequal lengths compare false without a shortcut on content. */
export function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a, 'utf8');
  const bb = Buffer.from(b, 'utf8');
  if (ab.length !== bb.length) {
    timingSafeEqual(ab, ab);
    return false;
  }
  return timingSafeEqual(ab, bb);
}

/**
 * Encrypts a short secret for temporary storage (AES-256-GCM, a key derived from the server
 * secret for one purpose). Used only where a secret must survive a restart until it is shown once,
 * such as a bulk reset's generated passwords.
 */
const sealKeys = new Map<string, Buffer>();

/** The AES key for one purpose, derived once per secret and purpose (bulk resets seal thousands of values). */
function sealKey(serverSecret: string, purpose: string): Buffer {
  const id = `${purpose}\u0000${serverSecret}`;
  let key = sealKeys.get(id);
  if (!key) {
    key = Buffer.from(hkdfSync('sha256', serverSecret, 'latchkey', purpose, 32));
    sealKeys.set(id, key);
  }
  return key;
}

export function seal(serverSecret: string, purpose: string, plaintext: string): string {
  const key = sealKey(serverSecret, purpose);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
}

/** @throws Error when the sealed value was altered or sealed under another secret or purpose. */
export function unseal(serverSecret: string, purpose: string, sealed: string): string {
  const raw = Buffer.from(sealed, 'base64url');
  const key = sealKey(serverSecret, purpose);
  const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
  decipher.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
}
