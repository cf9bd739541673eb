/*
 * The directory connection's settings from the configuration (issue 14), and the attribute maps:
 * which LDAP attribute holds each of Latchkey's (Graph's) user fields, per directory kind, with
 * LATCHKEY_DIRECTORY_ATTRIBUTES overrides.
 */
import { readFileSync } from 'node:fs';
import { AppError } from '../../core/errors.js';
import { DIRECTORY_ATTRIBUTE_FIELDS, type Config, type DirectoryAttributeField } from '../../config/schema.js';
import type { DirectoryKind } from '../../core/directory.js';

/** Field → LDAP attributes to try in order (the first with a value wins). */
export type AttributeMap = Record<DirectoryAttributeField, string[]>;

export interface DirectoryConnectionSettings {
  kind: DirectoryKind;
  url: string;
  startTls: boolean;
  bindDn: string;
  /** The service account's secret: never logged (checklist AU3). */
  bindPassword: string;
  baseDn: string;
  userFilter: string;
  groupFilter: string;
  /** PEM of the CA file, read once; undefined = the system's CAs. */
  ca?: Buffer;
  caFile?: string;
  timeoutMs: number;
  syncIntervalMinutes: number;
  attributes: AttributeMap;
}

const OPENLDAP_MAP: AttributeMap = {
  uid: ['uid'],
  // No UPN on OpenLDAP: mail, else uid@<default domain> (connector-entry.ts).
  userPrincipalName: ['mail'],
  mail: ['mail'],
  givenName: ['givenName'],
  surname: ['sn'],
  displayName: ['displayName', 'cn'],
  mobilePhone: ['mobile'],
  businessPhones: ['telephoneNumber'],
  department: ['departmentNumber', 'ou'],
  jobTitle: ['title'],
  memberOf: ['memberOf'],
  immutableId: ['entryUUID'],
  changeMarker: ['modifyTimestamp'],
};

const AD_MAP: AttributeMap = {
  uid: ['sAMAccountName'],
  userPrincipalName: ['userPrincipalName'],
  mail: ['mail'],
  givenName: ['givenName'],
  surname: ['sn'],
  displayName: ['displayName', 'cn'],
  mobilePhone: ['mobile'],
  businessPhones: ['telephoneNumber'],
  department: ['department'],
  jobTitle: ['title'],
  memberOf: ['memberOf'],
  immutableId: ['objectGUID'],
  changeMarker: ['uSNChanged'],
};

/** The lock, disable and must-change attributes, per kind (not overridable: their meaning is the directory's). */
export const STATE_ATTRIBUTES: Record<DirectoryKind, string[]> = {
  openldap: ['pwdAccountLockedTime', 'pwdReset', 'pwdPolicySubentry'],
  'active-directory': ['userAccountControl', 'lockoutTime', 'pwdLastSet'],
};

export const DEFAULT_FILTERS: Record<DirectoryKind, { users: string; groups: string }> = {
  openldap: { users: '(objectClass=inetOrgPerson)', groups: '(|(objectClass=groupOfNames)(objectClass=groupOfUniqueNames))' },
  'active-directory': { users: '(&(objectCategory=person)(objectClass=user))', groups: '(objectClass=group)' },
};

/** The kind's default map with `overrides` ("mail=mail,mobilePhone=pager") applied; the schema has checked the syntax. */
export function attributeMap(kind: DirectoryKind, overrides?: string): AttributeMap {
  const map = Object.fromEntries(Object.entries(kind === 'openldap' ? OPENLDAP_MAP : AD_MAP).map(([k, v]) => [k, [...v]])) as AttributeMap;
  for (const pair of (overrides ?? '').split(',')) {
    const [field, attribute] = pair.split('=').map((s) => s.trim());
    if (field && attribute && (DIRECTORY_ATTRIBUTE_FIELDS as readonly string[]).includes(field)) map[field as DirectoryAttributeField] = [attribute];
  }
  return map;
}

/**
 * The connection settings, or null when no directory is configured (LATCHKEY_DIRECTORY_URL unset).
 * Reads the CA file. load.ts has already read the bind password file into directoryBindPassword.
 * @throws AppError directory.misconfigured when the CA file cannot be read, or the password is missing
 */
export function directoryConnectionFrom(config: Config): DirectoryConnectionSettings | null {
  if (!config.directoryUrl) return null;
  const kind = config.directoryKind;
  let ca: Buffer | undefined;
  if (config.directoryCaFile) {
    try {
      ca = readFileSync(config.directoryCaFile);
    } catch (err) {
      throw new AppError('directory.misconfigured', { params: { reason: 'ca_file' }, cause: err });
    }
  }
  // load.ts has read LATCHKEY_DIRECTORY_BIND_PASSWORD_FILE into directoryBindPassword already.
  const bindPassword = config.directoryBindPassword;
  if (!bindPassword || !config.directoryBindDn || !config.directoryBaseDn) throw new AppError('directory.misconfigured', { params: { reason: 'settings' } });
  return {
    kind,
    url: config.directoryUrl.replace(/\/$/, ''),
    startTls: config.directoryStartTls,
    bindDn: config.directoryBindDn,
    bindPassword,
    baseDn: config.directoryBaseDn,
    userFilter: config.directoryUserFilter ?? DEFAULT_FILTERS[kind].users,
    groupFilter: config.directoryGroupFilter ?? DEFAULT_FILTERS[kind].groups,
    ...(ca ? { ca, caFile: config.directoryCaFile } : {}),
    timeoutMs: config.directoryTimeoutMs,
    syncIntervalMinutes: config.directorySyncIntervalMinutes,
    attributes: attributeMap(kind, config.directoryAttributes),
  };
}
