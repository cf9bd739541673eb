import type { FastifyInstance, FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { Clock } from '../core/clock.js';
import type { Principal } from '../core/identity.js';
import type { Config } from '../config/schema.js';
import type { Services } from '../services.js';
import { GraphError, sendGraphError } from './errors.js';
import { graphThrottle } from './throttle.js';

/*
 * The Microsoft Graph-compatible surface (issue 15; ARCHITECTURE: one surface, several dialects):
 * /graph/v1.0 and its alias /graph/beta, a thin route layer over the same services as /api/v1.
 * Bearer tokens only (no cookies, hence no CSRF); errors in Graph's shape (errors.ts).
 * Route modules register themselves in `graphModules` below.
 */

export interface GraphDeps {
  /** Verifies a bearer access token (features/oauth): the principal, or null when it is invalid, expired, revoked or for another audience. */
  authenticate(token: string): Promise<Principal | null>;
  /** The same services /api/v1 calls (never their stores). */
  services: Services;
  clock: Clock;
  config: Config;
  /** The organisation's id: Graph's tenant id. */
  tenantId(): Promise<string>;
  /** The server secret (sealing $skiptoken cursors). */
  secret: string;
}

/** A module of Graph routes, registered under both prefixes. */
export type GraphModule = (deps: GraphDeps) => FastifyPluginAsync;

/** The versions served; beta is an alias where the shapes agree. */
export const GRAPH_PREFIXES = ['/graph/v1.0', '/graph/beta'] as const;

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Graph routes: open without a token (none are, today; kept explicit). */
    graphPublic?: boolean;
  }
}

/** Registers the Graph surface with the given route modules. */
export async function registerGraph(app: FastifyInstance, deps: GraphDeps, modules: readonly GraphModule[]): Promise<void> {
  for (const prefix of GRAPH_PREFIXES) {
    await app.register(
      async (graph) => {
        // Graph's operations are Microsoft's API, documented in docs/graph.md, not Latchkey's OpenAPI document.
        graph.addHook('onRoute', (route) => {
          route.schema = { ...route.schema, hide: true };
        });
        graph.setErrorHandler((error, request, reply) => sendGraphError(request, reply, error));
        graph.setNotFoundHandler((request, reply) => {
          const segment = new URL(request.url, 'http://x').pathname.slice(prefix.length).split('/').filter(Boolean)[0] ?? '';
          return sendGraphError(request, reply, new GraphError(400, 'Request_BadRequest', `Resource not found for the segment '${segment}'.`));
        });
        graph.addHook('onRequest', async (request, reply) => {
          // A session cookie means nothing here: only a bearer token identifies the caller.
          request.principal = null;
          if (request.routeOptions.config.graphPublic) return;
          const authorization = request.headers.authorization;
          const token = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/i.exec(authorization ?? '')?.[1];
          reply.header('www-authenticate', 'Bearer realm="", authorization_uri="", client_id=""');
          if (!token) throw new GraphError(401, 'InvalidAuthenticationToken', authorization ? 'Access token validation failure.' : 'Access token is empty.');
          const principal = await deps.authenticate(token);
          if (!principal) throw new GraphError(401, 'InvalidAuthenticationToken', 'Access token validation failure. Invalid audience, signature, or lifetime.');
          reply.removeHeader('www-authenticate');
          request.principal = principal;
          if (principal.via?.kind !== 'application') {
            const preferred = principal.user.preferredLanguage;
            if (preferred === 'en' || preferred === 'nl') request.locale = preferred;
          }
        });
        graph.addHook('onRequest', graphThrottle(deps)); // 429 per app and per user (throttle.ts)
        for (const module of modules) await graph.register(module(deps));
      },
      { prefix },
    );
  }
}

/** The caller of a Graph route (the onRequest hook has refused anyone without a valid token). */
export function callerOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new GraphError(401, 'InvalidAuthenticationToken', 'Access token is empty.');
  return request.principal;
}

/** The base URL of the version the request came in on, e.g. https://latchkey.example/graph/v1.0. */
export function graphBaseUrl(request: FastifyRequest, config: Pick<Config, 'publicUrl'>): string {
  const origin = config.publicUrl?.replace(/\/$/, '') ?? `${request.protocol}://${request.host}`;
  const prefix = GRAPH_PREFIXES.find((p) => request.url.startsWith(p + '/') || request.url === p) ?? GRAPH_PREFIXES[0];
  return origin + prefix;
}

/** `@odata.context` for a fragment such as `users/$entity` or `users(id,displayName)`. */
export function odataContext(request: FastifyRequest, config: Pick<Config, 'publicUrl'>, fragment: string): string {
  return `${graphBaseUrl(request, config)}/$metadata#${fragment}`;
}
