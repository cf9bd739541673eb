import type { Config } from '../../server/config/schema.js';
import { AppError } from '../../server/core/errors.js';
import { generatePassword } from '../../server/features/passwords/generate.js';
import { bootstrapOrganization } from '../../server/features/organization/bootstrap.js';
import { t } from '../../server/i18n/index.js';
import { openRuntime, type Runtime } from '../../server/runtime.js';
import type { RequestContext } from '../../server/features/auth/service.js';
import { createUsersService, type Actor } from '../../server/features/users/service.js';
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
 * The users service and the password policy it enforces, wired as the server wires them. The
 * policy (and its banned-password lists) loads only for the commands that set passwords.
 */
export async function servicesFor(runtime: Runtime) {
  const { createPasswordPolicy } = await import('../../server/features/policy/engine.js');
  const policy = createPasswordPolicy({ repos: runtime.repos, hasher: runtime.hasher });
  const users = createUsersService({ repos: runtime.repos, transact: runtime.transact, hasher: runtime.hasher, clock: runtime.clock, policy });
  return { policy, users };
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
