import type { Config } from '../config/schema.js';
import { bootstrapOrganization } from '../features/organization/bootstrap.js';
import { t } from '../i18n/index.js';
import type { Runtime } from '../runtime.js';

/** The line that frames the server's start-up messages. */
export const RULE = '-'.repeat(72);

/**
 * Creates the organisation and its admin on first run and prints the admin's one-time password,
 * before anything listens (if the port is taken, the password is still shown). The single
 * process does it itself; with workers the primary does it once, before they start (issue 16).
 */
export async function bootstrapAndAnnounce(runtime: Runtime, config: Config, out: (line: string) => void): Promise<void> {
  const created = await bootstrapOrganization(runtime, {
    organizationName: config.organizationName,
    domain: config.defaultDomain,
    defaultLanguage: config.defaultLanguage,
  });
  if (!created) return;
  const locale = config.defaultLanguage;
  out(RULE);
  out(t(locale, 'cli.first_run.title'));
  out(t(locale, 'cli.first_run.admin', { upn: created.adminUserPrincipalName }));
  out(t(locale, 'cli.first_run.password', { password: created.adminPassword }));
}
