import { PostgresAdapter, sql, type Kysely, type RawBuilder, type Selectable } from 'kysely';
import type { Database, UserTable } from '../../db/types.js';
import type { User } from '../../core/identity.js';
import { isRoleId, type RoleId } from '../../../shared/roles.js';
import { toUser } from './store-rows.js';

/*
 * Pages of users packed by the database (issue 16): each row comes back as ONE text column, a JSON
 * array of the user's columns, their admin roles and whether smart lockout holds them now. At
 * 100,000 users a page of 100 cost 1.5–2 ms of CPU in better-sqlite3 turning 31 columns × 101 rows
 * into JavaScript values; packed it costs about a third of that (one string per row, parsed by
 * V8's JSON.parse), and the roles and lockout state come with it instead of two more statements.
 * The mapping to a User stays toUser's (store-rows.ts), so every reader sees the same user.
 */

/** The columns a packed row carries, in order: every column toUser reads, and the sort keys Graph's paging needs. */
export const COLUMNS = [
  'id',
  'user_principal_name',
  'upn_key',
  'display_name',
  'display_name_key',
  'given_name',
  'surname',
  'mail',
  'mail_key',
  'other_mails',
  'mobile_phone',
  'business_phones',
  'department',
  'job_title',
  'account_enabled',
  'preferred_language',
  'password_hash',
  'last_password_change_at',
  'disable_password_expiration',
  'disable_strong_password',
  'force_change_password',
  'sessions_valid_from',
  'created_at',
  'updated_at',
  'expiry_reminded_for',
  'on_premises_dn',
  'on_premises_immutable_id',
  'on_premises_sam',
  'on_premises_sam_key',
  'on_premises_last_sync_at',
  'directory_locked_at',
] as const satisfies readonly (keyof UserTable)[];

/** A packed row: the user's columns and the user; their roles and lock when the row carries them (null when not). */
export interface PackedUser {
  row: Selectable<UserTable>;
  user: User;
  roles: RoleId[] | null;
  locked: boolean | null;
}

const postgresOf = (db: Kysely<Database>) => db.getExecutor().adapter instanceof PostgresAdapter;

/**
 * The select expression of a packed row of `app_user`. With `now` (a parameter or value), the row
 * also carries the user's roles and whether smart lockout holds them then, judged as
 * LockoutStore.lockedAmong judges it: hard-locked, or either lock still running.
 */
export function packedUserColumn(db: Kysely<Database>, now?: unknown): RawBuilder<string> {
  const postgres = postgresOf(db);
  const parts = COLUMNS.map((c) => sql`${sql.ref(`app_user.${c}`)}`);
  if (now !== undefined) {
    parts.push(
      postgres
        ? sql`(select string_agg(role_id, ',') from role_assignment where role_assignment.user_id = app_user.id)`
        : sql`(select group_concat(role_id, ',') from role_assignment where role_assignment.user_id = app_user.id)`,
      sql`exists (select 1 from lockout where lockout.user_id = app_user.id and (lockout.hard_locked = 1 or lockout.familiar_locked_until > ${now} or lockout.unfamiliar_locked_until > ${now}))`,
    );
  }
  // json_build_array takes at most 100 arguments; this is 33 at most.
  return postgres ? sql<string>`json_build_array(${sql.join(parts)})::text` : sql<string>`json_array(${sql.join(parts)})`;
}

/**
 * The row of COLUMNS' values, as an object literal: V8 gives every row the same hidden class, where
 * assigning the keys in a loop cost a third of the unpacking. The contract test checks it against COLUMNS.
 */
export function rowOf(v: unknown[]): Selectable<UserTable> {
  return {
    id: v[0],
    user_principal_name: v[1],
    upn_key: v[2],
    display_name: v[3],
    display_name_key: v[4],
    given_name: v[5],
    surname: v[6],
    mail: v[7],
    mail_key: v[8],
    other_mails: v[9],
    mobile_phone: v[10],
    business_phones: v[11],
    department: v[12],
    job_title: v[13],
    account_enabled: v[14],
    preferred_language: v[15],
    password_hash: v[16],
    last_password_change_at: v[17],
    disable_password_expiration: v[18],
    disable_strong_password: v[19],
    force_change_password: v[20],
    sessions_valid_from: v[21],
    created_at: v[22],
    updated_at: v[23],
    expiry_reminded_for: v[24],
    on_premises_dn: v[25],
    on_premises_immutable_id: v[26],
    on_premises_sam: v[27],
    on_premises_sam_key: v[28],
    on_premises_last_sync_at: v[29],
    directory_locked_at: v[30],
  } as Selectable<UserTable>;
}

/** The user of a packed row; roles sorted with unknown ids left out, as UserStore.rolesOf gives them. */
export function unpackUser(packed: string): PackedUser {
  const values = JSON.parse(packed) as unknown[];
  const row = rowOf(values);
  if (values.length === COLUMNS.length) return { row, user: toUser(row), roles: null, locked: null };
  const roleText = values[COLUMNS.length];
  const roles = typeof roleText === 'string' && roleText ? roleText.split(',').filter(isRoleId).sort() : [];
  const locked = values[COLUMNS.length + 1];
  // SQLite gives exists() as 1 or 0, PostgreSQL as a boolean.
  return { row, user: toUser(row), roles, locked: locked === true || locked === 1 };
}
