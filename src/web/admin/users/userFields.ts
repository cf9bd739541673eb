/** Graph's `passwordPolicies` values that the admin centre offers as switches. */
export const NEVER_EXPIRES = 'DisablePasswordExpiration';
export const WEAKER_ALLOWED = 'DisableStrongPassword';

/** The policies in a Graph `passwordPolicies` string ("DisablePasswordExpiration, DisableStrongPassword"). */
export function parsePolicies(value: string | null): Set<string> {
  return new Set(
    (value ?? '')
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean),
  );
}

/** Back to Graph's form: comma separated in a fixed order, null for none. Unknown values are kept. */
export function formatPolicies(policies: Set<string>): string | null {
  const known = [NEVER_EXPIRES, WEAKER_ALLOWED].filter((p) => policies.has(p));
  const other = [...policies].filter((p) => p !== NEVER_EXPIRES && p !== WEAKER_ALLOWED);
  const all = [...known, ...other];
  return all.length ? all.join(', ') : null;
}

/** One entry per line or comma, trimmed, blanks dropped (alternate emails, office phones). */
export function splitList(value: string): string[] {
  return value
    .split(/[\n,;]/)
    .map((v) => v.trim())
    .filter(Boolean);
}

/** A text box's value for a nullable field: blank means null. */
export function nullable(value: string): string | null {
  const trimmed = value.trim();
  return trimmed ? trimmed : null;
}

/** The local part of a user principal name (before the last @). */
export function localPart(upn: string): string {
  const at = upn.lastIndexOf('@');
  return at < 0 ? upn : upn.slice(0, at);
}

/** A suggestion for the username from first and last name: "adele.vance", letters and digits only. */
export function suggestLocalPart(given: string, surname: string): string {
  const clean = (s: string) =>
    s
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '');
  return [clean(given), clean(surname)].filter(Boolean).join('.');
}
