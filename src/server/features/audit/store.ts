import type { Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import { iso } from '../../core/clock.js';
import { newId } from '../../core/crypto.js';
import type { Outcome } from '../../../shared/api.js';
import type { AuditAction } from '../../../shared/audit.js';

/** Who did what, to whom, from where. Never holds a password, token or code (checklist AU3). */
export interface AuditEvent {
  /** One of the listed actions (src/shared/audit.ts): each has a label in the web app. */
  action: AuditAction;
  outcome: Outcome;
  actorId?: string | null;
  actorName?: string | null;
  targetId?: string | null;
  targetName?: string | null;
  ipAddress?: string | null;
  userAgent?: string | null;
  correlationId?: string | null;
  details?: Record<string, string | number | boolean | null>;
}

/** Someone an event names: a user, by id and sign-in name. */
export interface AuditParty {
  id: string;
  userPrincipalName: string;
}

/**
 * The actor and target columns of an event: who acted, on whom. A self-service action names the
 * same user twice (`parties(user, user)`).
 */
export function parties(actor: AuditParty, target: AuditParty): Pick<AuditEvent, 'actorId' | 'actorName' | 'targetId' | 'targetName'> {
  return { actorId: actor.id, actorName: actor.userPrincipalName, targetId: target.id, targetName: target.userPrincipalName };
}

export interface StoredAuditEvent extends Required<Omit<AuditEvent, 'details' | 'action'>> {
  /** As stored: an older database may hold an action this version no longer writes. */
  action: string;
  id: string;
  occurredAt: Date;
  details: Record<string, unknown>;
}

/** Append-only for the application: there is no update, and delete is the retention job's alone. */
export interface AuditQuery {
  actorId?: string | undefined;
  targetId?: string | undefined;
  action?: string | undefined;
  /** Any of these actions (Graph's category and activityDisplayName filters); empty matches nothing. */
  actions?: readonly string[] | undefined;
  /** One event by its id. */
  id?: string | undefined;
  outcome?: Outcome | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  limit: number;
  /** Keyset cursor: events strictly older than this (occurred_at, id). */
  before?: { at: string; id: string } | undefined;
}

export interface AuditStore {
  append(event: AuditEvent, at: Date): Promise<void>;
  listForTarget(targetId: string, limit: number): Promise<StoredAuditEvent[]>;
  listRecent(limit: number): Promise<StoredAuditEvent[]>;
  list(query: AuditQuery): Promise<StoredAuditEvent[]>;
  /** The retention job's delete, the only one there is. @returns how many events were removed. */
  deleteOlderThan(cutoff: Date): Promise<number>;
}

export function createAuditStore(db: Kysely<Database>): AuditStore {
  const select = () => db.selectFrom('audit_event').selectAll().orderBy('occurred_at', 'desc').orderBy('id', 'desc');
  const map = (row: Awaited<ReturnType<ReturnType<typeof select>['execute']>>[number]): StoredAuditEvent => ({
    id: row.id,
    occurredAt: new Date(row.occurred_at),
    action: row.action,
    outcome: row.outcome === 'success' ? 'success' : 'failure',
    actorId: row.actor_id,
    actorName: row.actor_name,
    targetId: row.target_id,
    targetName: row.target_name,
    ipAddress: row.ip_address,
    userAgent: row.user_agent,
    correlationId: row.correlation_id,
    details: JSON.parse(row.details) as Record<string, unknown>,
  });
  return {
    async append(e, at) {
      await db
        .insertInto('audit_event')
        .values({
          id: newId(),
          occurred_at: iso(at),
          action: e.action,
          outcome: e.outcome,
          actor_id: e.actorId ?? null,
          actor_name: clip(e.actorName),
          target_id: e.targetId ?? null,
          target_name: clip(e.targetName),
          ip_address: e.ipAddress ?? null,
          user_agent: clip(e.userAgent),
          correlation_id: e.correlationId ?? null,
          details: JSON.stringify(e.details ?? {}),
        })
        .execute();
    },
    async listForTarget(targetId, limit) {
      return (await select().where('target_id', '=', targetId).limit(limit).execute()).map(map);
    },
    async listRecent(limit) {
      return (await select().limit(limit).execute()).map(map);
    },
    async list(q) {
      let query = select();
      if (q.actorId) query = query.where('actor_id', '=', q.actorId);
      if (q.targetId) query = query.where('target_id', '=', q.targetId);
      if (q.action) query = query.where('action', '=', q.action);
      if (q.actions) query = query.where('action', 'in', q.actions.length ? [...q.actions] : ['']);
      if (q.id) query = query.where('id', '=', q.id);
      if (q.outcome) query = query.where('outcome', '=', q.outcome);
      if (q.from) query = query.where('occurred_at', '>=', iso(q.from));
      if (q.to) query = query.where('occurred_at', '<', iso(q.to));
      if (q.before) {
        const { at, id } = q.before;
        query = query.where((eb) => eb.or([eb('occurred_at', '<', at), eb.and([eb('occurred_at', '=', at), eb('id', '<', id)])]));
      }
      return (await query.limit(q.limit).execute()).map(map);
    },
    async deleteOlderThan(cutoff) {
      const result = await db.deleteFrom('audit_event').where('occurred_at', '<', iso(cutoff)).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}

/** User-controlled text is bounded; it is stored as data in its own column, so it cannot forge fields (AU4). */
function clip(value: string | null | undefined): string | null {
  return value == null ? null : value.slice(0, 512);
}
