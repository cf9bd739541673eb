import { AppError } from '../../core/errors.js';
import type { Actor } from '../../core/identity.js';
import type { Repos } from '../../db/repos.js';
import type { Locale } from '../../i18n/index.js';
import { can } from '../roles/authority.js';
import type { SettingsCache } from '../settings/service.js';
import type { PasswordPolicy, PolicySubject } from './engine.js';
import { compositionRules } from './rules.js';
import { SETTINGS_KEYS } from './settings.js';
import { BREACHED_SETTINGS_KEY } from './breached/settings.js';
import { estimateStrength, type Strength } from './strength.js';

export interface PolicyServiceDeps {
  repos: Repos;
  policy: PasswordPolicy;
}

/**
 * The policy engine's caches of its two settings documents, for the settings service: reads on hot
 * paths and after a save go through the engine's cache, which a save then invalidates.
 */
export function policySettingsCaches(policy: PasswordPolicy): Record<string, SettingsCache<unknown>> {
  return {
    [SETTINGS_KEYS.policy]: { get: () => policy.policySettings(), invalidate: () => policy.invalidate() },
    [SETTINGS_KEYS.protection]: { get: () => policy.protectionSettings(), invalidate: () => policy.invalidate() },
    [BREACHED_SETTINGS_KEY]: { get: () => policy.breachedSettings(), invalidate: () => policy.invalidate() },
  };
}

/**
 * The live feedback of the password policy. Its settings documents are read and saved through the
 * settings service (settings.ts: passwordPolicyDocument, passwordProtectionDocument).
 */
export function createPolicyService(deps: PolicyServiceDeps) {
  const { repos, policy } = deps;

  async function subjectFor(actor: Actor, userId: string | undefined): Promise<PolicySubject> {
    if (actor.kind === 'user' && (!userId || userId === actor.principal.user.id)) return actor.principal.user;
    // Checking a password for someone else is for admins who may set passwords.
    if (!can(actor, 'users:reset-password') && !can(actor, 'users:manage')) throw new AppError('auth.forbidden');
    const user = userId ? await repos.users.findById(userId) : undefined;
    if (!user) throw new AppError('users.not_found');
    return user;
  }

  async function checkFor(subject: PolicySubject, password: string, locale: Locale) {
    const [verdict, settings] = await Promise.all([policy.evaluate(password, subject, 'preview'), policy.policySettings()]);
    const rules = compositionRules(settings.profile, { mfaRequired: settings.mfaRequired, relaxComplexity: subject.disableStrongPassword === true });
    const userInputs = [subject.givenName, subject.surname, subject.userPrincipalName.split('@')[0]].filter((v): v is string => !!v);
    const strength: Strength = estimateStrength(password, locale, userInputs);
    return { ...verdict, rules: { profile: settings.profile, ...rules }, strength };
  }

  return {
    /**
     * Live feedback: the policy's verdict with every problem, Entra's score, the current rules and
     * a zxcvbn strength estimate. Skips the (slow, hashed) current-password and history checks.
     * @throws AppError auth.forbidden, users.not_found
     */
    async check(actor: Actor, input: { password: string; userId?: string | undefined }, locale: Locale) {
      return checkFor(await subjectFor(actor, input.userId), input.password, locale);
    },

    /** The same live feedback for a subject the caller has already established (the reset portal's proven user). */
    checkFor,
  };
}

export type PolicyService = ReturnType<typeof createPolicyService>;
