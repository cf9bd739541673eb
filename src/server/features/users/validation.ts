/**
 * Entra's user principal name rules (reference §2.3): letters, digits and ' . - _ ! # ^ ~ before
 * the @, no dot right before it, at most 64 characters before and 48 after, 113 in all.
 */
export function isValidUpn(value: string): boolean {
  if (value.length > 113) return false;
  const at = value.indexOf('@');
  if (at <= 0 || at !== value.lastIndexOf('@')) return false;
  const local = value.slice(0, at);
  const domain = value.slice(at + 1);
  if (local.length > 64 || domain.length === 0 || domain.length > 48) return false;
  if (local.endsWith('.')) return false;
  if (!/^[A-Za-z0-9'.\-_!#^~]+$/.test(local)) return false;
  return /^([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$/.test(domain);
}

export function domainOf(upn: string): string {
  return upn.slice(upn.indexOf('@') + 1).toLowerCase();
}

/** A plain email address check for directory fields (not an RFC 5322 parser, on purpose). */
export function isValidEmail(value: string): boolean {
  return value.length <= 254 && /^[^\s@<>()[\],;:"]+@[^\s@<>()[\],;:"]+\.[^\s@<>()[\],;:"]{2,}$/u.test(value);
}

/**
 * The one phone parser: a number in E.164 form, as Entra requires `+CountryCode Number` (reference
 * §7.4). Spaces, dots, dashes and parentheses are dropped; extensions are not supported.
 * @returns the compact E.164 form (`+31201234567`), or null when it is not one.
 */
export function parsePhone(input: string): string | null {
  // "+31 (0)6 ..." writes the national trunk prefix in brackets; it is not dialled from abroad.
  const compact = input
    .trim()
    .replace(/\(0\)/g, '')
    .replace(/[\s().-]/g, '');
  return /^\+[1-9]\d{6,14}$/.test(compact) ? compact : null;
}

/**
 * Directory fields (mobile and business phones) keep the number as typed, so they accept less:
 * only digits and spaces for readability (+31 20 123 4567), and the number must parse.
 */
export function isValidPhone(value: string): boolean {
  return /^\+[1-9][0-9 ]{6,20}$/.test(value) && parsePhone(value) !== null;
}
