import type { Kysely, Selectable } from 'kysely';
import type { Database, UserTable } from '../../db/types.js';
import { iso } from '../../core/clock.js';
import { isRoleId, type RoleId } from '../../../shared/roles.js';
import { identifierKey, sortKey, type UserFields } from './model.js';
import { type User } from '../../core/identity.js';
import { searchTokens, searchWords } from './search-tokens.js';
import { decodeCursor, encodeCursor } from '../../core/cursor.js';

export interface NewUser extends UserFields {
  id: string;
  passwordHash: string | null;
  forceChangePassword: boolean;
  roles?: RoleId[];
  now: Date;
}

export interface UserPage {
  items: User[];
  nextCursor: string | null;
}

export interface ListUsersQuery {
  search?: string | undefined;
  limit: number;
  cursor?: string | undefined;
  role?: RoleId | undefined;
  groupId?: string | undefined;
  status?: 'enabled' | 'disabled' | 'must_change' | 'locked' | undefined;
  /** Needed for the `locked` status. */
  now?: Date | undefined;
}

/** Users, their roles and their password state. Never throws HTTP errors. */
export interface UserStore {
  insert(user: NewUser): Promise<'created' | 'upn_taken'>;
  findById(id: string): Promise<User | undefined>;
  /** The user principal names of these ids (unknown ids are absent), in chunks of 500. */
  upnsByIds(ids: string[]): Promise<Map<string, string>>;
  /** By user principal name or primary email, case-insensitively. */
  findBySignInName(name: string): Promise<User | undefined>;
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
  setFlags(id: string, flags: { forceChangePassword?: boolean; disablePasswordExpiration?: boolean; disableStrongPassword?: boolean; accountEnabled?: boolean }, at: Date): Promise<void>;
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
  /** Every session issued before `at` is void (Graph: signInSessionsValidFromDateTime). */
}

export function createUserStore(db: Kysely<Database>): UserStore {
  return {
    async insert(user) {
      const upnKey = identifierKey(user.userPrincipalName);
      const existing = await db.selectFrom('app_user').select('id').where('upn_key', '=', upnKey).executeTakeFirst();
      if (existing) return 'upn_taken';
      const at = iso(user.now);
      await db
        .insertInto('app_user')
        .values({
          id: user.id,
          user_principal_name: user.userPrincipalName,
          upn_key: upnKey,
          display_name: user.displayName,
          display_name_key: sortKey(user.displayName),
          given_name: user.givenName ?? null,
          surname: user.surname ?? null,
          mail: user.mail ?? null,
          mail_key: user.mail ? identifierKey(user.mail) : null,
          other_mails: JSON.stringify(user.otherMails ?? []),
          mobile_phone: user.mobilePhone ?? null,
          business_phones: JSON.stringify(user.businessPhones ?? []),
          department: user.department ?? null,
          job_title: user.jobTitle ?? null,
          account_enabled: user.accountEnabled === false ? 0 : 1,
          preferred_language: user.preferredLanguage ?? null,
          password_hash: user.passwordHash,
          last_password_change_at: user.passwordHash ? at : null,
          disable_password_expiration: user.disablePasswordExpiration ? 1 : 0,
          disable_strong_password: user.disableStrongPassword ? 1 : 0,
          force_change_password: user.forceChangePassword ? 1 : 0,
          sessions_valid_from: at,
          created_at: at,
          updated_at: at,
        })
        .execute();
      await writeSearchTokens(db, user.id, user, sortKey(user.displayName));
      if (user.roles?.length) {
        await db
          .insertInto('role_assignment')
          .values(user.roles.map((role_id) => ({ user_id: user.id, role_id, created_at: at })))
          .execute();
      }
      return 'created';
    },

    async findById(id) {
      const row = await db.selectFrom('app_user').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toUser(row);
    },

    async upnsByIds(ids) {
      const result = new Map<string, string>();
      for (let i = 0; i < ids.length; i += 500) {
        const rows = await db.selectFrom('app_user').select(['id', 'user_principal_name']).where('id', 'in', ids.slice(i, i + 500)).execute();
        for (const r of rows) result.set(r.id, r.user_principal_name);
      }
      return result;
    },

    async findBySignInName(name) {
      const key = identifierKey(name);
      // One query whatever the form, so the UPN and email paths cost the same.
      const rows = await db
        .selectFrom('app_user')
        .selectAll()
        .where((eb) => eb.or([eb('upn_key', '=', key), eb('mail_key', '=', key)]))
        .limit(2)
        .execute();
      const row = rows.find((r) => r.upn_key === key) ?? (rows.length === 1 ? rows[0] : undefined);
      return row && toUser(row);
    },

    async list(filters) {
      const { search, limit, cursor } = filters;
      let query = db.selectFrom('app_user').selectAll();
      // Each word of the term must begin a word of the user (an index range per word, no scan).
      const words = searchWords(search ?? '');
      // A term of punctuation only has no word to look for: nothing matches it.
      if (search?.trim() && words.length === 0) query = query.where('app_user.id', '=', '');
      for (const word of words) {
        query = query.where('app_user.id', 'in', (eb) =>
          eb.selectFrom('user_search_token').select('user_id').where('token', '>=', word).where('token', '<', word + '\uffff'),
        );
      }
      if (filters.role) query = query.where((eb) => eb.exists(eb.selectFrom('role_assignment').select('role_id').whereRef('role_assignment.user_id', '=', 'app_user.id').where('role_assignment.role_id', '=', filters.role!)));
      if (filters.groupId) query = query.where((eb) => eb.exists(eb.selectFrom('group_member').select('user_id').whereRef('group_member.user_id', '=', 'app_user.id').where('group_member.group_id', '=', filters.groupId!)));
      if (filters.status === 'enabled') query = query.where('account_enabled', '=', 1);
      if (filters.status === 'disabled') query = query.where('account_enabled', '=', 0);
      if (filters.status === 'must_change') query = query.where('force_change_password', '=', 1);
      if (filters.status === 'locked') {
        const t = iso(filters.now ?? new Date());
        query = query.where((eb) =>
          eb.exists(
            eb
              .selectFrom('lockout')
              .select('lockout.user_id')
              .whereRef('lockout.user_id', '=', 'app_user.id')
              .where((l) => l.or([l('lockout.hard_locked', '=', 1), l('lockout.familiar_locked_until', '>', t), l('lockout.unfamiliar_locked_until', '>', t)])),
          ),
        );
      }
      const after = decodeCursor(cursor);
      // The cursor's `at` holds the display-name sort key here.
      if (after) {
        query = query.where((eb) =>
          eb.or([eb('display_name_key', '>', after.at), eb.and([eb('display_name_key', '=', after.at), eb('id', '>', after.id)])]),
        );
      }
      const rows = await query.orderBy('display_name_key').orderBy('id').limit(limit + 1).execute();
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      return {
        items: page.map(toUser),
        nextCursor: rows.length > limit && last ? encodeCursor({ at: last.display_name_key, id: last.id }) : null,
      };
    },

    async count() {
      const row = await db.selectFrom('app_user').select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow();
      return Number(row.n);
    },

    async rolesOf(userIds) {
      const result = new Map<string, RoleId[]>(userIds.map((id) => [id, []]));
      if (userIds.length === 0) return result;
      const rows = await db.selectFrom('role_assignment').select(['user_id', 'role_id']).where('user_id', 'in', userIds).orderBy('role_id').execute();
      for (const row of rows) if (isRoleId(row.role_id)) result.get(row.user_id)?.push(row.role_id);
      return result;
    },

    async inRoleAssignableGroups(userIds) {
      if (!userIds.length) return new Set();
      const rows = await db
        .selectFrom('group_member')
        .innerJoin('user_group', 'user_group.id', 'group_member.group_id')
        .select('group_member.user_id')
        .where('group_member.user_id', 'in', userIds)
        .where('user_group.is_role_assignable', '=', 1)
        .execute();
      return new Set(rows.map((r) => r.user_id));
    },

    async update(id, f, at) {
      const set: Record<string, string | number | null> = { updated_at: iso(at) };
      if (f.userPrincipalName !== undefined) {
        const key = identifierKey(f.userPrincipalName);
        const clash = await db.selectFrom('app_user').select('id').where('upn_key', '=', key).where('id', '!=', id).executeTakeFirst();
        if (clash) return 'upn_taken';
        Object.assign(set, { user_principal_name: f.userPrincipalName, upn_key: key });
      }
      if (f.displayName !== undefined) Object.assign(set, { display_name: f.displayName, display_name_key: sortKey(f.displayName) });
      if (f.mail !== undefined) Object.assign(set, { mail: f.mail, mail_key: f.mail ? identifierKey(f.mail) : null });
      if (f.otherMails !== undefined) set.other_mails = JSON.stringify(f.otherMails);
      if (f.businessPhones !== undefined) set.business_phones = JSON.stringify(f.businessPhones);
      if (f.accountEnabled !== undefined) set.account_enabled = f.accountEnabled ? 1 : 0;
      const plain = { givenName: 'given_name', surname: 'surname', mobilePhone: 'mobile_phone', department: 'department', jobTitle: 'job_title', preferredLanguage: 'preferred_language' } as const;
      for (const [field, column] of Object.entries(plain)) {
        const value = f[field as keyof typeof plain];
        if (value !== undefined) set[column] = value;
      }
      await db.updateTable('app_user').set(set).where('id', '=', id).execute();
      if (f.displayName !== undefined || f.givenName !== undefined || f.surname !== undefined || f.userPrincipalName !== undefined || f.mail !== undefined) {
        const row = await db.selectFrom('app_user').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
        await db.deleteFrom('user_search_token').where('user_id', '=', id).execute();
        await writeSearchTokens(db, id, { displayName: row.display_name, givenName: row.given_name, surname: row.surname, userPrincipalName: row.user_principal_name, mail: row.mail }, row.display_name_key);
      }
      return 'updated';
    },

    async delete(id) {
      const result = await db.deleteFrom('app_user').where('id', '=', id).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },

    async assignRole(userId, role, at) {
      const result = await db.insertInto('role_assignment').values({ user_id: userId, role_id: role, created_at: iso(at) }).onConflict((oc) => oc.columns(['user_id', 'role_id']).doNothing()).executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
    },

    async removeRole(userId, role) {
      const result = await db.deleteFrom('role_assignment').where('user_id', '=', userId).where('role_id', '=', role).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },

    async countWithRole(role, enabledOnly) {
      let q = db.selectFrom('role_assignment').innerJoin('app_user', 'app_user.id', 'role_assignment.user_id').select((eb) => eb.fn.countAll<string | number>().as('n')).where('role_assignment.role_id', '=', role);
      if (enabledOnly) q = q.where('app_user.account_enabled', '=', 1);
      return Number((await q.executeTakeFirstOrThrow()).n);
    },

    async setFlags(id, flags, at) {
      const set: Partial<Record<'force_change_password' | 'disable_password_expiration' | 'disable_strong_password' | 'account_enabled', number>> = {};
      if (flags.forceChangePassword !== undefined) set.force_change_password = flags.forceChangePassword ? 1 : 0;
      if (flags.disablePasswordExpiration !== undefined) set.disable_password_expiration = flags.disablePasswordExpiration ? 1 : 0;
      if (flags.disableStrongPassword !== undefined) set.disable_strong_password = flags.disableStrongPassword ? 1 : 0;
      if (flags.accountEnabled !== undefined) set.account_enabled = flags.accountEnabled ? 1 : 0;
      if (Object.keys(set).length) await db.updateTable('app_user').set({ ...set, updated_at: iso(at) }).where('id', '=', id).execute();
    },

    async setPasswordHash(id, hash, at, { changed }) {
      await db
        .updateTable('app_user')
        .set({ password_hash: hash, updated_at: iso(at), ...(changed ? { last_password_change_at: iso(at) } : {}) })
        .where('id', '=', id)
        .execute();
    },

    async replacePassword(id, expectedHash, newHash, at, { forceChange }) {
      let query = db
        .updateTable('app_user')
        .set({ password_hash: newHash, last_password_change_at: iso(at), force_change_password: forceChange ? 1 : 0, updated_at: iso(at) })
        .where('id', '=', id);
      query = expectedHash === null ? query.where('password_hash', 'is', null) : query.where('password_hash', '=', expectedHash);
      const result = await query.executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    async setPreferredLanguage(id, language, at) {
      await db.updateTable('app_user').set({ preferred_language: language, updated_at: iso(at) }).where('id', '=', id).execute();
    },

    async dueForExpiryReminder(changedFrom, changedBefore, limit) {
      const rows = await db
        .selectFrom('app_user')
        .selectAll()
        .where('last_password_change_at', '>=', iso(changedFrom))
        .where('last_password_change_at', '<', iso(changedBefore))
        .where('disable_password_expiration', '=', 0)
        .where('account_enabled', '=', 1)
        .where('password_hash', 'is not', null)
        .where((eb) => eb.or([eb('expiry_reminded_for', 'is', null), eb('expiry_reminded_for', '!=', eb.ref('last_password_change_at'))]))
        .orderBy('last_password_change_at')
        .limit(limit)
        .execute();
      return rows.map(toUser);
    },

    async markExpiryReminded(id, passwordChangedAt) {
      const changed = iso(passwordChangedAt);
      const result = await db
        .updateTable('app_user')
        .set({ expiry_reminded_for: changed })
        .where('id', '=', id)
        .where('last_password_change_at', '=', changed)
        .where((eb) => eb.or([eb('expiry_reminded_for', 'is', null), eb('expiry_reminded_for', '!=', changed)]))
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

  };
}

export function toUser(row: Selectable<UserTable>): User {
  return {
    id: row.id,
    userPrincipalName: row.user_principal_name,
    displayName: row.display_name,
    givenName: row.given_name,
    surname: row.surname,
    mail: row.mail,
    otherMails: parseList(row.other_mails),
    mobilePhone: row.mobile_phone,
    businessPhones: parseList(row.business_phones),
    department: row.department,
    jobTitle: row.job_title,
    accountEnabled: Number(row.account_enabled) === 1,
    preferredLanguage: row.preferred_language,
    passwordHash: row.password_hash,
    lastPasswordChangeAt: row.last_password_change_at ? new Date(row.last_password_change_at) : null,
    disablePasswordExpiration: Number(row.disable_password_expiration) === 1,
    disableStrongPassword: Number(row.disable_strong_password) === 1,
    forceChangePassword: Number(row.force_change_password) === 1,
    sessionsValidFrom: new Date(row.sessions_valid_from),
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
}

function parseList(text: string): string[] {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  } catch {
    return [];
  }
}

async function writeSearchTokens(db: Kysely<Database>, userId: string, user: Parameters<typeof searchTokens>[0], displayNameKey: string): Promise<void> {
  const rows = searchTokens(user).map((token) => ({ token, display_name_key: displayNameKey, user_id: userId }));
  if (rows.length) await db.insertInto('user_search_token').values(rows).execute();
}

