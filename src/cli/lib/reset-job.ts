/**
 * The second half of `latchkey users reset` (src/cli/commands/reset-users.ts): following a job
 * with a progress bar until it is complete or interrupted, then the summary and the files.
 */
import { closeSync, writeFileSync, writeSync } from 'node:fs';
import { stringify } from 'csv-stringify/sync';
import type { JobCounts, ResetJob } from '../../server/features/admin-reset/job-store.js';
import type { Principal } from '../../server/core/identity.js';
import { t } from '../../server/i18n/index.js';
import type { Runtime } from '../../server/runtime.js';
import { CliError, ExitCode } from './errors.js';
import { openSecretFile } from './files.js';
import { trapInterrupt } from './interrupt.js';
import { print, warn } from './output.js';
import { startProgress } from './progress.js';
import { cliContext, type resetServicesFor } from './runtime.js';

/** How often the progress is read from the job's items. */
const POLL_MS = 250;
/** Skipped and failed users listed on the terminal; the outcomes file has them all. */
const LISTED = 20;

type Jobs = Awaited<ReturnType<typeof resetServicesFor>>['jobs'];

/** `1 user`, `2 users`. */
export const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** What a reason code means, in a few words; policy codes get the policy's own sentence. */
function reasonText(reason: string | null): string {
  switch (reason) {
    case 'not_permitted':
      return 'not permitted by the admin role (Entra role matrix)';
    case 'self':
      return "the administrator's own account";
    case 'not_found':
      return 'no such user';
    case null:
      return 'no reason recorded';
    default:
      return reason
        .split(' ')
        .map((code) => {
          // The job records the codes only; a sentence that needs a figure it lacks is left out.
          const sentence = code.startsWith('password.') ? t('en', code, {}) : '';
          return sentence && sentence !== code && !sentence.includes('{') ? `${code}: ${sentence}` : code;
        })
        .join('; ');
  }
}

/**
 * Runs the job in this process (or watches another process run it), with a progress bar from
 * the job's own counts, until it is complete or Ctrl-C. @returns true when interrupted.
 */
export async function follow(runtime: Runtime, jobs: Jobs, job: ResetJob, errors: unknown[]): Promise<boolean> {
  const { repos } = runtime;
  const interrupt = trapInterrupt('resets in flight');
  const progress = startProgress('Resetting passwords', job.total);
  let shown = 0;
  let reported = 0;
  jobs.start();
  try {
    for (;;) {
      const counts: JobCounts = await repos.resetJobs.counts(job.id);
      const done = job.total - counts.pending;
      if (done > shown) {
        progress.tick(done - shown);
        shown = done;
      }
      while (reported < errors.length && reported < 5) warn(`warning: ${(errors[reported++] as Error)?.message ?? String(errors[reported - 1])}`);
      if ((await repos.resetJobs.get(job.id))?.status !== 'running' || interrupt.requested) break;
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  } finally {
    // Lets the users in flight finish (each is its own transaction) and stops taking new ones.
    await jobs.stop();
    progress.stop();
    interrupt.dispose();
  }
  return interrupt.requested && (await repos.resetJobs.get(job.id))?.status === 'running';
}

/** The summary, the passwords (once, to a new 0600 file) and every user's outcome. */
export async function finish(
  runtime: Runtime,
  jobs: Jobs,
  actor: Principal,
  jobId: string,
  out: { passwordOut: string; outcomesOut: string; errors: unknown[] },
): Promise<number> {
  const { repos } = runtime;
  const job = (await repos.resetJobs.get(jobId))!;
  const counts = await repos.resetJobs.counts(jobId);

  // Every outcome, in the order of the job.
  const outcomes: { userPrincipalName: string; status: string; reason: string | null; hasPassword: boolean }[] = [];
  for (let after = -1; ;) {
    const page = await repos.resetJobs.items(jobId, after, 1000);
    if (!page.length) break;
    for (const item of page)
      outcomes.push({ userPrincipalName: item.userPrincipalName, status: item.status, reason: item.reason, hasPassword: item.sealedPassword !== null });
    after = page.at(-1)!.seq;
  }
  writeFileSync(
    out.outcomesOut,
    stringify([['userPrincipalName', 'status', 'reason'], ...outcomes.map((o) => [o.userPrincipalName, o.status, o.reason ?? ''])]),
  );

  print(`Job ${job.id} is complete: ${plural(job.total, 'user')}.`);
  print(
    `  reset:   ${counts.reset}${counts.reset ? (job.options.forceChangePasswordNextSignIn ? ' (must change the password at next sign-in)' : ' (need not change it)') : ''}`,
  );
  for (const [status, n] of [
    ['skipped', counts.skipped],
    ['failed', counts.failed],
  ] as const) {
    const reasons = new Map<string, number>();
    for (const o of outcomes) if (o.status === status) reasons.set(reasonText(o.reason), (reasons.get(reasonText(o.reason)) ?? 0) + 1);
    print(
      `  ${`${status}:`.padEnd(8)} ${n}${
        n
          ? ` (${[...reasons]
              .sort((a, b) => b[1] - a[1])
              .map(([why, k]) => `${k} ${why}`)
              .join('; ')})`
          : ''
      }`,
    );
  }
  const notable = outcomes.filter((o) => o.status === 'skipped' || o.status === 'failed');
  if (notable.length) {
    warn(`Users not reset${notable.length > LISTED ? ` (first ${LISTED} of ${notable.length})` : ''}:`);
    for (const o of notable.slice(0, LISTED)) warn(`  ${o.userPrincipalName}: ${o.status}, ${reasonText(o.reason)}`);
  }
  print(`Wrote the outcome of every user to ${out.outcomesOut} (userPrincipalName,status,reason).`);

  if (outcomes.some((o) => o.hasPassword)) {
    // The file first: the passwords are erased as they are taken, so they must have somewhere to go.
    let fd: number;
    try {
      fd = openSecretFile(out.passwordOut);
    } catch (err) {
      throw new CliError(
        [
          `error: cannot write ${out.passwordOut}: ${(err as Error).message}`,
          `The passwords are kept; collect them with: latchkey users reset --resume ${job.id} --as ${job.createdByName} --password-out <new file>`,
        ],
        ExitCode.failure,
      );
    }
    try {
      const passwords = await jobs.takePasswords(actor, jobId, cliContext);
      writeSync(fd, stringify([['userPrincipalName', 'password'], ...passwords.map((p) => [p.userPrincipalName, p.password])]));
      print(
        `Wrote ${plural(passwords.length, 'generated password')} to ${out.passwordOut} (mode 0600). They are not stored anywhere else and cannot be read again: hand them over securely, then delete the file.`,
      );
    } finally {
      closeSync(fd);
    }
  } else if (!job.options.autoGenerate) {
    if (counts.reset) print(`The ${plural(counts.reset, 'user')} reset now have the password from the password file.`);
  } else if (counts.reset > 0) {
    print('The generated passwords of this job were already collected (they can be read once).');
  }

  return counts.failed > 0 || counts.pending > 0 ? ExitCode.failure : ExitCode.ok;
}
