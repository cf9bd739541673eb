import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Principal } from '../core/identity.js';
import { GraphError } from './errors.js';
import { graphMethods, kindOfFixedId, METHOD_COLLECTIONS, type GraphMethod, type MethodCollection } from './methods-shape.js';
import { callerOf, odataContext, type GraphDeps, type GraphModule } from './plugin.js';

/*
 * Authentication methods (issue 15): GET /users/{id | userPrincipalName}/authentication/methods and
 * the typed collections (passwordMethods, emailMethods, phoneMethods, softwareOathMethods,
 * fido2Methods) with `/{methodId}`, DELETE of an email, phone or software OATH method; the same
 * under /me for delegated tokens. Who may read or delete, and whether phone numbers are masked, is
 * decided by the security-info feature's admin-methods service (the reset matrix).
 */

interface UserParams {
  id: string;
}

/** The target of a `/users/{id}` or `/me` route: the resolved user's id, or the reference as given (the service then answers 404 after its permission check). */
async function targetOf(deps: GraphDeps, request: FastifyRequest, ref: string | null): Promise<{ caller: Principal; targetId: string; label: string }> {
  const caller = callerOf(request);
  if (ref === null) {
    if (caller.via?.kind === 'application') throw new GraphError(400, 'Request_BadRequest', '/me request is only valid with delegated authentication flow.');
    return { caller, targetId: caller.user.id, label: caller.user.id };
  }
  const user = await deps.services.graphPasswords.operations.resolveUser(ref);
  return { caller, targetId: user?.id ?? ref, label: user?.id ?? ref };
}

const withoutType = ({ '@odata.type': _type, ...rest }: GraphMethod) => rest;

function register(graph: FastifyInstance, deps: GraphDeps, base: '/users/:id' | '/me') {
  const methods = deps.services.graphPasswords.methods;
  const refOf = (request: FastifyRequest) => (base === '/me' ? null : (request.params as UserParams).id);
  const listed = async (request: FastifyRequest) => {
    const { caller, targetId, label } = await targetOf(deps, request, refOf(request));
    return { label, items: graphMethods(await methods.list(caller, targetId)) };
  };
  const context = (request: FastifyRequest, label: string, path: string) => odataContext(request, deps.config, `users('${label}')/authentication/${path}`);

  graph.get(`${base}/authentication/methods`, async (request) => {
    const { label, items } = await listed(request);
    return { '@odata.context': context(request, label, 'methods'), value: items.map((i) => i.method) };
  });
  graph.get<{ Params: { methodId: string } }>(`${base}/authentication/methods/:methodId`, async (request) => {
    const { label, items } = await listed(request);
    const found = items.find((i) => i.method.id === request.params.methodId);
    if (!found) throw notFound();
    return { '@odata.context': context(request, label, 'methods/$entity'), ...found.method };
  });

  for (const collection of METHOD_COLLECTIONS) {
    const inCollection = (items: { collection: MethodCollection; method: GraphMethod }[]) =>
      items.filter((i) => i.collection === collection).map((i) => i.method);
    graph.get(`${base}/authentication/${collection}`, async (request) => {
      const { label, items } = await listed(request);
      return { '@odata.context': context(request, label, collection), value: inCollection(items).map(withoutType) };
    });
    graph.get<{ Params: { methodId: string } }>(`${base}/authentication/${collection}/:methodId`, async (request) => {
      const { label, items } = await listed(request);
      const found = inCollection(items).find((m) => m.id === request.params.methodId);
      if (!found) throw notFound();
      return { '@odata.context': context(request, label, `${collection}/$entity`), ...withoutType(found) };
    });
  }

  for (const collection of ['emailMethods', 'phoneMethods', 'softwareOathMethods'] as const) {
    graph.delete<{ Params: { methodId: string } }>(`${base}/authentication/${collection}/:methodId`, async (request, reply) => {
      const { caller, targetId } = await targetOf(deps, request, refOf(request));
      const { methodId } = request.params;
      const kind = kindOfFixedId(methodId);
      const expected =
        collection === 'emailMethods' ? kind === 'email' : collection === 'phoneMethods' ? kind === 'mobilePhone' || kind === 'officePhone' : kind === null;
      // An id of another collection (or the alternate mobile, which Latchkey does not keep) names nothing here.
      if (!expected) {
        await methods.list(caller, targetId); // the same refusals as for an existing method: authority before existence
        throw notFound();
      }
      await methods.remove(caller, targetId, kind === null ? { id: methodId } : { kind }, request.context);
      return reply.code(204).send();
    });
  }
}

function notFound(): GraphError {
  return new GraphError(404, 'Request_ResourceNotFound', 'The requested authentication method was not found.');
}

/** The authentication-method routes under /users/{id} and /me. */
export const methodsModule: GraphModule = (deps) => async (graph) => {
  register(graph, deps, '/users/:id');
  register(graph, deps, '/me');
};
