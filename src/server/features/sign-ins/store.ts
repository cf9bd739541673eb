import type { Kysely, Selectable } from 'kysely';
import type { Database, SignInEventTable } from '../../db/types.js';
import { param, prepare } from '../../db/compiled.js';
import { iso } from '../../core/clock.js';
import { newId, sha256 } from '../../core/crypto.js';
import type { Outcome } from '../../../shared/api.js';
import type { SignInReason } from '../../../shared/reports.js';

/** Why a sign-in attempt ended as it did: the shared reason codes, re-exported for the auth service. */

export interface SignInEvent {
  id: string;
  occurredAt: Date;
  userId: string | null;
  identifier: string | null;
  result: Outcome;
  reason: SignInReason;
  ipAddress: string | null;
  userAgent: string | null;
  familiar: boolean;
  correlationId: string | null;
}

/** An event as the log holds it: one request, or (for an aggregated row) `attempts` of them up to `lastOccurredAt`. */
export interface StoredSignInEvent extends SignInEvent {
  attempts: number;
  lastOccurredAt: Date | null;
}

/**
 * Refused-by-rate-limit requests are written as one row per account (or, for names matching no
 * account, per address alone) and address per window of this many seconds, with a count: each
 * refusal costs its sender nothing, so a row each would let anyone grow the log without bound
 * (issue 12 finding 9; checklist AU1, L4).
 */
export const AGGREGATE_WINDOW_SECONDS = 600;

/** Reasons recorded as aggregated rows. */
const aggregated: ReadonlySet<SignInReason> = new Set<SignInReason>(['rate_limited']);

/** Rows deleted per statement by the retention job, so no delete holds locks for long. */
const DELETE_BATCH = 5000;

export interface SignInQuery {
  userId?: string | undefined;
  result?: Outcome | undefined;
  reason?: SignInReason | undefined;
  /** Any of these reasons (Graph's status/errorCode filter); empty matches nothing. */
  reasons?: readonly SignInReason[] | undefined;
  /** One event by its id. */
  id?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  limit: number;
  /** Keyset cursor: events strictly older than this (occurred_at, id). */
  before?: { at: string; id: string } | undefined;
}

/** The sign-in log and the devices a user signed in from successfully (familiar devices). */
export interface SignInStore {
  /** Writes one event; a rate-limited refusal adds to its window's aggregated row instead ({@link AGGREGATE_WINDOW_SECONDS}). */
  record(event: Omit<SignInEvent, 'id'>): Promise<void>;
  list(query: SignInQuery): Promise<StoredSignInEvent[]>;
  /** The retention job: deletes events that occurred (for an aggregated row: last occurred) before `before`. @returns how many. */
  deleteOlderThan(before: Date): Promise<number>;
  isFamiliarDevice(userId: string, deviceHash: string): Promise<boolean>;
  rememberDevice(userId: string, deviceHash: string, at: Date): Promise<void>;
}

// The statements every sign-in runs, compiled once per engine (issue 16, lever 1).
type EventParams = Omit<Selectable<SignInEventTable>, 'attempts' | 'aggregate_key' | 'last_occurred_at'>;
const insertEvent = prepare<EventParams, never>((db) =>
  db.insertInto('sign_in_event').values({
    id: param<string>('id'),
    aggregate_key: null,
    last_occurred_at: null,
    occurred_at: param<string>('occurred_at'),
    user_id: param<string | null>('user_id'),
    identifier: param<string | null>('identifier'),
    result: param<string>('result'),
    reason: param<string>('reason'),
    ip_address: param<string | null>('ip_address'),
    user_agent: param<string | null>('user_agent'),
    familiar: param<number>('familiar'),
    correlation_id: param<string | null>('correlation_id'),
  }),
);
const recentOfUser = prepare<{ userId: string; from: string; limit: number }, Selectable<SignInEventTable>>((db) =>
  db
    .selectFrom('sign_in_event')
    .selectAll()
    .where('user_id', '=', param<string>('userId'))
    .where('occurred_at', '>=', param<string>('from'))
    .orderBy('occurred_at', 'desc')
    .orderBy('id', 'desc')
    .limit(param<number>('limit')),
);
const familiarDevice = prepare<{ userId: string; deviceHash: string }, { user_id: string }>((db) =>
  db.selectFrom('familiar_device').select('user_id').where('user_id', '=', param<string>('userId')).where('device_hash', '=', param<string>('deviceHash')),
);
const rememberDevice = prepare<{ userId: string; deviceHash: string; at: string }, never>((db) =>
  db
    .insertInto('familiar_device')
    .values({ user_id: param<string>('userId'), device_hash: param<string>('deviceHash'), created_at: param<string>('at'), last_seen_at: param<string>('at') })
    .onConflict((oc) => oc.columns(['user_id', 'device_hash']).doUpdateSet({ last_seen_at: param<string>('at') })),
);

export function createSignInStore(db: Kysely<Database>): SignInStore {
  return {
    async record(e) {
      const key = aggregated.has(e.reason) ? aggregateKey(e) : null;
      if (key === null) {
        await insertEvent.run(db, {
          id: newId(),
          occurred_at: iso(e.occurredAt),
          user_id: e.userId,
          identifier: e.identifier?.slice(0, 256) ?? null,
          result: e.result,
          reason: e.reason,
          ip_address: e.ipAddress,
          user_agent: e.userAgent?.slice(0, 512) ?? null,
          familiar: e.familiar ? 1 : 0,
          correlation_id: e.correlationId,
        });
        return;
      }
      // A rate-limited refusal adds to its window's row (rare next to sign-ins: built per call).
      await db
        .insertInto('sign_in_event')
        .values({
          id: newId(),
          aggregate_key: key,
          last_occurred_at: key ? iso(e.occurredAt) : null,
          occurred_at: iso(e.occurredAt),
          user_id: e.userId,
          identifier: e.identifier?.slice(0, 256) ?? null,
          result: e.result,
          reason: e.reason,
          ip_address: e.ipAddress,
          user_agent: e.userAgent?.slice(0, 512) ?? null,
          familiar: e.familiar ? 1 : 0,
          correlation_id: e.correlationId,
        })
        // Concurrent refusals in one window all add to the one row (a unique key; both engines).
        .onConflict((oc) =>
          oc.column('aggregate_key').doUpdateSet((eb) => ({ attempts: eb('sign_in_event.attempts', '+', 1), last_occurred_at: iso(e.occurredAt) })),
        )
        .execute();
    },
    async deleteOlderThan(before) {
      const cutoff = iso(before);
      let deleted = 0;
      for (;;) {
        const batch = db
          .selectFrom('sign_in_event')
          .select('id')
          .where((eb) => eb.and([eb('occurred_at', '<', cutoff), eb.or([eb('last_occurred_at', 'is', null), eb('last_occurred_at', '<', cutoff)])]))
          .limit(DELETE_BATCH);
        const result = await db.deleteFrom('sign_in_event').where('id', 'in', batch).executeTakeFirst();
        const n = Number(result.numDeletedRows);
        deleted += n;
        if (n < DELETE_BATCH) return deleted;
      }
    },
    async list(q) {
      // The N6 check on every unfamiliar sign-in asks exactly this: compiled.
      if (q.userId && q.from && !q.result && !q.reason && !q.reasons && !q.id && !q.to && !q.before) {
        return (await recentOfUser.execute(db, { userId: q.userId, from: iso(q.from), limit: q.limit })).map(toEvent);
      }
      let query = db.selectFrom('sign_in_event').selectAll();
      if (q.userId) query = query.where('user_id', '=', q.userId);
      if (q.result) query = query.where('result', '=', q.result);
      if (q.reason) query = query.where('reason', '=', q.reason);
      if (q.reasons) query = query.where('reason', 'in', q.reasons.length ? [...q.reasons] : ['']);
      if (q.id) query = query.where('id', '=', q.id);
      if (q.from) query = query.where('occurred_at', '>=', iso(q.from));
      if (q.to) query = query.where('occurred_at', '<', iso(q.to));
      if (q.before) {
        const { at, id } = q.before;
        query = query.where((eb) => eb.or([eb('occurred_at', '<', at), eb.and([eb('occurred_at', '=', at), eb('id', '<', id)])]));
      }
      const rows = await query.orderBy('occurred_at', 'desc').orderBy('id', 'desc').limit(q.limit).execute();
      return rows.map(toEvent);
    },
    async isFamiliarDevice(userId, deviceHash) {
      return (await familiarDevice.first(db, { userId, deviceHash })) !== undefined;
    },
    async rememberDevice(userId, deviceHash, at) {
      await rememberDevice.run(db, { userId, deviceHash, at: iso(at) });
    },
  };
}

/**
 * The window's row for a rate-limited refusal: per account and address, or per address alone when
 * the name matches no account (names are free to vary, addresses are not). Hashed to a fixed length.
 */
function aggregateKey(e: Omit<SignInEvent, 'id'>): string {
  const window = Math.floor(e.occurredAt.getTime() / 1000 / AGGREGATE_WINDOW_SECONDS);
  const who = e.userId ? `user:${e.userId}` : 'unknown';
  return sha256(`sign-in:${e.reason}:${who}:${e.ipAddress ?? ''}:${window}`);
}

function toEvent(row: Selectable<SignInEventTable>): StoredSignInEvent {
  return {
    id: row.id,
    occurredAt: new Date(row.occurred_at),
    userId: row.user_id,
    identifier: row.identifier,
    result: row.result === 'success' ? 'success' : 'failure',
    reason: row.reason as SignInReason,
    ipAddress: row.ip_address,
    userAgent: row.user_agent,
    familiar: Number(row.familiar) === 1,
    correlationId: row.correlation_id,
    attempts: Number(row.attempts),
    lastOccurredAt: row.last_occurred_at ? new Date(row.last_occurred_at) : null,
  };
}
