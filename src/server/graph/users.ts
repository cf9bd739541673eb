import type { FastifyRequest } from 'fastify';
import type { Actor } from '../core/identity.js';
import { GraphError } from './errors.js';
import { nextLinkFor, parseODataQuery, requireSkipToken, sealSkipToken, selectProperties, type ODataQuery } from './odata.js';
import { callerOf, odataContext, type GraphDeps, type GraphModule } from './plugin.js';
import { parseUserBody } from './users-body.js';
import { DEFAULT_USER_PROPERTIES, SELECTABLE_USER_PROPERTIES, USER_FIELDS, graphUser } from './users-shape.js';

/*
 * Users on the Graph surface (issue 15), over the same services as /api/v1's users:
 *   GET    /users            $select $filter $top $count $search $orderby $skiptoken (keyset, sealed)
 *   GET    /users/$count     text/plain
 *   GET    /users/{id | userPrincipalName}, GET /me (delegated tokens only)
 *   POST   /users            users.create: the password policy, authority and audit of /api/v1
 *   PATCH  /users/{id}       userAdmin.update; passwordProfile is an admin reset (adminReset, the role matrix)
 *   DELETE /users/{id}       userAdmin.delete (the sensitive-actor rule, the last Global Administrator)
 */

const options = { fields: USER_FIELDS, selectable: SELECTABLE_USER_PROPERTIES, resource: 'User', advancedNeedsEventual: true } as const;

/** A sealed page position: the order it belongs to, the last sort key and id. */
interface Position {
  o: 'displayName' | 'userPrincipalName';
  d: boolean;
  k: string;
  id: string;
}

function orderOf(query: ODataQuery): { property: 'displayName' | 'userPrincipalName'; desc: boolean } {
  if (query.orderBy.length > 1) throw new GraphError(400, 'Request_UnsupportedQuery', 'Sorting by more than one property is not supported.');
  const first = query.orderBy[0];
  return { property: first?.property === 'userPrincipalName' ? 'userPrincipalName' : 'displayName', desc: first?.desc ?? false };
}

function positionOf(deps: GraphDeps, query: ODataQuery, order: ReturnType<typeof orderOf>): { key: string; id: string } | null {
  const p = requireSkipToken(deps.secret, query) as Partial<Position> | null;
  if (p === null) return null;
  // A token from another ordering would start the walk at a wrong place.
  if (p.o !== order.property || p.d !== order.desc || typeof p.k !== 'string' || typeof p.id !== 'string')
    throw new GraphError(400, 'Request_BadRequest', "Invalid value for query option '$skiptoken'.");
  return { key: p.k, id: p.id };
}

/** The Graph layer's where: the parsed filter and search, as the users service takes them. */
const whereOf = (query: ODataQuery) => ({ filter: query.filter, search: query.search });

export const usersModule: GraphModule = (deps) => async (graph) => {
  const { users, userAdmin, adminReset } = deps.services;
  const actorOf = (request: FastifyRequest): Actor => ({ kind: 'user', principal: callerOf(request) });
  const resolve = async (request: FastifyRequest, ref: string) => users.graphFind(actorOf(request), ref);

  graph.get('/users', async (request) => {
    const query = parseODataQuery(request, options);
    const order = orderOf(query);
    const actor = actorOf(request);
    const after = positionOf(deps, query, order);
    const page = await users.graphList(actor, { ...whereOf(query), orderBy: order, limit: query.top, after });
    const count = query.count ? await users.graphCount(actor, whereOf(query)) : null;
    const fragment = query.select ? `users(${query.select.join(',')})` : 'users';
    const next = page.next ? sealSkipToken(deps.secret, { o: order.property, d: order.desc, k: page.next.key, id: page.next.id } satisfies Position) : null;
    return {
      '@odata.context': odataContext(request, deps.config, fragment),
      ...(count !== null ? { '@odata.count': count } : {}),
      ...(next ? { '@odata.nextLink': nextLinkFor(request, deps.config, next) } : {}),
      value: page.items.map((u) => selectProperties(graphUser(u), query.select, DEFAULT_USER_PROPERTIES)),
    };
  });

  graph.get('/users/$count', async (request, reply) => {
    const query = parseODataQuery(request, { ...options, count: true });
    // Graph counts directory objects only with ConsistencyLevel: eventual.
    if (!query.eventual) throw new GraphError(400, 'Request_UnsupportedQuery', '$count is not currently supported.');
    const count = await users.graphCount(actorOf(request), whereOf(query));
    return reply.type('text/plain; charset=utf-8').send(String(count));
  });

  graph.get<{ Params: { id: string } }>('/users/:id', async (request) => {
    const query = parseODataQuery(request, options);
    const user = await resolve(request, request.params.id);
    const fragment = query.select ? `users(${query.select.join(',')})/$entity` : 'users/$entity';
    return { '@odata.context': odataContext(request, deps.config, fragment), ...selectProperties(graphUser(user), query.select, DEFAULT_USER_PROPERTIES) };
  });

  graph.get('/me', async (request) => {
    const caller = callerOf(request);
    if (caller.via?.kind === 'application') throw new GraphError(400, 'Request_BadRequest', '/me request is only valid with delegated authentication flow.');
    const query = parseODataQuery(request, options);
    // The signed-in user reads their own record (loaded with the token); no directory permission needed, as in Graph (User.Read).
    const fragment = query.select ? `users(${query.select.join(',')})/$entity` : 'users/$entity';
    return {
      '@odata.context': odataContext(request, deps.config, fragment),
      ...selectProperties(graphUser(caller.user), query.select, DEFAULT_USER_PROPERTIES),
    };
  });

  graph.post('/users', async (request, reply) => {
    const { fields, passwordProfile } = parseUserBody(request.body, 'create');
    const { passwordPolicies, ...rest } = fields;
    const flags = (passwordPolicies ?? '').split(',').map((f) => f.trim());
    const created = await users.create(
      actorOf(request),
      {
        ...rest,
        userPrincipalName: rest.userPrincipalName!,
        displayName: rest.displayName!,
        disablePasswordExpiration: flags.includes('DisablePasswordExpiration'),
        disableStrongPassword: flags.includes('DisableStrongPassword'),
        password: passwordProfile!.password!,
        // Latchkey's default, as in the Microsoft 365 admin centre: a password someone else chose is changed at first sign-in.
        forceChangePassword: passwordProfile?.forceChangePasswordNextSignIn ?? true,
        forceChangePasswordWithMfa: passwordProfile?.forceChangePasswordNextSignInWithMfa === true,
      },
      request.context,
    );
    return reply
      .code(201)
      .send({ '@odata.context': odataContext(request, deps.config, 'users/$entity'), ...selectProperties(graphUser(created), null, DEFAULT_USER_PROPERTIES) });
  });

  graph.patch<{ Params: { id: string } }>('/users/:id', async (request, reply) => {
    const { fields, passwordProfile } = parseUserBody(request.body, 'update');
    const caller = callerOf(request);
    const { id } = await resolve(request, request.params.id);
    if (Object.keys(fields).length) await userAdmin.update(caller, id, fields, request.context);
    if (passwordProfile?.password !== undefined) {
      // An admin reset: the one password path, the role matrix, step-up and audit of /api/v1's reset.
      await adminReset.resetPassword(
        caller,
        id,
        {
          autoGenerate: false,
          password: passwordProfile.password,
          forceChangePasswordNextSignIn: passwordProfile.forceChangePasswordNextSignIn ?? true,
          forceChangePasswordNextSignInWithMfa: passwordProfile.forceChangePasswordNextSignInWithMfa,
        },
        request.context,
      );
    } else if (passwordProfile?.forceChangePasswordNextSignIn === true && !passwordProfile.forceChangePasswordNextSignInWithMfa) {
      await adminReset.requirePasswordChange(caller, id, request.context);
    } else if (passwordProfile) {
      throw new GraphError(400, 'Request_BadRequest', "Only 'forceChangePasswordNextSignIn': true may be set without a new 'password'.");
    }
    return reply.code(204).send();
  });

  graph.delete<{ Params: { id: string } }>('/users/:id', async (request, reply) => {
    const { id } = await resolve(request, request.params.id);
    await userAdmin.delete(callerOf(request), id, request.context);
    return reply.code(204).send();
  });
};
