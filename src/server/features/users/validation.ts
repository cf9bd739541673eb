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

/** E.164-like phone numbers, spaces allowed for readability: +31 20 123 4567. */
export function isValidPhone(value: string): boolean {
  return /^\+[1-9][0-9 ]{6,20}$/.test(value) && value.replace(/ /g, '').length <= 16;
}
