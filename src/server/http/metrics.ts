import type { FastifyInstance } from 'fastify';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Limiter } from '../core/limiter.js';

/** Prometheus metrics on a registry of this app's own (tests build many apps in one process). */
export function registerMetrics(
  app: FastifyInstance,
  options: { hashLimiter?: Limiter; enabled: boolean },
): { registry: Registry; signIns: Counter<'outcome'> } {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'latchkey_' });
  const duration = new Histogram({
    name: 'latchkey_http_request_duration_seconds',
    help: 'HTTP request duration by route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const signIns = new Counter({
    name: 'latchkey_sign_ins_total',
    help: 'Sign-in attempts by outcome',
    labelNames: ['outcome'] as const,
    registers: [registry],
  });
  if (options.hashLimiter) {
    const limiter = options.hashLimiter;
    new Gauge({
      name: 'latchkey_password_hash_active',
      help: 'Password hashes being computed',
      registers: [registry],
      collect() {
        this.set(limiter.active);
      },
    });
    new Gauge({
      name: 'latchkey_password_hash_waiting',
      help: 'Password hashes waiting for a worker',
      registers: [registry],
      collect() {
        this.set(limiter.waiting);
      },
    });
  }
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    duration.observe({ method: request.method, route, status: String(reply.statusCode) }, reply.elapsedTime / 1000);
    if (route === '/api/v1/auth/sign-in') signIns.inc({ outcome: reply.statusCode === 200 ? 'success' : reply.statusCode === 401 ? 'failure' : 'error' });
  });
  if (options.enabled) {
    app.get('/metrics', { config: { auth: 'public' }, schema: { hide: true } }, async (_request, reply) => {
      reply.type(registry.contentType).header('cache-control', 'no-store');
      return registry.metrics();
    });
  }
  return { registry, signIns };
}
