import type { User } from '../../core/identity.js';

/** The directory fields an admin or an import sets. */
export interface UserFields {
  userPrincipalName: string;
  displayName: string;
  givenName?: string | null;
  surname?: string | null;
  mail?: string | null;
  otherMails?: string[];
  mobilePhone?: string | null;
  businessPhones?: string[];
  department?: string | null;
  jobTitle?: string | null;
  accountEnabled?: boolean;
  preferredLanguage?: string | null;
  disablePasswordExpiration?: boolean;
  disableStrongPassword?: boolean;
}

/** Case-insensitive keys used for look-up (checklist I6: one canonical form per identifier). */
export const identifierKey = (value: string): string => value.normalize('NFC').toLowerCase();
export const sortKey = (value: string): string => value.normalize('NFC').toLocaleLowerCase('en');

/** Graph's passwordPolicies string from the two flags. */
export function passwordPoliciesOf(user: Pick<User, 'disablePasswordExpiration' | 'disableStrongPassword'>): string | null {
  const flags = [user.disablePasswordExpiration && 'DisablePasswordExpiration', user.disableStrongPassword && 'DisableStrongPassword'].filter(Boolean);
  return flags.length ? flags.join(', ') : null;
}
