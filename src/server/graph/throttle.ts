import type { FastifyRequest } from 'fastify';
import type { Config } from '../config/schema.js';
import type { Services } from '../services.js';

/*
 * Graph's throttling (concepts/throttling.md): 429 TooManyRequests with Retry-After, per app and
 * per user. An app's bucket (its client id) holds all its calls, app-only and delegated; a
 * delegated call also takes from the signed-in user's bucket (across apps). App-only calls have
 * no user: the app is the caller, and its bucket is the limit. The buckets are the shared,
 * database-backed ones of features/rate-limit (they hold across servers; checklist L, ASVS 2.4.1).
 */

/** The onRequest hook that throttles a Graph request after its token was verified. @throws AppError request.rate_limited (Graph: 429 TooManyRequests, Retry-After) */
export function graphThrottle(deps: {
  services: Pick<Services, 'rateLimiter'>;
  config: Pick<Config, 'graphRequestsPerAppPerMinute' | 'graphRequestsPerUserPerMinute'>;
}): (request: FastifyRequest) => Promise<void> {
  const app = { limit: deps.config.graphRequestsPerAppPerMinute, windowSeconds: 60 };
  const user = { limit: deps.config.graphRequestsPerUserPerMinute, windowSeconds: 60 };
  return async (request) => {
    const via = request.principal?.via;
    if (!via) return;
    const checks = [{ bucket: 'graph-app', subject: via.clientId, rule: app }];
    if (via.kind === 'delegated') checks.push({ bucket: 'graph-user', subject: request.principal!.user.id, rule: user });
    await deps.services.rateLimiter.consumeAll(checks);
  };
}
