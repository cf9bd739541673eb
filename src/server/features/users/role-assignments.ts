import type { Clock } from '../../core/clock.js';
import { AppError } from '../../core/errors.js';
import type { Principal, RequestContext } from '../../core/identity.js';
import type { Repos, Transact } from '../../db/repos.js';
import { actorFields, can, demand } from '../roles/authority.js';
import type { UserAdminService } from './admin.js';
import { roleIds, type RoleId } from '../../../shared/roles.js';

/*
 * Directory role assignments whose principal is a user OR an app (issue 15: Graph's
 * roleManagement/directory/roleAssignments and directoryRoles/{id}/members). A user's roles go
 * through the user admin service (its audit, step-up, link and job hooks, and the last Global
 * Administrator rule are not repeated here); an app's one role lives on the app registration
 * (oauth_app.directory_role) and is written here with the same authority, step-up and audit.
 */

/** Who holds a role. */
export type RoleHolder =
  | { kind: 'user'; id: string; displayName: string; userPrincipalName: string; accountEnabled: boolean }
  | { kind: 'app'; id: string; displayName: string; clientId: string };

export interface RoleAssignment {
  role: RoleId;
  principal: RoleHolder;
}

/** Users read per page when listing a role's holders; a role is expected to have few. */
const PAGE = 500;
/** An upper bound on a role's user holders read for one answer (bounded work; checklist L4). */
const MAX_HOLDERS = 20_000;

type RegisteredApp = NonNullable<Awaited<ReturnType<Repos['apps']['findById']>>>;

const appHolder = (app: RegisteredApp): RoleHolder => ({ kind: 'app', id: app.id, displayName: app.displayName, clientId: app.clientId });

export function createRoleAssignments(deps: {
  repos: Repos;
  transact: Transact;
  clock: Clock;
  userAdmin: UserAdminService;
  /** Fresh proof before a role change (issue 17), as for users. */
  stepUp: { demand: (principal: Principal) => Promise<void> };
}) {
  const { repos, transact, clock, userAdmin, stepUp } = deps;

  /** The users holding a role, by display name. */
  async function usersWithRole(role: RoleId): Promise<RoleHolder[]> {
    const holders: RoleHolder[] = [];
    let cursor: string | undefined;
    do {
      const page = await repos.users.list({ role, limit: PAGE, cursor });
      for (const u of page.items)
        holders.push({ kind: 'user', id: u.id, displayName: u.displayName, userPrincipalName: u.userPrincipalName, accountEnabled: u.accountEnabled });
      cursor = page.nextCursor ?? undefined;
    } while (cursor && holders.length < MAX_HOLDERS);
    return holders;
  }

  /** A principal by object id: a user first, else an app. */
  async function principalOf(id: string): Promise<{ holder: RoleHolder; roles: RoleId[] } | undefined> {
    const user = await repos.users.findById(id);
    if (user) {
      const roles = (await repos.users.rolesOf([id])).get(id) ?? [];
      const holder: RoleHolder = {
        kind: 'user',
        id,
        displayName: user.displayName,
        userPrincipalName: user.userPrincipalName,
        accountEnabled: user.accountEnabled,
      };
      return { holder, roles };
    }
    const app = await repos.apps.findById(id);
    return app ? { holder: appHolder(app), roles: app.directoryRole ? [app.directoryRole] : [] } : undefined;
  }

  const service = {
    /**
     * The built-in roles (Graph's templates and definitions): readable by anyone who may read the directory.
     * @throws AppError auth.forbidden without `users:read`
     */
    catalogue(actor: Principal): readonly RoleId[] {
      demand(actor, 'users:read');
      return roleIds;
    },

    /**
     * The assignments, optionally of one principal and/or one role, in role catalogue order.
     * @throws AppError auth.forbidden without `users:read`
     */
    async list(actor: Principal, filter: { principalId?: string | undefined; role?: RoleId | undefined } = {}): Promise<RoleAssignment[]> {
      demand(actor, 'users:read');
      if (filter.principalId !== undefined) {
        const found = await principalOf(filter.principalId);
        if (!found) return [];
        return found.roles.filter((r) => !filter.role || r === filter.role).map((role) => ({ role, principal: found.holder }));
      }
      const apps = await repos.apps.list();
      const out: RoleAssignment[] = [];
      for (const role of filter.role ? [filter.role] : roleIds) {
        for (const principal of await usersWithRole(role)) out.push({ role, principal });
        for (const app of apps) if (app.directoryRole === role) out.push({ role, principal: appHolder(app) });
      }
      return out;
    },

    /**
     * The holders of a role (users and apps).
     * @throws AppError auth.forbidden without `users:read`
     */
    async members(actor: Principal, role: RoleId): Promise<RoleHolder[]> {
      return (await service.list(actor, { role })).map((a) => a.principal);
    },

    /**
     * The roles that have at least one holder (Graph's activated directoryRoles).
     * @throws AppError auth.forbidden without `users:read`
     */
    async activeRoles(actor: Principal): Promise<RoleId[]> {
      demand(actor, 'users:read');
      const apps = await repos.apps.list();
      const active: RoleId[] = [];
      for (const role of roleIds) {
        if (apps.some((a) => a.directoryRole === role) || (await repos.users.countWithRole(role, false)) > 0) active.push(role);
      }
      return active;
    },

    /**
     * Gives a user or an app a directory role (idempotent for one already held).
     * @throws AppError roles.assignment_not_permitted, roles.principal_not_found, roles.app_role_taken, auth.step_up_required
     */
    async assign(actor: Principal, principalId: string, role: RoleId, ctx: RequestContext): Promise<RoleAssignment> {
      // The permission first: without it, not even whether the principal exists is revealed.
      if (!can(actor, 'roles:manage')) throw new AppError('roles.assignment_not_permitted');
      const found = await principalOf(principalId);
      if (!found) throw new AppError('roles.principal_not_found');
      if (found.holder.kind === 'user') {
        await userAdmin.assignRole(actor, principalId, role, ctx);
        return { role, principal: found.holder };
      }
      if (found.roles.includes(role)) return { role, principal: found.holder };
      // An app holds at most one directory role (oauth_app.directory_role): a second one is refused, not swapped silently.
      if (found.roles.length) throw new AppError('roles.app_role_taken');
      await stepUp.demand(actor);
      await setAppRole(actor, found.holder, role, ctx);
      return { role, principal: found.holder };
    },

    /**
     * Takes a directory role from a user or an app.
     * @throws AppError roles.assignment_not_permitted, roles.assignment_not_found, users.last_global_admin, auth.step_up_required
     */
    async remove(actor: Principal, principalId: string, role: RoleId, ctx: RequestContext): Promise<void> {
      if (!can(actor, 'roles:manage')) throw new AppError('roles.assignment_not_permitted');
      const found = await principalOf(principalId);
      if (!found || !found.roles.includes(role)) throw new AppError('roles.assignment_not_found');
      if (found.holder.kind === 'user') return userAdmin.removeRole(actor, principalId, role, ctx);
      await stepUp.demand(actor);
      await setAppRole(actor, found.holder, null, ctx, role);
    },
  };

  /** Writes an app's role with its audit event in one transaction (ARCHITECTURE: every change audited with it). */
  async function setAppRole(actor: Principal, app: RoleHolder, role: RoleId | null, ctx: RequestContext, previous?: RoleId): Promise<void> {
    const now = clock.now();
    await transact(async (tx) => {
      if (!(await tx.apps.update(app.id, { directoryRole: role }, now))) throw new AppError('roles.principal_not_found');
      await tx.audit.append(
        {
          action: role ? 'app.role_assigned' : 'app.role_removed',
          outcome: 'success',
          ...actorFields({ kind: 'user', principal: actor }),
          targetId: app.id,
          targetName: app.displayName,
          ...ctx,
          details: { role: role ?? previous ?? null },
        },
        now,
      );
    });
  }

  return service;
}

export type RoleAssignments = ReturnType<typeof createRoleAssignments>;
