import { PostgresAdapter, sql, type Kysely, type RawBuilder, type Selectable } from 'kysely';
import type { Database, UserTable } from '../../db/types.js';
import { param, prepare } from '../../db/compiled.js';
import { isRoleId, type RoleId } from '../../../shared/roles.js';
import type { User } from '../../core/identity.js';
import { identifierKey } from './model.js';
import { toUser } from './store-rows.js';

// The user store's sign-in look-ups (issue 16, lever 1): compiled once per engine, one statement
// each. Part of the UserStore in store.ts.

/** What sign-in needs to know of an account besides its password, read with the user in one statement. */
export interface SignInAccount {
  user: User;
  roles: RoleId[];
  /** When a generated temporary password stops working; null when the password is not a temporary one (A4). */
  temporaryUntil: Date | null;
  /** The facts the MFA policy decides on (issue 17): registered second factors and the forced-MFA flag. */
  mfa: { authenticatorApp: boolean; passkeys: number; forced: boolean };
}

type Extras = { roles: string | null; temporary_until: string | null; mfa_forced: number | string | null; has_app: number | string; passkeys: number | string };

/** The user's role ids joined by commas (role ids have none), in one subquery on either engine. */
function rolesColumn(db: Kysely<Database>): RawBuilder<string | null> {
  return db.getExecutor().adapter instanceof PostgresAdapter
    ? sql<string | null>`(select string_agg(ra.role_id, ',') from role_assignment ra where ra.user_id = app_user.id)`
    : sql<string | null>`(select group_concat(ra.role_id, ',') from role_assignment ra where ra.user_id = app_user.id)`;
}

/** Up to two users by sign-in name (UPN, mail or directory login name): two means ambiguous unless one is by UPN. */
const byNameWithFacts = prepare<{ key: string }, Selectable<UserTable> & Extras>((db) =>
  db
    .selectFrom('app_user')
    .selectAll('app_user')
    .select([
      rolesColumn(db).as('roles'),
      sql<string | null>`(select tp.expires_at from temporary_password tp where tp.user_id = app_user.id)`.as('temporary_until'),
      sql<number | null>`(select ma.force_mfa_before_change from mfa_account ma where ma.user_id = app_user.id)`.as('mfa_forced'),
      sql<number>`(case when exists (select 1 from auth_method am where am.user_id = app_user.id and am.kind = 'authenticatorApp') then 1 else 0 end)`.as(
        'has_app',
      ),
      sql<number>`(select count(*) from passkey_credential pc where pc.user_id = app_user.id)`.as('passkeys'),
    ])
    .where((eb) =>
      eb.or([eb('upn_key', '=', param<string>('key')), eb('mail_key', '=', param<string>('key')), eb('on_premises_sam_key', '=', param<string>('key'))]),
    )
    .limit(2),
);

const byName = prepare<{ key: string }, Selectable<UserTable>>((db) =>
  db
    .selectFrom('app_user')
    .selectAll()
    .where((eb) =>
      eb.or([eb('upn_key', '=', param<string>('key')), eb('mail_key', '=', param<string>('key')), eb('on_premises_sam_key', '=', param<string>('key'))]),
    )
    .limit(2),
);

const byId = prepare<{ id: string }, Selectable<UserTable>>((db) => db.selectFrom('app_user').selectAll().where('id', '=', param<string>('id')));

/** The UPN match wins; otherwise exactly one match (a mail shared with another's login name is ambiguous: nobody). */
export function pickSignInMatch<R extends { upn_key: string }>(rows: R[], key: string): R | undefined {
  return rows.find((r) => r.upn_key === key) ?? (rows.length === 1 ? rows[0] : undefined);
}

/** Role ids from the comma-joined column, sorted as `rolesOf` sorts them; unknown ids are dropped. */
export function parseRoles(joined: string | null | undefined): RoleId[] {
  if (!joined) return [];
  return joined.split(',').filter(isRoleId).sort();
}

export function userSignInQueries(db: Kysely<Database>) {
  return {
    async findBySignInName(name: string): Promise<User | undefined> {
      const key = identifierKey(name);
      // One query whatever the form, so the UPN, email and directory login name (uid) paths cost the same.
      const row = pickSignInMatch(await byName.execute(db, { key }), key);
      return row && toUser(row);
    },

    /**
     * `findBySignInName`, with the roles, the temporary password's expiry and the MFA facts, in
     * ONE statement whatever the name (so an unknown name costs the same statement; R2).
     */
    async findForSignIn(name: string): Promise<SignInAccount | undefined> {
      const key = identifierKey(name);
      const row = pickSignInMatch(await byNameWithFacts.execute(db, { key }), key);
      if (!row) return undefined;
      return {
        user: toUser(row),
        roles: parseRoles(row.roles),
        temporaryUntil: row.temporary_until ? new Date(row.temporary_until) : null,
        mfa: { authenticatorApp: Number(row.has_app) === 1, passkeys: Number(row.passkeys), forced: Number(row.mfa_forced ?? 0) === 1 },
      };
    },

    async findById(id: string): Promise<User | undefined> {
      const row = await byId.first(db, { id });
      return row && toUser(row);
    },
  };
}

export { rolesColumn };
