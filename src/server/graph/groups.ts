import type { User } from '../core/identity.js';
import type { Group } from '../features/groups/store.js';
import { GraphError } from './errors.js';
import { matchesFilter, nextLinkFor, parseODataQuery, pathGetter, requireSkipToken, sealSkipToken, selectProperties, type ODataFields } from './odata.js';
import { callerOf, odataContext, type GraphModule } from './plugin.js';

/*
 * GET /groups, /groups/{id} and /groups/{id}/members (issue 15) with $select, $filter, $top,
 * $count and $skiptoken. Groups are security groups (Latchkey has no mail or Microsoft 365
 * groups); the group list is read whole and paged in memory (an organisation has hundreds of
 * groups), members are paged over the users store's keyset like the admin centre's user list.
 */

const GROUP_PROPERTIES = [
  'id',
  'deletedDateTime',
  'classification',
  'createdDateTime',
  'description',
  'displayName',
  'groupTypes',
  'isAssignableToRole',
  'mail',
  'mailEnabled',
  'mailNickname',
  'securityEnabled',
  'visibility',
] as const;
const GROUP_FIELDS: ODataFields = {
  id: { type: 'string', filter: ['eq', 'in'] },
  displayName: { type: 'string', filter: ['eq', 'startswith', 'in'] },
  isAssignableToRole: { type: 'boolean', filter: ['eq'] },
  securityEnabled: { type: 'boolean', filter: ['eq'] },
};
const MEMBER_DEFAULTS = [
  'businessPhones',
  'displayName',
  'givenName',
  'id',
  'jobTitle',
  'mail',
  'mobilePhone',
  'officeLocation',
  'preferredLanguage',
  'surname',
  'userPrincipalName',
] as const;
const MEMBER_PROPERTIES = [...MEMBER_DEFAULTS, 'accountEnabled', 'department', 'otherMails'] as const;

function groupJson(g: Group): Record<string, unknown> {
  return {
    id: g.id,
    deletedDateTime: null,
    classification: null,
    createdDateTime: null,
    description: g.description,
    displayName: g.displayName,
    groupTypes: [],
    isAssignableToRole: g.isRoleAssignable,
    mail: null,
    mailEnabled: false,
    mailNickname: null,
    securityEnabled: true,
    visibility: null,
  };
}

function memberJson(u: User): Record<string, unknown> {
  return {
    id: u.id,
    businessPhones: u.businessPhones,
    displayName: u.displayName,
    givenName: u.givenName,
    jobTitle: u.jobTitle,
    mail: u.mail,
    mobilePhone: u.mobilePhone,
    officeLocation: null,
    preferredLanguage: u.preferredLanguage,
    surname: u.surname,
    userPrincipalName: u.userPrincipalName,
    accountEnabled: u.accountEnabled,
    department: u.department,
    otherMails: u.otherMails,
  };
}

const badToken = () => new GraphError(400, 'Request_BadRequest', "Invalid value for query option '$skiptoken'.");

export const groupsModule: GraphModule = (deps) => async (graph) => {
  graph.get('/groups', async (request) => {
    const q = parseODataQuery(request, {
      fields: GROUP_FIELDS,
      selectable: GROUP_PROPERTIES,
      resource: 'Group',
      search: false,
      orderBy: false,
      advancedNeedsEventual: true,
    });
    const after = requireSkipToken(deps.secret, q) as { index?: unknown; id?: unknown } | null;
    const all = (await deps.services.graphGroups.list(callerOf(request))).filter((g) => matchesFilter(q.filter, pathGetter(groupJson(g))));
    let start = 0;
    if (after !== null) {
      if (typeof after.index !== 'number' || typeof after.id !== 'string') throw badToken();
      // Resume after the last group sent; if it is gone, at the position it had.
      const at = all.findIndex((g) => g.id === after.id);
      start = at >= 0 ? at + 1 : Math.min(after.index, all.length);
    }
    const page = all.slice(start, start + q.top);
    const last = page.at(-1);
    const more = start + q.top < all.length && last;
    return {
      '@odata.context': odataContext(request, deps.config, 'groups'),
      ...(q.count ? { '@odata.count': all.length } : {}),
      value: page.map((g) => selectProperties(groupJson(g), q.select, GROUP_PROPERTIES)),
      ...(more ? { '@odata.nextLink': nextLinkFor(request, deps.config, sealSkipToken(deps.secret, { index: start + page.length, id: last.id })) } : {}),
    };
  });

  graph.get('/groups/:id', async (request) => {
    const q = parseODataQuery(request, { fields: {}, selectable: GROUP_PROPERTIES, resource: 'Group', count: false, search: false, orderBy: false });
    const group = await deps.services.graphGroups.get(callerOf(request), (request.params as { id: string }).id.slice(0, 64));
    return { '@odata.context': odataContext(request, deps.config, 'groups/$entity'), ...selectProperties(groupJson(group), q.select, GROUP_PROPERTIES) };
  });

  graph.get('/groups/:id/members', async (request) => {
    const q = parseODataQuery(request, { fields: {}, selectable: MEMBER_PROPERTIES, resource: 'directoryObject', count: false, search: false, orderBy: false });
    const token = requireSkipToken(deps.secret, q) as { cursor?: unknown } | null;
    if (token !== null && typeof token.cursor !== 'string') throw badToken();
    const id = (request.params as { id: string }).id.slice(0, 64);
    const page = await deps.services.graphGroups.members(callerOf(request), id, { limit: q.top, cursor: token?.cursor as string | undefined });
    return {
      '@odata.context': odataContext(request, deps.config, 'directoryObjects'),
      value: page.items.map((u) => ({ '@odata.type': '#microsoft.graph.user', ...selectProperties(memberJson(u), q.select, MEMBER_DEFAULTS) })),
      ...(page.nextCursor ? { '@odata.nextLink': nextLinkFor(request, deps.config, sealSkipToken(deps.secret, { cursor: page.nextCursor })) } : {}),
    };
  });
};
