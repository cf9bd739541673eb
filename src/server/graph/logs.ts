import type { Cursor } from '../core/cursor.js';
import { GraphError, resourceNotFound } from './errors.js';
import { actionsInCategory, actionsNamed, auditActivities, type AuditService } from './logs-activities.js';
import { directoryAuditJson, reasonsWithErrorCode, signInJson } from './logs-shape.js';
import { nextLinkFor, parseODataQuery, requireSkipToken, sealSkipToken, selectProperties, type FilterNode, type ODataFields } from './odata.js';
import { callerOf, odataContext, type GraphDeps, type GraphModule } from './plugin.js';
import { AUDIT_ACTIONS, type AuditAction } from '../../shared/audit.js';
import type { SignInReason } from '../../shared/reports.js';

/*
 * GET /auditLogs/directoryAudits and /auditLogs/signIns (+ /{id}), newest first, with Graph's
 * filters on time, user, app and target, and `@odata.nextLink` paging over the stores' keyset
 * (issue 15). The services check authority (`audit:read`, `reports:read`: AuditLog.Read.All).
 * A filter is a conjunction of the clauses listed in the field tables: `or` is refused, as Graph
 * refuses most combinations on these resources.
 */

const AUDIT_FIELDS: ODataFields = {
  activityDateTime: { type: 'datetime', filter: ['ge', 'le', 'gt', 'lt'] },
  activityDisplayName: { type: 'string', filter: ['eq'] },
  category: { type: 'string', filter: ['eq'] },
  loggedByService: { type: 'string', filter: ['eq'] },
  result: { type: 'string', filter: ['eq'] },
  correlationId: { type: 'string' },
  'initiatedBy/user/id': { type: 'string', filter: ['eq'] },
  'initiatedBy/app/appId': { type: 'string', filter: ['eq'] },
  'initiatedBy/app/servicePrincipalId': { type: 'string', filter: ['eq'] },
  'targetResources/id': { type: 'string', filter: ['any'] },
};
const AUDIT_PROPERTIES = [
  'id',
  'category',
  'correlationId',
  'result',
  'resultReason',
  'activityDisplayName',
  'activityDateTime',
  'loggedByService',
  'operationType',
  'initiatedBy',
  'targetResources',
  'additionalDetails',
] as const;

const SIGN_IN_FIELDS: ODataFields = {
  createdDateTime: { type: 'datetime', filter: ['ge', 'le', 'gt', 'lt'] },
  userId: { type: 'string', filter: ['eq'] },
  userPrincipalName: { type: 'string', filter: ['eq'] },
  'status/errorCode': { type: 'number', filter: ['eq'] },
};
const SIGN_IN_PROPERTIES = [
  'id',
  'createdDateTime',
  'userDisplayName',
  'userPrincipalName',
  'userId',
  'appId',
  'appDisplayName',
  'ipAddress',
  'clientAppUsed',
  'correlationId',
  'conditionalAccessStatus',
  'isInteractive',
  'riskDetail',
  'riskLevelAggregated',
  'riskLevelDuringSignIn',
  'riskState',
  'riskEventTypes_v2',
  'resourceDisplayName',
  'resourceId',
  'status',
  'deviceDetail',
  'location',
  'appliedConditionalAccessPolicies',
  'latchkeyReason',
  'familiarDevice',
] as const;

type Clause = Exclude<FilterNode, { op: 'and' | 'or' }>;

/** A clause's single value ('in' has several; the fields here allow none of those). */
const valueOf = (c: Clause): unknown => ('value' in c ? c.value : undefined);

/** The clauses of a conjunction. @throws GraphError 400 Request_UnsupportedQuery for `or`. */
function clausesOf(filter: FilterNode | null, resource: string): Clause[] {
  if (!filter) return [];
  if (filter.op === 'or') throw new GraphError(400, 'Request_UnsupportedQuery', `The 'or' operator is not supported on resource '${resource}'.`);
  if (filter.op === 'and') return [...clausesOf(filter.left, resource), ...clausesOf(filter.right, resource)];
  return [filter];
}

/** Time bounds from ge/gt/le/lt clauses: `from` inclusive, `to` inclusive (gt and lt move by one millisecond). */
function bound(range: { from?: Date; to?: Date }, c: Clause): void {
  if (c.op !== 'ge' && c.op !== 'gt' && c.op !== 'le' && c.op !== 'lt') return;
  const at = new Date(String(valueOf(c))).getTime();
  if (c.op === 'ge' || c.op === 'gt') {
    const from = new Date(c.op === 'gt' ? at + 1 : at);
    if (!range.from || from > range.from) range.from = from;
  } else {
    const to = new Date(c.op === 'lt' ? at - 1 : at);
    if (!range.to || to < range.to) range.to = to;
  }
}

/** Keeps only the members of both sets (undefined: no restriction yet). */
function intersect<T>(current: T[] | undefined, next: readonly T[]): T[] {
  return current ? current.filter((x) => next.includes(x)) : [...next];
}

/** Requires that two clauses on one property agree (`userId eq 'a' and userId eq 'b'` matches nothing). */
function same(current: string | undefined, next: string): { value: string; conflict: boolean } {
  return { value: next, conflict: current !== undefined && current.toLowerCase() !== next.toLowerCase() };
}

function position(deps: GraphDeps, skipToken: string | null): Cursor | undefined {
  const raw = requireSkipToken(deps.secret, { skipToken }) as { at?: unknown; id?: unknown } | null;
  if (raw === null) return undefined;
  if (typeof raw.at !== 'string' || typeof raw.id !== 'string') throw new GraphError(400, 'Request_BadRequest', "Invalid value for query option '$skiptoken'.");
  return { at: raw.at, id: raw.id };
}

/** The server secret that seals skip tokens. */
/** The audit and sign-in logs. */
export const logsModule: GraphModule = (deps) => async (graph) => {
  graph.get('/auditLogs/directoryAudits', async (request) => {
    const q = parseODataQuery(request, {
      fields: AUDIT_FIELDS,
      selectable: AUDIT_PROPERTIES,
      resource: 'directoryAudit',
      count: false,
      search: false,
      orderBy: false,
    });
    const range: { from?: Date; to?: Date } = {};
    let actions: AuditAction[] | undefined;
    let actorId: string | undefined;
    let actorClientId: string | undefined;
    let targetId: string | undefined;
    let outcome: 'success' | 'failure' | undefined;
    let nothing = false;
    for (const c of clausesOf(q.filter, 'directoryAudit')) {
      const value = String(valueOf(c));
      if (c.property === 'activityDateTime') bound(range, c);
      else if (c.property === 'activityDisplayName') actions = intersect(actions, actionsNamed(value));
      else if (c.property === 'category') actions = intersect(actions, actionsInCategory(value));
      else if (c.property === 'loggedByService')
        actions = intersect(
          actions,
          AUDIT_ACTIONS.filter((a) => auditActivities[a].service.toLowerCase() === (value.toLowerCase() as Lowercase<AuditService>)),
        );
      else if (c.property === 'result') {
        if (value === 'success' || value === 'failure') outcome = value;
        else nothing = true;
      } else if (c.property === 'initiatedBy/user/id' || c.property === 'initiatedBy/app/servicePrincipalId') {
        const next = same(actorId, value);
        nothing ||= next.conflict;
        actorId = next.value;
      } else if (c.property === 'initiatedBy/app/appId') actorClientId = value;
      else if (c.op === 'any' && c.collection === 'targetResources') {
        const next = same(targetId, c.value);
        nothing ||= next.conflict;
        targetId = next.value;
      }
    }
    if (nothing) actions = [];
    const page = await deps.services.graphLogs.directoryAudits(callerOf(request), {
      ...range,
      actions,
      actorId,
      actorClientId,
      targetId,
      outcome,
      limit: q.top,
      before: position(deps, q.skipToken),
    });
    return {
      '@odata.context': odataContext(request, deps.config, 'auditLogs/directoryAudits'),
      value: page.items.map((item) => selectProperties(directoryAuditJson(item), q.select, AUDIT_PROPERTIES)),
      ...(page.next ? { '@odata.nextLink': nextLinkFor(request, deps.config, sealSkipToken(deps.secret, page.next)) } : {}),
    };
  });

  graph.get('/auditLogs/directoryAudits/:id', async (request) => {
    const { id } = request.params as { id: string };
    const q = parseODataQuery(request, { fields: {}, selectable: AUDIT_PROPERTIES, resource: 'directoryAudit', count: false, search: false, orderBy: false });
    const item = id.length <= 64 ? await deps.services.graphLogs.directoryAudit(callerOf(request), id) : undefined;
    if (!item) throw resourceNotFound(id);
    return {
      '@odata.context': odataContext(request, deps.config, 'auditLogs/directoryAudits/$entity'),
      ...selectProperties(directoryAuditJson(item), q.select, AUDIT_PROPERTIES),
    };
  });

  graph.get('/auditLogs/signIns', async (request) => {
    const q = parseODataQuery(request, {
      fields: SIGN_IN_FIELDS,
      selectable: SIGN_IN_PROPERTIES,
      resource: 'signIn',
      count: false,
      search: false,
      orderBy: false,
    });
    const range: { from?: Date; to?: Date } = {};
    let userId: string | undefined;
    let userPrincipalName: string | undefined;
    let reasons: SignInReason[] | undefined;
    let nothing = false;
    for (const c of clausesOf(q.filter, 'signIn')) {
      if (c.property === 'createdDateTime') bound(range, c);
      else if (c.property === 'userId') {
        const next = same(userId, String(valueOf(c)));
        nothing ||= next.conflict;
        userId = next.value;
      } else if (c.property === 'userPrincipalName') {
        const next = same(userPrincipalName, String(valueOf(c)));
        nothing ||= next.conflict;
        userPrincipalName = next.value;
      } else if (c.property === 'status/errorCode') reasons = intersect(reasons, reasonsWithErrorCode(Number(valueOf(c))));
    }
    if (nothing) reasons = [];
    const page = await deps.services.graphLogs.signIns(callerOf(request), {
      ...range,
      userId,
      userPrincipalName,
      reasons,
      limit: q.top,
      before: position(deps, q.skipToken),
    });
    return {
      '@odata.context': odataContext(request, deps.config, 'auditLogs/signIns'),
      value: page.items.map((item) => selectProperties(signInJson(item), q.select, SIGN_IN_PROPERTIES)),
      ...(page.next ? { '@odata.nextLink': nextLinkFor(request, deps.config, sealSkipToken(deps.secret, page.next)) } : {}),
    };
  });

  graph.get('/auditLogs/signIns/:id', async (request) => {
    const { id } = request.params as { id: string };
    const q = parseODataQuery(request, { fields: {}, selectable: SIGN_IN_PROPERTIES, resource: 'signIn', count: false, search: false, orderBy: false });
    const item = id.length <= 64 ? await deps.services.graphLogs.signIn(callerOf(request), id) : undefined;
    if (!item) throw resourceNotFound(id);
    return {
      '@odata.context': odataContext(request, deps.config, 'auditLogs/signIns/$entity'),
      ...selectProperties(signInJson(item), q.select, SIGN_IN_PROPERTIES),
    };
  });
};
