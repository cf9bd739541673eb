/* The slapd harness's seed LDIF: base, OUs, service account, default ppolicy, users and groups. */
import { createHash, randomBytes } from 'node:crypto';
import type { SlapdPolicy } from './slapd-conf.js';

const BASE_DN = 'dc=contoso,dc=example';

export interface SlapdUser {
  uid: string;
  password: string;
  cn?: string;
  givenName?: string;
  sn?: string;
  displayName?: string;
  mail?: string;
  mobile?: string;
  telephoneNumber?: string;
  departmentNumber?: string;
  title?: string;
  /** Seeds pwdAccountLockedTime 000001010000Z: ppolicy's "locked until an administrator unlocks". */
  disabled?: boolean;
}

export interface SlapdGroup {
  cn: string;
  /** Member uids (users from `users`). */
  members: string[];
  description?: string;
}

export interface SlapdOptions {
  users?: SlapdUser[];
  groups?: SlapdGroup[];
  /** Overrides of cn=default,ou=policies (pwdMinLength 8, pwdInHistory 3, pwdMaxFailure 5, …). */
  policy?: Partial<SlapdPolicy>;
  /** Throwaway CA + server certificate: ldaps on a second port and StartTLS on the ldap:// one. */
  tls?: boolean;
}

/** {SSHA} of a password, as slappasswd makes it: seeded entries need a hash, not clear text. */
export function ssha(password: string): string {
  const salt = randomBytes(8);
  const digest = createHash('sha1').update(password, 'utf8').update(salt).digest();
  return `{SSHA}${Buffer.concat([digest, salt]).toString('base64')}`;
}

export function seedLdif(options: SlapdOptions, servicePassword: string, policy: SlapdPolicy): string {
  const e = (lines: (string | false | undefined)[]) => lines.filter((l): l is string => typeof l === 'string').join('\n');
  const entries = [
    e([`dn: ${BASE_DN}`, 'objectClass: dcObject', 'objectClass: organization', 'dc: contoso', 'o: Contoso']),
    ...['people', 'groups', 'services', 'policies'].map((ou) => e([`dn: ou=${ou},${BASE_DN}`, 'objectClass: organizationalUnit', `ou: ${ou}`])),
    e([
      `dn: cn=latchkey,ou=services,${BASE_DN}`,
      'objectClass: applicationProcess',
      'objectClass: simpleSecurityObject',
      'cn: latchkey',
      `userPassword: ${ssha(servicePassword)}`,
    ]),
    e([
      `dn: cn=default,ou=policies,${BASE_DN}`,
      'objectClass: device',
      'objectClass: pwdPolicy',
      'cn: default',
      'pwdAttribute: userPassword',
      ...Object.entries(policy).map(([k, v]) => `${k}: ${typeof v === 'boolean' ? (v ? 'TRUE' : 'FALSE') : v}`),
    ]),
    ...(options.users ?? []).map((u) =>
      e([
        `dn: uid=${u.uid},ou=people,${BASE_DN}`,
        'objectClass: inetOrgPerson',
        `uid: ${u.uid}`,
        `cn: ${u.cn ?? ([u.givenName, u.sn].filter(Boolean).join(' ') || u.uid)}`,
        `sn: ${u.sn ?? u.uid}`,
        u.givenName && `givenName: ${u.givenName}`,
        u.displayName && `displayName: ${u.displayName}`,
        u.mail && `mail: ${u.mail}`,
        u.mobile && `mobile: ${u.mobile}`,
        u.telephoneNumber && `telephoneNumber: ${u.telephoneNumber}`,
        u.departmentNumber && `departmentNumber: ${u.departmentNumber}`,
        u.title && `title: ${u.title}`,
        `userPassword: ${ssha(u.password)}`,
        u.disabled && 'pwdAccountLockedTime: 000001010000Z',
      ]),
    ),
  ];
  return entries.join('\n\n') + '\n';
}

export function groupLdif(groups: SlapdGroup[]): string {
  return groups
    .map((g) =>
      [
        `dn: cn=${g.cn},ou=groups,${BASE_DN}`,
        'objectClass: groupOfNames',
        `cn: ${g.cn}`,
        ...(g.description ? [`description: ${g.description}`] : []),
        // groupOfNames needs a member; an empty group points at itself' OU, as is common practice.
        ...(g.members.length ? g.members.map((m) => `member: uid=${m},ou=people,${BASE_DN}`) : [`member: ou=groups,${BASE_DN}`]),
      ].join('\n'),
    )
    .join('\n\n');
}
