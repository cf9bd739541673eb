import type { FastifyRequest } from 'fastify';
import { GraphError, resourceNotFound } from './errors.js';
import { parseODataQuery, selectProperties, type FilterNode, type ODataFields } from './odata.js';
import { callerOf, odataContext, type GraphModule } from './plugin.js';
import { parseAssignmentId, roleAssignmentJson } from './roles-shape.js';
import { roleOfTemplateId, type RoleId } from '../../shared/roles.js';

/*
 * /roleManagement/directory/roleAssignments (issue 15): list with `$filter` on principalId and
 * roleDefinitionId (and both), `$expand=principal`, create, read and delete. Principals are users
 * or apps; the service decides authority (`roles:manage`: RoleManagement.ReadWrite.Directory,
 * Privileged Role Administrator, Global Administrator) and keeps the last Global Administrator.
 */

const ASSIGNMENT_PROPERTIES = ['id', 'principalId', 'roleDefinitionId', 'directoryScopeId', 'appScopeId', 'principal'] as const;
const DEFAULTS = ['id', 'principalId', 'roleDefinitionId', 'directoryScopeId', 'appScopeId'] as const;
const FIELDS: ODataFields = {
  principalId: { type: 'string', filter: ['eq'] },
  roleDefinitionId: { type: 'string', filter: ['eq'] },
};

const notFound = resourceNotFound;

/** `$expand=principal` (the one expansion supported), and the request as the query parser should see it (without it). */
function expansion(request: FastifyRequest): { expand: boolean; request: FastifyRequest } {
  const [path, query = ''] = request.url.split(/\?(.*)/s, 2);
  const parts = query.split('&').filter(Boolean);
  const isExpand = (part: string) => /^(%24|\$)?expand=/i.test(part);
  const expands = parts.filter(isExpand);
  if (expands.length === 0) return { expand: false, request };
  if (
    expands.length > 1 ||
    decodeURIComponent(expands[0]!.split('=')[1] ?? '')
      .trim()
      .toLowerCase() !== 'principal'
  )
    throw new GraphError(400, 'Request_BadRequest', "Only '$expand=principal' is supported on roleAssignments.");
  const rest = parts.filter((p) => !isExpand(p)).join('&');
  // A view of the request with another URL; headers and the rest are read through the prototype.
  return { expand: true, request: Object.create(request, { url: { value: rest ? `${path}?${rest}` : path } }) as FastifyRequest };
}

/** The principal and role a conjunction of eq clauses names. @throws GraphError 400 Request_UnsupportedQuery for `or`. */
function filterOf(filter: FilterNode | null): { principalId?: string; roleDefinitionId?: string; conflict: boolean } {
  const out: { principalId?: string; roleDefinitionId?: string; conflict: boolean } = { conflict: false };
  const visit = (node: FilterNode | null): void => {
    if (!node) return;
    if (node.op === 'or') throw new GraphError(400, 'Request_UnsupportedQuery', "The 'or' operator is not supported on resource 'unifiedRoleAssignment'.");
    if (node.op === 'and') return (visit(node.left), visit(node.right));
    if (node.op !== 'eq' || (node.property !== 'principalId' && node.property !== 'roleDefinitionId')) return;
    const value = String(node.value).toLowerCase();
    if (out[node.property] !== undefined && out[node.property] !== value) out.conflict = true;
    out[node.property] = value;
  };
  visit(filter);
  return out;
}

function roleOfDefinition(id: unknown): RoleId {
  const role = typeof id === 'string' ? roleOfTemplateId(id) : undefined;
  if (!role) throw new GraphError(404, 'Request_ResourceNotFound', `The role definition '${String(id).slice(0, 64)}' does not exist.`);
  return role;
}

export const roleAssignmentsRoutes: GraphModule = (deps) => async (graph) => {
  const base = '/roleManagement/directory/roleAssignments';

  graph.get(base, async (original) => {
    const { expand, request } = expansion(original);
    const q = parseODataQuery(request, {
      fields: FIELDS,
      selectable: ASSIGNMENT_PROPERTIES,
      resource: 'unifiedRoleAssignment',
      count: false,
      search: false,
      orderBy: false,
    });
    const f = filterOf(q.filter);
    const caller = callerOf(original);
    let role: RoleId | undefined;
    if (f.roleDefinitionId !== undefined) role = roleOfTemplateId(f.roleDefinitionId);
    const none = f.conflict || (f.roleDefinitionId !== undefined && !role);
    const list = await deps.services.roleAssignments.list(caller, { principalId: none ? '' : f.principalId, role });
    const items = none ? [] : list;
    const defaults = expand ? [...DEFAULTS, 'principal'] : DEFAULTS;
    return {
      '@odata.context': odataContext(original, deps.config, 'roleManagement/directory/roleAssignments'),
      value: items.map((a) => selectProperties(roleAssignmentJson(a, expand), q.select && expand ? [...q.select, 'principal'] : q.select, defaults)),
    };
  });

  graph.get(`${base}/:id`, async (original) => {
    const { expand, request } = expansion(original);
    const q = parseODataQuery(request, {
      fields: {},
      selectable: ASSIGNMENT_PROPERTIES,
      resource: 'unifiedRoleAssignment',
      count: false,
      search: false,
      orderBy: false,
    });
    const id = (original.params as { id: string }).id;
    const key = parseAssignmentId(id);
    const role = key ? roleOfTemplateId(key.templateId) : undefined;
    const found = await deps.services.roleAssignments.list(callerOf(original), { principalId: key && role ? key.principalId : '', role });
    const assignment = found[0];
    if (!assignment) throw notFound(id);
    return {
      '@odata.context': odataContext(original, deps.config, 'roleManagement/directory/roleAssignments/$entity'),
      ...selectProperties(roleAssignmentJson(assignment, expand), q.select, expand ? [...DEFAULTS, 'principal'] : DEFAULTS),
    };
  });

  graph.post(base, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    if (typeof body.principalId !== 'string' || !body.principalId || body.principalId.length > 64)
      throw new GraphError(400, 'Request_BadRequest', "Invalid value specified for property 'principalId' of resource 'unifiedRoleAssignment'.");
    if (body.directoryScopeId !== undefined && body.directoryScopeId !== '/')
      throw new GraphError(400, 'Request_BadRequest', "Only the directory scope '/' is supported: Latchkey has no administrative units.");
    if (body.appScopeId !== undefined && body.appScopeId !== null) throw new GraphError(400, 'Request_BadRequest', "'appScopeId' is not supported.");
    const role = roleOfDefinition(body.roleDefinitionId);
    const assignment = await deps.services.roleAssignments.assign(callerOf(request), body.principalId, role, request.context);
    return reply.code(201).send({
      '@odata.context': odataContext(request, deps.config, 'roleManagement/directory/roleAssignments/$entity'),
      ...roleAssignmentJson(assignment),
    });
  });

  graph.delete(`${base}/:id`, async (request, reply) => {
    const id = (request.params as { id: string }).id;
    const key = parseAssignmentId(id);
    const role = key ? roleOfTemplateId(key.templateId) : undefined;
    if (!key || !role) {
      // Authority first, as for a well-formed id: the refusal does not depend on the id.
      await deps.services.roleAssignments.remove(callerOf(request), '', 'global-administrator', request.context).catch((error: unknown) => {
        if ((error as { code?: string }).code === 'roles.assignment_not_found') throw notFound(id);
        throw error;
      });
      throw notFound(id);
    }
    await deps.services.roleAssignments.remove(callerOf(request), key.principalId, role, request.context);
    return reply.code(204).send();
  });
};
