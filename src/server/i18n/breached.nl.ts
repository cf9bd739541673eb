import type { breachedEn } from './breached.en.js';

/** Nederlandse teksten van de controle op gelekte wachtwoorden: beleidsmeldingen en `latchkey breached`. */
export const breachedNl: Record<keyof typeof breachedEn, string> = {
  'password.breached': 'Dit wachtwoord komt voor in een bekend datalek, dus aanvallers proberen het als eerste. Kies een ander wachtwoord.',
  'password.breached_unavailable': 'We kunnen dit wachtwoord nu niet controleren op bekende datalekken. Probeer het over een paar minuten opnieuw.',

  'cli.breached.progress': 'Hashes van gelekte wachtwoorden importeren (gelezen bytes)',
  'cli.breached.bad_line': 'Regel {line}: geen SHA-1-hash (40 hexadecimale tekens, eventueel gevolgd door :aantal); overgeslagen.',
  'cli.breached.more_bad_lines': '… en nog {count} foute regels.',
  'cli.breached.imported':
    '{entries} hashes geïmporteerd uit {file}: {lines} regels gelezen, {bad} foute regels overgeslagen, in {seconds} s. Deze lijst vervangt de vorige.',
  'cli.breached.empty': 'Geen hashes gevonden in {file} ({bad} foute regels); de vorige lijst blijft in gebruik.',
  'cli.breached.interrupted': 'Onderbroken: er is niets veranderd; de controle gebruikt nog de vorige lijst.',
  'cli.breached.url_wins':
    'Let op: LATCHKEY_BREACHED_PASSWORDS_URL is ingesteld, dus de controle gebruikt de online controledienst; de geïmporteerde lijst wordt gebruikt zodra die instelling weg is.',
  'cli.breached.status_online': 'Controle op gelekte wachtwoorden: online controledienst {url}.',
  'cli.breached.status_offline': 'Controle op gelekte wachtwoorden: de geïmporteerde lijst, {entries} hashes uit {file}, geïmporteerd op {at}.',
  'cli.breached.status_off':
    'Controle op gelekte wachtwoorden: geen bron (stel LATCHKEY_BREACHED_PASSWORDS_URL in, of voer latchkey breached import <bestand> uit).',
  'cli.breached.status_imported_unused':
    'Er is ook een geïmporteerde lijst opgeslagen: {entries} hashes uit {file}, geïmporteerd op {at} (gebruikt zodra de URL weg is).',
};
