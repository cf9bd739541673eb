import { PostgresAdapter, sql, type Kysely, type Selectable } from 'kysely';
import type { Database, UserTable } from '../../db/types.js';
import { iso } from '../../core/clock.js';
import type { RoleId } from '../../../shared/roles.js';
import type { User } from '../../core/identity.js';
import { identifierKey, sortKey, type UserFields } from './model.js';
import { searchTokens } from './search-tokens.js';

// The user store's rows: writing, reading and mapping app_user (with its search words). Part of
// the UserStore in store.ts.

export interface NewUser extends UserFields {
  id: string;
  passwordHash: string | null;
  forceChangePassword: boolean;
  roles?: RoleId[];
  now: Date;
}

/** The directory fields `update` changes (undefined: unchanged). */
export type UserFieldChanges = Partial<Omit<UserFields, 'disablePasswordExpiration' | 'disableStrongPassword'>>;

export function userRowQueries(db: Kysely<Database>) {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  return {
    async claimIdentifierKeys(keys: string[], exceptId: string | null): Promise<Set<string>> {
      const unique = [...new Set(keys)].sort();
      if (!unique.length) return new Set();
      // Sorted, so two transactions claiming the same pair lock in the same order (no deadlock).
      if (postgres) for (const key of unique) await sql`select pg_advisory_xact_lock(hashtext(${`latchkey:identifier:${key}`}))`.execute(db);
      let query = db
        .selectFrom('app_user')
        .select(['upn_key', 'mail_key'])
        .where((eb) => eb.or([eb('upn_key', 'in', unique), eb('mail_key', 'in', unique)]));
      if (exceptId) query = query.where('id', '!=', exceptId);
      const held = new Set<string>();
      for (const row of await query.execute()) for (const key of [row.upn_key, row.mail_key]) if (key && unique.includes(key)) held.add(key);
      return held;
    },

    async insert(user: NewUser): Promise<'created' | 'upn_taken'> {
      const upnKey = identifierKey(user.userPrincipalName);
      const existing = await db.selectFrom('app_user').select('id').where('upn_key', '=', upnKey).executeTakeFirst();
      if (existing) return 'upn_taken';
      const at = iso(user.now);
      const inserted = await db
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
        // A concurrent insert of the same UPN since the check above loses here, without an error.
        .onConflict((oc) => oc.column('upn_key').doNothing())
        .executeTakeFirst();
      if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) return 'upn_taken';
      await writeSearchTokens(db, user.id, user, sortKey(user.displayName));
      if (user.roles?.length) {
        await db
          .insertInto('role_assignment')
          .values(user.roles.map((role_id) => ({ user_id: user.id, role_id, created_at: at })))
          .execute();
      }
      return 'created';
    },

    async upnsByIds(ids: string[]): Promise<Map<string, string>> {
      const result = new Map<string, string>();
      for (let i = 0; i < ids.length; i += 500) {
        const rows = await db
          .selectFrom('app_user')
          .select(['id', 'user_principal_name'])
          .where('id', 'in', ids.slice(i, i + 500))
          .execute();
        for (const r of rows) result.set(r.id, r.user_principal_name);
      }
      return result;
    },

    async update(id: string, f: UserFieldChanges, at: Date): Promise<'updated' | 'upn_taken'> {
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
      const plain = {
        givenName: 'given_name',
        surname: 'surname',
        mobilePhone: 'mobile_phone',
        department: 'department',
        jobTitle: 'job_title',
        preferredLanguage: 'preferred_language',
      } as const;
      for (const [field, column] of Object.entries(plain)) {
        const value = f[field as keyof typeof plain];
        if (value !== undefined) set[column] = value;
      }
      await db.updateTable('app_user').set(set).where('id', '=', id).execute();
      if (f.displayName !== undefined || f.givenName !== undefined || f.surname !== undefined || f.userPrincipalName !== undefined || f.mail !== undefined) {
        const row = await db.selectFrom('app_user').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
        await db.deleteFrom('user_search_token').where('user_id', '=', id).execute();
        await writeSearchTokens(
          db,
          id,
          { displayName: row.display_name, givenName: row.given_name, surname: row.surname, userPrincipalName: row.user_principal_name, mail: row.mail },
          row.display_name_key,
        );
      }
      return 'updated';
    },

    async delete(id: string): Promise<boolean> {
      const result = await db.deleteFrom('app_user').where('id', '=', id).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
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
    onPremises: row.on_premises_dn
      ? {
          distinguishedName: row.on_premises_dn,
          immutableId: row.on_premises_immutable_id ?? row.on_premises_dn,
          samAccountName: row.on_premises_sam ?? '',
          lastSyncAt: row.on_premises_last_sync_at ? new Date(row.on_premises_last_sync_at) : null,
          lockedAt: row.directory_locked_at ? new Date(row.directory_locked_at) : null,
        }
      : null,
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
