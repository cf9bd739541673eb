import type { graphRolesEn } from './graph-roles.en.js';

/** Nederlandse teksten van Graphs roltoewijzingen (issue 15): de titels van de roles.*-codes die ze toevoegen. */
export const graphRolesNl: Record<keyof typeof graphRolesEn, string> = {
  'roles.principal_not_found': 'Er is geen gebruiker of app met deze id.',
  'roles.app_role_taken': 'Deze app heeft al een beheerdersrol. Verwijder die rol voordat je een andere toewijst.',
};
