/**
 * Character substitutions applied after lower-casing. The first four rows are Entra's documented
 * table (reference §8.2 step 1); the rest are further common ones. Each maps one character to one,
 * so positions in the normalised password line up with the lower-cased one.
 */
export const BANNED_SUBSTITUTIONS: Readonly<Record<string, string>> = Object.freeze({
  '0': 'o',
  '1': 'l',
  $: 's',
  '@': 'a',
  '3': 'e',
  '4': 'a',
  '5': 's',
  '7': 't',
  '!': 'i',
  '|': 'l',
  '+': 't',
});

const SUBSTITUTABLE = /[013457$@!|+]/g;

/**
 * Normalises a password or a list term for the banned-password check: NFC, locale-independent
 * lower case, then {@link BANNED_SUBSTITUTIONS}. Idempotent; list terms go through the same function
 * so that `Bl@nK` and `blank` meet.
 */
export function normalizeForBanned(s: string): string {
  // toLowerCase, not toLocaleLowerCase: the verdict must not depend on the server's locale.
  return s
    .normalize('NFC')
    .toLowerCase()
    .replace(SUBSTITUTABLE, (c) => BANNED_SUBSTITUTIONS[c] ?? c);
}

/** The code points of a string; the banned check counts characters as code points, like the policy. */
export function codePointsOf(s: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s.codePointAt(i)!;
    out.push(c);
    if (c > 0xffff) i++;
  }
  return out;
}
