import { closeSync, writeSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import type { Command } from 'commander';
import { stringify } from 'csv-stringify/sync';
import { loadConfig } from '../../server/config/load.js';
import { AppError } from '../../server/core/errors.js';
import { identifierKey } from '../../server/features/users/model.js';
import { domainOf } from '../../server/features/users/validation.js';
import { t } from '../../server/i18n/index.js';
import { CliError, ExitCode, reportError } from '../lib/errors.js';
import { openSecretFile, readInputFile } from '../lib/files.js';
import { trapInterrupt, yieldToEventLoop } from '../lib/interrupt.js';
import { print, warn } from '../lib/output.js';
import { startProgress } from '../lib/progress.js';
import { cliActor, cliContext, createWithGeneratedPassword, ensureOrganization, servicesFor, withRuntime } from '../lib/runtime.js';
import { formatProblem, parseUsersCsv, problemOf, readRecord, type ImportRow, type RowProblem } from '../lib/users-csv.js';

export interface ImportUsersOptions {
  generatePasswords?: string;
  skipInvalid?: boolean;
  skipExisting?: boolean;
  forceChange: boolean;
}

export function registerImportUsers(users: Command): void {
  users
    .command('import')
    .description('Create users from a CSV file (columns in Microsoft Graph names; see docs/cli.md)')
    .argument('<file>', 'CSV file with a header row')
    .option('--generate-passwords <out.csv>', 'give every user without a password in the file a generated temporary one, written to this new file (mode 0600)')
    .option('--skip-invalid', 'import the valid rows even when some rows are invalid (they are reported and skipped)')
    .option('--skip-existing', 'do not report users whose user principal name already exists (they are always skipped)')
    .option('--no-force-change', 'do not require users with a password from the file to change it at first sign-in')
    .action(async (file: string, options: ImportUsersOptions) => {
      process.exitCode = await importUsers(file, options);
    });
}

export async function importUsers(file: string, options: ImportUsersOptions): Promise<number> {
  const config = loadConfig();
  const parsed = parseUsersCsv(readInputFile(file));
  if (parsed.records.length === 0) {
    print('No users to import: the file has no data rows.');
    return ExitCode.ok;
  }

  return withRuntime(config, async (runtime) => {
    const domain = await ensureOrganization(runtime);
    const org = await runtime.repos.organization.get();
    const domains = new Set((org?.domains.map((d) => d.name) ?? [domain]).map((d) => d.toLowerCase()));

    // 1. Validate every row before importing any.
    const { users: service, policy } = await servicesFor(runtime);
    const problems: RowProblem[] = [];
    const badLines = new Set<number>();
    const existing: ImportRow[] = [];
    const ready: ImportRow[] = [];
    const seen = new Map<string, number>();
    for (const record of parsed.records) {
      const { row, problems: rowProblems } = readRecord(record);
      const upn = row.fields.userPrincipalName;
      const upnProblem = rowProblems.some((p) => p.column === 'userPrincipalName');
      if (!upnProblem && upn) {
        const upnDomain = domainOf(upn);
        if (!domains.has(upnDomain)) {
          rowProblems.unshift({ line: row.line, column: 'userPrincipalName', value: upn, message: t('en', 'users.invalid_domain', { domain: upnDomain }) });
        } else {
          const key = identifierKey(upn);
          const earlier = seen.get(key);
          if (earlier !== undefined) {
            rowProblems.unshift({
              line: row.line,
              column: 'userPrincipalName',
              value: upn,
              message: `${t('en', 'users.upn_taken')} (line ${earlier} has it too)`,
            });
          } else seen.set(key, row.line);
        }
      }
      if (row.password !== null) {
        // The one password policy, as for every other way a password is set; problems come back as issues.
        const verdict = await policy.evaluate(row.password, row.fields, 'create');
        rowProblems.push(...verdict.problems.map((issue) => problemOf(record, issue)));
      }
      if (rowProblems.length) {
        problems.push(...rowProblems);
        badLines.add(row.line);
        continue;
      }
      const found = await runtime.repos.users.findBySignInName(upn);
      if (found && identifierKey(found.userPrincipalName) === identifierKey(upn)) existing.push(row);
      else ready.push(row);
    }

    if (problems.length) {
      warn(`${badLines.size} of ${parsed.records.length} rows ${badLines.size === 1 ? 'has' : 'have'} problems:`);
      for (const problem of problems) warn(formatProblem(problem));
      if (!options.skipInvalid) {
        warn('Nothing was imported. Correct these rows, or run again with --skip-invalid to import the other rows.');
        return ExitCode.failure;
      }
      warn(`Skipping ${badLines.size} invalid ${badLines.size === 1 ? 'row' : 'rows'} (--skip-invalid).`);
    }
    if (existing.length && !options.skipExisting) {
      warn(`${existing.length} ${existing.length === 1 ? 'user already exists' : 'users already exist'} and will be skipped:`);
      for (const row of existing) warn(`  line ${row.line}: ${row.fields.userPrincipalName}`);
    }
    if (ready.length === 0) {
      print(`Imported 0 users (${summary(existing.length, badLines.size)}).`);
      return ExitCode.ok;
    }

    // 2. Import, one transaction per user, so an interruption leaves only whole users behind.
    let passwordFile: number | null = null;
    if (options.generatePasswords) {
      try {
        // Never over an existing file, so the passwords of an earlier (perhaps interrupted) run are not lost.
        passwordFile = openSecretFile(options.generatePasswords);
      } catch (err) {
        throw new CliError(`error: cannot write ${options.generatePasswords}: ${(err as Error).message}`, ExitCode.usage);
      }
      writeSync(passwordFile, stringify([['userPrincipalName', 'password']]));
    }
    const hashes = ready.some((r) => r.password !== null) || passwordFile !== null;
    const workers = hashes ? Math.max(1, Math.min(runtime.config.hashConcurrency ?? availableParallelism(), 8)) : 1;
    const interrupt = trapInterrupt('user');
    const progress = startProgress('Importing users', ready.length);
    let next = 0;
    let imported = 0;
    let generated = 0;
    let raced = 0;
    let failure: { error: unknown; line: number } | undefined;
    const work = async () => {
      while (!interrupt.requested && failure === undefined && next < ready.length) {
        const row = ready[next++]!;
        const input = { ...row.fields, roles: row.roles };
        try {
          if (row.password === null && passwordFile !== null) {
            const { password } = await createWithGeneratedPassword((password) =>
              service.create(cliActor, { ...input, password, forceChangePassword: true }, cliContext),
            );
            writeSync(passwordFile, stringify([[row.fields.userPrincipalName, password]]));
            generated++;
          } else {
            await service.create(cliActor, { ...input, password: row.password, forceChangePassword: row.password !== null && options.forceChange }, cliContext);
          }
          imported++;
        } catch (err) {
          if (err instanceof AppError && err.code === 'users.upn_taken') raced++;
          else failure ??= { error: err, line: row.line };
        }
        progress.tick();
        await yieldToEventLoop();
      }
    };
    try {
      await Promise.all(Array.from({ length: workers }, work));
    } finally {
      progress.stop();
      interrupt.dispose();
      if (passwordFile !== null) closeSync(passwordFile);
    }

    const skipped = summary(existing.length + raced, badLines.size);
    if (generated)
      print(`Wrote ${generated} temporary ${generated === 1 ? 'password' : 'passwords'} (must be changed at first sign-in) to ${options.generatePasswords}.`);
    if (failure !== undefined) {
      warn(`Stopped at line ${failure.line}:`);
      const code = reportError(failure.error, warn);
      print(`Imported ${imported} of ${ready.length} users before the failure (${skipped}).`);
      return code === ExitCode.ok ? ExitCode.failure : code;
    }
    if (interrupt.requested) {
      print(`Interrupted: imported ${imported} of ${ready.length} users (${skipped}); the others were not imported.`);
      return ExitCode.interrupted;
    }
    print(`Imported ${imported} ${imported === 1 ? 'user' : 'users'} (${skipped}).`);
    return ExitCode.ok;
  });
}

function summary(existing: number, invalid: number): string {
  return `${existing} existing skipped, ${invalid} invalid skipped`;
}
