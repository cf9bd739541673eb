import type { FastifyRequest } from 'fastify';
import { GraphError, resourceNotFound } from './errors.js';
import { matchesFilter, parseODataQuery, pathGetter, selectProperties, type FilterNode, type ODataFields, type ODataQuery } from './odata.js';
import { callerOf, odataContext, type GraphModule } from './plugin.js';
import { directoryObjectJson, directoryRoleJson, directoryRoleTemplateJson, roleDefinitionJson } from './roles-shape.js';
import { roleAssignmentsRoutes } from './roles-assignments.js';
import { roleOfTemplateId, type RoleId } from '../../shared/roles.js';

/*
 * Directory roles (issue 15): GET /directoryRoleTemplates, /directoryRoles (activated: held by at
 * least one user or app), /directoryRoles/{id}/members (also addressed as
 * /directoryRoles(roleTemplateId='…')), /roleManagement/directory/roleDefinitions; the role
 * assignments are in roles-assignments.ts. Role data is public within the organisation, but reading
 * it still needs `users:read` in the service (Directory.Read.All, RoleManagement.ReadWrite.Directory).
 */

const TEMPLATE_PROPERTIES = ['id', 'deletedDateTime', 'description', 'displayName'] as const;
const ROLE_PROPERTIES = ['id', 'deletedDateTime', 'description', 'displayName', 'roleTemplateId'] as const;
const DEFINITION_PROPERTIES = [
  'id',
  'description',
  'displayName',
  'isBuiltIn',
  'isEnabled',
  'resourceScopes',
  'templateId',
  'version',
  'rolePermissions',
  'inheritsPermissionsFrom',
] as const;
const MEMBER_PROPERTIES = ['id', 'displayName', 'userPrincipalName', 'accountEnabled', 'appId', 'servicePrincipalType'] as const;

const ROLE_FIELDS: ODataFields = {
  id: { type: 'string', filter: ['eq', 'in'] },
  displayName: { type: 'string', filter: ['eq', 'startswith'] },
  roleTemplateId: { type: 'string', filter: ['eq', 'in'] },
};
const DEFINITION_FIELDS: ODataFields = {
  id: { type: 'string', filter: ['eq', 'in'] },
  displayName: { type: 'string', filter: ['eq', 'startswith'] },
  templateId: { type: 'string', filter: ['eq', 'in'] },
  isBuiltIn: { type: 'boolean', filter: ['eq'] },
  isEnabled: { type: 'boolean', filter: ['eq'] },
};

const notFound = resourceNotFound;

/** A role by its template id (the id of its template, directoryRole and roleDefinition alike). @throws GraphError 404 */
export function roleById(id: string): RoleId {
  const role = roleOfTemplateId(id);
  if (!role) throw notFound(id);
  return role;
}

/** The `(roleTemplateId='…')` key as the router leaves it: `'<id>')`. */
function roleByKey(key: string): RoleId {
  const m = /^'([^']{1,64})'\)$/.exec(key);
  if (!m) throw new GraphError(400, 'Request_BadRequest', `Bad request. Please fix the request before retrying.`);
  return roleById(m[1]!);
}

/** Query options for a small, unpaged collection: $select and $filter, evaluated in memory. */
function smallQuery(request: FastifyRequest, fields: ODataFields, selectable: readonly string[], resource: string): ODataQuery {
  return parseODataQuery(request, { fields, selectable, resource, count: false, search: false, orderBy: false, maxTop: 999 });
}

function filtered<T extends Record<string, unknown>>(items: T[], filter: FilterNode | null, select: string[] | null, defaults: readonly string[]) {
  return items.filter((item) => matchesFilter(filter, pathGetter(item))).map((item) => selectProperties(item, select, defaults));
}

/** Directory roles, their templates and definitions. */
export const rolesModule: GraphModule = (deps) => async (graph) => {
  const membersOf = async (request: FastifyRequest, role: RoleId) => {
    const q = smallQuery(request, {}, MEMBER_PROPERTIES, 'directoryObject');
    const members = await deps.services.roleAssignments.members(callerOf(request), role);
    return {
      '@odata.context': odataContext(request, deps.config, 'directoryObjects'),
      value: members.map((m) => {
        const json = directoryObjectJson(m);
        return q.select ? { '@odata.type': json['@odata.type'], ...selectProperties(json, q.select, []) } : json;
      }),
    };
  };

  graph.get('/directoryRoleTemplates', async (request) => {
    const q = smallQuery(request, ROLE_FIELDS, TEMPLATE_PROPERTIES, 'directoryRoleTemplate');
    const value = filtered(deps.services.roleAssignments.catalogue(callerOf(request)).map(directoryRoleTemplateJson), q.filter, q.select, TEMPLATE_PROPERTIES);
    return { '@odata.context': odataContext(request, deps.config, 'directoryRoleTemplates'), value };
  });

  graph.get('/directoryRoleTemplates/:id', async (request) => {
    const role = roleById((request.params as { id: string }).id);
    const q = smallQuery(request, {}, TEMPLATE_PROPERTIES, 'directoryRoleTemplate');
    deps.services.roleAssignments.catalogue(callerOf(request));
    return {
      '@odata.context': odataContext(request, deps.config, 'directoryRoleTemplates/$entity'),
      ...selectProperties(directoryRoleTemplateJson(role), q.select, TEMPLATE_PROPERTIES),
    };
  });

  graph.get('/directoryRoles', async (request) => {
    const q = smallQuery(request, ROLE_FIELDS, ROLE_PROPERTIES, 'directoryRole');
    const active = await deps.services.roleAssignments.activeRoles(callerOf(request));
    return {
      '@odata.context': odataContext(request, deps.config, 'directoryRoles'),
      value: filtered(active.map(directoryRoleJson), q.filter, q.select, ROLE_PROPERTIES),
    };
  });

  const oneRole = async (request: FastifyRequest, role: RoleId) => {
    const q = smallQuery(request, {}, ROLE_PROPERTIES, 'directoryRole');
    const active = await deps.services.roleAssignments.activeRoles(callerOf(request));
    // A role nobody holds is not activated: Graph has no directoryRole object for it.
    if (!active.includes(role)) throw notFound(directoryRoleJson(role).id);
    return {
      '@odata.context': odataContext(request, deps.config, 'directoryRoles/$entity'),
      ...selectProperties(directoryRoleJson(role), q.select, ROLE_PROPERTIES),
    };
  };
  graph.get('/directoryRoles/:id', async (request) => oneRole(request, roleById((request.params as { id: string }).id)));
  graph.get('/directoryRoles(roleTemplateId=:key', async (request) => oneRole(request, roleByKey((request.params as { key: string }).key)));
  graph.get('/directoryRoles/:id/members', async (request) => membersOf(request, roleById((request.params as { id: string }).id)));
  graph.get('/directoryRoles(roleTemplateId=:key/members', async (request) => membersOf(request, roleByKey((request.params as { key: string }).key)));

  graph.get('/roleManagement/directory/roleDefinitions', async (request) => {
    const q = smallQuery(request, DEFINITION_FIELDS, DEFINITION_PROPERTIES, 'unifiedRoleDefinition');
    const value = filtered(deps.services.roleAssignments.catalogue(callerOf(request)).map(roleDefinitionJson), q.filter, q.select, DEFINITION_PROPERTIES);
    return { '@odata.context': odataContext(request, deps.config, 'roleManagement/directory/roleDefinitions'), value };
  });

  graph.get('/roleManagement/directory/roleDefinitions/:id', async (request) => {
    const role = roleById((request.params as { id: string }).id);
    const q = smallQuery(request, {}, DEFINITION_PROPERTIES, 'unifiedRoleDefinition');
    deps.services.roleAssignments.catalogue(callerOf(request));
    return {
      '@odata.context': odataContext(request, deps.config, 'roleManagement/directory/roleDefinitions/$entity'),
      ...selectProperties(roleDefinitionJson(role), q.select, DEFINITION_PROPERTIES),
    };
  });

  await graph.register(roleAssignmentsRoutes(deps));
};
