/* LDIF and security-descriptor pieces for the Samba AD harness (samba-ad.ts): users, groups, the delegation of the service account. */

export interface SambaUser {
  /** sAMAccountName; the user's CN is `displayName` when given, else this. */
  sam: string;
  password: string;
  givenName?: string;
  sn?: string;
  displayName?: string;
  mail?: string;
  mobile?: string;
  telephoneNumber?: string;
  department?: string;
  title?: string;
  /** userAccountControl 514 (ACCOUNTDISABLE) instead of 512. */
  disabled?: boolean;
}

export interface SambaGroup {
  cn: string;
  /** Member sAMAccountNames (users from `users`). */
  members: string[];
  description?: string;
}

/** A unicodePwd value: the password in double quotes, UTF-16LE (MS-ADTS 3.1.1.3.1.5.1), base64 for LDIF. */
export function unicodePwdLdif(password: string): string {
  return Buffer.from(`"${password}"`, 'utf16le').toString('base64');
}

/** The user's DN under `ou` (CN = display name, else sAMAccountName). */
export function sambaUserDn(user: Pick<SambaUser, 'sam' | 'displayName'>, ou: string): string {
  return `CN=${user.displayName ?? user.sam},${ou}`;
}

/** One user entry, password and userAccountControl in the same add (allowed over an encrypted connection). */
export function userLdif(u: SambaUser, ou: string, realm: string): string {
  const lines = [
    `dn: ${sambaUserDn(u, ou)}`,
    'objectClass: user',
    `sAMAccountName: ${u.sam}`,
    `userPrincipalName: ${u.sam}@${realm.toLowerCase()}`,
    u.givenName && `givenName: ${u.givenName}`,
    u.sn && `sn: ${u.sn}`,
    u.displayName && `displayName: ${u.displayName}`,
    u.mail && `mail: ${u.mail}`,
    u.mobile && `mobile: ${u.mobile}`,
    u.telephoneNumber && `telephoneNumber: ${u.telephoneNumber}`,
    u.department && `department: ${u.department}`,
    u.title && `title: ${u.title}`,
    `unicodePwd:: ${unicodePwdLdif(u.password)}`,
    `userAccountControl: ${u.disabled ? 514 : 512}`,
  ];
  return lines.filter((l): l is string => typeof l === 'string' && l !== '').join('\n');
}

export function groupLdif(g: SambaGroup, ou: string, users: SambaUser[]): string {
  const dnOf = (sam: string) => {
    const u = users.find((x) => x.sam === sam);
    if (!u) throw new Error(`group ${g.cn}: no seeded user ${sam}`);
    return sambaUserDn(u, ou);
  };
  return [
    `dn: CN=${g.cn},${ou}`,
    'objectClass: group',
    `sAMAccountName: ${g.cn}`,
    ...(g.description ? [`description: ${g.description}`] : []),
    ...g.members.map((m) => `member: ${dnOf(m)}`),
  ].join('\n');
}

/** A binary objectSid (base64, as ldapsearch prints it) as S-1-5-21-…. */
export function sidToString(base64: string): string {
  const b = Buffer.from(base64, 'base64');
  const count = b[1]!;
  const authority = b.readUIntBE(2, 6);
  const subs = Array.from({ length: count }, (_, i) => b.readUInt32LE(8 + 4 * i));
  return `S-${b[0]}-${authority}-${subs.join('-')}`;
}

const USER_CLASS = 'bf967aba-0de6-11d0-a285-00aa003049e2';
/** The rights docs/directory.md asks an AD admin to delegate to Latchkey's service account, on user objects below the OU. */
export const DELEGATED_RIGHTS = {
  resetPassword: `CR;00299570-246d-11d0-a768-00aa006e0529`,
  writeLockoutTime: `WP;28630ebf-41d5-11d1-a9c1-0000f80367c1`,
  writePwdLastSet: `WP;bf967a0a-0de6-11d0-a285-00aa003049e2`,
};

/** The three ACEs, inherited by user objects only (CIIO), for `samba-tool dsacl set --sddl`. */
export function delegationSddl(sid: string): string {
  return Object.values(DELEGATED_RIGHTS)
    .map((right) => `(OA;CIIO;${right};${USER_CLASS};${sid})`)
    .join('');
}
