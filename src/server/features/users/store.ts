import type { Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import type { RoleId } from '../../../shared/roles.js';
import type { User } from '../../core/identity.js';
import type { UserFields } from './model.js';
import { userRowQueries, type NewUser } from './store-rows.js';
import { userListQueries, type ListUsersQuery, type UserPage } from './store-list.js';
import { userRoleQueries } from './store-roles.js';
import { userPasswordQueries } from './store-passwords.js';
import { userGraphQueries, type UserGraphQueries } from './store-graph.js';
import { userSignInQueries, type SignInAccount } from './store-sign-in.js';

// The implementation is split by concern: rows and mapping (store-rows.ts), search and listing
// (store-list.ts), roles and groups (store-roles.ts), password state (store-passwords.ts), the
// compiled sign-in look-ups (store-sign-in.ts).
export type { NewUser } from './store-rows.js';
export type { ListUsersQuery, UserPage } from './store-list.js';
export type { SignInAccount } from './store-sign-in.js';
export { toUser } from './store-rows.js';

/** Users, their roles and their password state. Never throws HTTP errors. */
export interface UserStore extends UserGraphQueries {
  insert(user: NewUser): Promise<'created' | 'upn_taken'>;
  findById(id: string): Promise<User | undefined>;
  /** The user principal names of these ids (unknown ids are absent), in chunks of 500. */
  upnsByIds(ids: string[]): Promise<Map<string, string>>;
  /**
   * Of these identifier keys (`identifierKey` of a UPN or mail), those another user already has as
   * their UPN or their mail. On PostgreSQL it first takes a transaction-scoped advisory lock per
   * key, so two transactions claiming the same name run one after the other (call it in the
   * transaction that writes the name; SQLite runs transactions one at a time).
   */
  claimIdentifierKeys(keys: string[], exceptId: string | null): Promise<Set<string>>;
  /** By user principal name, primary email or (directory users) login name, case-insensitively; none when ambiguous. */
  findBySignInName(name: string): Promise<User | undefined>;
  /** findBySignInName with the roles, temporary-password expiry and MFA facts, in one statement (the sign-in hot path; issue 16). */
  findForSignIn(name: string): Promise<SignInAccount | undefined>;
  list(query: ListUsersQuery): Promise<UserPage>;
  count(): Promise<number>;
  rolesOf(userIds: string[]): Promise<Map<string, RoleId[]>>;
  /** Of these users, those who are members of a role-assignable group (Entra: only privileged admins may reset them). */
  inRoleAssignableGroups(userIds: string[]): Promise<Set<string>>;
  /** Updates the given directory fields (undefined: unchanged). */
  update(id: string, fields: Partial<Omit<UserFields, 'disablePasswordExpiration' | 'disableStrongPassword'>>, at: Date): Promise<'updated' | 'upn_taken'>;
  delete(id: string): Promise<boolean>;
  assignRole(userId: string, role: RoleId, at: Date): Promise<boolean>;
  removeRole(userId: string, role: RoleId): Promise<boolean>;
  countWithRole(role: RoleId, enabledOnly: boolean): Promise<number>;
  setFlags(
    id: string,
    flags: { forceChangePassword?: boolean; disablePasswordExpiration?: boolean; disableStrongPassword?: boolean; accountEnabled?: boolean },
    at: Date,
  ): Promise<void>;
  setPasswordHash(id: string, hash: string, at: Date, options: { changed: boolean }): Promise<void>;
  /**
   * Sets a new password if the stored hash is still `expectedHash` (optimistic concurrency: two
   * simultaneous changes cannot both win), records the change time and sets or clears the
   * must-change flag. @returns false when the password changed in between.
   */
  replacePassword(id: string, expectedHash: string | null, newHash: string, at: Date, options: { forceChange: boolean }): Promise<boolean>;
  setPreferredLanguage(id: string, language: string, at: Date): Promise<void>;
  /**
   * Users whose password was last changed in [changedFrom, changedBefore), that can expire, and
   * who were not yet reminded about this password.
   */
  dueForExpiryReminder(changedFrom: Date, changedBefore: Date, limit: number): Promise<User[]>;
  /** Marks the reminder for the current password as sent; false if another server did it first. */
  markExpiryReminded(id: string, passwordChangedAt: Date): Promise<boolean>;
}

export function createUserStore(db: Kysely<Database>): UserStore {
  return {
    ...userRowQueries(db),
    ...userListQueries(db),
    ...userRoleQueries(db),
    ...userPasswordQueries(db),
    ...userGraphQueries(db),
    ...userSignInQueries(db),
  };
}
