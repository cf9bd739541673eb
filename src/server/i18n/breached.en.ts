/** English texts of the breached-password check (issue 17; checklist P5): policy issues and `latchkey breached`. */
export const breachedEn = {
  'password.breached': 'This password has appeared in a known data breach, so attackers try it first. Choose a different one.',
  'password.breached_unavailable': 'We can\u2019t check this password against known data breaches right now. Try again in a few minutes.',

  'cli.breached.progress': 'Importing breached-password hashes (bytes read)',
  'cli.breached.bad_line': 'Line {line}: not a SHA-1 hash (40 hexadecimal digits, optionally followed by :count); skipped.',
  'cli.breached.more_bad_lines': '… and {count} more bad lines.',
  'cli.breached.imported':
    'Imported {entries} hashes from {file}: {lines} lines read, {bad} bad lines skipped, in {seconds} s. This list replaces the previous one.',
  'cli.breached.empty': 'No hashes found in {file} ({bad} bad lines); the previous list is kept.',
  'cli.breached.interrupted': 'Interrupted: nothing changed; the check still uses the previous list.',
  'cli.breached.url_wins':
    'Note: LATCHKEY_BREACHED_PASSWORDS_URL is set, so the check asks the range service; the imported list is used when that setting is removed.',
  'cli.breached.status_online': 'Breached-password check: range service {url}.',
  'cli.breached.status_offline': 'Breached-password check: the imported list, {entries} hashes from {file}, imported {at}.',
  'cli.breached.status_off': 'Breached-password check: no source (set LATCHKEY_BREACHED_PASSWORDS_URL, or run latchkey breached import <file>).',
  'cli.breached.status_imported_unused': 'An imported list is also stored: {entries} hashes from {file}, imported {at} (used when the URL is removed).',
} as const;
