import type { graphPasswordsEn } from './graph-passwords.en.js';

/** Nederlandse teksten van de Graph-routes voor wachtwoorden en verificatiemethoden (issue 15). */
export const graphPasswordsNl: Record<keyof typeof graphPasswordsEn, string> = {
  'graph_passwords.operation_not_found': 'Er is geen bewerking voor het opnieuw instellen van een wachtwoord met deze id voor deze gebruiker.',
};
