import { sql, type Kysely, type Selectable } from 'kysely';
import { iso } from '../../core/clock.js';
import type { User } from '../../core/identity.js';
import { param, prepare } from '../../db/compiled.js';
import type { Database, RecoveryFlowTable, UserTable } from '../../db/types.js';
import { toUser } from '../users/store-rows.js';

/**
 * The hot statements of the portal's later steps (issue 16, lever 1): loading a flow with its
 * account and lock, the address a code goes to, and the reset throttle's counters. Compiled once
 * per engine; each runs alike whether or not the flow can succeed (checklist R2).
 */

/** The flow's columns as the store maps them, read under a prefix so they can't clash with the account's. */
const flowColumns = [
  'id',
  'subject',
  'user_id',
  'user_principal_name',
  'eligibility',
  'state',
  'password_stamp',
  'methods_required',
  'offered',
  'proven',
  'questions',
  'failures',
  'version',
  'locale',
  'created_at',
  'expires_at',
  'finished_at',
  'outcome',
] as const;
type FlowColumn = (typeof flowColumns)[number];
export type FlowRow = Pick<Selectable<RecoveryFlowTable>, FlowColumn>;

type JoinedRow = { [K in FlowColumn as `f_${K}`]: FlowRow[K] } & { [K in keyof Selectable<UserTable>]: Selectable<UserTable>[K] | null } & {
  lock_until: string | null;
};

/** The flow by id, its account (none for an unknown name: user_id is null) and its subject's lock at `now`: one statement. */
const flowWithAccount = prepare<{ id: string; now: string }, JoinedRow>((db) =>
  db
    .selectFrom('recovery_flow')
    .leftJoin('app_user', 'app_user.id', 'recovery_flow.user_id')
    .leftJoin('recovery_lock', (join) =>
      join.onRef('recovery_lock.subject', '=', 'recovery_flow.subject').on('recovery_lock.locked_until', '>', param<string>('now')),
    )
    .selectAll('app_user')
    .select(flowColumns.map((c) => sql.ref(`recovery_flow.${c}`).as(`f_${c}`)))
    .select('recovery_lock.locked_until as lock_until')
    .where('recovery_flow.id', '=', param<string>('id')),
);

/** The address of one registered method of a user (none for '' ids: a flow that can't succeed binds them). */
const methodValue = prepare<{ userId: string; methodId: string }, { value: string }>((db) =>
  db.selectFrom('auth_method').select('value').where('user_id', '=', param<string>('userId')).where('id', '=', param<string>('methodId')),
);

type TakeParams = { key: string; windowStart: number; first: number; now: number; burst: number };
/**
 * GCRA, exactly the rate-limit store's `take` for one key (features/rate-limit/store.ts): the later of
 * the stored arrival time and now, plus the interval; refused (no row returned, nothing written) past the burst.
 */
const takeOne = prepare<TakeParams, { key: string }>((db) => {
  const now = param<number>('now');
  const from = sql<number>`(case when coalesce(rate_limit.tat_us, 0) > ${now} then rate_limit.tat_us else ${now} end)`;
  const next = sql<number>`${from} + (excluded.tat_us - ${now})`;
  return db
    .insertInto('rate_limit')
    .values({ key: param('key'), window_start: param('windowStart'), hits: 1, tat_us: param('first') })
    .onConflict((oc) =>
      oc
        .column('key')
        .doUpdateSet({ tat_us: next, hits: sql<number>`rate_limit.hits + 1`, window_start: sql<number>`excluded.window_start` })
        .where(sql<boolean>`${next} - ${now} <= ${param<number>('burst')}`),
    )
    .returning('key');
});

/** A fixed-window counter, exactly the rate-limit store's `hit`. */
const hitOne = prepare<{ key: string; windowStart: number }, { hits: number | string }>((db) =>
  db
    .insertInto('rate_limit')
    .values({ key: param('key'), window_start: param('windowStart'), hits: 1 })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({
        hits: sql<number>`case when rate_limit.window_start = excluded.window_start then rate_limit.hits + 1 else 1 end`,
        window_start: sql<number>`excluded.window_start`,
      }),
    )
    .returning('hits'),
);

export interface RecoverySendPath {
  /** A flow with its account and whether its subject is locked at `now`, in one statement. */
  flowWithAccount(id: string, now: Date): Promise<{ flow: FlowRow; user: User | undefined; lockedUntil: Date | null } | undefined>;
  /** The address on record of `methodId` for `userId` (checklist R14: never one the client names). */
  methodAddress(userId: string, methodId: string): Promise<string | undefined>;
  /** Takes one token of `key`'s bucket (GCRA, one atomic upsert). @returns whether it got one */
  takeToken(key: string, intervalUs: number, nowUs: number, burstUs: number): Promise<boolean>;
  /** Counts a hit in `key`'s fixed window starting at `windowStart` (epoch seconds). @returns the hits so far */
  hitWindow(key: string, windowStart: number): Promise<number>;
}

export function createRecoverySendPath(db: Kysely<Database>): RecoverySendPath {
  return {
    async flowWithAccount(id, now) {
      const row = await flowWithAccount.first(db, { id, now: iso(now) });
      if (!row) return undefined;
      const flow = Object.fromEntries(flowColumns.map((c) => [c, row[`f_${c}`]])) as FlowRow;
      const user = row.id === null ? undefined : toUser(row as Selectable<UserTable>);
      return { flow, user, lockedUntil: row.lock_until ? new Date(row.lock_until) : null };
    },
    async methodAddress(userId, methodId) {
      return (await methodValue.first(db, { userId, methodId }))?.value;
    },
    async takeToken(key, intervalUs, nowUs, burstUs) {
      const now = Math.floor(nowUs);
      const rows = await takeOne.execute(db, {
        key,
        windowStart: Math.floor(now / 1e6),
        first: now + Math.max(1, Math.floor(intervalUs)),
        now,
        burst: Math.floor(burstUs),
      });
      return rows.length === 1;
    },
    async hitWindow(key, windowStart) {
      const rows = await hitOne.execute(db, { key, windowStart });
      return Number(rows[0]!.hits);
    },
  };
}
