import type { Kysely, Selectable } from 'kysely';
import type { Database, LockoutTable } from '../../db/types.js';
import { iso } from '../../core/clock.js';
import { createAuditStore, type AuditStore } from '../audit/store.js';
import * as statements from './statements.js';
import type { ClaimParams, StateParams } from './statements.js';

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

/** What a lockout transaction may touch: the row, and the audit log when it locks (AU2). */
export interface LockoutTx {
  lockout: LockoutStore;
  audit: AuditStore;
}

/** Smart-lockout state per user, in the database so that every server shares it. */
export interface LockoutStore {
  /**
   * Runs `work` in one short transaction of its own (or in the caller's, when this store is bound
   * to one), with only the stores a claim or settlement needs: the hot path of every typed
   * password, so it skips building the whole repository set (issue 16).
   */
  atomically<T>(work: (tx: LockoutTx) => Promise<T>): Promise<T>;
  /** A shadow claim's read: the pending claims of a row that is never created (no account; R2). */
  shadowClaims(userId: string): Promise<Claims>;
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
  const claimParams = (userId: string, c: Claims): ClaimParams => ({
    userId,
    fp: c.familiar.pending,
    fpu: c.familiar.until ? iso(c.familiar.until) : null,
    up: c.unfamiliar.pending,
    upu: c.unfamiliar.until ? iso(c.unfamiliar.until) : null,
  });
  const stateParams = (s: LockoutState, at: Date): StateParams => ({
    userId: s.userId,
    ff: s.familiar.failures,
    fl: s.familiar.lockouts,
    flu: s.familiar.lockedUntil ? iso(s.familiar.lockedUntil) : null,
    uf: s.unfamiliar.failures,
    ul: s.unfamiliar.lockouts,
    ulu: s.unfamiliar.lockedUntil ? iso(s.unfamiliar.lockedUntil) : null,
    cf: s.consecutiveFailures,
    hl: s.hardLocked ? 1 : 0,
    rw: JSON.stringify(s.recentWrong),
    at: iso(at),
  });
  /** Creates the row when missing and reads it, locked for the transaction (statements.ts). */
  const rowForUpdate = async (userId: string, at: Date) => {
    const row = await statements.rowForUpdate.first(db, { userId, at: iso(at) });
    if (!row) throw new Error('lockout: the upsert returned no row');
    return row;
  };
  let audit: AuditStore | undefined;
  const store: LockoutStore = {
    atomically(work) {
      const tx = (trx: Kysely<Database>, lockout: LockoutStore): LockoutTx => ({
        lockout,
        get audit() {
          return (audit ??= createAuditStore(trx));
        },
      });
      // Already in the caller's transaction: join it (Kysely has no nested transactions).
      if (db.isTransaction) return work(tx(db, store));
      return db.transaction().execute((trx) => {
        const lockout = createLockoutStore(trx);
        return lockout.atomically(work);
      });
    },
    async shadowClaims(userId) {
      const row = await statements.rowOf.first(db, { userId });
      return toClaims(row);
    },
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
      if (claims) await statements.saveStateAndClaims.run(db, { ...stateParams(s, at), ...claimParams(s.userId, claims) });
      else await statements.saveState.run(db, stateParams(s, at));
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
      await statements.saveClaims.run(db, claimParams(userId, c));
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
  return store;
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
