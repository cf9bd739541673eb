import type { Clock } from '../../core/clock.js';
import { parties } from '../audit/store.js';
import { AppError } from '../../core/errors.js';
import type { Repos, Transact } from '../../db/repos.js';
import type { Principal, RequestContext } from '../../core/identity.js';
import type { RoleId } from '../../../shared/roles.js';
import { can, type Authority } from '../roles/authority.js';
import type { UserFields } from './model.js';
import type { UserWithRoles } from '../../core/identity.js';
import { claimIdentifiers, validateFields } from './service.js';
import { domainOf } from './validation.js';
import type { Locale } from '../../i18n/index.js';
import { CONTACT_FIELD_NAMES } from '../notifications/templates.js';
import { notifyContactChange, voidSentToOldContact } from './contact-change.js';
import { DIRECTORY_OWNED_FIELDS } from '../../../shared/directory.js';

/**
 * The properties only Entra's sensitive-actions matrix may change (reference §6): those a reset or
 * a notice could be redirected through, plus `mail` (a sign-in and reset-portal alias, and where
 * notices go) and `passwordPolicies` (turns off expiry and strong-password rules). Issue 12, finding 6.
 */
export const SENSITIVE_FIELDS = ['accountEnabled', 'businessPhones', 'mail', 'mobilePhone', 'otherMails', 'passwordPolicies', 'userPrincipalName'] as const;

/** The properties a set-password link, a reset notice or a reset code could be sent or signed in through. */
const ADDRESS_FIELDS = ['mail', 'otherMails', 'mobilePhone', 'businessPhones', 'userPrincipalName'] as const;

export type UserPatch = Partial<Omit<UserFields, 'disablePasswordExpiration' | 'disableStrongPassword'>> & { passwordPolicies?: string | null };

/** A change to a user's authority, addresses or state that other features react to in the same transaction. */
export interface UserChange {
  kind: 'role-assigned' | 'role-removed' | 'addresses-changed' | 'disabled';
  user: { id: string; userPrincipalName: string };
  role?: RoleId;
  actor: { id: string | null; name: string };
  ctx: RequestContext;
  at: Date;
}

/** Work another feature does in the change's transaction (end links, cancel bulk jobs); wired in services.ts. */
export type UserChangeHook = (tx: Repos, change: UserChange) => Promise<void>;

/**
 * Editing and deleting users in the admin centre. Sensitive properties (the ones a password reset
 * could be redirected through) and deletion follow Entra's sensitive-actions matrix.
 */
export function createUserAdminService(deps: {
  repos: Repos;
  transact: Transact;
  clock: Clock;
  authority: Authority;
  onUserChange?: readonly UserChangeHook[];
  /** The organisation's language, for the contact-change notice to a user without one (N4). */
  defaultLocale?: () => Promise<Locale>;
  /** Fresh proof before a role assignment or removal (issue 17 step-up). */
  stepUp: { demand: (principal: Principal) => Promise<void> };
}) {
  const { repos, transact, clock, authority } = deps;
  const hooks = deps.onUserChange ?? [];
  const changed = async (tx: Repos, change: Omit<UserChange, 'actor'>, actor: Principal) => {
    for (const hook of hooks) await hook(tx, { ...change, actor: { id: actor.user.id, name: actor.user.userPrincipalName } });
  };

  async function wouldRemoveLastGlobalAdmin(user: UserWithRoles): Promise<boolean> {
    return user.roles.includes('global-administrator') && user.accountEnabled && (await repos.users.countWithRole('global-administrator', true)) <= 1;
  }

  return {
    /**
     * Changing an address or disabling the account ends the user's open set-password links.
     * @throws AppError auth.forbidden, users.not_found, users.reset_not_permitted, request.validation_failed,
     *   users.invalid_domain, users.upn_taken, users.mail_taken, users.last_global_admin, directory.field_managed
     */
    async update(actor: Principal, id: string, patch: UserPatch, ctx: RequestContext): Promise<void> {
      const sensitive = SENSITIVE_FIELDS.some((f) => patch[f] !== undefined);
      const user = await authority.assertMayActOn(actor, id, sensitive ? 'update-sensitive' : 'update-user', { action: 'user.updated', ctx });
      // The directory owns these for its users: a change here would be undone by the next sync (issue 14).
      const managed = user.onPremises
        ? DIRECTORY_OWNED_FIELDS.filter((f) => patch[f] !== undefined && JSON.stringify(patch[f]) !== JSON.stringify(user[f] ?? null))
        : [];
      if (managed.length) throw new AppError('directory.field_managed', { issues: managed.map((f) => ({ path: f, code: 'directory.field_managed' })) });
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
      const addressesChanged = ADDRESS_FIELDS.filter((f) => patch[f] !== undefined && JSON.stringify(patch[f] ?? null) !== JSON.stringify(user[f] ?? null));
      const contactChanged = CONTACT_FIELD_NAMES.filter((f) => (addressesChanged as readonly string[]).includes(f));
      // Read before the transaction: SQLite has one connection, which the transaction holds.
      const defaultLocale: Locale = contactChanged.length && deps.defaultLocale ? await deps.defaultLocale() : 'en';
      await transact(async (tx) => {
        // Sign-in names stay unique across UPNs and mail (I6), decided inside the transaction.
        const clash = await claimIdentifiers(
          tx,
          {
            upn: addressesChanged.includes('userPrincipalName') ? patch.userPrincipalName : undefined,
            mail: addressesChanged.includes('mail') ? patch.mail : undefined,
          },
          id,
        );
        if (clash) throw new AppError(clash);
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
        const subject = { user: { id, userPrincipalName: user.userPrincipalName }, ctx, at: now };
        if (addressesChanged.length) await changed(tx, { kind: 'addresses-changed', ...subject }, actor);
        // Codes and links sent to the old addresses stop working (R8b); the old and new addresses hear of it (N4).
        if (addressesChanged.length) await voidSentToOldContact(tx, id, now);
        await notifyContactChange(
          tx,
          user,
          { mail: merged.mail ?? null, otherMails: merged.otherMails ?? [], mobilePhone: merged.mobilePhone ?? null },
          contactChanged,
          ctx,
          now,
          defaultLocale,
        );
        if (patch.accountEnabled === false && user.accountEnabled) await changed(tx, { kind: 'disabled', ...subject }, actor);
        await tx.audit.append(
          {
            action: 'user.updated',
            outcome: 'success',
            ...parties(actor.user, { id: id, userPrincipalName: user.userPrincipalName }),
            ...ctx,
            details: { fields: Object.keys(patch).join(' ') },
          },
          now,
        );
      });
    },

    /** @throws AppError auth.forbidden, users.not_found, users.reset_not_permitted, users.cannot_reset_self, users.last_global_admin, directory.field_managed */
    async delete(actor: Principal, id: string, ctx: RequestContext): Promise<void> {
      if (id === actor.user.id) throw new AppError('users.cannot_reset_self');
      const user = await authority.assertMayActOn(actor, id, 'update-sensitive', { action: 'user.deleted', ctx });
      // A directory user would come back at the next sync: delete (or disable) them in the directory (issue 14).
      if (user.onPremises) throw new AppError('directory.field_managed', { issues: [{ path: 'id', code: 'directory.field_managed' }] });
      if (await wouldRemoveLastGlobalAdmin(user)) throw new AppError('users.last_global_admin');
      const now = clock.now();
      await transact(async (tx) => {
        await tx.users.delete(id);
        await tx.audit.append(
          {
            action: 'user.deleted',
            outcome: 'success',
            ...parties(actor.user, { id: id, userPrincipalName: user.userPrincipalName }),
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
      await deps.stepUp.demand(actor);
      const user = await repos.users.findById(userId);
      if (!user) throw new AppError('users.not_found');
      const now = clock.now();
      await transact(async (tx) => {
        if (!(await tx.users.assignRole(userId, role, now))) return;
        // Links sent under the old roles end: the new role may be beyond their sender (finding 4).
        await changed(tx, { kind: 'role-assigned', user: { id: userId, userPrincipalName: user.userPrincipalName }, role, ctx, at: now }, actor);
        await tx.audit.append(
          {
            action: 'role.assigned',
            outcome: 'success',
            ...parties(actor.user, { id: userId, userPrincipalName: user.userPrincipalName }),
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
      await deps.stepUp.demand(actor);
      const user = await repos.users.findById(userId);
      const roles = user ? ((await repos.users.rolesOf([userId])).get(userId) ?? []) : [];
      if (!user || !roles.includes(role)) throw new AppError('roles.assignment_not_found');
      if (role === 'global-administrator' && (await wouldRemoveLastGlobalAdmin({ ...user, roles }))) throw new AppError('users.last_global_admin');
      const now = clock.now();
      await transact(async (tx) => {
        await tx.users.removeRole(userId, role);
        // Their open links end and their running bulk jobs are cancelled (findings 4 and 5).
        await changed(tx, { kind: 'role-removed', user: { id: userId, userPrincipalName: user.userPrincipalName }, role, ctx, at: now }, actor);
        await tx.audit.append(
          {
            action: 'role.removed',
            outcome: 'success',
            ...parties(actor.user, { id: userId, userPrincipalName: user.userPrincipalName }),
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
