import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { loadConfig } from '../../server/config/load.js';
import { t, type Locale } from '../../server/i18n/index.js';
import type { Runtime } from '../../server/runtime.js';
import { CliError, ExitCode } from '../lib/errors.js';
import { print } from '../lib/output.js';
import { cliActor, cliContext, servicesFor, withRuntime } from '../lib/runtime.js';
import { ensureOrganizationFor, printApp, printSecret } from './apps-output.js';

/*
 * `latchkey apps …` (issue 15): app registrations from the console, through the same apps service
 * as /api/v1/apps. The operator at the console holds every permission and is not asked for
 * step-up; every change is audited with the initiator `cli`.
 */

type AppsService = Awaited<ReturnType<typeof servicesFor>>['apps'];

/** Runs `work` with the apps service, the configured language and the organisation in place. */
async function withApps(json: boolean, work: (apps: AppsService, locale: Locale, runtime: Runtime) => Promise<void>): Promise<void> {
  const config = loadConfig();
  await withRuntime(config, async (runtime) => {
    const { apps } = await servicesFor(runtime);
    await ensureOrganizationFor(runtime, json);
    await work(apps, config.defaultLanguage, runtime);
  });
}

/** `--days 90` as a number; the service gives the precise refusal for 0 or 731. @throws CliError (exit 2) when not a whole number */
function daysOf(value: string | undefined, locale: Locale): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{1,6}$/.test(value.trim())) throw new CliError(t(locale, 'cli.apps.bad_days'), ExitCode.usage);
  return Number(value);
}

const list = (value: string) =>
  value
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
const collect = (value: string, previous: string[]) => [...previous, value];

interface CreateOptions {
  name: string;
  permissions?: string;
  role?: string;
  secretDays?: string;
  publicClient?: boolean;
  redirectUri: string[];
  consent: boolean;
  json?: boolean;
}

export function registerApps(program: Command): void {
  const apps = program.command('apps').description('App registrations for the OAuth server and the Graph API (see docs/apps.md)');

  apps
    .command('create')
    .description('Register an app; prints its client id, tenant id and first secret (shown once)')
    .requiredOption('--name <name>', 'display name (1-120 characters)')
    .option('--permissions <list>', 'Graph application permissions, comma separated (e.g. User.Read.All,AuditLog.Read.All)')
    .option('--role <role>', 'a directory role for the app (id or Entra name, e.g. "Helpdesk Administrator")')
    .option('--secret-days <n>', 'days until the first secret expires (1-730, default 180)')
    .option('--public-client', 'a public client (device code, PKCE): no secret is made')
    .option('--redirect-uri <uri>', 'a redirect URI (repeatable)', collect, [])
    .option('--no-consent', 'do not grant admin consent now')
    .option('--json', 'print exactly { "clientId", "clientSecret", "tenantId" } on stdout')
    .action((options: CreateOptions) =>
      withApps(options.json === true, async (service, locale) => {
        const created = await service.create(
          cliActor,
          {
            displayName: options.name,
            permissions: list(options.permissions ?? ''),
            directoryRole: options.role ?? null,
            redirectUris: options.redirectUri,
            publicClient: options.publicClient === true,
            secretExpiresInDays: daysOf(options.secretDays, locale),
            grantConsent: options.consent,
          },
          cliContext,
        );
        if (options.json) {
          print(JSON.stringify({ clientId: created.clientId, clientSecret: created.clientSecret ?? null, tenantId: created.tenantId }, null, 2));
          return;
        }
        print(t(locale, 'cli.apps.created', { name: created.app.displayName }));
        printApp(locale, created.app, created.tenantId);
        if (created.clientSecret) printSecret(locale, created.clientSecret, created.app.secrets.find((s) => s.id === created.secretId)?.endDateTime);
      }),
    );

  apps
    .command('list')
    .description('List app registrations')
    .option('--json', 'print them as JSON')
    .action((options: { json?: boolean }) =>
      withApps(options.json === true, async (service, locale) => {
        const items = await service.list(cliActor);
        if (options.json) return print(JSON.stringify(items, null, 2));
        if (!items.length) return print(t(locale, 'cli.apps.none'));
        for (const app of items) {
          const consent = app.consentedDateTime ? t(locale, 'cli.apps.yes') : t(locale, 'cli.apps.no');
          print(t(locale, 'cli.apps.list_line', { name: app.displayName, clientId: app.clientId, id: app.id, consent }));
        }
      }),
    );

  apps
    .command('show <id>')
    .description('Show an app by object id or client id')
    .option('--json', 'print it as JSON')
    .action((id: string, options: { json?: boolean }) =>
      withApps(options.json === true, async (service, locale) => {
        const app = await service.get(cliActor, id);
        if (options.json) return print(JSON.stringify(app, null, 2));
        printApp(locale, app, await service.tenantId());
      }),
    );

  apps
    .command('add-secret <id>')
    .description('Add a client secret; its value is printed once')
    .option('--name <description>', 'a description of the secret')
    .option('--days <n>', 'days until it expires (1-730, default 180)')
    .option('--json', 'print { "clientId", "clientSecret", "tenantId", "secretId", "endDateTime" }')
    .action((id: string, options: { name?: string; days?: string; json?: boolean }) =>
      withApps(options.json === true, async (service, locale) => {
        const added = await service.addSecret(cliActor, id, { displayName: options.name, expiresInDays: daysOf(options.days, locale) }, cliContext);
        const endDateTime = added.app.secrets.find((s) => s.id === added.secretId)?.endDateTime;
        if (options.json) {
          const { clientId, clientSecret, tenantId, secretId } = added;
          return print(JSON.stringify({ clientId, clientSecret, tenantId, secretId, endDateTime }, null, 2));
        }
        print(t(locale, 'cli.apps.secret_added', { id: added.secretId ?? '', name: added.app.displayName }));
        printSecret(locale, added.clientSecret ?? '', endDateTime);
      }),
    );

  apps
    .command('remove-secret <id> <secretId>')
    .description('Delete a client secret')
    .action((id: string, secretId: string) =>
      withApps(false, async (service, locale) => {
        const app = await service.get(cliActor, id);
        await service.removeSecret(cliActor, app.id, secretId, cliContext);
        print(t(locale, 'cli.apps.secret_removed', { id: secretId, name: app.displayName }));
      }),
    );

  apps
    .command('add-certificate <id>')
    .description('Upload a public certificate (PEM) for private_key_jwt client assertions')
    .requiredOption('--file <pem>', 'the certificate file (.pem, .crt, .cer in PEM form)')
    .option('--name <description>', 'a description of the certificate')
    .option('--json', 'print the certificate as JSON')
    .action((id: string, options: { file: string; name?: string; json?: boolean }) =>
      withApps(options.json === true, async (service, locale) => {
        let pem: string;
        try {
          pem = readFileSync(options.file, 'utf8');
        } catch {
          throw new CliError(t(locale, 'cli.apps.file_unreadable', { file: options.file }), ExitCode.usage);
        }
        const app = await service.get(cliActor, id);
        const certificate = await service.addCertificate(cliActor, app.id, { displayName: options.name, certificate: pem }, cliContext);
        if (options.json) return print(JSON.stringify(certificate, null, 2));
        print(t(locale, 'cli.apps.certificate_added', { thumbprint: certificate.thumbprint, name: app.displayName }));
      }),
    );

  apps
    .command('consent <id>')
    .description('Grant admin consent for the app\u2019s permissions')
    .action((id: string) =>
      withApps(false, async (service, locale) => {
        const app = await service.grantConsent(cliActor, id, cliContext);
        print(t(locale, 'cli.apps.consent_done', { name: app.displayName }));
      }),
    );

  apps
    .command('revoke-consent <id>')
    .description('Revoke admin consent: the app\u2019s application tokens stop working')
    .action((id: string) =>
      withApps(false, async (service, locale) => {
        const app = await service.revokeConsent(cliActor, id, cliContext);
        print(t(locale, 'cli.apps.consent_revoked', { name: app.displayName }));
      }),
    );

  apps
    .command('delete <id>')
    .description('Delete an app registration with its secrets and certificates')
    .action((id: string) =>
      withApps(false, async (service, locale) => {
        const app = await service.get(cliActor, id);
        await service.delete(cliActor, app.id, cliContext);
        print(t(locale, 'cli.apps.deleted', { name: app.displayName }));
      }),
    );
}
