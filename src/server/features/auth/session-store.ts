import type { Kysely, Selectable } from 'kysely';
import type { Session, SessionScope, User } from '../../core/identity.js';
import type { Database, SessionTable, UserTable } from '../../db/types.js';
import { iso } from '../../core/clock.js';
import { param, prepare } from '../../db/compiled.js';
import { toUser } from '../users/store-rows.js';
import { parseRoles, rolesColumn } from '../users/store-sign-in.js';
import type { RoleId } from '../../../shared/roles.js';

export interface NewSession extends Session {
  tokenHash: string;
}

/** Server-side sessions, looked up by the hash of their token (the raw token is never stored). */
export interface SessionStore {
  insert(session: NewSession): Promise<void>;
  findByTokenHash(tokenHash: string): Promise<Session | undefined>;
  /**
   * The session with this token hash, its user (undefined when the user is gone) and the user's
   * roles, in ONE compiled statement: what every authenticated request reads (issue 16, lever 1).
   */
  findWithUser(tokenHash: string): Promise<{ session: Session; user: User | undefined; roles: RoleId[] } | undefined>;
  touch(id: string, at: Date): Promise<void>;
  listForUser(userId: string): Promise<Session[]>;
  /** @returns whether a session of this user with this id existed. */
  deleteForUser(userId: string, id: string): Promise<boolean>;
  deleteAllForUser(userId: string): Promise<number>;
  /**
   * Ends every session of a user, including any not yet written: sessions issued before `at` are
   * refused from now on (checklist C8, C10: a password change or reset signs out everywhere).
   */
  revokeAllForUser(userId: string, at: Date): Promise<void>;
  deleteExpired(now: Date, idleSeconds: number): Promise<number>;
  /**
   * Records a fresh proof in a session and gives it a new token (SE1, ASVS 7.2.4: a session that
   * gains privilege gets a new identifier): `password` sets authenticated_at, `mfa` sets mfa_at,
   * `scope` widens a limited session. @returns whether the session still existed.
   */
  recordProof(id: string, proof: { at: Date; password: boolean; mfa: boolean; tokenHash: string; scope?: SessionScope; expiresAt?: Date }): Promise<boolean>;
}

type SessionColumns = { [K in keyof SessionTable as `s_${K}`]: SessionTable[K] };
type JoinedRow = SessionColumns & { [K in keyof Selectable<UserTable>]: Selectable<UserTable>[K] | null } & { roles: string | null };

const sessionColumns = [
  'id',
  'token_hash',
  'user_id',
  'scope',
  'created_at',
  'last_seen_at',
  'expires_at',
  'ip_address',
  'user_agent',
  'authenticated_at',
  'mfa_at',
] as const;

/** Session, user and roles by token hash; the session's columns are prefixed `s_` (both tables have id and created_at). */
const withUser = prepare<{ tokenHash: string }, JoinedRow>((db) =>
  db
    .selectFrom('session')
    .leftJoin('app_user', 'app_user.id', 'session.user_id')
    .selectAll('app_user')
    .select(sessionColumns.map((c) => `session.${c} as s_${c}` as const))
    .select(rolesColumn(db).as('roles'))
    .where('session.token_hash', '=', param<string>('tokenHash')),
);

const byTokenHash = prepare<{ tokenHash: string }, Selectable<SessionTable>>((db) =>
  db.selectFrom('session').selectAll().where('token_hash', '=', param<string>('tokenHash')),
);

const touchSession = prepare<{ id: string; at: string }, never>((db) =>
  db
    .updateTable('session')
    .set({ last_seen_at: param<string>('at') })
    .where('id', '=', param<string>('id')),
);

const insertSession = prepare<Selectable<SessionTable>, never>((db) =>
  db.insertInto('session').values({
    id: param<string>('id'),
    token_hash: param<string>('token_hash'),
    user_id: param<string>('user_id'),
    scope: param<string>('scope'),
    created_at: param<string>('created_at'),
    last_seen_at: param<string>('last_seen_at'),
    expires_at: param<string>('expires_at'),
    ip_address: param<string | null>('ip_address'),
    user_agent: param<string | null>('user_agent'),
    authenticated_at: param<string | null>('authenticated_at'),
    mfa_at: param<string | null>('mfa_at'),
  }),
);

export function createSessionStore(db: Kysely<Database>): SessionStore {
  return {
    async findWithUser(tokenHash) {
      const row = await withUser.first(db, { tokenHash });
      if (!row) return undefined;
      const session = toSession({
        id: row.s_id,
        token_hash: row.s_token_hash,
        user_id: row.s_user_id,
        scope: row.s_scope,
        created_at: row.s_created_at,
        last_seen_at: row.s_last_seen_at,
        expires_at: row.s_expires_at,
        ip_address: row.s_ip_address,
        user_agent: row.s_user_agent,
        authenticated_at: row.s_authenticated_at,
        mfa_at: row.s_mfa_at,
      });
      const user = row.id === null ? undefined : toUser(row as Selectable<UserTable>);
      return { session, user, roles: user ? parseRoles(row.roles) : [] };
    },
    async insert(s) {
      await insertSession.run(db, {
        id: s.id,
        token_hash: s.tokenHash,
        user_id: s.userId,
        scope: s.scope,
        created_at: iso(s.createdAt),
        last_seen_at: iso(s.lastSeenAt),
        expires_at: iso(s.expiresAt),
        ip_address: s.ipAddress,
        user_agent: s.userAgent,
        authenticated_at: iso(s.authenticatedAt),
        mfa_at: s.mfaAt ? iso(s.mfaAt) : null,
      });
    },
    async findByTokenHash(tokenHash) {
      const row = await byTokenHash.first(db, { tokenHash });
      return row && toSession(row);
    },
    async touch(id, at) {
      await touchSession.run(db, { id, at: iso(at) });
    },
    async listForUser(userId) {
      const rows = await db.selectFrom('session').selectAll().where('user_id', '=', userId).orderBy('last_seen_at', 'desc').execute();
      return rows.map(toSession);
    },
    async deleteForUser(userId, id) {
      const result = await db.deleteFrom('session').where('id', '=', id).where('user_id', '=', userId).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
    async deleteAllForUser(userId) {
      const result = await db.deleteFrom('session').where('user_id', '=', userId).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
    async revokeAllForUser(userId, at) {
      await db
        .updateTable('app_user')
        .set({ sessions_valid_from: iso(at) })
        .where('id', '=', userId)
        .execute();
      await db.deleteFrom('session').where('user_id', '=', userId).execute();
    },
    async recordProof(id, proof) {
      const result = await db
        .updateTable('session')
        .set({
          token_hash: proof.tokenHash,
          ...(proof.password ? { authenticated_at: iso(proof.at) } : {}),
          ...(proof.mfa ? { mfa_at: iso(proof.at) } : {}),
          ...(proof.scope ? { scope: proof.scope } : {}),
          // A short-lived MFA-step session gets its full lifetime once MFA is done (issue 17).
          ...(proof.expiresAt ? { expires_at: iso(proof.expiresAt) } : {}),
        })
        .where('id', '=', id)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },
    async deleteExpired(now, idleSeconds) {
      const result = await db
        .deleteFrom('session')
        .where((eb) => eb.or([eb('expires_at', '<=', iso(now)), eb('last_seen_at', '<=', iso(new Date(now.getTime() - idleSeconds * 1000)))]))
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}

function toSession(row: Selectable<SessionTable>): Session {
  return {
    id: row.id,
    userId: row.user_id,
    scope: row.scope === 'change_password' || row.scope === 'mfa' ? row.scope : 'full',
    createdAt: new Date(row.created_at),
    lastSeenAt: new Date(row.last_seen_at),
    expiresAt: new Date(row.expires_at),
    ipAddress: row.ip_address,
    userAgent: row.user_agent,
    authenticatedAt: new Date(row.authenticated_at ?? row.created_at),
    mfaAt: row.mfa_at ? new Date(row.mfa_at) : null,
  };
}
