import type { Clock } from '../../core/clock.js';
import type { Principal } from '../../core/identity.js';
import type { Repos, Transact } from '../../db/repos.js';
import type { Locale } from '../../i18n/index.js';
import type { Authority } from '../roles/authority.js';
import { createAdminMethodsService } from '../security-info/admin-methods.js';
import { createGraphPasswordOperations } from './operation.js';
import type { AdminResetService } from './service.js';

/** The services behind Graph's password and authentication-method routes (issue 15), wired with one line in services.ts. */
export function createGraphPasswordServices(deps: {
  repos: Repos;
  transact: Transact;
  clock: Clock;
  authority: Authority;
  adminReset: AdminResetService;
  stepUp: { demand: (principal: Principal) => Promise<void> };
  defaultLocale: () => Promise<Locale>;
  mailQueued: () => void;
}) {
  return {
    /** resetPassword as an operation, and polling it. */
    operations: createGraphPasswordOperations(deps),
    /** Another user's authentication methods (the reset matrix), and one's own. */
    methods: createAdminMethodsService(deps),
  };
}

export type GraphPasswordServices = ReturnType<typeof createGraphPasswordServices>;
