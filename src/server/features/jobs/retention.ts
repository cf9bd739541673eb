import type { Config } from '../../config/schema.js';
import type { Clock } from '../../core/clock.js';
import type { Repos } from '../../db/repos.js';
import type { Job } from './scheduler.js';

const DAY_MS = 86_400_000;

/**
 * What the server keeps no longer than it needs (issue 12 finding 9; checklist AU1): the sign-in
 * log (30 days by default, as Entra keeps it), delivered and failed outbox messages, and the dev
 * mailbox (its messages hold codes and links in plain text). Run by the scheduler; each job
 * deletes in batches and is safe on several servers at once.
 */
export function retentionJobs(deps: {
  repos: Repos;
  clock: Clock;
  config: Pick<Config, 'signInRetentionDays' | 'outboxRetentionDays' | 'devMailboxRetentionDays'>;
}): Job[] {
  const { repos, clock, config } = deps;
  const olderThan = (days: number) => new Date(clock.now().getTime() - days * DAY_MS);
  return [
    { name: 'sign-in-retention', everyMs: 60 * 60_000, run: () => repos.signIns.deleteOlderThan(olderThan(config.signInRetentionDays)) },
    { name: 'outbox-retention', everyMs: 60 * 60_000, run: () => repos.outbox.deleteFinishedBefore(olderThan(config.outboxRetentionDays)) },
    { name: 'dev-mailbox-retention', everyMs: 60 * 60_000, run: () => repos.outbox.deleteDevMailBefore(olderThan(config.devMailboxRetentionDays)) },
  ];
}
