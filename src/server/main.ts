import { buildApp } from './app.js';
import { assertServable } from './config/load.js';
import type { Config } from './config/schema.js';
import { maskForConsole } from './features/notifications/transport.js';
import type { Server as HttpsServer } from 'node:https';
import { listenMetrics } from './http/metrics.js';
import { reloadTlsOn, tlsFiles } from './http/tls.js';
import { bootstrapOrganization } from './features/organization/bootstrap.js';
import { t, type Locale } from './i18n/index.js';
import { openRuntime } from './runtime.js';

/**
 * Starts Latchkey: migrate, create the organisation on first run (printing the admin's one-time
 * password), listen, and shut down cleanly on SIGINT/SIGTERM.
 */
export async function serve(config: Config, out: (line: string) => void = (l) => process.stdout.write(l + '\n')): Promise<() => Promise<void>> {
  // Before anything opens: no dev mailbox where the configuration looks like production (issue 12 finding 10).
  assertServable(config);
  const runtime = await openRuntime(config);
  // The console copy of a dev-mailbox message (mail, texts, calls) never shows codes or link tokens.
  const devMailboxPrint = (text: string) => out(maskForConsole(text));
  const built = await buildApp({ config, db: runtime.db, hasher: runtime.hasher, secret: runtime.secret, clock: runtime.clock, devMailboxPrint });
  const { app } = built;
  const locale: Locale = config.defaultLanguage;
  const created = await bootstrapOrganization(runtime, {
    organizationName: config.organizationName,
    domain: config.defaultDomain,
    defaultLanguage: config.defaultLanguage,
  });
  const rule = '-'.repeat(72);
  // Printed before listening: if the port is taken, the one-time password is still shown.
  if (created) {
    out(rule);
    out(t(locale, 'cli.first_run.title'));
    out(t(locale, 'cli.first_run.admin', { upn: created.adminUserPrincipalName }));
    out(t(locale, 'cli.first_run.password', { password: created.adminPassword }));
  }
  await app.listen({ host: config.host, port: config.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const tls = tlsFiles(config);
  const url = config.publicUrl ?? `${tls ? 'https' : 'http'}://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  out(rule);
  out(t(locale, 'cli.listening', { url }));
  // Metrics on a listener of their own, loopback by default, never on the public port (issue 12 finding 12).
  const metrics = config.metricsEnabled ? await listenMetrics(built.metrics.registry, { host: config.metricsHost, port: config.metricsPort }) : null;
  if (metrics)
    out(
      t(locale, 'cli.metrics', { url: `http://${config.metricsHost.includes(':') ? `[${config.metricsHost}]` : config.metricsHost}:${metrics.port}/metrics` }),
    );
  out(rule);
  // SIGHUP re-reads the certificate and key without dropping connections (issue 15; renewals need no restart).
  const stopReload = tls ? reloadTlsOn('SIGHUP', app.server as HttpsServer, tls, app.log) : () => {};
  let closing: Promise<void> | undefined;
  const close = () => {
    stopReload();
    return (closing ??= Promise.all([app.close(), metrics?.close()]).then(() => runtime.close()));
  };
  return close;
}
