import type { Clock } from './core/clock.js';
import type { Principal } from './core/identity.js';
import type { Repos, Transact } from './db/repos.js';
import type { Locale } from './i18n/index.js';
import { createGraphPasswordServices } from './features/admin-reset/graph-wiring.js';
import type { AdminResetService } from './features/admin-reset/service.js';
import { createAppsService } from './features/apps/service.js';
import { createGraphDirectoryServices } from './features/groups/graph-wiring.js';
import type { Authority } from './features/roles/authority.js';
import type { UserAdminService } from './features/users/admin.js';

/**
 * The services issue 15 adds (app registrations, and what the Graph surface needs beyond the
 * services /api/v1 already has), wired once here and spread into createServices' result, so the
 * server, the CLI and the tests share them (ADR 0002).
 */
export function createGraphServices(deps: {
  repos: Repos;
  transact: Transact;
  clock: Clock;
  secret: string;
  authority: Authority;
  adminReset: AdminResetService;
  userAdmin: UserAdminService;
  stepUp: { demand: (principal: Principal) => Promise<void> };
  defaultLocale: () => Promise<Locale>;
  mailQueued: () => void;
}) {
  return {
    /** App registrations, secrets, certificates, consent (features/apps). */
    apps: createAppsService(deps),
    /** Role assignments for users and apps, groups, audit and sign-in logs as Graph lists them. */
    ...createGraphDirectoryServices(deps),
    /** resetPassword as an operation, and authentication methods. */
    graphPasswords: createGraphPasswordServices(deps),
  };
}
