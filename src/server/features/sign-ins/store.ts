import type { Kysely, Selectable } from 'kysely';
import type { Database, SignInEventTable } from '../../db/types.js';
import { iso } from '../../core/clock.js';
import { newId } from '../../core/crypto.js';
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

export interface SignInQuery {
  userId?: string | undefined;
  result?: Outcome | undefined;
  reason?: SignInReason | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  limit: number;
  /** Keyset cursor: events strictly older than this (occurred_at, id). */
  before?: { at: string; id: string } | undefined;
}

/** The sign-in log and the devices a user signed in from successfully (familiar devices). */
export interface SignInStore {
  record(event: Omit<SignInEvent, 'id'>): Promise<void>;
  list(query: SignInQuery): Promise<SignInEvent[]>;
  isFamiliarDevice(userId: string, deviceHash: string): Promise<boolean>;
  rememberDevice(userId: string, deviceHash: string, at: Date): Promise<void>;
}

export function createSignInStore(db: Kysely<Database>): SignInStore {
  return {
    async record(e) {
      await db
        .insertInto('sign_in_event')
        .values({
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
        })
        .execute();
    },
    async list(q) {
      let query = db.selectFrom('sign_in_event').selectAll();
      if (q.userId) query = query.where('user_id', '=', q.userId);
      if (q.result) query = query.where('result', '=', q.result);
      if (q.reason) query = query.where('reason', '=', q.reason);
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
      const row = await db
        .selectFrom('familiar_device')
        .select('user_id')
        .where('user_id', '=', userId)
        .where('device_hash', '=', deviceHash)
        .executeTakeFirst();
      return row !== undefined;
    },
    async rememberDevice(userId, deviceHash, at) {
      await db
        .insertInto('familiar_device')
        .values({ user_id: userId, device_hash: deviceHash, created_at: iso(at), last_seen_at: iso(at) })
        .onConflict((oc) => oc.columns(['user_id', 'device_hash']).doUpdateSet({ last_seen_at: iso(at) }))
        .execute();
    },
  };
}

function toEvent(row: Selectable<SignInEventTable>): SignInEvent {
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
  };
}
