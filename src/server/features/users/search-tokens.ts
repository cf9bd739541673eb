import { sortKey } from './model.js';

/**
 * The words a user is found by in Active users: each word of the display name, given name and
 * surname, the user principal name and mail (whole, local part, and its parts split at . _ -).
 * Search matches word prefixes, as the Microsoft 365 admin centre does, through an index instead
 * of a scan (100,000 users: bench/user-search.ts).
 */
export function searchTokens(user: {
  displayName: string;
  givenName?: string | null;
  surname?: string | null;
  userPrincipalName: string;
  mail?: string | null;
}): string[] {
  const tokens = new Set<string>();
  const words = (text: string | null | undefined) =>
    text
      ? sortKey(text)
          .split(/[^\p{L}\p{N}]+/u)
          .filter(Boolean)
      : [];
  for (const w of [...words(user.displayName), ...words(user.givenName), ...words(user.surname)]) tokens.add(w);
  for (const address of [user.userPrincipalName, user.mail]) {
    if (!address) continue;
    const key = sortKey(address);
    tokens.add(key);
    const local = key.split('@')[0]!;
    tokens.add(local);
    for (const part of local.split(/[._-]+/)) if (part) tokens.add(part);
  }
  return [...tokens].map((t) => t.slice(0, 128));
}

/** The search words of a term: the same splitting as the tokens, so "van dijk" finds "Van Dijk". */
export function searchWords(term: string): string[] {
  const key = sortKey(term.trim());
  if (key.includes('@')) return [key];
  return key
    .split(/[^\p{L}\p{N}._-]+/u)
    .filter(Boolean)
    .map((w) => w.slice(0, 128));
}
