import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Provider } from 'oidc-provider';
import type { Clock } from '../../core/clock.js';
import { AppError } from '../../core/errors.js';
import type { Organization } from '../organization/store.js';
import type { AppStore } from '../apps/store.js';
import type { RateLimit, RateLimiter } from '../rate-limit/service.js';
import { checkClient } from './client-auth.js';
import { verifiedClient, type VerifiedClient } from './clients.js';
import { aadsts, oauthErrorBody, writeOAuthError } from './oauth-errors.js';
import { tenantMatches } from './tenant.js';

/*
 * The bridge from Fastify to oidc-provider (a Koa app), issue 15. Microsoft's paths carry the
 * tenant first (`/{tenant}/oauth2/v2.0/token`); the bridge checks the tenant, hands the library
 * the path without it (as if mounted at `/{organisationId}`, so every URL it makes names the
 * organisation's id), and lets it answer on the raw response (reply.hijack()). Form bodies are
 * read by Fastify as text (limit 64 KiB) and handed over as `req.body`, which the library accepts.
 */

export interface MountDeps {
  organization(): Promise<Organization | undefined>;
  /** The provider for a request's issuer origin. */
  provider(origin: string): Promise<Provider>;
  apps: Pick<AppStore, 'findByClientId' | 'secretsOf' | 'certificatesOf'>;
  secret: string;
  clock: Clock;
  rateLimiter: RateLimiter;
  limits: { perClient: number; perIp: number };
  /** config.publicUrl's origin, else the request's own. */
  publicOrigin: string | null;
  /** Called before the library answers (H2's device pages read the locale from the raw request). */
  beforeProvider?: (request: FastifyRequest) => void;
}

type RawRequest = IncomingMessage & { originalUrl?: string; body?: unknown };

const perMinute = (limit: number): RateLimit => ({ limit, windowSeconds: 60 });

/** The issuer origin of a request: the public URL's, else the request's own (the URL parser drops a default port, so inject's localhost:80 is http://localhost). */
export function requestOrigin(request: FastifyRequest, publicOrigin: string | null): string {
  return publicOrigin ?? new URL(`${request.protocol}://${request.host}`).origin;
}

/** The headers every OAuth answer carries (the library sets its own cache and content headers). */
function baseHeaders(request: FastifyRequest, res: ServerResponse): void {
  res.setHeader('x-request-id', request.id);
  res.setHeader('x-content-type-options', 'nosniff');
  res.setHeader('referrer-policy', 'no-referrer');
  res.setHeader('x-frame-options', 'DENY');
}

/** The OAuth routes under `/{tenant}` (one Fastify plugin; mounted at the root). */
export function oauthRoutes(deps: MountDeps): FastifyPluginAsync {
  return async (app: FastifyInstance) => {
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', { parseAs: 'string', bodyLimit: 65_536 }, (_req, body, done) => done(null, body));

    async function handle(request: FastifyRequest, reply: FastifyReply, internalPath: string): Promise<void> {
      const { tenant } = request.params as { tenant: string };
      const res = reply.raw;
      reply.hijack();
      baseHeaders(request, res);
      try {
        const org = await deps.organization();
        if (!org || !tenantMatches(tenant, org)) {
          const text = `Tenant '${tenant.slice(0, 100)}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`;
          return writeOAuthError(res, 400, oauthErrorBody('invalid_request', aadsts.tenantNotFound, text, deps.clock.now()));
        }
        const raw = request.raw as RawRequest;
        let verified: VerifiedClient | null = null;
        const clientEndpoint = request.method === 'POST' && (internalPath === '/oauth2/v2.0/token' || internalPath === '/oauth2/v2.0/devicecode');
        if (typeof request.body === 'string') raw.body = request.body;
        if (clientEndpoint) {
          const correlationId = String(request.headers['client-request-id'] ?? '');
          if (await limit(deps, res, 'oauth-token-ip', request.ip, deps.limits.perIp, correlationId)) return;
          const contentType = String(request.headers['content-type'] ?? '');
          const body = new URLSearchParams(contentType.startsWith('application/x-www-form-urlencoded') && typeof request.body === 'string' ? request.body : '');
          const result = await checkClient(deps, { body, authorization: request.headers.authorization, now: deps.clock.now() });
          if ('error' in result) {
            return writeOAuthError(res, result.status, oauthErrorBody(result.error, result.code, result.text, deps.clock.now(), correlationId));
          }
          if (await limit(deps, res, 'oauth-token-client', result.verified.clientId, deps.limits.perClient, correlationId)) return;
          verified = result.verified;
          // MSAL polls with Microsoft's short `grant_type=device_code`; the library knows RFC 8628's name.
          if (result.body.get('grant_type') === 'device_code') result.body.set('grant_type', 'urn:ietf:params:oauth:grant-type:device_code');
          raw.body = result.body.toString();
          if (result.authorization) raw.headers.authorization = result.authorization;
        }
        const provider = await deps.provider(requestOrigin(request, deps.publicOrigin));
        const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : '';
        raw.url = internalPath + query;
        raw.originalUrl = `/${org.id}${internalPath}${query}`;
        deps.beforeProvider?.(request);
        await verifiedClient.run(verified, () => provider.callback()(raw, res));
      } catch (err) {
        request.log.error({ err }, 'oauth request failed');
        if (!res.headersSent) writeOAuthError(res, 500, oauthErrorBody('server_error', aadsts.other, 'An internal error occurred.', deps.clock.now()));
        else res.end();
      }
    }

    const rest = (request: FastifyRequest, prefix: string) => {
      const path = new URL(request.url, 'http://x').pathname;
      const at = path.indexOf(prefix);
      return path.slice(at);
    };
    const methods = ['GET', 'POST', 'OPTIONS'] as const;
    // Protocol endpoints (OAuth 2.0, OpenID Connect), documented in docs/oauth.md: not REST operations of the OpenAPI document.
    const schema = { hide: true };
    app.route({
      method: 'GET',
      url: '/:tenant/v2.0/.well-known/openid-configuration',
      schema,
      handler: (req, reply) => handle(req, reply, '/.well-known/openid-configuration'),
    });
    app.route({ method: [...methods], url: '/:tenant/oauth2/v2.0/*', schema, handler: (req, reply) => handle(req, reply, rest(req, '/oauth2/v2.0/')) });
    app.route({ method: ['GET', 'OPTIONS'], url: '/:tenant/discovery/v2.0/keys', schema, handler: (req, reply) => handle(req, reply, '/discovery/v2.0/keys') });
    app.route({ method: [...methods], url: '/:tenant/oidc/userinfo', schema, handler: (req, reply) => handle(req, reply, '/oidc/userinfo') });
  };
}

/** Takes a token from a rate-limit bucket; on refusal answers 429 with Retry-After and returns true. */
async function limit(deps: MountDeps, res: ServerResponse, bucket: string, subject: string, perMin: number, correlationId: string): Promise<boolean> {
  try {
    await deps.rateLimiter.consume(bucket, subject, perMinute(perMin));
    return false;
  } catch (err) {
    if (!(err instanceof AppError) || err.code !== 'request.rate_limited') throw err;
    const retryAfter = err.headers['retry-after'] ?? '60';
    const body = oauthErrorBody(
      'temporarily_unavailable',
      aadsts.throttled,
      'The request was throttled: too many token requests. Try again later.',
      deps.clock.now(),
      correlationId,
    );
    writeOAuthError(res, 429, body, { 'retry-after': retryAfter });
    return true;
  }
}
