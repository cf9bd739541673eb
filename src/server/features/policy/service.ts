import type { Clock } from '../../core/clock.js';
import { AppError } from '../../core/errors.js';
import type { Repos, Transact } from '../../db/repos.js';
import type { Locale } from '../../i18n/index.js';
import type { RequestContext } from '../../core/identity.js';
import type { Permission } from '../../../shared/roles.js';
import { actorFields } from '../roles/authority.js';
import { type Actor } from '../../core/identity.js';
import { validateCustomTerms } from './banned/index.js';
import type { PasswordPolicy, PolicySubject } from './engine.js';
import { compositionRules } from './rules.js';
import { SETTINGS_KEYS, type PasswordPolicySettings, type PasswordProtectionSettings } from './settings.js';
import { estimateStrength, type Strength } from './strength.js';

export interface PolicyServiceDeps {
  repos: Repos;
  transact: Transact;
  clock: Clock;
  policy: PasswordPolicy;
}

function can(actor: Actor, permission: Permission): boolean {
  return actor.kind === 'system' || actor.principal.permissions.includes(permission);
}

/** The admin pages and the live feedback of the password policy. */
export function createPolicyService(deps: PolicyServiceDeps) {
  const { repos, transact, clock, policy } = deps;

  async function subjectFor(actor: Actor, userId: string | undefined): Promise<PolicySubject> {
    if (actor.kind === 'user' && (!userId || userId === actor.principal.user.id)) return actor.principal.user;
    // Checking a password for someone else is for admins who may set passwords.
    if (!can(actor, 'users:reset-password') && !can(actor, 'users:manage')) throw new AppError('auth.forbidden');
    const user = userId ? await repos.users.findById(userId) : undefined;
    if (!user) throw new AppError('users.not_found');
    return user;
  }

  return {
    /**
     * Live feedback: the policy's verdict with every problem, Entra's score, the current rules and
     * a zxcvbn strength estimate. Skips the (slow, hashed) current-password and history checks.
     * @throws AppError auth.forbidden, users.not_found
     */
    async check(actor: Actor, input: { password: string; userId?: string | undefined }, locale: Locale) {
      const subject = await subjectFor(actor, input.userId);
      const [verdict, settings] = await Promise.all([policy.evaluate(input.password, subject, 'preview'), policy.policySettings()]);
      const rules = compositionRules(settings.profile, { mfaRequired: settings.mfaRequired, relaxComplexity: subject.disableStrongPassword === true });
      const userInputs = [subject.givenName, subject.surname, subject.userPrincipalName.split('@')[0]].filter((v): v is string => !!v);
      const strength: Strength = estimateStrength(input.password, locale, userInputs);
      return { ...verdict, rules: { profile: settings.profile, ...rules }, strength };
    },

    /** @throws AppError auth.forbidden */
    async getPolicySettings(actor: Actor): Promise<PasswordPolicySettings> {
      if (!can(actor, 'settings:password-policy') && !can(actor, 'settings:password-expiry')) throw new AppError('auth.forbidden');
      return policy.policySettings();
    },

    /**
     * Saves the password policy. Authentication Policy Administrators and Global Administrators may
     * change all of it; User Administrators only the expiration part (as in Entra, reference §3.1).
     * @throws AppError auth.forbidden
     */
    async updatePolicySettings(actor: Actor, next: PasswordPolicySettings, ctx: RequestContext): Promise<PasswordPolicySettings> {
      const current = await policy.policySettings();
      const onlyExpiry = current.profile === next.profile && current.historyCount === next.historyCount && current.mfaRequired === next.mfaRequired;
      if (!can(actor, 'settings:password-policy') && !(onlyExpiry && can(actor, 'settings:password-expiry'))) throw new AppError('auth.forbidden');
      const now = clock.now();
      await transact(async (tx) => {
        await tx.settings.put(SETTINGS_KEYS.policy, next, actorFields(actor).actorId, now);
        await tx.audit.append({ action: 'settings.password_policy_updated', outcome: 'success', ...actorFields(actor), ...ctx, details: { before: JSON.stringify(current), after: JSON.stringify(next) } }, now);
      });
      policy.invalidate();
      return next;
    },

    /** @throws AppError auth.forbidden */
    async getProtectionSettings(actor: Actor): Promise<PasswordProtectionSettings> {
      if (!can(actor, 'settings:password-policy')) throw new AppError('auth.forbidden');
      return policy.protectionSettings();
    },

    /**
     * Saves the custom banned list after checking every term; a bad term changes nothing.
     * @throws AppError auth.forbidden, request.validation_failed (one issue per bad term)
     */
    async updateProtectionSettings(actor: Actor, next: PasswordProtectionSettings, ctx: RequestContext): Promise<PasswordProtectionSettings> {
      if (!can(actor, 'settings:password-policy')) throw new AppError('auth.forbidden');
      const terms = next.customBannedPasswords.map((t) => t.trim()).filter(Boolean);
      const issues = validateCustomTerms(terms);
      if (issues.length) throw new AppError('request.validation_failed', { issues });
      const saved = { enforceCustomList: next.enforceCustomList, customBannedPasswords: terms };
      const now = clock.now();
      await transact(async (tx) => {
        await tx.settings.put(SETTINGS_KEYS.protection, saved, actorFields(actor).actorId, now);
        await tx.audit.append({ action: 'settings.password_protection_updated', outcome: 'success', ...actorFields(actor), ...ctx, details: { enforceCustomList: saved.enforceCustomList, terms: terms.length } }, now);
      });
      policy.invalidate();
      return saved;
    },
  };
}

export type PolicyService = ReturnType<typeof createPolicyService>;
