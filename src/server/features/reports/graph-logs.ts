import type { Cursor } from '../../core/cursor.js';
import type { Principal } from '../../core/identity.js';
import type { Repos } from '../../db/repos.js';
import type { StoredAuditEvent } from '../audit/store.js';
import type { StoredSignInEvent } from '../sign-ins/store.js';
import { demand } from '../roles/authority.js';
import type { Outcome } from '../../../shared/api.js';
import type { SignInReason } from '../../../shared/reports.js';

/*
 * The audit and sign-in logs for the Graph surface (issue 15: /auditLogs/directoryAudits and
 * /auditLogs/signIns): the same stores and indexes as Reports in the admin centre, with the filters
 * Graph's scripts use and keyset paging. Authority is checked here, not in the dialect: the audit
 * log needs `audit:read`, the sign-in log `reports:read` (AuditLog.Read.All grants both; Reports
 * Reader holds both).
 */

/** Who an audit event names as its initiator or target: a user, an app (by object id), or neither. */
export interface LogParty {
  kind: 'user' | 'app' | 'system';
  id: string | null;
  name: string | null;
  /** For an app: its application (client) id. */
  clientId?: string;
}

export interface AuditPageQuery {
  from?: Date | undefined;
  /** Inclusive upper bound (Graph's `le`). */
  to?: Date | undefined;
  /** A user's or an app's object id. */
  actorId?: string | undefined;
  /** The initiating app by its application (client) id. */
  actorClientId?: string | undefined;
  targetId?: string | undefined;
  /** Any of these actions; undefined: all. */
  actions?: readonly string[] | undefined;
  outcome?: Outcome | undefined;
  limit: number;
  /** Events strictly older than this position (newest first). */
  before?: Cursor | undefined;
}

export interface AuditPageItem {
  event: StoredAuditEvent;
  initiator: LogParty;
  target: LogParty;
}

export interface SignInPageQuery {
  from?: Date | undefined;
  to?: Date | undefined;
  userId?: string | undefined;
  /** A user principal name (or other sign-in name): resolved to the account; none matches nothing. */
  userPrincipalName?: string | undefined;
  reasons?: readonly SignInReason[] | undefined;
  limit: number;
  before?: Cursor | undefined;
}

export interface SignInPageItem {
  event: StoredSignInEvent;
  /** The account's display name when the event names an existing account. */
  userDisplayName: string | null;
  userPrincipalName: string | null;
}

export interface LogPage<T> {
  items: T[];
  /** The position after the last item, when there may be more. */
  next: Cursor | null;
}

const NOTHING = { items: [], next: null };

/** The lowest instant after `to` (the stores' upper bound is exclusive; Graph's `le` is inclusive). */
const inclusive = (to: Date | undefined) => (to ? new Date(to.getTime() + 1) : undefined);

export function createGraphLogs(deps: { repos: Repos }) {
  const { repos } = deps;

  /** Apps by object id: few rows, read once per page to tell an app initiator from a user. */
  async function appsById() {
    return new Map((await repos.apps.list()).map((a) => [a.id, a]));
  }

  function partyOf(id: string | null, name: string | null, apps: Awaited<ReturnType<typeof appsById>>): LogParty {
    if (!id) return { kind: 'system', id: null, name };
    const app = apps.get(id);
    return app ? { kind: 'app', id, name: app.displayName, clientId: app.clientId } : { kind: 'user', id, name };
  }

  return {
    /**
     * A page of the audit log, newest first.
     * @throws AppError auth.forbidden without `audit:read`
     */
    async directoryAudits(actor: Principal, q: AuditPageQuery): Promise<LogPage<AuditPageItem>> {
      demand(actor, 'audit:read');
      if (q.actions && q.actions.length === 0) return NOTHING;
      let actorId = q.actorId;
      if (q.actorClientId) {
        const app = await repos.apps.findByClientId(q.actorClientId);
        if (!app || (actorId && actorId !== app.id)) return NOTHING;
        actorId = app.id;
      }
      const events = await repos.audit.list({
        actorId,
        targetId: q.targetId,
        actions: q.actions,
        outcome: q.outcome,
        from: q.from,
        to: inclusive(q.to),
        limit: q.limit + 1,
        before: q.before,
      });
      const page = events.slice(0, q.limit);
      const apps = await appsById();
      const last = page.at(-1);
      return {
        items: page.map((event) => ({
          event,
          initiator: partyOf(event.actorId, event.actorName, apps),
          target: partyOf(event.targetId, event.targetName, apps),
        })),
        next: events.length > q.limit && last ? { at: last.occurredAt.toISOString(), id: last.id } : null,
      };
    },

    /**
     * One audit event, or undefined.
     * @throws AppError auth.forbidden without `audit:read`
     */
    async directoryAudit(actor: Principal, id: string): Promise<AuditPageItem | undefined> {
      demand(actor, 'audit:read');
      const [event] = await repos.audit.list({ id, limit: 1 });
      if (!event) return undefined;
      const apps = await appsById();
      return { event, initiator: partyOf(event.actorId, event.actorName, apps), target: partyOf(event.targetId, event.targetName, apps) };
    },

    /**
     * A page of the sign-in log, newest first.
     * @throws AppError auth.forbidden without `reports:read`
     */
    async signIns(actor: Principal, q: SignInPageQuery): Promise<LogPage<SignInPageItem>> {
      demand(actor, 'reports:read');
      if (q.reasons && q.reasons.length === 0) return NOTHING;
      let userId = q.userId;
      if (q.userPrincipalName !== undefined) {
        const user = await repos.users.findBySignInName(q.userPrincipalName);
        if (!user || (userId && userId !== user.id)) return NOTHING;
        userId = user.id;
      }
      const events = await repos.signIns.list({ userId, reasons: q.reasons, from: q.from, to: inclusive(q.to), limit: q.limit + 1, before: q.before });
      const page = events.slice(0, q.limit);
      const last = page.at(-1);
      return { items: await withUsers(page), next: events.length > q.limit && last ? { at: last.occurredAt.toISOString(), id: last.id } : null };
    },

    /**
     * One sign-in event, or undefined.
     * @throws AppError auth.forbidden without `reports:read`
     */
    async signIn(actor: Principal, id: string): Promise<SignInPageItem | undefined> {
      demand(actor, 'reports:read');
      const events = await repos.signIns.list({ id, limit: 1 });
      return (await withUsers(events))[0];
    },
  };

  /** Adds the accounts' names. */
  async function withUsers(events: StoredSignInEvent[]): Promise<SignInPageItem[]> {
    const ids = [...new Set(events.flatMap((e) => (e.userId ? [e.userId] : [])))];
    const users = new Map<string, { displayName: string; userPrincipalName: string }>();
    // By primary key, concurrently (a page names at most `$top` accounts; PostgreSQL spreads them over its pool).
    for (const user of await Promise.all(ids.map((id) => repos.users.findById(id)))) if (user) users.set(user.id, user);
    return events.map((event) => {
      const user = event.userId ? users.get(event.userId) : undefined;
      return { event, userDisplayName: user?.displayName ?? null, userPrincipalName: user?.userPrincipalName ?? event.identifier };
    });
  }
}

export type GraphLogs = ReturnType<typeof createGraphLogs>;
