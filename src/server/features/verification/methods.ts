import { randomInt } from 'node:crypto';
import * as OTPAuth from 'otpauth';

/** Codes are 8 CSPRNG digits (checklist R4: at least 6; the MFA cheat sheet's 8), valid 5 minutes (reference §7.11). */
export const CODE_DIGITS = 8;
export const CODE_LIFETIME_SECONDS = 300;

export function generateCode(): string {
  let code = '';
  for (let i = 0; i < CODE_DIGITS; i++) code += String(randomInt(10));
  return code;
}

/** Accepts what people type: spaces and dashes between digit groups are ignored. */
export function normalizeCode(input: string): string {
  return input.replace(/[\s-]/g, '');
}

const BULLET = '\u2022';

/** `jan.jansen@contoso.com` -> `j•••••••@c••••••.com`: enough to recognise, too little to learn (Entra shows the same). */
export function maskEmail(address: string): string {
  const at = address.lastIndexOf('@');
  const local = address.slice(0, at);
  const domain = address.slice(at + 1);
  const dot = domain.lastIndexOf('.');
  const host = dot > 0 ? domain.slice(0, dot) : domain;
  const tld = dot > 0 ? domain.slice(dot) : '';
  return `${local.slice(0, 1)}${BULLET.repeat(Math.max(3, local.length - 1))}@${host.slice(0, 1)}${BULLET.repeat(Math.max(3, host.length - 1))}${tld}`;
}

/** `+31612345678` -> `+•• ••••••• 78`: the last two digits only. */
export function maskPhone(e164: string): string {
  return `+${BULLET.repeat(2)} ${BULLET.repeat(Math.max(3, e164.length - 5))} ${e164.slice(-2)}`;
}

/** TOTP as authenticator apps implement it: SHA-1, 6 digits, 30-second steps (RFC 6238). */
export const TOTP_PERIOD = 30;

export function newTotpSecret(): string {
  return new OTPAuth.Secret({ size: 20 }).base32;
}

export function totpUri(secretBase32: string, issuer: string, account: string): string {
  return new OTPAuth.TOTP({
    issuer,
    label: account,
    secret: OTPAuth.Secret.fromBase32(secretBase32),
    algorithm: 'SHA1',
    digits: 6,
    period: TOTP_PERIOD,
  }).toString();
}

/**
 * Checks a TOTP code against the steps around `now`, ±1 step (checklist R23: ±1 accepted, ±2
 * refused; the client's clock is never asked). @returns the matching step, or null.
 */
export function matchTotp(secretBase32: string, code: string, now: Date): number | null {
  const totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secretBase32), algorithm: 'SHA1', digits: 6, period: TOTP_PERIOD });
  const delta = totp.validate({ token: code, timestamp: now.getTime(), window: 1 });
  if (delta === null) return null;
  return Math.floor(now.getTime() / 1000 / TOTP_PERIOD) + delta;
}

/** The current code of a secret (tests and the CLI's demo use it; the server never shows it). */
export function totpCode(secretBase32: string, at: Date): string {
  return new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secretBase32), algorithm: 'SHA1', digits: 6, period: TOTP_PERIOD }).generate({
    timestamp: at.getTime(),
  });
}

/**
 * Security answers are compared after normalising case, width and spacing (checklist R25f), so
 * "  Amsterdam " and "amsterdam" match; the normalised form is what gets hashed.
 */
export function normalizeAnswer(answer: string): string {
  return answer.normalize('NFKC').toLocaleLowerCase('und').replace(/\s+/g, ' ').trim();
}

/**
 * Answers anyone could guess without knowing the person (checklist R25d): one repeated character,
 * a run of consecutive digits or letters, or a non-answer. Compared after {@link normalizeAnswer}.
 */
export function isTrivialAnswer(normalised: string): boolean {
  const compact = normalised.replace(/[\s.\-_/]/g, '');
  if (/^(.)\1*$/u.test(compact)) return true;
  const run = (alphabet: string) => alphabet.includes(compact) || [...alphabet].reverse().join('').includes(compact);
  if (compact.length >= 3 && (run('0123456789') || run('abcdefghijklmnopqrstuvwxyz') || run('qwertyuiop') || run('asdfghjkl'))) return true;
  return [
    'none',
    'nothing',
    'unknown',
    'idk',
    'na',
    'geen',
    'niets',
    'onbekend',
    'weetniet',
    'nvt',
    'password',
    'wachtwoord',
    'answer',
    'antwoord',
    'test',
    'secret',
  ].includes(compact);
}
