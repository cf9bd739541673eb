import type { Config } from '../../config/schema.js';
import type { Clock } from '../../core/clock.js';
import type { Repos } from '../../db/repos.js';
import type { Job } from './scheduler.js';

const DAY_MS = 86_400_000;

/**
 * What the server keeps no longer than it needs (issue 12 finding 9; checklist AU1): the sign-in
 * log (30 days by default, as Entra keeps it), delivered and failed outbox messages, the dev
 * mailbox (its messages hold codes and links in plain text), the audit log past its retention,
 * expired sessions and expired remembered MFA devices, and Graph's password operations (a
 * script polls one within minutes; a day is kept). Run by the scheduler; each job
 * deletes in batches and is safe on several servers at once.
 */
export function retentionJobs(deps: {
  repos: Repos;
  clock: Clock;
  config: Pick<Config, 'signInRetentionDays' | 'outboxRetentionDays' | 'devMailboxRetentionDays' | 'auditRetentionDays' | 'sessionIdleSeconds'>;
}): Job[] {
  const { repos, clock, config } = deps;
  const olderThan = (days: number) => new Date(clock.now().getTime() - days * DAY_MS);
  return [
    { name: 'sign-in-retention', everyMs: 60 * 60_000, run: () => repos.signIns.deleteOlderThan(olderThan(config.signInRetentionDays)) },
    { name: 'outbox-retention', everyMs: 60 * 60_000, run: () => repos.outbox.deleteFinishedBefore(olderThan(config.outboxRetentionDays)) },
    { name: 'expired-sessions', everyMs: 60 * 60_000, run: () => repos.sessions.deleteExpired(clock.now(), config.sessionIdleSeconds) },
    { name: 'mfa-remembered-devices', everyMs: 60 * 60_000, run: () => repos.mfa.deleteExpiredDevices(clock.now()) },
    { name: 'audit-retention', everyMs: 6 * 60 * 60_000, run: () => repos.audit.deleteOlderThan(olderThan(config.auditRetentionDays)) },
    { name: 'oauth-state', everyMs: 60 * 60_000, run: () => repos.oidc.purgeExpired(clock.now()) },
    { name: 'graph-operations', everyMs: 60 * 60_000, run: () => repos.graphOperations.deleteBefore(olderThan(1)) },
    { name: 'dev-mailbox-retention', everyMs: 60 * 60_000, run: () => repos.outbox.deleteDevMailBefore(olderThan(config.devMailboxRetentionDays)) },
  ];
}
