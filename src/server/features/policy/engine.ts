import { AppError, type Issue } from '../../core/errors.js';
import type { Repos } from '../../db/repos.js';
import type { PasswordHasher } from '../passwords/hasher.js';
import { normalizePassword, MAX_PASSWORD_CODE_POINTS } from '../passwords/input.js';
import { buildBannedIndex, evaluateBanned, globalBannedIndex, PRODUCT_TERMS, type BannedIndex } from './banned/index.js';
import { checkComposition, compositionRules } from './rules.js';
import type { BreachedCheck } from './breached/check.js';
import { BREACHED_SETTINGS_KEY, breachedPasswordSettings, defaultBreachedPasswordSettings, type BreachedPasswordSettings } from './breached/settings.js';
import { cachedSetting } from '../settings/cached.js';
import {
  defaultPasswordPolicy,
  defaultPasswordProtection,
  passwordPolicySettings,
  passwordProtectionSettings,
  SETTINGS_KEYS,
  type PasswordPolicySettings,
  type PasswordProtectionSettings,
} from './settings.js';

/** The user a password is for. For a user not yet created, `id` and `passwordHash` are absent. */
export interface PolicySubject {
  id?: string | null;
  userPrincipalName: string;
  displayName?: string | null;
  givenName?: string | null;
  surname?: string | null;
  mail?: string | null;
  disableStrongPassword?: boolean;
  passwordHash?: string | null;
}

/**
 * Why the password is being set. `change`: the user knows the current one (it may not be reused).
 * `reset`: an admin or self-service reset (Entra lets the last one be reused unless history is on).
 * `create`: a first password. `preview`: live feedback, which skips the hash comparisons.
 */
export type PasswordPurpose = 'create' | 'change' | 'reset' | 'preview';

export interface PolicyVerdict {
  accepted: boolean;
  /** Entra's banned-password score (at least 5 passes). */
  score: number;
  problems: Issue[];
  /** The breached-password check's answer; absent when it did not run (off, no source, or other problems first). */
  breached?: 'clean' | 'found' | 'unavailable';
}

export interface PolicyDeps {
  repos: Repos;
  hasher: PasswordHasher;
  /** How long settings read from the database are reused; other servers see a change within this time. */
  settingsTtlMs?: number;
  now?: () => number;
  /** The breached-password source (checklist P5); absent = no breached-password check. */
  breached?: BreachedCheck;
}

/**
 * The one password policy every path that sets a password goes through (issue 3; checklist
 * P10): composition by profile, Entra's banned-password evaluation, the current password and
 * the history. Returns every problem at once.
 */
export function createPasswordPolicy(deps: PolicyDeps) {
  const { repos, hasher } = deps;
  let customCache: { key: string; index: BannedIndex } | undefined;
  // Read on every sign-in (expiry) and every check, so reused briefly.
  const cacheOptions = { ...(deps.settingsTtlMs !== undefined ? { ttlMs: deps.settingsTtlMs } : {}), ...(deps.now ? { now: deps.now } : {}) };
  const policyCache = cachedSetting<PasswordPolicySettings>(
    () => repos.settings,
    SETTINGS_KEYS.policy,
    passwordPolicySettings,
    defaultPasswordPolicy,
    cacheOptions,
  );
  const protectionCache = cachedSetting<PasswordProtectionSettings>(
    () => repos.settings,
    SETTINGS_KEYS.protection,
    passwordProtectionSettings,
    defaultPasswordProtection,
    cacheOptions,
  );
  const breachedCache = cachedSetting<BreachedPasswordSettings>(
    () => repos.settings,
    BREACHED_SETTINGS_KEY,
    breachedPasswordSettings,
    defaultBreachedPasswordSettings,
    cacheOptions,
  );
  const policySettings = () => policyCache.get();
  const protectionSettings = () => protectionCache.get();

  /** The custom list's index, rebuilt only when the list changes (1,000 terms build in about a millisecond). */
  function customIndex(protection: PasswordProtectionSettings): BannedIndex | null {
    if (!protection.enforceCustomList || protection.customBannedPasswords.length === 0) return null;
    const key = protection.customBannedPasswords.join('\n');
    if (customCache?.key !== key) customCache = { key, index: buildBannedIndex(protection.customBannedPasswords) };
    return customCache.index;
  }

  /**
   * Evaluates a password for a user and purpose without changing anything.
   * @returns the verdict with every problem (codes `password.*`), never throws for a bad password.
   */
  async function evaluate(rawPassword: string, subject: PolicySubject, purpose: PasswordPurpose): Promise<PolicyVerdict> {
    const [policy, protection, organization] = await Promise.all([policySettings(), protectionSettings(), repos.organization.get()]);
    const password = normalizePassword(rawPassword);
    if (password === null) {
      // Over-long input is refused before any further work (checklist I5).
      return { accepted: false, score: 0, problems: [{ path: 'password', code: 'password.too_long', params: { maximum: MAX_PASSWORD_CODE_POINTS } }] };
    }
    const rules = compositionRules(policy.profile, { mfaRequired: policy.mfaRequired, relaxComplexity: subject.disableStrongPassword === true });
    const problems = checkComposition(password, rules);
    // Known-breached passwords (checklist P5), once the password is one the rules allow at all.
    const breached = problems.length === 0 ? await breachedVerdict(password, purpose) : null;

    const banned = evaluateBanned(
      password,
      { global: globalBannedIndex(), custom: customIndex(protection) },
      {
        firstName: subject.givenName ?? null,
        lastName: subject.surname ?? null,
        organizationName: organization?.name ?? null,
        // Never the user's own identifiers, in every profile; a long passphrase may contain them (checklist P6).
        extraTerms: [...identifierTerms(subject), ...PRODUCT_TERMS],
        allowLongPassphrases: true,
      },
    );
    if (banned.contextTerms.length) problems.push({ path: 'password', code: 'password.contains_personal_info' });
    else if (!banned.accepted)
      problems.push({
        path: 'password',
        code: banned.matches.some((m) => m.list === 'custom') ? 'password.banned_custom' : 'password.banned',
        params: { score: banned.score },
      });

    if (purpose !== 'preview' && subject.id) {
      const remembered = policy.historyCount;
      if (purpose === 'change' || remembered > 0) {
        if (subject.passwordHash && (await hasher.verify(subject.passwordHash, password)).ok) {
          problems.push({ path: 'password', code: purpose === 'change' ? 'password.same_as_current' : 'password.recently_used' });
        } else if (remembered > 1) {
          const previous = await repos.passwordHistory.recent(subject.id, remembered - 1);
          const reused = await Promise.all(previous.map((hash) => hasher.verify(hash, password)));
          if (reused.some((r) => r.ok)) problems.push({ path: 'password', code: 'password.recently_used' });
        }
      }
    }
    if (breached?.issue) problems.push(breached.issue);
    return { accepted: problems.length === 0, score: banned.score, problems, ...(breached ? { breached: breached.status } : {}) };
  }

  /**
   * The breached-password check under the organisation's settings: refused at `threshold` sightings;
   * an outage as `onUnavailable` says, except in a preview: live feedback (and the draws of generated
   * passwords) only report it, the refusal comes when the password is set.
   */
  async function breachedVerdict(
    password: string,
    purpose: PasswordPurpose,
  ): Promise<{ status: NonNullable<PolicyVerdict['breached']>; issue: Issue | null } | null> {
    if (!deps.breached) return null;
    const settings = await breachedCache.get();
    if (!settings.enabled) return null;
    const result = await deps.breached.lookup(password);
    if (result.status === 'off') return null;
    if (result.status === 'unavailable')
      return {
        status: 'unavailable',
        issue: settings.onUnavailable === 'refuse' && purpose !== 'preview' ? { path: 'password', code: 'password.breached_unavailable' } : null,
      };
    // The message never says how often: that would help an attacker rank the password.
    return result.count >= settings.threshold ? { status: 'found', issue: { path: 'password', code: 'password.breached' } } : { status: 'clean', issue: null };
  }

  return {
    evaluate,
    policySettings,
    protectionSettings,
    breachedSettings: () => breachedCache.get(),

    /** Forget cached settings (after this server saved new ones). */
    invalidate(): void {
      policyCache.invalidate();
      protectionCache.invalidate();
      breachedCache.invalidate();
    },

    /**
     * Checks a password and returns it NFC-normalised, ready to hash.
     * @throws AppError password.rejected with every problem as issues
     */
    async enforce(rawPassword: string, subject: PolicySubject, purpose: Exclude<PasswordPurpose, 'preview'>): Promise<string> {
      const verdict = await evaluate(rawPassword, subject, purpose);
      if (!verdict.accepted) throw new AppError('password.rejected', { issues: verdict.problems, params: { score: verdict.score } });
      return normalizePassword(rawPassword)!;
    },

    /** How many previous hashes to keep when a password is replaced (the current one counts as one). */
    async historyToKeep(): Promise<number> {
      return Math.max(0, (await policySettings()).historyCount - 1);
    },
  };
}

export type PasswordPolicy = ReturnType<typeof createPasswordPolicy>;

/** The user's identifiers as banned context terms: UPN and mail local parts, display-name words. */
function identifierTerms(subject: PolicySubject): string[] {
  const local = (value: string | null | undefined) => (value ? [value.split('@')[0]!] : []);
  return [...local(subject.userPrincipalName), ...local(subject.mail), ...(subject.displayName ?? '').split(/\s+/)].filter((t) => t.length >= 4);
}
