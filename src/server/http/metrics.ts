import type { Serializable } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { AggregatorRegistry, Counter, Gauge, Histogram, Registry, collectDefaultMetrics, type MetricObjectWithValues, type MetricValue } from 'prom-client';
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

/** Where {@link listenMetrics} reads the text it serves: one registry, or every cluster worker's at once. */
export interface MetricsSource {
  metrics(): Promise<string>;
  readonly contentType: string;
}

const METRICS_REQUEST = 'latchkey:metrics-request';
const METRICS_RESPONSE = 'latchkey:metrics-response';

/** A process end of the cluster's IPC channel (`process` in a worker, a `Worker` in the primary). */
interface Channel {
  send?: ((message: Serializable) => unknown) | undefined;
  on(event: 'message', listener: (message: unknown) => void): unknown;
  off(event: 'message', listener: (message: unknown) => void): unknown;
}

/**
 * In a cluster worker (issue 16): answers the primary's requests for this worker's metrics with
 * `registry` as JSON; the primary serves the sum ({@link clusterMetricsSource}).
 */
export function shareMetricsWithPrimary(registry: Registry, channel: Channel = process): void {
  channel.on('message', (message) => {
    const request = message as { type?: unknown; id?: unknown };
    if (request?.type !== METRICS_REQUEST) return;
    void registry.getMetricsAsJSON().then((metrics) => channel.send?.({ type: METRICS_RESPONSE, id: request.id, metrics }));
  });
}

/**
 * In the primary: the listening workers' metrics, summed by prom-client's aggregation (counters
 * and histograms added up, so request counts and hash gauges are the machine's totals; version-like
 * gauges taken once). Only workers that listen are asked, and one that does not answer within
 * `timeoutMs` (it died meanwhile) is left out rather than failing the scrape.
 */
export function clusterMetricsSource(workers: () => Channel[], timeoutMs = 5_000): MetricsSource {
  let next = 0;
  return {
    contentType: Registry.PROMETHEUS_CONTENT_TYPE,
    async metrics() {
      const id = next++;
      const answers = await Promise.all(
        workers().map(
          (worker) =>
            new Promise<MetricObjectWithValues<MetricValue<string>>[] | null>((resolve) => {
              const done = (value: MetricObjectWithValues<MetricValue<string>>[] | null) => {
                clearTimeout(timer);
                worker.off('message', onMessage);
                resolve(value);
              };
              const onMessage = (message: unknown) => {
                const answer = message as { type?: unknown; id?: unknown; metrics?: MetricObjectWithValues<MetricValue<string>>[] };
                if (answer?.type === METRICS_RESPONSE && answer.id === id) done(answer.metrics ?? null);
              };
              const timer = setTimeout(() => done(null), timeoutMs);
              worker.on('message', onMessage);
              worker.send?.({ type: METRICS_REQUEST, id });
            }),
        ),
      );
      return AggregatorRegistry.aggregate(answers.filter((a) => a !== null)).metrics();
    },
  };
}

/**
 * Serves `GET /metrics` (and nothing else) on `host:port`, apart from the application: by default
 * on 127.0.0.1, so only a scraper on the same host (or one the operator lets in) reads it.
 * @returns the bound port and a close function.
 */
export async function listenMetrics(registry: MetricsSource, options: { host: string; port: number }): Promise<{ port: number; close: () => Promise<void> }> {
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
