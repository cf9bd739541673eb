/*
 * The directory connector's contract (issue 14): what sync, password writeback, sign-in and unlock
 * need of an LDAP directory, OpenLDAP or Active Directory. features/directory/connector.ts implements it
 * with ldapts (it lives in core so that lockout, passwords and recovery use it without importing the
 * directory feature);
 * nothing outside features/directory imports ldapts. Every method that talks to the directory
 * throws AppError `directory.unavailable` (503) when it cannot reach it or it does not answer in
 * time, so the caller can tell an outage from a refusal and change nothing (ARCHITECTURE:
 * external systems fail closed).
 */

export type DirectoryKind = 'openldap' | 'active-directory';

/** A user as the directory holds them, mapped to Latchkey's (Graph's) names by the kind's attribute map. */
export interface DirectoryEntry {
  /** The entry's DN: the key Latchkey keeps (onPremisesDistinguishedName). */
  dn: string;
  /** The directory's stable id when it has one (entryUUID on OpenLDAP, objectGUID on AD, hex); else the DN. */
  immutableId: string;
  /** The login name: uid (OpenLDAP) or sAMAccountName (AD) (onPremisesSamAccountName). */
  uid: string;
  /** userPrincipalName (AD) or, on OpenLDAP, mail when present else `uid@<default domain>`. Lower-case. */
  userPrincipalName: string;
  mail: string | null;
  givenName: string | null;
  surname: string | null;
  displayName: string;
  mobilePhone: string | null;
  businessPhones: string[];
  department: string | null;
  jobTitle: string | null;
  /** False when the directory disables the account (AD userAccountControl bit 2; OpenLDAP pwdAccountLockedTime 000001010000Z, the ppolicy "disabled for ever" value). */
  enabled: boolean;
  /** When the directory locked the account (pwdAccountLockedTime / lockoutTime), null when not locked. */
  lockedAt: Date | null;
  /** The directory wants a new password at next sign-in (OpenLDAP pwdReset=TRUE; AD pwdLastSet=0). */
  mustChange: boolean;
  /** DNs of the groups the user is a member of (memberOf, or found by the group search). */
  groups: string[];
}

export interface DirectoryGroupEntry {
  dn: string;
  immutableId: string;
  displayName: string;
  description: string | null;
  /** Member DNs. */
  members: string[];
}

/** What a bind as the user said. `must_change` and `expired` mean the password was right. */
export type BindVerdict = 'ok' | 'wrong' | 'locked' | 'expired' | 'must_change' | 'disabled';

export interface DirectoryConnector {
  readonly kind: DirectoryKind;
  /**
   * The directory's current change marker, read BEFORE a sync searches, so nothing changed during
   * the sync is missed next time: the server's time as generalized time (OpenLDAP modifyTimestamp)
   * or highestCommittedUSN (AD uSNChanged).
   */
  changeMarker(): Promise<string>;
  /**
   * Every user under the base DN matching the user filter, in pages (paged results control),
   * or only those changed at or after `since` (a marker from changeMarker()).
   * Stops between pages when `signal` aborts.
   */
  searchUsers(options: { since?: string | null; signal?: AbortSignal; pageSize?: number }): AsyncIterable<DirectoryEntry[]>;
  /** Every group under the base DN (groupOfNames / groupOfUniqueNames / group). */
  searchGroups(options?: { signal?: AbortSignal }): Promise<DirectoryGroupEntry[]>;
  /** One user by DN, read with the service account; null when gone. */
  readUser(dn: string): Promise<DirectoryEntry | null>;
  /** One user by login name (uid / sAMAccountName) or mail, for signing in someone not synced yet; null when none or more than one. */
  findUser(name: string): Promise<DirectoryEntry | null>;
  /** Binds as the user on a connection of its own (never the service connection): the directory is the password's authority. */
  verifyBind(dn: string, password: string): Promise<BindVerdict>;
  /**
   * The user's own change, bound as the user, old password with it, so the directory's own policy
   * and history apply (OpenLDAP: RFC 3062 Password Modify; AD: unicodePwd delete old + add new).
   * @throws AppError directory.password_refused (with issues naming the rule), directory.unavailable
   */
  changePassword(dn: string, oldPassword: string, newPassword: string): Promise<void>;
  /**
   * An administrator's reset through the service account (OpenLDAP: Password Modify, then pwdReset
   * when mustChange; AD: unicodePwd replace, pwdLastSet=0 when mustChange). Also clears the
   * directory's lock, as Entra's writeback does.
   * @throws AppError directory.password_refused, directory.unavailable
   */
  resetPassword(dn: string, newPassword: string, options: { mustChange: boolean }): Promise<void>;
  /** Clears the directory's lock (OpenLDAP: delete pwdAccountLockedTime and pwdFailureTime; AD: lockoutTime=0). Idempotent. */
  unlock(dn: string): Promise<void>;
  /** Binds with the service account: throws directory.unavailable or directory.bind_failed. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
