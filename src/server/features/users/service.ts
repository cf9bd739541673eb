import type { Clock } from '../../core/clock.js';
import { newId } from '../../core/crypto.js';
import { AppError, type Issue } from '../../core/errors.js';
import type { Repos, Transact } from '../../db/repos.js';
import type { Actor, Principal, RequestContext, UserWithRoles } from '../../core/identity.js';
import { actorFields, demand } from '../roles/authority.js';
import type { PasswordHasher } from '../passwords/hasher.js';
import type { PasswordPolicy } from '../policy/engine.js';
import { generatePassword } from '../passwords/generate.js';
import type { RoleId } from '../../../shared/roles.js';
import { identifierKey, type UserFields } from './model.js';
import type { ListUsersQuery } from './store.js';
import { domainOf, isValidEmail, isValidPhone, isValidUpn } from './validation.js';
import { graphUserQueries } from './graph-query.js';

export interface UsersServiceDeps {
  repos: Repos;
  transact: Transact;
  hasher: PasswordHasher;
  clock: Clock;
  policy: PasswordPolicy;
}

export interface CreateUserInput extends UserFields {
  password?: string | null;
  forceChangePassword?: boolean;
  /** Graph's forceChangePasswordNextSignInWithMfa: sign-in MFA before the first change (implies forceChangePassword). */
  forceChangePasswordWithMfa?: boolean;
  roles?: RoleId[];
}

export function createUsersService(deps: UsersServiceDeps) {
  const { repos, transact, hasher, clock, policy } = deps;

  /** Adds roles and the smart-lockout state, two queries for the whole page. */
  async function withRoles<T extends { id: string }>(users: T[]): Promise<(T & { roles: RoleId[]; locked: boolean })[]> {
    const ids = users.map((u) => u.id);
    const [roles, locked] = await Promise.all([repos.users.rolesOf(ids), repos.lockout.lockedAmong(ids, clock.now())]);
    return users.map((u) => ({ ...u, roles: roles.get(u.id) ?? [], locked: locked.has(u.id) }));
  }

  /** @throws AppError auth.forbidden, users.not_found */
  async function get(actor: Actor, id: string): Promise<UserWithRoles> {
    demand(actor, 'users:read');
    const user = await repos.users.findById(id);
    if (!user) throw new AppError('users.not_found');
    const [withRole] = await withRoles([user]);
    return withRole!;
  }

  return {
    get,
    ...graphUserQueries({ repos }), // Microsoft Graph's /users reads (issue 15)

    /**
     * Lists users, sorted by display name, with keyset paging.
     * @throws AppError auth.forbidden
     */
    async list(actor: Actor, query: ListUsersQuery): Promise<{ items: UserWithRoles[]; nextCursor: string | null }> {
      demand(actor, 'users:read');
      // The page carries each user's roles and lock at `now` (one statement; issue 16).
      return repos.users.list({ ...query, now: clock.now() });
    },

    /**
     * Creates a user with the directory fields, an optional password and roles, and audits it.
     * A password goes through the one password policy, like every other path (checklist P10).
     * @throws AppError auth.forbidden, request.validation_failed, users.invalid_domain, users.upn_taken, users.mail_taken, password.rejected
     */
    async create(actor: Actor, input: CreateUserInput, ctx: RequestContext): Promise<UserWithRoles> {
      demand(actor, 'users:manage');
      const issues = validateFields(input);
      if (issues.length) throw new AppError('request.validation_failed', { issues });
      const password = input.password == null ? null : await policy.enforce(input.password, input, 'create');
      const org = await repos.organization.get();
      const domain = domainOf(input.userPrincipalName);
      if (org && !org.domains.some((d) => d.name === domain)) throw new AppError('users.invalid_domain', { params: { domain } });

      const now = clock.now();
      const id = newId();
      const passwordHash = password === null ? null : await hasher.hash(password);
      const outcome = await transact(async (tx) => {
        const clash = await claimIdentifiers(tx, { upn: input.userPrincipalName, mail: input.mail }, null);
        if (clash) return clash;
        const forceChangePassword = (input.forceChangePassword ?? false) || input.forceChangePasswordWithMfa === true;
        const result = await tx.users.insert({ ...input, id, passwordHash, forceChangePassword, now });
        if (result === 'created' && input.forceChangePasswordWithMfa) await tx.mfa.setForceMfaBeforeChange(id, true);
        if (result === 'created') {
          await tx.audit.append(
            {
              action: 'user.created',
              outcome: 'success',
              ...actorFields(actor),
              targetId: id,
              targetName: input.userPrincipalName,
              ...ctx,
              details: { roles: (input.roles ?? []).join(' ') },
            },
            now,
          );
        }
        return result;
      });
      if (outcome === 'upn_taken') throw new AppError('users.upn_taken');
      if (outcome !== 'created') throw new AppError(outcome);
      return get({ kind: 'system', name: 'users.create' }, id);
    },

    /**
     * Creates a user with a generated temporary password that the policy accepts, returned once.
     * @throws as create
     */
    async createWithGeneratedPassword(
      actor: Actor,
      input: Omit<CreateUserInput, 'password'>,
      ctx: RequestContext,
    ): Promise<{ user: UserWithRoles; password: string }> {
      for (let attempt = 0; attempt < 20; attempt++) {
        const candidate = generatePassword(16);
        if (!(await policy.evaluate(candidate, input, 'preview')).accepted) continue;
        return { user: await this.create(actor, { ...input, password: candidate }, ctx), password: candidate };
      }
      throw new Error('could not generate a password the policy accepts');
    },

    /** @throws AppError request.validation_failed */
    async setPreferredLanguage(principal: Principal, language: 'en' | 'nl'): Promise<void> {
      await repos.users.setPreferredLanguage(principal.user.id, language, clock.now());
    },
  };
}

export type UsersService = ReturnType<typeof createUsersService>;

/**
 * Claims the sign-in names a user is about to get, inside the transaction that writes them:
 * a user principal name or `mail` must not be anyone else's user principal name or `mail`
 * (both are sign-in and reset-portal names; checklist I6, issue 12 finding 6). Race-safe: see
 * `UserStore.claimIdentifierKeys`.
 * @returns the refusal's code, or null when both are free
 */
export async function claimIdentifiers(
  tx: Repos,
  wanted: { upn?: string | undefined; mail?: string | null | undefined },
  exceptId: string | null,
): Promise<'users.upn_taken' | 'users.mail_taken' | null> {
  const upn = wanted.upn ? identifierKey(wanted.upn) : null;
  const mail = wanted.mail ? identifierKey(wanted.mail) : null;
  const held = await tx.users.claimIdentifierKeys(
    [upn, mail].filter((k): k is string => k !== null),
    exceptId,
  );
  if (upn && held.has(upn)) return 'users.upn_taken';
  if (mail && held.has(mail)) return 'users.mail_taken';
  return null;
}

/** Checks the directory fields, returning every problem at once. */
export function validateFields(input: UserFields): Issue[] {
  const issues: Issue[] = [];
  if (!isValidUpn(input.userPrincipalName)) issues.push({ path: 'userPrincipalName', code: 'field.invalid_upn' });
  if (!input.displayName.trim() || input.displayName.length > 256)
    issues.push({ path: 'displayName', code: input.displayName.trim() ? 'field.too_long' : 'field.required', params: { maximum: 256 } });
  if (input.mail && !isValidEmail(input.mail)) issues.push({ path: 'mail', code: 'field.invalid_email' });
  (input.otherMails ?? []).forEach((m, i) => !isValidEmail(m) && issues.push({ path: `otherMails.${i}`, code: 'field.invalid_email' }));
  if (input.mobilePhone && !isValidPhone(input.mobilePhone)) issues.push({ path: 'mobilePhone', code: 'field.invalid_phone' });
  (input.businessPhones ?? []).forEach((p, i) => !isValidPhone(p) && issues.push({ path: `businessPhones.${i}`, code: 'field.invalid_phone' }));
  if (input.preferredLanguage && !['en', 'nl'].includes(input.preferredLanguage))
    issues.push({ path: 'preferredLanguage', code: 'field.invalid_option', params: { options: 'en, nl' } });
  return issues;
}
