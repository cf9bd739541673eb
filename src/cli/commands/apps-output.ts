import { t, type Locale } from '../../server/i18n/index.js';
import { bootstrapOrganization } from '../../server/features/organization/bootstrap.js';
import type { Runtime } from '../../server/runtime.js';
import type { AppJson } from '../../shared/apps.js';
import { roleDisplayNames } from '../../shared/roles.js';
import { print, warn } from '../lib/output.js';

/* What `latchkey apps …` prints (issue 15), in the configured default language as the other commands. */

const day = (iso: string) => iso.slice(0, 10);

/** The app's details, one fact a line. */
export function printApp(locale: Locale, app: AppJson, tenantId: string): void {
  print(app.displayName);
  print(`  ${t(locale, 'cli.apps.client_id', { clientId: app.clientId })}`);
  print(`  ${t(locale, 'cli.apps.object_id', { id: app.id })}`);
  print(`  ${t(locale, 'cli.apps.tenant_id', { tenantId })}`);
  print(`  ${t(locale, 'cli.apps.permissions', { permissions: app.permissions.join(', ') || t(locale, 'cli.apps.no_permissions') })}`);
  if (app.directoryRole) print(`  ${t(locale, 'cli.apps.role', { role: roleDisplayNames[app.directoryRole] })}`);
  print(
    `  ${
      app.consentedDateTime
        ? t(locale, 'cli.apps.consent_granted', { date: app.consentedDateTime, by: app.consentedBy ?? '' })
        : t(locale, 'cli.apps.consent_missing')
    }`,
  );
  print(`  ${t(locale, 'cli.apps.public_client', { value: t(locale, app.publicClient ? 'cli.apps.yes' : 'cli.apps.no') })}`);
  if (app.redirectUris.length) print(`  ${t(locale, 'cli.apps.redirect_uris', { uris: app.redirectUris.join(', ') })}`);
  if (!app.enabled) print(`  ${t(locale, 'cli.apps.disabled')}`);
  const expired = (is: boolean) => (is ? t(locale, 'cli.apps.expired') : '');
  for (const s of app.secrets) {
    print(`  ${t(locale, 'cli.apps.secret_line', { id: s.id, name: s.displayName, hint: s.hint, date: day(s.endDateTime), expired: expired(s.expired) })}`);
  }
  for (const c of app.certificates) {
    print(
      `  ${t(locale, 'cli.apps.certificate_line', { id: c.id, name: c.displayName, thumbprint: c.thumbprint, date: day(c.endDateTime), expired: expired(c.expired) })}`,
    );
  }
}

/** A new secret's value, shown this once, with its end date. */
export function printSecret(locale: Locale, value: string, endDateTime: string | undefined): void {
  print(t(locale, 'cli.apps.secret', { secret: value }));
  if (endDateTime) print(t(locale, 'cli.apps.secret_expires', { date: day(endDateTime) }));
}

/**
 * Creates the organisation and its first Global Administrator on an empty database, as
 * `ensureOrganization` does, but prints that one-time block to stderr when stdout must stay JSON
 * (`apps create --json` prints exactly one object).
 */
export async function ensureOrganizationFor(runtime: Runtime, json: boolean): Promise<void> {
  const { config } = runtime;
  const created = await bootstrapOrganization(runtime, {
    organizationName: config.organizationName,
    domain: config.defaultDomain,
    defaultLanguage: config.defaultLanguage,
  });
  if (!created) return;
  const out = json ? warn : print;
  const locale = config.defaultLanguage;
  const rule = '-'.repeat(72);
  out(rule);
  out(t(locale, 'cli.first_run.title'));
  out(t(locale, 'cli.first_run.admin', { upn: created.adminUserPrincipalName }));
  out(t(locale, 'cli.first_run.password', { password: created.adminPassword }));
  out(rule);
}
