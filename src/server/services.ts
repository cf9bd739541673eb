import { availableParallelism } from 'node:os';
import type { Config } from './config/schema.js';
import type { Clock } from './core/clock.js';
import type { Repos, Transact } from './db/repos.js';
import { createResetJobs } from './features/admin-reset/jobs.js';
import { createAdminResetService } from './features/admin-reset/service.js';
import { createPasswordWriter, type PasswordWrittenHook } from './features/passwords/apply.js';
import type { PasswordHasher } from './features/passwords/hasher.js';
import { createPasswordPolicy } from './features/policy/engine.js';
import { createRecoveryThrottle } from './features/recovery/throttle.js';
import { createAuthority } from './features/roles/authority.js';
import { createUsersService } from './features/users/service.js';
import { isLocale, type Locale } from './i18n/index.js';

/** What every entry point has: the server, the CLI and the tests. */
export interface ServiceDeps {
  config: Config;
  repos: Repos;
  transact: Transact;
  hasher: PasswordHasher;
  clock: Clock;
  secret: string;
  /** Called after a commit that queued mail (the server kicks its outbox worker; the CLI leaves it to the server). */
  mailQueued: () => void;
  /** Unexpected errors of background work (bulk jobs). */
  onJobError?: (err: unknown) => void;
}

/**
 * The services that set passwords and decide authority, wired ONCE for every entry point (app.ts
 * and the CLI), so the console and the API can't drift: the same policy, the same authority and
 * the same password write path with the same hooks.
 */
export function createPasswordServices(deps: ServiceDeps) {
  const { config, repos, transact, hasher, clock } = deps;
  const policy = createPasswordPolicy({ repos, hasher });
  const defaultLocale = async (): Promise<Locale> => {
    const language = (await repos.organization.get())?.defaultLanguage;
    return isLocale(language) ? language : config.defaultLanguage;
  };
  const authority = createAuthority({ repos, clock });
  const recoveryThrottle = createRecoveryThrottle({ repos, clock });
  /** A new password by any path ends open reset flows and clears the reset counters (checklist R8c; reference §7.11). */
  const endRecovery: PasswordWrittenHook = async (tx, user, at) => {
    await recoveryThrottle.reset(tx, user.id);
    await tx.recovery.failOpenFlows(user.id, 'superseded', at);
  };
  const writer = createPasswordWriter({ transact, hasher, clock, policy, defaultLocale, onWritten: [endRecovery] });
  const users = createUsersService({ repos, transact, hasher, clock, policy });
  const adminReset = createAdminResetService({ repos, transact, clock, policy, authority, writer, mailQueued: deps.mailQueued });
  const resetJobs = createResetJobs({
    repos,
    transact,
    clock,
    secret: deps.secret,
    adminReset,
    authority,
    concurrency: config.hashConcurrency ?? availableParallelism(),
    leaseSeconds: config.jobLeaseSeconds,
    mailQueued: deps.mailQueued,
    onError: deps.onJobError ?? (() => {}),
  });
  return { policy, defaultLocale, authority, writer, users, adminReset, resetJobs };
}

export type PasswordServices = ReturnType<typeof createPasswordServices>;
