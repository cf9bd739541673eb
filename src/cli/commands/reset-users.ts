import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { loadConfig } from '../../server/config/load.js';
import { AppError } from '../../server/core/errors.js';
import type { JobTargets } from '../../server/features/admin-reset/jobs.js';
import { MAX_TARGETS } from '../../server/features/admin-reset/targets.js';
import type { ResetJob } from '../../server/features/admin-reset/job-store.js';
import type { Runtime } from '../../server/runtime.js';
import { CliError, ExitCode } from '../lib/errors.js';
import { readPasswordFile, readUpnCsv } from '../lib/files.js';
import { print, warn } from '../lib/output.js';
import { finish, follow, plural } from '../lib/reset-job.js';
import { cliContext, principalFor, resetServicesFor, withRuntime } from '../lib/runtime.js';

export interface ResetUsersOptions {
  csv?: string;
  group?: string;
  upn?: string[];
  as?: string;
  resume?: string;
  passwordOut?: string;
  outcomesOut?: string;
  passwordFile?: string;
  forceChange: boolean;
}

export function registerResetUsers(users: Command): void {
  users
    .command('reset')
    .description('Reset the passwords of many users as a bulk job, with the role matrix of the admin named by --as')
    .option('--csv <file>', 'the users in a CSV file with a userPrincipalName column (other columns are ignored)')
    .option('--group <nameOrId>', 'every member of a group (its display name or id)')
    .option('--upn <upn...>', 'these user principal names (repeatable)', (value: string, previous: string[] = []) => [...previous, value])
    .option('--as <adminUpn>', 'the administrator the resets are made as (required); the role matrix is theirs')
    .option('--resume <jobId>', 'continue an interrupted job started with the same --as (or collect the results of a finished one)')
    .option('--password-out <file>', 'where the generated passwords go (new file, mode 0600; default ./reset-<jobId>.csv)')
    .option('--outcomes-out <file>', "where each user's outcome goes (default ./reset-<jobId>-outcomes.csv)")
    .option('--password-file <file>', "give every user this one password, read from the file's first line ('-' for stdin) instead of generated ones")
    .option('--no-force-change', 'do not require the users to change the password at next sign-in')
    .action(async (options: ResetUsersOptions, command: Command) => {
      // `--no-force-change` is the only way to change this one; commander tells us whether it was used.
      const explicit = (name: string) => command.getOptionValueSource(name) === 'cli';
      process.exitCode = await resetUsers(options, { forceChangeGiven: explicit('forceChange') });
    });
}

/** Exactly one way to name the users, or --resume; checked before anything is opened. */
function checkUsage(options: ResetUsersOptions, forceChangeGiven: boolean): void {
  const sources = [options.csv !== undefined && '--csv', options.group !== undefined && '--group', options.upn !== undefined && '--upn'].filter(Boolean);
  if (!options.as) throw new CliError('error: --as <adminUpn> is required: the resets are made as that administrator, with their role.', ExitCode.usage);
  if (options.resume !== undefined) {
    const extra = [...sources, options.passwordFile !== undefined && '--password-file', forceChangeGiven && '--no-force-change'].filter(Boolean);
    if (extra.length) throw new CliError(`error: --resume continues a job as it was started; it cannot be combined with ${extra.join(', ')}.`, ExitCode.usage);
    return;
  }
  if (sources.length !== 1)
    throw new CliError(
      'error: name the users with exactly one of --csv <file>, --group <nameOrId> or --upn <upn...> (or continue a job with --resume <jobId>).',
      ExitCode.usage,
    );
  if (options.passwordFile !== undefined && options.passwordOut !== undefined) {
    throw new CliError('error: --password-out is where generated passwords go; with --password-file no password is generated.', ExitCode.usage);
  }
}

async function targetsOf(runtime: Runtime, options: ResetUsersOptions): Promise<{ targets: JobTargets; count: number; label: string }> {
  if (options.group !== undefined) {
    const wanted = options.group.trim();
    const groups = await runtime.repos.groups.list();
    const byId = groups.find((g) => g.id === wanted);
    const byName = groups.filter((g) => g.displayName.toLocaleLowerCase('en') === wanted.toLocaleLowerCase('en'));
    const group = byId ?? (byName.length === 1 ? byName[0] : undefined);
    if (!group) {
      if (byName.length > 1)
        throw new CliError(
          [
            `error: ${byName.length} groups are called "${wanted}"; name one by its id:`,
            ...byName.map((g) => `  ${g.id}  ${g.displayName} (${g.memberCount} members)`),
          ],
          ExitCode.usage,
        );
      throw new CliError([`error: there is no group "${wanted}". Groups: ${groups.map((g) => g.displayName).join(', ') || '(none)'}.`], ExitCode.usage);
    }
    return { targets: { groupId: group.id }, count: group.memberCount, label: `the members of ${group.displayName}` };
  }
  const upns = options.csv !== undefined ? readUpnCsv(options.csv) : (options.upn ?? []);
  return { targets: { userPrincipalNames: upns }, count: upns.length, label: options.csv !== undefined ? `the users in ${options.csv}` : 'the users named' };
}

export async function resetUsers(options: ResetUsersOptions, flags: { forceChangeGiven: boolean } = { forceChangeGiven: false }): Promise<number> {
  checkUsage(options, flags.forceChangeGiven);
  const password = options.passwordFile !== undefined ? readPasswordFile(options.passwordFile) : undefined;
  if (options.passwordOut !== undefined && existsSync(options.passwordOut))
    throw new CliError(`error: ${options.passwordOut} already exists; passwords are never written over an existing file.`, ExitCode.usage);
  const config = loadConfig();

  return withRuntime(config, async (runtime) => {
    const { repos } = runtime;
    const actor = await principalFor(runtime, options.as!, 'users:reset-password');
    const errors: unknown[] = [];
    const { policy, jobs } = await resetServicesFor(runtime, { onError: (err) => errors.push(err) });

    let job: ResetJob;
    if (options.resume !== undefined) {
      const found = await repos.resetJobs.get(options.resume.trim());
      if (!found) throw new CliError(`error: there is no password reset job ${options.resume}.`, ExitCode.usage);
      if (found.createdBy !== actor.user.id)
        throw new CliError(
          `error: job ${found.id} was started by ${found.createdByName}; only they can resume it (--as ${found.createdByName}).`,
          ExitCode.usage,
        );
      job = found;
      print(`Resuming job ${job.id} (${plural(job.total, 'user')}, started ${job.createdAt.toISOString()}).`);
      const lease = await runtime.db.db.selectFrom('reset_job').select('lease_until').where('id', '=', job.id).executeTakeFirst();
      if (job.status === 'running' && lease?.lease_until && new Date(lease.lease_until) > runtime.clock.now()) {
        // An interrupted run keeps its lease until it expires; a running server that holds it works on it meanwhile.
        warn(
          `Another process holds the job until ${new Date(lease.lease_until).toISOString()} (a running server, or the run that was interrupted); following it until then.`,
        );
      }
    } else {
      const { targets, count, label } = await targetsOf(runtime, options);
      if (count === 0) {
        print(
          `No users to reset: ${label === 'the users named' ? 'no user principal names were given' : `${label} ${options.group !== undefined ? 'has no members' : 'has no user principal names'}`}.`,
        );
        return ExitCode.ok;
      }
      if (count > MAX_TARGETS)
        throw new CliError(`error: ${label} holds ${count} users; one job takes at most ${MAX_TARGETS}. Split the file.`, ExitCode.usage);
      if (password !== undefined) {
        // The user-independent checks up front, so a weak password stops here rather than failing
        // for every user; the job still checks it against each user (their name, their history).
        const verdict = await policy.evaluate(password, { userPrincipalName: '' }, 'preview');
        if (!verdict.accepted) throw new AppError('password.rejected', { issues: verdict.problems, params: { score: verdict.score } });
      }
      // Running first, so that creating the job starts working on it at once.
      jobs.start();
      const created = await jobs.create(
        actor,
        targets,
        { autoGenerate: password === undefined, password, forceChangePasswordNextSignIn: options.forceChange },
        cliContext,
      );
      job = (await repos.resetJobs.get(created.id))!;
      print(`Started password reset job ${job.id} for ${plural(job.total, 'user')} (${label}) as ${actor.user.userPrincipalName}.`);
    }

    const passwordOut = options.passwordOut ?? `reset-${job.id}.csv`;
    const outcomesOut = options.outcomesOut ?? `reset-${job.id}-outcomes.csv`;
    if (job.status === 'running') {
      const stopped = await follow(runtime, jobs, job, errors);
      if (stopped) {
        const counts = await repos.resetJobs.counts(job.id);
        const done = job.total - counts.pending;
        warn(
          `Interrupted: ${done} of ${job.total} users done (${counts.reset} reset, ${counts.skipped} skipped, ${counts.failed} failed); ${counts.pending} pending.`,
        );
        warn(`The job is kept and resumes where it stopped: a running \`latchkey serve\` picks it up within ${config.jobLeaseSeconds} s, or run`);
        warn(`  latchkey users reset --resume ${job.id} --as ${job.createdByName}`);
        warn('Nobody is reset twice. The generated passwords are written when the job is complete (with --resume, or through the API by the same admin).');
        return ExitCode.interrupted;
      }
    }
    return finish(runtime, jobs, actor, job.id, { passwordOut, outcomesOut, errors });
  });
}
