import type { User } from '../core/identity.js';
import type { ODataFields } from './odata.js';

/*
 * Graph's user resource (api-reference/v1.0/resources/user.md) as Latchkey holds it.
 * Properties Graph has and Latchkey does not store answer null (officeLocation) or are derived
 * (mailNickname from the user principal name; userType is always Member): docs/graph.md.
 */

/** What `GET /users` answers without `$select` (Graph's default set of 11). */
export const DEFAULT_USER_PROPERTIES = [
  'businessPhones',
  'displayName',
  'givenName',
  'jobTitle',
  'mail',
  'mobilePhone',
  'officeLocation',
  'preferredLanguage',
  'surname',
  'userPrincipalName',
  'id',
] as const;

/** Every property `$select` may name. */
export const SELECTABLE_USER_PROPERTIES = [
  ...DEFAULT_USER_PROPERTIES,
  'accountEnabled',
  'createdDateTime',
  'department',
  'lastPasswordChangeDateTime',
  'mailNickname',
  'onPremisesDistinguishedName',
  'onPremisesImmutableId',
  'onPremisesLastSyncDateTime',
  'onPremisesSamAccountName',
  'onPremisesSyncEnabled',
  'otherMails',
  'passwordPolicies',
  'passwordProfile',
  'userType',
] as const;

const text = ['eq', 'ne', 'startswith', 'in'] as const;

/** What `$filter`, `$search` and `$orderby` may use (Graph's list for users, aad-advanced-queries.md, as far as Latchkey stores it). */
export const USER_FIELDS: ODataFields = {
  id: { type: 'guid', filter: ['eq', 'ne', 'in'] },
  userPrincipalName: { type: 'string', filter: text, orderBy: true, search: true },
  displayName: { type: 'string', filter: text, orderBy: true, search: true },
  mail: { type: 'string', filter: text, search: true },
  givenName: { type: 'string', filter: text, search: true },
  surname: { type: 'string', filter: text, search: true },
  department: { type: 'string', filter: text },
  jobTitle: { type: 'string', filter: text },
  mobilePhone: { type: 'string', filter: text },
  preferredLanguage: { type: 'string', filter: text },
  accountEnabled: { type: 'boolean', filter: ['eq', 'ne'] },
  onPremisesSyncEnabled: { type: 'boolean', filter: ['eq', 'ne'] },
  createdDateTime: { type: 'datetime', filter: ['ge', 'le', 'gt', 'lt'] },
  lastPasswordChangeDateTime: { type: 'datetime', filter: ['ge', 'le', 'gt', 'lt'] },
};

const iso = (d: Date | null | undefined): string | null => (d ? d.toISOString().replace(/\.\d{3}Z$/, 'Z') : null);

/** Graph's passwordPolicies string. */
function passwordPolicies(user: User): string | null {
  const flags = [user.disablePasswordExpiration && 'DisablePasswordExpiration', user.disableStrongPassword && 'DisableStrongPassword'].filter(Boolean);
  return flags.length ? flags.join(', ') : null;
}

/** Every property Latchkey can answer for a user, by Graph's names (selectProperties picks from it). */
export function graphUser(user: User): Record<string, unknown> {
  return {
    id: user.id,
    businessPhones: user.businessPhones,
    displayName: user.displayName,
    givenName: user.givenName,
    jobTitle: user.jobTitle,
    mail: user.mail,
    mobilePhone: user.mobilePhone,
    officeLocation: null,
    preferredLanguage: user.preferredLanguage,
    surname: user.surname,
    userPrincipalName: user.userPrincipalName,
    accountEnabled: user.accountEnabled,
    createdDateTime: iso(user.createdAt),
    department: user.department,
    lastPasswordChangeDateTime: iso(user.lastPasswordChangeAt),
    mailNickname: user.userPrincipalName.split('@')[0] ?? null,
    // Graph: true for synced users, null for cloud-only ones.
    onPremisesSyncEnabled: user.onPremises ? true : null,
    onPremisesDistinguishedName: user.onPremises?.distinguishedName ?? null,
    onPremisesImmutableId: user.onPremises?.immutableId ?? null,
    onPremisesLastSyncDateTime: iso(user.onPremises?.lastSyncAt),
    onPremisesSamAccountName: user.onPremises?.samAccountName ?? null,
    otherMails: user.otherMails,
    passwordPolicies: passwordPolicies(user),
    // The password itself is never returned (Graph: always null); the with-MFA flag is not read back (docs/graph.md).
    passwordProfile: { password: null, forceChangePasswordNextSignIn: user.forceChangePassword },
    userType: 'Member',
  };
}
