import type { Command } from 'commander';
import { loadConfig } from '../../server/config/load.js';
import { createSecondFactorReset } from '../../server/features/mfa/reset.js';
import { t, type Locale } from '../../server/i18n/index.js';
import { CliError, ExitCode } from '../lib/errors.js';
import { print } from '../lib/output.js';
import { cliContext, withRuntime } from '../lib/runtime.js';

/**
 * `latchkey users reset-mfa --upn <upn>`: the way back in for a user — the only administrator
 * included — who lost the phone or security key that signs them in (issue 17). Output is in the
 * configured default language, as serve's is.
 */
export function registerResetMfa(users: Command): void {
  users
    .command('reset-mfa')
    .description('Remove a user\u2019s authenticator app and passkeys and end their sessions, so they register again at the next sign-in')
    .requiredOption('--upn <upn>', 'the user principal name or email of the user')
    .action(async (options: { upn: string }) => {
      process.exitCode = await resetMfa(options.upn);
    });
}

export async function resetMfa(upn: string): Promise<number> {
  const config = loadConfig();
  const locale: Locale = config.defaultLanguage;
  return withRuntime(config, async (runtime) => {
    const user = await runtime.repos.users.findBySignInName(upn.trim());
    if (!user) throw new CliError(t(locale, 'cli.reset_mfa.unknown_user', { upn }), ExitCode.usage);
    const reset = createSecondFactorReset({ repos: runtime.repos, transact: runtime.transact, clock: runtime.clock });
    const removed = await reset(user, { id: null, name: 'cli' }, cliContext);
    print(
      t(locale, 'cli.reset_mfa.done', {
        upn: user.userPrincipalName,
        apps: removed.authenticatorApps,
        passkeys: removed.passkeys,
        devices: removed.rememberedDevices,
      }),
    );
    return ExitCode.ok;
  });
}
