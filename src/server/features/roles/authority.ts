import type { Clock } from '../../core/clock.js';
import { AppError } from '../../core/errors.js';
import type { ErrorCode } from '../../core/error-codes.js';
import type { Actor, Principal, RequestContext, UserWithRoles } from '../../core/identity.js';
import type { Repos } from '../../db/repos.js';
import { permissionsOf, type Permission, type RoleId } from '../../../shared/roles.js';
import { canResetPassword } from './reset-matrix.js';
import { jobOverseers, sensitiveActors } from './role-sets.js';
import type { AuditAction } from '../../../shared/audit.js';

/*
 * The one place that decides who may do what (ARCHITECTURE: authority in the service). Services
 * ask `can`/`demand` for a permission, and `assertMayActOn` when the action has a target user;
 * none of them reads roles by itself. Role sets that other rules depend on live here as data.
 */

/** Someone acting on a user: a signed-in principal, or a bulk job's creator as they are now. */
export interface Acting {
  id: string;
  name: string;
  roles: readonly RoleId[];
  /** An app acting as itself (issue 15): its permissions come from its granted Graph permissions, not from roles. */
  app?: true;
  permissions?: readonly Permission[];
}

/** What an action on a target needs: a permission, the role matrix (with which of the actor's roles), and whether it may be one's own account. */
interface TargetRule {
  permission: Permission;
  /** `all`: any of the actor's roles counts in the reset matrix; `sensitive`: only the sensitive actors; null: no matrix. */
  matrix: 'all' | 'sensitive' | null;
  self: boolean;
}

/** The actions that have a target user, each with its rule (reference §6; docs/roles.md). */
export const targetRules = {
  /** Reset, set-password link, unlock, require a change. */
  'reset-password': { permission: 'users:reset-password', matrix: 'all', self: false },
  /** Sign out everywhere. */
  'revoke-sessions': { permission: 'sessions:revoke', matrix: 'all', self: false },
  /** Edit ordinary directory fields. */
  'update-user': { permission: 'users:manage', matrix: null, self: true },
  /** Edit properties a reset could be redirected through (UPN, phones, alternate mail, enabled), or delete. */
  'update-sensitive': { permission: 'users:manage', matrix: 'sensitive', self: true },
} as const satisfies Record<string, TargetRule>;

export type TargetAction = keyof typeof targetRules;

/** Whether the actor holds a permission; the console operator holds them all. */
export function can(actor: Actor | Principal | Acting, permission: Permission): boolean {
  if ('kind' in actor) return actor.kind === 'system' || actor.principal.permissions.includes(permission);
  if ('permissions' in actor && actor.permissions) return actor.permissions.includes(permission);
  return permissionsOf(actor.roles).includes(permission);
}

/** @throws AppError auth.forbidden when the actor lacks the permission */
export function demand(actor: Actor | Principal, permission: Permission): void {
  if (!can(actor, permission)) throw new AppError('auth.forbidden');
}

/** The acting identity of a signed-in principal. */
export function actingOf(principal: Principal): Acting {
  const acting: Acting = { id: principal.user.id, name: principal.user.userPrincipalName, roles: principal.roles };
  if (principal.via?.kind === 'application') return { ...acting, app: true, permissions: principal.permissions };
  return acting;
}

/**
 * Whether the actor may see a bulk job's details and items: the admin who started it, or a Global
 * Administrator (jobOverseers). Anyone else is told the job does not exist (issue 12, finding 5).
 */
export function mayOverseeJob(actor: Principal, createdBy: string): boolean {
  return actor.user.id === createdBy || actor.roles.some((r) => jobOverseers.includes(r));
}

/** Audit columns for an actor (the console shows as its name, with no id). */
export function actorFields(actor: Actor): { actorId: string | null; actorName: string } {
  return actor.kind === 'user'
    ? { actorId: actor.principal.user.id, actorName: actor.principal.user.userPrincipalName }
    : { actorId: null, actorName: actor.name };
}

/**
 * Decides an action on a loaded target without side effects.
 * @returns null when allowed, else the refusal's error code
 */
export function judge(
  acting: Acting,
  target: { id: string; roles: readonly RoleId[]; inRoleAssignableGroup: boolean },
  action: TargetAction,
): ErrorCode | null {
  const rule: TargetRule = targetRules[action];
  if (!can(acting, rule.permission)) return 'auth.forbidden';
  if (!rule.self && target.id === acting.id) return 'users.cannot_reset_self';
  if (rule.matrix) {
    const roles = rule.matrix === 'sensitive' ? acting.roles.filter((r) => sensitiveActors.includes(r)) : acting.roles;
    // An app holding no directory role acts on users who hold no admin role only, as in Entra: its
    // application permission (User.ReadWrite.All, ...) covers them; an admin needs the app itself to hold a role (checklist A1).
    if (acting.app && acting.roles.length === 0) {
      if (target.roles.length > 0 || target.inRoleAssignableGroup) return 'users.reset_not_permitted';
    } else if (!canResetPassword(roles, target.roles, target.inRoleAssignableGroup)) return 'users.reset_not_permitted';
  }
  return null;
}

export function createAuthority(deps: { repos: Repos; clock: Clock }) {
  const { repos, clock } = deps;

  /**
   * A user with their roles and whether they sit in a role-assignable group (the matrix's inputs).
   * `via`: a transaction's stores, to decide on what that transaction sees.
   */
  async function loadTarget(targetId: string, via: Repos = repos): Promise<(UserWithRoles & { inRoleAssignableGroup: boolean }) | undefined> {
    const target = await via.users.findById(targetId);
    if (!target) return undefined;
    const [roles, grouped] = await Promise.all([via.users.rolesOf([target.id]), via.users.inRoleAssignableGroups([target.id])]);
    return { ...target, roles: roles.get(target.id) ?? [], inRoleAssignableGroup: grouped.has(target.id) };
  }

  /** Someone as they are NOW: null when they no longer exist or are disabled (their authority ended with it). */
  async function actingNow(userId: string | null, via: Repos = repos): Promise<Acting | null> {
    const user = userId ? await via.users.findById(userId) : undefined;
    if (!user?.accountEnabled) return null;
    return { id: user.id, name: user.userPrincipalName, roles: (await via.users.rolesOf([user.id])).get(user.id) ?? [] };
  }

  return {
    loadTarget,
    actingNow,

    /**
     * Authority at the time of use (issue 12, findings 4 and 5; checklist A1): decides again, with
     * the actor's and the target's roles as they are now, an action that was authorised earlier
     * (a set-password link being redeemed, a bulk job's next user). A deleted or disabled actor
     * has no authority left.
     * @returns null when still allowed, else the refusal (`users.not_found` for a target that is gone)
     */
    async judgeNow(actorId: string | null, targetId: string, action: TargetAction, via: Repos = repos): Promise<ErrorCode | null> {
      const acting = await actingNow(actorId, via);
      if (!acting) return 'auth.forbidden';
      const target = await loadTarget(targetId, via);
      if (!target) return 'users.not_found';
      return judge(acting, target, action);
    },

    /**
     * Loads the target and checks that the actor may do `action` to it. A refusal by the role
     * matrix is audited under `auditAction` (ASVS 16.3.2: failed authorisation is logged).
     * @throws AppError auth.forbidden, users.not_found, users.cannot_reset_self, users.reset_not_permitted
     */
    async assertMayActOn(
      actor: Principal,
      targetId: string,
      action: TargetAction,
      audit: { action: AuditAction; ctx: RequestContext },
    ): Promise<UserWithRoles> {
      const acting = actingOf(actor);
      // The permission first: without it, not even whether the target exists is revealed.
      if (!actor.permissions.includes(targetRules[action].permission)) throw new AppError('auth.forbidden');
      const target = await loadTarget(targetId);
      if (!target) throw new AppError('users.not_found');
      const refusal = judge(acting, target, action);
      if (refusal === 'users.reset_not_permitted') {
        await repos.audit.append(
          {
            action: audit.action,
            outcome: 'failure',
            actorId: acting.id,
            actorName: acting.name,
            targetId: target.id,
            targetName: target.userPrincipalName,
            ...audit.ctx,
            details: { reason: 'not_permitted' },
          },
          clock.now(),
        );
      }
      if (refusal) throw new AppError(refusal);
      const { inRoleAssignableGroup: _grouped, ...user } = target;
      return user;
    },
  };
}

export type Authority = ReturnType<typeof createAuthority>;
