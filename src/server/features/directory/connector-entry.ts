/* Maps an LDAP search entry to a DirectoryEntry / DirectoryGroupEntry (issue 14), per the kind's attribute map. */
import type { Entry } from 'ldapts';
import { STATE_ATTRIBUTES, type AttributeMap, type DirectoryConnectionSettings } from './config.js';
import type { DirectoryEntry, DirectoryGroupEntry, DirectoryKind } from '../../core/directory.js';

/** ppolicy's "locked until an administrator unlocks" value, which Latchkey reads as disabled. */
export const OPENLDAP_DISABLED = '000001010000Z';
/** Binary attributes ldapts must hand over as buffers. */
export const BUFFER_ATTRIBUTES = ['objectGUID'];

/** Every attribute a user search asks for. */
export function userAttributes(settings: DirectoryConnectionSettings): string[] {
  return [...new Set([...Object.values(settings.attributes).flat(), 'cn', ...STATE_ATTRIBUTES[settings.kind]])];
}

type Raw = Entry[string];

/** Values of the attribute, whatever case the server spelled its name in. */
function values(entry: Entry, attribute: string): Raw[] {
  const key = Object.keys(entry).find((k) => k.toLowerCase() === attribute.toLowerCase());
  if (!key) return [];
  const value = entry[key];
  return (Array.isArray(value) ? value : [value]) as Raw[];
}

function strings(entry: Entry, attribute: string): string[] {
  return values(entry, attribute)
    .map((v) => (Buffer.isBuffer(v) ? v.toString('utf8') : String(v)))
    .filter((v) => v.length > 0);
}

function first(entry: Entry, attributes: string[]): string | null {
  for (const attribute of attributes) {
    const [value] = strings(entry, attribute);
    if (value) return value;
  }
  return null;
}

/** LDAP generalized time (YYYYMMDDHHMMSS[.fff]Z) as a Date; null when unreadable. */
export function parseGeneralizedTime(value: string | null): Date | null {
  const m = value ? /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(?:[.,](\d+))?Z$/.exec(value) : null;
  if (!m) return null;
  const [, y, mo, d, h, mi, s, frac] = m;
  const ms = frac ? Math.round(Number(`0.${frac}`) * 1000) : 0;
  return new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), ms));
}

/** AD FILETIME (100 ns since 1601) as a Date; null for 0 / absent. */
export function fileTimeToDate(value: string | null): Date | null {
  if (!value || !/^\d+$/.test(value) || value === '0') return null;
  return new Date(Number(BigInt(value) / 10_000n - 11_644_473_600_000n));
}

function immutableId(entry: Entry, map: AttributeMap): string | null {
  for (const attribute of map.immutableId) {
    const [raw] = values(entry, attribute);
    if (Buffer.isBuffer(raw) && raw.length > 0) return raw.toString('hex');
    if (typeof raw === 'string' && raw) return raw.toLowerCase();
  }
  return null;
}

/** The first RDN's value: the login name of last resort. */
function rdnValue(dn: string): string {
  return /^[^=]+=((?:\\.|[^,+])*)/.exec(dn)?.[1]?.replace(/\\(.)/g, '$1') ?? dn;
}

function lockState(kind: DirectoryKind, entry: Entry): { enabled: boolean; lockedAt: Date | null; mustChange: boolean } {
  if (kind === 'openldap') {
    const locked = first(entry, ['pwdAccountLockedTime']);
    const disabled = locked === OPENLDAP_DISABLED;
    return { enabled: !disabled, lockedAt: disabled ? null : parseGeneralizedTime(locked), mustChange: first(entry, ['pwdReset'])?.toUpperCase() === 'TRUE' };
  }
  const uac = Number(first(entry, ['userAccountControl']) ?? '0');
  return { enabled: (uac & 2) === 0, lockedAt: fileTimeToDate(first(entry, ['lockoutTime'])), mustChange: first(entry, ['pwdLastSet']) === '0' };
}

/** One user entry in Latchkey's (Graph's) names. */
export function toDirectoryEntry(entry: Entry, settings: DirectoryConnectionSettings, defaultDomain: string): DirectoryEntry {
  const map = settings.attributes;
  const uid = first(entry, map.uid) ?? rdnValue(entry.dn);
  const upn = (first(entry, map.userPrincipalName) ?? `${uid}@${defaultDomain}`).toLowerCase();
  return {
    dn: entry.dn,
    immutableId: immutableId(entry, map) ?? entry.dn,
    uid,
    userPrincipalName: upn,
    mail: first(entry, map.mail),
    givenName: first(entry, map.givenName),
    surname: first(entry, map.surname),
    displayName: first(entry, map.displayName) ?? first(entry, ['cn']) ?? uid,
    mobilePhone: first(entry, map.mobilePhone),
    businessPhones: map.businessPhones.flatMap((a) => strings(entry, a)),
    department: first(entry, map.department),
    jobTitle: first(entry, map.jobTitle),
    ...lockState(settings.kind, entry),
    groups: map.memberOf.flatMap((a) => strings(entry, a)),
  };
}

export const GROUP_ATTRIBUTES = ['cn', 'displayName', 'description', 'member', 'uniqueMember', 'entryUUID', 'objectGUID'];

/** One group entry. */
export function toDirectoryGroup(entry: Entry): DirectoryGroupEntry {
  const id = immutableId(entry, { immutableId: ['entryUUID', 'objectGUID'] } as AttributeMap);
  return {
    dn: entry.dn,
    immutableId: id ?? entry.dn,
    displayName: first(entry, ['displayName', 'cn']) ?? rdnValue(entry.dn),
    description: first(entry, ['description']),
    members: [...strings(entry, 'member'), ...strings(entry, 'uniqueMember').map((m) => m.replace(/#'?[01]+'?B$/, ''))],
  };
}
