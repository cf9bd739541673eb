import type { Config } from '../../server/config/schema.js';
import { AppError } from '../../server/core/errors.js';
import { generatePassword } from '../../server/features/passwords/generate.js';
import { bootstrapOrganization } from '../../server/features/organization/bootstrap.js';
import { t } from '../../server/i18n/index.js';
import { openRuntime, type Runtime } from '../../server/runtime.js';
import type { Actor, Principal, RequestContext, Session } from '../../server/core/identity.js';
import { permissionsOf, type Permission } from '../../shared/roles.js';
import { CliError, ExitCode } from './errors.js';
import { print } from './output.js';

/** The operator at the console, as the services and the audit log see them. */
export const cliActor: Actor = { kind: 'system', name: 'cli' };
export const cliContext: RequestContext = { ipAddress: null, userAgent: null, correlationId: null };

/** Opens the runtime (which migrates the database), runs `work`, and always closes it. */
export async function withRuntime<T>(config: Config, work: (runtime: Runtime) => Promise<T>): Promise<T> {
  const runtime = await openRuntime(config);
  try {
    return await work(runtime);
  } finally {
    await runtime.close();
  }
}

/**
 * Creates the organisation and its first Global Administrator when the database is empty, as the
 * first `serve` would, and prints that admin's one-time password (it is never shown again).
 * @returns the organisation's default domain.
 */
export async function ensureOrganization(runtime: Runtime): Promise<string> {
  const { config } = runtime;
  const created = await bootstrapOrganization(runtime, {
    organizationName: config.organizationName,
    domain: config.defaultDomain,
    defaultLanguage: config.defaultLanguage,
  });
  if (created) {
    const rule = '-'.repeat(72);
    print(rule);
    // The same block, in the same language, as the first `serve` prints.
    const locale = config.defaultLanguage;
    print(t(locale, 'cli.first_run.title'));
    print(t(locale, 'cli.first_run.admin', { upn: created.adminUserPrincipalName }));
    print(t(locale, 'cli.first_run.password', { password: created.adminPassword }));
    print(rule);
  }
  const org = await runtime.repos.organization.get();
  const domain = org?.domains.find((d) => d.isDefault)?.name ?? org?.domains[0]?.name;
  return domain ?? config.defaultDomain.toLowerCase();
}

/**
 * Every service, wired by the same `createServices` as the server (ADR 0002). Loaded only by the
 * commands that need them (the banned-password lists are large); nothing is started.
 */
export async function servicesFor(runtime: Runtime, options: { onError?: (err: unknown) => void; config?: Config } = {}) {
  const { createServices } = await import('../../server/services.js');
  // Nothing is started: mail waits in the outbox for a running server (or the next `serve`).
  const onError = options.onError;
  const services = createServices({
    ...runtime,
    ...(options.config ? { config: options.config } : {}),
    ...(onError ? { log: { warn: () => {}, error: (details: { err?: unknown }) => onError(details.err ?? details) } } : {}),
  });
  // The directory's service connection (issue 14) would keep the process alive: it closes with the runtime.
  const closeRuntime = runtime.close.bind(runtime);
  runtime.close = async () => {
    try {
      await services.directory?.close();
    } finally {
      await closeRuntime();
    }
  };
  return services;
}

/**
 * Runs `create` with a generated temporary password, drawing a new one in the unlikely case the
 * password policy refuses it (a random password can still contain a banned word).
 */
export async function createWithGeneratedPassword<T>(create: (password: string) => Promise<T>): Promise<{ user: T; password: string }> {
  for (let attempt = 1; ; attempt++) {
    const password = generatePassword(16);
    try {
      return { user: await create(password), password };
    } catch (err) {
      if (!(err instanceof AppError && err.code === 'password.rejected') || attempt >= 5) throw err;
    }
  }
}

/**
 * Password resets as the server has them: the policy, the admin-reset service and the bulk job
 * runner, with as many users in flight as the hasher hashes at once (or `concurrency`). Mail is
 * queued in the outbox; a running server (or the next `serve`) delivers it.
 */
export async function resetServicesFor(runtime: Runtime, options: { onError?: (err: unknown) => void; concurrency?: number } = {}) {
  const config = options.concurrency ? { ...runtime.config, hashConcurrency: options.concurrency } : runtime.config;
  const { policy, adminReset, resetJobs } = await servicesFor(runtime, { ...options, config });
  return { policy, adminReset, jobs: resetJobs };
}

/**
 * The administrator a console command acts as (`--as`), as the services see a signed-in admin:
 * the user, their roles and the permissions those roles grant. There is no session; the services
 * that take a principal read only the user, the roles and the permissions.
 * @throws CliError (exit 2) when there is no such user, the account is disabled, or it lacks `permission`.
 */
export async function principalFor(runtime: Runtime, upn: string, permission: Permission): Promise<Principal> {
  const user = await runtime.repos.users.findBySignInName(upn);
  if (!user) throw new CliError(`error: --as ${upn}: there is no such user.`, ExitCode.usage);
  if (!user.accountEnabled) throw new CliError(`error: --as ${upn}: the account is disabled.`, ExitCode.usage);
  const roles = (await runtime.repos.users.rolesOf([user.id])).get(user.id) ?? [];
  const permissions = permissionsOf(roles);
  if (!permissions.includes(permission)) {
    throw new CliError(
      `error: --as ${user.userPrincipalName}: ${roles.length ? `${roles.length === 1 ? 'the role' : 'the roles'} ${roles.join(', ')} ${roles.length === 1 ? 'does' : 'do'}` : 'the user has no admin role, so does'} not grant ${permission}.`,
      ExitCode.usage,
    );
  }
  const now = runtime.clock.now();
  // The operator at the console holds the host: that counts as fresh proof for step-up (issue 17).
  const session: Session = {
    id: 'cli',
    userId: user.id,
    scope: 'full',
    createdAt: now,
    lastSeenAt: now,
    expiresAt: now,
    ipAddress: null,
    userAgent: null,
    authenticatedAt: now,
    mfaAt: now,
  };
  return { user, roles, permissions, session };
}
