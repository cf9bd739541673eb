/* slapd.conf for the test harness (testing/slapd.ts): schemas, mdb, ppolicy, memberof, ACLs. */
import { existsSync } from 'node:fs';
import path from 'node:path';

/** The ppolicy attributes of the harness's default policy (cn=default,ou=policies). */
export interface SlapdPolicy {
  pwdMinLength: number;
  pwdInHistory: number;
  pwdMaxFailure: number;
  pwdLockout: boolean;
  /** Seconds; 0 = locked until an administrator unlocks. */
  pwdLockoutDuration: number;
  pwdMustChange: boolean;
  pwdMinAge: number;
  /** Seconds; 0 = passwords never expire. */
  pwdMaxAge: number;
  pwdAllowUserChange: boolean;
  /** 2 = refuse what cannot be checked; with clear text (ppolicy_hash_cleartext) pwdMinLength is checked. */
  pwdCheckQuality: number;
  pwdFailureCountInterval: number;
}

export interface SlapdCerts {
  caFile: string;
  certFile: string;
  keyFile: string;
}

export function slapdConf(o: { dir: string; baseDn: string; rootDn: string; rootPasswordHash: string; serviceDn: string; certs?: SlapdCerts }): string {
  const memberof = existsSync('/usr/lib/ldap/memberof.la');
  return [
    ...['core', 'cosine', 'inetorgperson', 'nis'].map((s) => `include /etc/ldap/schema/${s}.schema`),
    `pidfile ${path.join(o.dir, 'slapd.pid')}`,
    `argsfile ${path.join(o.dir, 'slapd.args')}`,
    'modulepath /usr/lib/ldap',
    'moduleload back_mdb',
    'moduleload ppolicy',
    ...(memberof ? ['moduleload memberof'] : []),
    'loglevel none',
    // Like many directories (AD among them), accept an unauthenticated bind (a DN with an empty password) as anonymous,
    // so the tests prove Latchkey never takes such a bind for a password check (RFC 4513 5.1.2).
    'allow bind_anon_dn',
    ...(o.certs ? [`TLSCACertificateFile ${o.certs.caFile}`, `TLSCertificateFile ${o.certs.certFile}`, `TLSCertificateKeyFile ${o.certs.keyFile}`] : []),
    '',
    'database mdb',
    'maxsize 67108864',
    `suffix "${o.baseDn}"`,
    `rootdn "${o.rootDn}"`,
    `rootpw ${o.rootPasswordHash}`,
    `directory ${path.join(o.dir, 'db')}`,
    // slapd's default sizelimit 500 caps even a paged search's total: the service account reads every user (docs/directory.md).
    `limits dn.exact="${o.serviceDn}" size=unlimited time=unlimited`,
    'index objectClass eq',
    'index uid,mail,cn eq',
    'index entryUUID,modifyTimestamp eq',
    '',
    'overlay ppolicy',
    `ppolicy_default "cn=default,ou=policies,${o.baseDn}"`,
    'ppolicy_hash_cleartext',
    'ppolicy_use_lockout',
    ...(memberof
      ? ['', 'overlay memberof', 'memberof-group-oc groupOfNames', 'memberof-member-ad member', 'memberof-memberof-ad memberOf', 'memberof-refint TRUE']
      : []),
    '',
    // The service account writes passwords and the lock attributes; users write (and prove) their own password only.
    'access to attrs=userPassword',
    `  by dn.exact="${o.serviceDn}" write`,
    '  by self =wx',
    '  by anonymous auth',
    '  by * none',
    'access to attrs=pwdAccountLockedTime,pwdFailureTime,pwdReset',
    `  by dn.exact="${o.serviceDn}" write`,
    '  by self read',
    '  by * none',
    'access to dn.base="" by * read',
    'access to dn.base="cn=Subschema" by * read',
    'access to *',
    `  by dn.exact="${o.serviceDn}" read`,
    '  by self read',
    '  by * none',
    '',
  ].join('\n');
}
