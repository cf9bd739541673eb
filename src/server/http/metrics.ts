import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Limiter } from '../core/limiter.js';

/**
 * Prometheus metrics on a registry of this app's own (tests build many apps in one process). They
 * are collected always but never served on the application's port: {@link listenMetrics} serves
 * them on a listener of their own, bound to loopback by default (issue 12 finding 12).
 */
export function registerMetrics(app: FastifyInstance, options: { hashLimiter?: Limiter }): { registry: Registry; signIns: Counter<'outcome'> } {
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
  return { registry, signIns };
}

/**
 * Serves `GET /metrics` (and nothing else) on `host:port`, apart from the application: by default
 * on 127.0.0.1, so only a scraper on the same host (or one the operator lets in) reads it.
 * @returns the bound port and a close function.
 */
export async function listenMetrics(registry: Registry, options: { host: string; port: number }): Promise<{ port: number; close: () => Promise<void> }> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    if ((req.method !== 'GET' && req.method !== 'HEAD') || path !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found\n');
      return;
    }
    registry.metrics().then(
      (body) => res.writeHead(200, { 'content-type': registry.contentType, 'cache-control': 'no-store' }).end(req.method === 'HEAD' ? undefined : body),
      () => res.writeHead(500).end(),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
