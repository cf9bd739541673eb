import type { Clock } from '../../core/clock.js';
import { AppError } from '../../core/errors.js';
import type { Repos, Transact } from '../../db/repos.js';
import type { Principal, RequestContext } from '../../core/identity.js';
import type { RoleId } from '../../../shared/roles.js';
import { can, type Authority } from '../roles/authority.js';
import type { UserFields } from './model.js';
import type { UserWithRoles } from '../../core/identity.js';
import { validateFields } from './service.js';
import { domainOf } from './validation.js';

const SENSITIVE_FIELDS = ['accountEnabled', 'businessPhones', 'mobilePhone', 'otherMails', 'userPrincipalName'] as const;

export type UserPatch = Partial<Omit<UserFields, 'disablePasswordExpiration' | 'disableStrongPassword'>> & { passwordPolicies?: string | null };

/**
 * Editing and deleting users in the admin centre. Sensitive properties (the ones a password reset
 * could be redirected through) and deletion follow Entra's sensitive-actions matrix.
 */
export function createUserAdminService(deps: { repos: Repos; transact: Transact; clock: Clock; authority: Authority }) {
  const { repos, transact, clock, authority } = deps;

  async function wouldRemoveLastGlobalAdmin(user: UserWithRoles): Promise<boolean> {
    return user.roles.includes('global-administrator') && user.accountEnabled && (await repos.users.countWithRole('global-administrator', true)) <= 1;
  }

  return {
    /**
     * @throws AppError auth.forbidden, users.not_found, users.reset_not_permitted, request.validation_failed,
     *   users.invalid_domain, users.upn_taken, users.last_global_admin
     */
    async update(actor: Principal, id: string, patch: UserPatch, ctx: RequestContext): Promise<void> {
      const sensitive = SENSITIVE_FIELDS.some((f) => patch[f] !== undefined);
      const user = await authority.assertMayActOn(actor, id, sensitive ? 'update-sensitive' : 'update-user', { action: 'user.updated', ctx });
      const merged: UserFields = { ...user, ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) };
      const issues = validateFields(merged);
      if (issues.length) throw new AppError('request.validation_failed', { issues });
      if (patch.userPrincipalName !== undefined) {
        const org = await repos.organization.get();
        const domain = domainOf(patch.userPrincipalName);
        if (org && !org.domains.some((d) => d.name === domain)) throw new AppError('users.invalid_domain', { params: { domain } });
      }
      if (patch.accountEnabled === false && (await wouldRemoveLastGlobalAdmin(user))) throw new AppError('users.last_global_admin');
      const now = clock.now();
      const { passwordPolicies, ...fields } = patch;
      await transact(async (tx) => {
        if ((await tx.users.update(id, fields, now)) === 'upn_taken') throw new AppError('users.upn_taken');
        if (passwordPolicies !== undefined) {
          const flags = (passwordPolicies ?? '').split(',').map((f) => f.trim());
          await tx.users.setFlags(
            id,
            { disablePasswordExpiration: flags.includes('DisablePasswordExpiration'), disableStrongPassword: flags.includes('DisableStrongPassword') },
            now,
          );
        }
        // A disabled account is signed out at once.
        if (patch.accountEnabled === false) await tx.sessions.revokeAllForUser(id, now);
        await tx.audit.append(
          {
            action: 'user.updated',
            outcome: 'success',
            actorId: actor.user.id,
            actorName: actor.user.userPrincipalName,
            targetId: id,
            targetName: user.userPrincipalName,
            ...ctx,
            details: { fields: Object.keys(patch).join(' ') },
          },
          now,
        );
      });
    },

    /** @throws AppError auth.forbidden, users.not_found, users.reset_not_permitted, users.cannot_reset_self, users.last_global_admin */
    async delete(actor: Principal, id: string, ctx: RequestContext): Promise<void> {
      if (id === actor.user.id) throw new AppError('users.cannot_reset_self');
      const user = await authority.assertMayActOn(actor, id, 'update-sensitive', { action: 'user.deleted', ctx });
      if (await wouldRemoveLastGlobalAdmin(user)) throw new AppError('users.last_global_admin');
      const now = clock.now();
      await transact(async (tx) => {
        await tx.users.delete(id);
        await tx.audit.append(
          {
            action: 'user.deleted',
            outcome: 'success',
            actorId: actor.user.id,
            actorName: actor.user.userPrincipalName,
            targetId: id,
            targetName: user.userPrincipalName,
            ...ctx,
          },
          now,
        );
      });
    },

    /**
     * Assigns an admin role; only Privileged Role Administrators and Global Administrators may.
     * @throws AppError roles.assignment_not_permitted, users.not_found
     */
    async assignRole(actor: Principal, userId: string, role: RoleId, ctx: RequestContext): Promise<void> {
      if (!can(actor, 'roles:manage')) throw new AppError('roles.assignment_not_permitted');
      const user = await repos.users.findById(userId);
      if (!user) throw new AppError('users.not_found');
      const now = clock.now();
      await transact(async (tx) => {
        if (!(await tx.users.assignRole(userId, role, now))) return;
        await tx.audit.append(
          {
            action: 'role.assigned',
            outcome: 'success',
            actorId: actor.user.id,
            actorName: actor.user.userPrincipalName,
            targetId: userId,
            targetName: user.userPrincipalName,
            ...ctx,
            details: { role },
          },
          now,
        );
      });
    },

    /** @throws AppError roles.assignment_not_permitted, roles.assignment_not_found, users.last_global_admin */
    async removeRole(actor: Principal, userId: string, role: RoleId, ctx: RequestContext): Promise<void> {
      if (!can(actor, 'roles:manage')) throw new AppError('roles.assignment_not_permitted');
      const user = await repos.users.findById(userId);
      const roles = user ? ((await repos.users.rolesOf([userId])).get(userId) ?? []) : [];
      if (!user || !roles.includes(role)) throw new AppError('roles.assignment_not_found');
      if (role === 'global-administrator' && (await wouldRemoveLastGlobalAdmin({ ...user, roles }))) throw new AppError('users.last_global_admin');
      const now = clock.now();
      await transact(async (tx) => {
        await tx.users.removeRole(userId, role);
        await tx.audit.append(
          {
            action: 'role.removed',
            outcome: 'success',
            actorId: actor.user.id,
            actorName: actor.user.userPrincipalName,
            targetId: userId,
            targetName: user.userPrincipalName,
            ...ctx,
            details: { role },
          },
          now,
        );
      });
    },
  };
}

export type UserAdminService = ReturnType<typeof createUserAdminService>;
