import { PostgresAdapter, type Kysely, type Selectable } from 'kysely';
import type { Database, LockoutTable } from '../../db/types.js';
import { iso } from '../../core/clock.js';

export interface ClassState {
  failures: number;
  lockouts: number;
  lockedUntil: Date | null;
}

export interface LockoutState {
  userId: string;
  familiar: ClassState;
  unfamiliar: ClassState;
  /** Failures in a row across both classes; at the hard cap only a reset unlocks (NIST §3.2.2). */
  consecutiveFailures: number;
  hardLocked: boolean;
  /** Keyed hashes (HMAC) of the last wrong passwords, with when they were tried; never the passwords. */
  recentWrong: { hash: string; at: string }[];
}

/**
 * Attempts claimed and still being compared, per device class (checklist L7): they count toward
 * the threshold, so concurrent requests can't all compare. Claims lapse at `until` (a request that
 * crashed mid-comparison never settles its claim).
 */
export interface Claims {
  familiar: { pending: number; until: Date | null };
  unfamiliar: { pending: number; until: Date | null };
}

/** Smart-lockout state per user, in the database so that every server shares it. */
export interface LockoutStore {
  get(userId: string): Promise<LockoutState | undefined>;
  /**
   * Reads the row for an update in the caller's transaction, creating it when missing. On
   * PostgreSQL the row is locked (FOR UPDATE) so concurrent failures count one by one; SQLite
   * runs transactions one at a time.
   */
  getForUpdate(userId: string, at: Date): Promise<LockoutState>;
  /** getForUpdate, with the row's pending claims, in the same statements. */
  getForClaim(userId: string, at: Date): Promise<{ state: LockoutState; claims: Claims }>;
  /** Writes the state, and the claims when given, in one statement. */
  save(state: LockoutState, at: Date, claims?: Claims): Promise<void>;
  /** The pending claims (zero when there is no row). */
  claimsOf(userId: string): Promise<Claims>;
  saveClaims(userId: string, claims: Claims): Promise<void>;
  clear(userId: string): Promise<boolean>;
  /** Of these users, the ones locked at `now` (any class, or hard-locked). */
  lockedAmong(userIds: string[], now: Date): Promise<Set<string>>;
}

export function createLockoutStore(db: Kysely<Database>): LockoutStore {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  const claimColumns = (c: Claims) => ({
    familiar_pending: c.familiar.pending,
    familiar_pending_until: c.familiar.until ? iso(c.familiar.until) : null,
    unfamiliar_pending: c.unfamiliar.pending,
    unfamiliar_pending_until: c.unfamiliar.until ? iso(c.unfamiliar.until) : null,
  });
  /** Creates the row when missing, then reads it (locked FOR UPDATE on PostgreSQL). */
  async function rowForUpdate(userId: string, at: Date) {
    await db
      .insertInto('lockout')
      .values({
        user_id: userId,
        familiar_failures: 0,
        familiar_lockouts: 0,
        familiar_locked_until: null,
        unfamiliar_failures: 0,
        unfamiliar_lockouts: 0,
        unfamiliar_locked_until: null,
        consecutive_failures: 0,
        hard_locked: 0,
        recent_wrong: '[]',
        updated_at: iso(at),
      })
      .onConflict((oc) => oc.column('user_id').doNothing())
      .execute();
    let query = db.selectFrom('lockout').selectAll().where('user_id', '=', userId);
    if (postgres) query = query.forUpdate();
    return query.executeTakeFirstOrThrow();
  }
  return {
    async get(userId) {
      const row = await db.selectFrom('lockout').selectAll().where('user_id', '=', userId).executeTakeFirst();
      return row && toState(row);
    },
    async getForUpdate(userId, at) {
      return toState(await rowForUpdate(userId, at));
    },
    async getForClaim(userId, at) {
      const row = await rowForUpdate(userId, at);
      return { state: toState(row), claims: toClaims(row) };
    },
    async save(s, at, claims) {
      await db
        .updateTable('lockout')
        .set({
          familiar_failures: s.familiar.failures,
          familiar_lockouts: s.familiar.lockouts,
          familiar_locked_until: s.familiar.lockedUntil ? iso(s.familiar.lockedUntil) : null,
          unfamiliar_failures: s.unfamiliar.failures,
          unfamiliar_lockouts: s.unfamiliar.lockouts,
          unfamiliar_locked_until: s.unfamiliar.lockedUntil ? iso(s.unfamiliar.lockedUntil) : null,
          consecutive_failures: s.consecutiveFailures,
          hard_locked: s.hardLocked ? 1 : 0,
          recent_wrong: JSON.stringify(s.recentWrong),
          updated_at: iso(at),
          ...(claims ? claimColumns(claims) : {}),
        })
        .where('user_id', '=', s.userId)
        .execute();
    },
    async claimsOf(userId) {
      const row = await db
        .selectFrom('lockout')
        .select(['familiar_pending', 'familiar_pending_until', 'unfamiliar_pending', 'unfamiliar_pending_until'])
        .where('user_id', '=', userId)
        .executeTakeFirst();
      return toClaims(row);
    },
    async saveClaims(userId, c) {
      await db.updateTable('lockout').set(claimColumns(c)).where('user_id', '=', userId).execute();
    },
    async clear(userId) {
      const result = await db.deleteFrom('lockout').where('user_id', '=', userId).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
    async lockedAmong(userIds, now) {
      if (!userIds.length) return new Set();
      const t = iso(now);
      const rows = await db
        .selectFrom('lockout')
        .select('user_id')
        .where('user_id', 'in', userIds)
        .where((eb) => eb.or([eb('hard_locked', '=', 1), eb('familiar_locked_until', '>', t), eb('unfamiliar_locked_until', '>', t)]))
        .execute();
      return new Set(rows.map((r) => r.user_id));
    },
  };
}

type ClaimRow = Pick<Selectable<LockoutTable>, 'familiar_pending' | 'familiar_pending_until' | 'unfamiliar_pending' | 'unfamiliar_pending_until'>;

function toClaims(row: ClaimRow | undefined): Claims {
  const date = (v: string | null | undefined) => (v ? new Date(v) : null);
  return {
    familiar: { pending: Number(row?.familiar_pending ?? 0), until: date(row?.familiar_pending_until) },
    unfamiliar: { pending: Number(row?.unfamiliar_pending ?? 0), until: date(row?.unfamiliar_pending_until) },
  };
}

function toState(row: Selectable<LockoutTable>): LockoutState {
  let recentWrong: LockoutState['recentWrong'] = [];
  try {
    const parsed: unknown = JSON.parse(row.recent_wrong);
    if (Array.isArray(parsed))
      recentWrong = (parsed as unknown[]).filter(
        (e): e is { hash: string; at: string } =>
          typeof (e as { hash?: unknown } | null)?.hash === 'string' && typeof (e as { at?: unknown } | null)?.at === 'string',
      );
  } catch {
    /* a damaged list only forgets which wrong passwords were repeats */
  }
  return {
    userId: row.user_id,
    familiar: {
      failures: Number(row.familiar_failures),
      lockouts: Number(row.familiar_lockouts),
      lockedUntil: row.familiar_locked_until ? new Date(row.familiar_locked_until) : null,
    },
    unfamiliar: {
      failures: Number(row.unfamiliar_failures),
      lockouts: Number(row.unfamiliar_lockouts),
      lockedUntil: row.unfamiliar_locked_until ? new Date(row.unfamiliar_locked_until) : null,
    },
    consecutiveFailures: Number(row.consecutive_failures),
    hardLocked: Number(row.hard_locked) === 1,
    recentWrong,
  };
}
