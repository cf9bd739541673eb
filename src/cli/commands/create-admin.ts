import type { Command } from 'commander';
import { loadConfig } from '../../server/config/load.js';
import { isRoleId, roleIds, type RoleId } from '../../shared/roles.js';
import { isValidEmail } from '../../server/features/users/validation.js';
import { t } from '../../server/i18n/index.js';
import { CliError, ExitCode } from '../lib/errors.js';
import { print } from '../lib/output.js';
import { cliActor, cliContext, createWithGeneratedPassword, ensureOrganization, servicesFor, withRuntime } from '../lib/runtime.js';

export interface CreateAdminOptions {
  upn: string;
  displayName?: string;
  role: string;
}

export function registerCreateAdmin(admin: Command): void {
  admin
    .command('create')
    .description('Create an administrator with a temporary password (shown once; must be changed at first sign-in)')
    .requiredOption('--upn <upn>', 'user principal name, e.g. jane.doe@contoso.example (its domain must be the organisation\u2019s)')
    .option('--display-name <name>', 'display name (default: from the user principal name)')
    .option('--role <roleId>', `admin role, one of: ${roleIds.join(', ')}`, 'global-administrator')
    .action(async (options: CreateAdminOptions) => {
      process.exitCode = await createAdmin(options);
    });
}

export async function createAdmin(options: CreateAdminOptions): Promise<number> {
  if (!isRoleId(options.role)) {
    throw new CliError([`error: unknown role "${options.role}".`, `Roles: ${roleIds.join(', ')}`], ExitCode.usage);
  }
  const role: RoleId = options.role;
  const config = loadConfig();
  return withRuntime(config, async (runtime) => {
    await ensureOrganization(runtime);
    const upn = options.upn.trim();
    const displayName = options.displayName?.trim() || displayNameFrom(upn);
    const { users } = await servicesFor(runtime);
    const input = { userPrincipalName: upn, displayName, mail: isValidEmail(upn) ? upn : null, forceChangePassword: true, roles: [role] };
    const { user, password } = await createWithGeneratedPassword((password) => users.create(cliActor, { ...input, password }, cliContext));
    print(`Created ${user.userPrincipalName} (${user.displayName}) with the role ${role}.`);
    print(t('en', 'cli.first_run.password', { password }));
    return ExitCode.ok;
  });
}

/** "jane.van-dijk@contoso.example" -> "Jane Van-Dijk". */
export function displayNameFrom(upn: string): string {
  const local = upn.split('@')[0] ?? upn;
  const words = local.split(/[._]+/).filter(Boolean);
  const name = words.map((w) => w.charAt(0).toUpperCase() + w.slice(1).replace(/-(\p{L})/gu, (_, c: string) => '-' + c.toUpperCase())).join(' ');
  return name || upn;
}
