import type { Clock } from '../../core/clock.js';
import type { Principal } from '../../core/identity.js';
import type { Repos, Transact } from '../../db/repos.js';
import { createGraphGroups } from './graph-list.js';
import { createGraphLogs } from '../reports/graph-logs.js';
import type { UserAdminService } from '../users/admin.js';
import { createRoleAssignments } from '../users/role-assignments.js';

/**
 * The services behind Graph's roles, groups and logs (issue 15), wired here so services.ts gains one
 * line: role assignments for users and apps, the group listing, and the audit and sign-in logs.
 */
export function createGraphDirectoryServices(deps: {
  repos: Repos;
  transact: Transact;
  clock: Clock;
  userAdmin: UserAdminService;
  stepUp: { demand: (principal: Principal) => Promise<void> };
}) {
  return {
    roleAssignments: createRoleAssignments(deps),
    graphGroups: createGraphGroups(deps),
    graphLogs: createGraphLogs(deps),
  };
}
