import cluster, { type Worker } from 'node:cluster';
import { pino } from 'pino';
import type { Config } from '../config/schema.js';
import { assertServable } from '../config/load.js';
import { clusterMetricsSource, listenMetrics } from '../http/metrics.js';
import { loggerOptions } from '../http/logging.js';
import { t } from '../i18n/index.js';
import { openRuntime } from '../runtime.js';
import { metricsUrl, serverUrl } from './addresses.js';
import { bootstrapAndAnnounce, RULE } from './first-run.js';
import { relayCacheMessages } from './ipc-cache-bus.js';
import { workerHashConcurrency, workerThreadpoolSize } from './sizing.js';
import { isListeningMessage, isStartRequest, START_MESSAGE } from './worker.js';

/** A worker that lived this long before it died is restarted at once again (the backoff starts over). */
const HEALTHY_MS = 30_000;
/** The longest wait before a restart (a worker that keeps dying does not spin the CPU). */
const MAX_BACKOFF_MS = 10_000;
/** How long a worker may take to close cleanly before it is killed. */
const CLOSE_GRACE_MS = 30_000;

export interface Primary {
  /** Closes every worker gracefully (SIGTERM, each drains and closes), then the metrics listener. */
  close(): Promise<void>;
}

/**
 * The primary of `LATCHKEY_WORKERS` > 1 (issue 16): forks the workers, which load their code while
 * it migrates and bootstraps ONCE (printing the first-run password once, before anything listens),
 * then lets them start. They share the port (node:cluster hands connections out round-robin). It
 * prints where to go once the first one listens, restarts a worker that dies (bounded backoff, logged), passes cache invalidations
 * between workers, forwards SIGHUP (TLS reload) and serves the workers' metrics summed.
 * @returns once a worker listens; rejects when a worker dies before any listened (a taken port, say).
 */
export async function runPrimary(config: Config, workers: number, out: (line: string) => void = (l) => process.stdout.write(l + '\n')): Promise<Primary> {
  assertServable(config);
  const log = pino(loggerOptions(config.logLevel));
  const locale = config.defaultLanguage;
  const env = { UV_THREADPOOL_SIZE: workerThreadpoolSize(config) };
  log.info({ workers, hashConcurrencyPerWorker: workerHashConcurrency(config), uvThreadpoolSize: env.UV_THREADPOOL_SIZE }, 'starting workers');
  relayCacheMessages(cluster);
  const startedAt = new Map<number, number>();
  let failures = 0;
  let stopping = false;
  let listening = false;
  let metrics: { close: () => Promise<void> } | null = null;
  let databaseReady = false;
  const waiting: Worker[] = [];
  /** Workers that listen: the ones /metrics asks. */
  const serving = new Set<Worker>();

  const fork = () => {
    const worker = cluster.fork(env);
    startedAt.set(worker.id, Date.now());
    log.info({ worker: worker.process.pid }, 'worker started');
  };

  const ready = new Promise<void>((resolve, reject) => {
    cluster.on('message', (worker: Worker, message: unknown) => {
      if (isStartRequest(message)) {
        if (databaseReady) worker.send({ type: START_MESSAGE });
        else waiting.push(worker);
        return;
      }
      if (!isListeningMessage(message)) return;
      serving.add(worker);
      log.info({ worker: worker.process.pid, port: message.port }, 'worker listening');
      if (listening) return;
      listening = true;
      out(RULE);
      out(t(locale, 'cli.listening', { url: serverUrl(config, message.port) }));
      resolve();
    });
    cluster.on('exit', (worker: Worker, code: number | null, signal: string | null) => {
      const lived = Date.now() - (startedAt.get(worker.id) ?? Date.now());
      startedAt.delete(worker.id);
      serving.delete(worker);
      if (stopping) return;
      if (!listening) {
        // Nothing listens yet, so this is a start-up failure (the worker printed why): stop, do not loop.
        stopping = true;
        for (const other of Object.values(cluster.workers ?? {})) other?.process.kill('SIGTERM');
        reject(new Error(`a worker stopped before the server listened (${signal ?? `exit code ${code}`})`));
        return;
      }
      failures = lived >= HEALTHY_MS ? 0 : failures + 1;
      const delay = failures === 0 ? 0 : Math.min(100 * 2 ** (failures - 1), MAX_BACKOFF_MS);
      log.warn({ worker: worker.process.pid, code, signal, restartInMs: delay }, 'worker died; starting a new one');
      setTimeout(() => {
        if (!stopping) fork();
      }, delay).unref();
    });
  });
  // Observed now, awaited after the bootstrap: a worker may fail to load while the primary still migrates.
  ready.catch(() => {});
  for (let i = 0; i < workers; i++) fork();
  // Workers load their code meanwhile; each is told to start once the database is migrated and the organisation exists.
  try {
    const runtime = await openRuntime(config);
    try {
      await bootstrapAndAnnounce(runtime, config, out);
    } finally {
      // The workers open their own connections; the primary keeps none.
      await runtime.close();
    }
  } catch (err) {
    stopping = true;
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM');
    throw err;
  }
  databaseReady = true;
  for (const worker of waiting.splice(0)) if (worker.isConnected()) worker.send({ type: START_MESSAGE });
  await ready;

  if (config.metricsEnabled) {
    const listener = await listenMetrics(
      clusterMetricsSource(() => [...serving]),
      { host: config.metricsHost, port: config.metricsPort },
    );
    out(t(locale, 'cli.metrics', { url: metricsUrl(config, listener.port) }));
    metrics = listener;
  }
  out(RULE);

  // TLS reload (issue 15): each worker re-reads the files; without TLS SIGHUP keeps its default meaning.
  const onHangUp = () => Object.values(cluster.workers ?? {}).forEach((w) => w?.process.kill('SIGHUP'));
  if (config.tlsCertFile && config.tlsKeyFile) process.on('SIGHUP', onHangUp);

  let closing: Promise<void> | undefined;
  return {
    close() {
      return (closing ??= (async () => {
        stopping = true;
        process.off('SIGHUP', onHangUp);
        const live = Object.values(cluster.workers ?? {}).filter((w): w is Worker => !!w && !w.isDead());
        await Promise.all(
          live.map(
            (w) =>
              new Promise<void>((resolve) => {
                const kill = setTimeout(() => w.process.kill('SIGKILL'), CLOSE_GRACE_MS);
                w.once('exit', () => {
                  clearTimeout(kill);
                  resolve();
                });
                w.process.kill('SIGTERM');
              }),
          ),
        );
        await metrics?.close();
      })());
    },
  };
}
