import { buildApp } from './app.js';
import type { Config } from './config/schema.js';
import { bootstrapOrganization } from './features/organization/bootstrap.js';
import { t, type Locale } from './i18n/index.js';
import { openRuntime } from './runtime.js';

/**
 * Starts Latchkey: migrate, create the organisation on first run (printing the admin's one-time
 * password), listen, and shut down cleanly on SIGINT/SIGTERM.
 */
export async function serve(config: Config, out: (line: string) => void = (l) => process.stdout.write(l + '\n')): Promise<() => Promise<void>> {
  const runtime = await openRuntime(config);
  const built = await buildApp({ config, db: runtime.db, hasher: runtime.hasher, secret: runtime.secret, clock: runtime.clock, devMailboxPrint: out });
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
  const url = config.publicUrl ?? `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  out(rule);
  out(t(locale, 'cli.listening', { url }));
  out(rule);
  let closing: Promise<void> | undefined;
  const close = () => (closing ??= app.close().then(() => runtime.close()));
  return close;
}
