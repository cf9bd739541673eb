import { iso, type Clock } from '../../core/clock.js';
import { AppError } from '../../core/errors.js';
import type { Principal, RequestContext, User } from '../../core/identity.js';
import type { Repos, Transact } from '../../db/repos.js';
import type { Locale } from '../../i18n/index.js';
import type { SingleMethodKind } from '../../../shared/methods.js';
import type { RoleId } from '../../../shared/roles.js';
import { queueUserMail } from '../notifications/notifier.js';
import { securityNoticeAddresses } from '../notifications/security-notices.js';
import { actingOf, judge, type Authority } from '../roles/authority.js';
import { voidSentToOldContact } from '../users/contact-change.js';
import { graphPhoneNumber, maskedGraphPhoneNumber } from './phone-display.js';

/*
 * A user's authentication methods as another party sees and manages them (issue 15: Graph's
 * /users/{id}/authentication/*): the user themselves, an admin whose role may reset that user (the
 * reset matrix, as Entra decides who manages methods), or an app granted
 * UserAuthenticationMethod.ReadWrite.All. The authority check lives here, not in the route
 * (ARCHITECTURE: authority in the service).
 */

/** The Graph application permission that lets an app read and manage authentication methods. */
export const METHODS_APP_PERMISSION = 'UserAuthenticationMethod.ReadWrite.All';

/**
 * Roles that see phone numbers in full; every other admin (Authentication, Helpdesk, Password, User
 * Administrator) sees them masked, as Graph masks them for Authentication Administrators (checklist
 * P-data minimisation: a reset admin needs to recognise a number, not to call it).
 */
const fullNumberRoles: readonly RoleId[] = ['global-administrator', 'privileged-authentication-administrator'];

/** A registered method as shown: never a TOTP secret; phone numbers in Graph's format, masked where the caller may not see them. */
export interface MethodView {
  id: string;
  kind: SingleMethodKind;
  /** The email address or the formatted phone number; null for the authenticator app. */
  value: string | null;
  createdAt: Date;
}

export interface MethodsOfUser {
  user: User;
  methods: MethodView[];
  passkeys: { id: string; name: string; aaguid: string; createdAt: Date }[];
  /** Whether phone numbers were shown in full. */
  fullNumbers: boolean;
}

export interface AdminMethodsDeps {
  repos: Repos;
  transact: Transact;
  clock: Clock;
  authority: Pick<Authority, 'loadTarget' | 'assertMayActOn'>;
  /** Fresh proof before a delegated caller removes a method (issue 17 step-up; checklist SE5). */
  stepUp: { demand: (principal: Principal) => Promise<void> };
  defaultLocale: () => Promise<Locale>;
  mailQueued: () => void;
}

const isSelf = (actor: Principal, target: { id: string }) => actor.via?.kind !== 'application' && actor.user.id === target.id;

/** An app acts on methods only with the methods permission (a password-profile app may reset, not read factors). */
function appMayManageMethods(actor: Principal): boolean {
  return actor.via?.kind !== 'application' || actor.via.scopes.includes(METHODS_APP_PERMISSION);
}

/** Reading and removing a user's methods with authority (each member names its errors). */
export function createAdminMethodsService(deps: AdminMethodsDeps) {
  const { repos, transact, clock } = deps;

  /**
   * The target when the actor may manage its methods: itself, or by the reset matrix (checklist A1).
   * @throws AppError auth.forbidden, users.not_found, users.reset_not_permitted
   */
  async function authorise(actor: Principal, targetId: string, write?: RequestContext): Promise<User> {
    if (actor.via?.kind !== 'application' && actor.user.id === targetId) {
      const self = await repos.users.findById(targetId);
      if (!self) throw new AppError('auth.unauthenticated');
      return self;
    }
    // The permission first: without it, not even whether the target exists is revealed.
    if (!appMayManageMethods(actor) || !actor.permissions.includes('users:reset-password')) throw new AppError('auth.forbidden');
    // A write refused by the matrix is audited (ASVS 16.3.2); a read is not.
    if (write) return deps.authority.assertMayActOn(actor, targetId, 'reset-password', { action: 'security_info.method_removed', ctx: write });
    const target = await deps.authority.loadTarget(targetId);
    if (!target) throw new AppError('users.not_found');
    const refusal = judge(actingOf(actor), target, 'reset-password');
    if (refusal) throw new AppError(refusal);
    const { inRoleAssignableGroup: _grouped, roles: _roles, ...user } = target;
    return user;
  }

  return {
    /**
     * The target's registered methods and passkeys, phone numbers masked unless the caller is the
     * user, an app, or a Global or Privileged Authentication Administrator.
     * @throws AppError auth.forbidden, users.not_found, users.reset_not_permitted
     */
    async list(actor: Principal, targetId: string): Promise<MethodsOfUser> {
      const user = await authorise(actor, targetId);
      const fullNumbers = isSelf(actor, user) || actor.via?.kind === 'application' || actor.roles.some((r) => fullNumberRoles.includes(r));
      const [stored, passkeys] = await Promise.all([repos.securityInfo.methods(user.id), repos.passkeys.list(user.id)]);
      const methods: MethodView[] = [];
      for (const m of stored) {
        if (m.kind === 'securityQuestions' || m.kind === 'passkey') continue;
        const phone = m.kind === 'mobilePhone' || m.kind === 'officePhone';
        // The authenticator app's value is its sealed secret: it never leaves the service (Graph: secretKey is always null).
        const value = m.kind === 'authenticatorApp' ? null : phone ? (fullNumbers ? graphPhoneNumber(m.value) : maskedGraphPhoneNumber(m.value)) : m.value;
        methods.push({ id: m.id, kind: m.kind, value, createdAt: m.createdAt });
      }
      return { user, methods, passkeys: passkeys.map((p) => ({ id: p.id, name: p.name, aaguid: p.aaguid, createdAt: p.createdAt })), fullNumbers };
    },

    /**
     * Removes one of the target's methods (email, phone, authenticator app), with the audit event
     * (actor: the caller), the codes and links sent to a removed address voided (R8b) and a notice to
     * the user (N4), in one transaction. A delegated caller needs fresh proof (step-up).
     * @throws AppError auth.forbidden, users.not_found, users.reset_not_permitted, auth.step_up_required, security_info.method_not_found
     */
    async remove(actor: Principal, targetId: string, which: { kind: Exclude<SingleMethodKind, 'authenticatorApp'> } | { id: string }, ctx: RequestContext) {
      const user = await authorise(actor, targetId, ctx);
      // Removing a factor is sensitive: a person at a keyboard proves themselves again; an app has no one to ask (SE5).
      if (actor.via?.kind !== 'application') await deps.stepUp.demand(actor);
      const defaultLocale = await deps.defaultLocale();
      const now = clock.now();
      await transact(async (tx) => {
        const match = (await tx.securityInfo.methods(user.id)).find((m) =>
          'kind' in which ? m.kind === which.kind : m.id === which.id && m.kind === 'authenticatorApp',
        );
        const removed = match && (await tx.securityInfo.removeMethod(user.id, match.id));
        if (!removed) throw new AppError('security_info.method_not_found');
        const voided: Record<string, number> = removed.kind === 'authenticatorApp' ? {} : { linksRevoked: await voidSentToOldContact(tx, user.id, now) };
        await tx.audit.append(
          {
            action: 'security_info.method_removed',
            outcome: 'success',
            actorId: actor.user.id,
            actorName: actor.user.userPrincipalName,
            targetId: user.id,
            targetName: user.userPrincipalName,
            ...ctx,
            details: { method: removed.kind, ...voided, ...(actor.via ? { appId: actor.via.clientId } : {}) },
          },
          now,
        );
        const addresses = await securityNoticeAddresses(tx, user, removed.kind === 'email' ? [removed.value] : []);
        const payload = { change: 'removed', method: removed.kind, occurredAt: iso(now), ipAddress: ctx.ipAddress, userAgent: ctx.userAgent };
        await queueUserMail(tx, user, 'security-info-changed', payload, { at: now, defaultLocale, addresses });
      });
      deps.mailQueued();
    },
  };
}

export type AdminMethodsService = ReturnType<typeof createAdminMethodsService>;
