import type { Server as HttpsServer } from 'node:https';
import { buildApp } from './app.js';
import { metricsUrl, serverUrl } from './cluster/addresses.js';
import { bootstrapAndAnnounce, RULE } from './cluster/first-run.js';
import { installCacheBus, LISTENING_MESSAGE, type ListeningMessage } from './cluster/worker.js';
import { assertServable } from './config/load.js';
import type { Config } from './config/schema.js';
import { createJobLease } from './features/jobs/lease.js';
import { maskForConsole } from './features/notifications/transport.js';
import { listenMetrics, shareMetricsWithPrimary } from './http/metrics.js';
import { reloadTlsOn, tlsFiles } from './http/tls.js';
import { t, type Locale } from './i18n/index.js';
import { openRuntime } from './runtime.js';

/**
 * Starts Latchkey: migrate, create the organisation on first run (printing the admin's one-time
 * password), listen, and shut down cleanly on SIGINT/SIGTERM. As a cluster worker
 * (`worker: true`, LATCHKEY_WORKERS > 1; see cluster/primary.ts) the primary has already migrated,
 * bootstrapped and printed, so the worker only listens on the shared port, reports it to the
 * primary and leaves /metrics to the primary.
 */
export async function serve(
  config: Config,
  out: (line: string) => void = (l) => process.stdout.write(l + '\n'),
  options: { worker?: boolean } = {},
): Promise<() => Promise<void>> {
  const worker = options.worker ?? false;
  // Before anything opens: no dev mailbox where the configuration looks like production (issue 12 finding 10).
  assertServable(config);
  const runtime = await openRuntime(config);
  // Before the app is built: its settings caches subscribe to this process's bus as they are made.
  const bus = await installCacheBus(config, runtime.db, { worker, onError: () => {} });
  // The console copy of a dev-mailbox message (mail, texts, calls) never shows codes or link tokens.
  const devMailboxPrint = (text: string) => out(maskForConsole(text));
  const built = await buildApp({ config, db: runtime.db, hasher: runtime.hasher, secret: runtime.secret, clock: runtime.clock, devMailboxPrint });
  const { app } = built;
  // Each periodic job runs on one process at a time, across workers and nodes (issue 16; migration 0021).
  built.services.scheduler.useLease(createJobLease(runtime.db.db, { clock: runtime.clock }));
  const locale: Locale = config.defaultLanguage;
  if (!worker) await bootstrapAndAnnounce(runtime, config, out);
  await app.listen({ host: config.host, port: config.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  let metrics: { close: () => Promise<void> } | null = null;
  if (worker) {
    if (config.metricsEnabled) shareMetricsWithPrimary(built.metrics.registry);
    process.send?.({ type: LISTENING_MESSAGE, port } satisfies ListeningMessage);
  } else {
    out(RULE);
    out(t(locale, 'cli.listening', { url: serverUrl(config, port) }));
    // Metrics on a listener of their own, loopback by default, never on the public port (issue 12 finding 12).
    const listener = config.metricsEnabled ? await listenMetrics(built.metrics.registry, { host: config.metricsHost, port: config.metricsPort }) : null;
    if (listener) out(t(locale, 'cli.metrics', { url: metricsUrl(config, listener.port) }));
    metrics = listener;
    out(RULE);
  }
  // SIGHUP re-reads the certificate and key without dropping connections (issue 15; renewals need no restart).
  const tls = tlsFiles(config);
  const stopReload = tls ? reloadTlsOn('SIGHUP', app.server as HttpsServer, tls, app.log) : () => {};
  let closing: Promise<void> | undefined;
  const close = () => {
    stopReload();
    return (closing ??= Promise.all([app.close(), metrics?.close()])
      .then(() => bus?.close())
      .then(() => runtime.close()));
  };
  return close;
}
