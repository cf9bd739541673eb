import { isStrongMethod, methodKinds, type MethodKind } from '../../../shared/methods.js';
import type { RecoveryDirectory, RecoveryProfile } from './profile-store.js';
import { questionCatalog } from './questions.js';
import type { SsprSettings } from './settings.js';
import type { Eligibility } from './flow.js';

export type { RecoveryProfile };

/**
 * One user's profile, read in the same statements whoever asks: an unknown account passes an id
 * that matches nothing, so the reset portal does the same work for every name (checklist R2).
 * With `lock`, also until when that subject's self-service reset is locked.
 */
export async function loadProfile(
  store: RecoveryDirectory,
  userId: string,
  scopeGroupId: string | null,
  lock?: { subject: string; now: Date },
): Promise<{ profile: RecoveryProfile; lockedUntil: Date | null }> {
  const { profiles, lockedUntil } = await store.profiles([userId], { scopeGroupId, lock });
  return { profile: profiles.get(userId)!, lockedUntil };
}

export interface Assessment {
  eligibility: Eligibility;
  /** Methods to prove: 2 for administrators (two gates), else the policy's number. */
  methodsRequired: 1 | 2;
  /** Method kinds this user may use under the policy that applies to them. */
  available: MethodKind[];
  /**
   * Registered and usable now (security questions: enough answers to current questions). For an
   * account with MFA under one required method, only its multi-factor methods (R18).
   */
  usable: MethodKind[];
  /** Has an authenticator app or a passkey registered: a reset must prove one of them (checklist R18). */
  mfa: boolean;
  /** Enough registered for the policy (reference §7.6: counts once they have the required number). */
  registered: boolean;
  /** Whether self-service reset applies to the user at all (in scope, or an administrator). */
  applies: boolean;
  admin: boolean;
}

/** Applies the SSPR policy (reference §7.3, 7.4, 7.8) to one account. */
export function assess(user: { accountEnabled: boolean } | undefined, profile: RecoveryProfile, settings: SsprSettings): Assessment {
  const admin = profile.admin;
  const methodsRequired: 1 | 2 = admin ? 2 : settings.methodsRequired;
  const available: MethodKind[] = admin ? methodKinds.filter((k) => k !== 'securityQuestions') : methodKinds.filter((k) => settings.methods[k]);
  const applies = admin || settings.enabledFor === 'all' || (settings.enabledFor === 'group' && profile.inScopeGroup);
  const catalog = new Set(questionCatalog(settings, 'en').map((q) => q.id));
  const answered = profile.questionIds.filter((id) => catalog.has(id)).length;
  const kinds: MethodKind[] = [...profile.methods.map((m) => m.kind), ...(profile.passkeys > 0 ? (['passkey'] as const) : [])];
  const all: MethodKind[] = kinds.filter((k) => available.includes(k));
  const withQuestions = available.includes('securityQuestions');
  if (withQuestions && answered >= settings.questionsToReset) all.push('securityQuestions');
  const counted = all.filter((k) => k !== 'securityQuestions').length + (withQuestions && answered >= settings.questionsToRegister ? 1 : 0);
  const registered = all.some((k) => k !== 'securityQuestions') && counted >= methodsRequired;
  // R18 (ASVS 6.4.3; NIST 800-63B-4 §4.2): MFA is never bypassed by a reset. An account with an
  // authenticator app or a passkey must prove one of them: with one method required, only they
  // are offered; with two, the portal refuses a second proof that is not one of them (portal.ts).
  // If the policy offers none of the account's strong methods, it can't reset by itself at all.
  const mfa = kinds.some(isStrongMethod);
  const usable = mfa && methodsRequired === 1 ? all.filter(isStrongMethod) : all;
  const nonQuestion = usable.some((k) => k !== 'securityQuestions');
  const canReset = nonQuestion && usable.length >= methodsRequired && (!mfa || usable.some(isStrongMethod));
  const eligibility: Eligibility = !user ? 'unknown' : !user.accountEnabled ? 'disabled' : !applies ? 'not_enabled' : !canReset ? 'not_registered' : 'eligible';
  return { eligibility, methodsRequired, available, usable, mfa, registered, applies, admin };
}

/** The interrupt at sign-in: register, confirm again after `reconfirmDays`, or nothing (reference §7.6). */
export function registrationPrompt(a: Assessment, profile: RecoveryProfile, settings: SsprSettings, now: Date): 'none' | 'register' | 'reconfirm' {
  // Administrators may always reset (two gates), but nobody is interrupted while the organisation has SSPR off.
  if (!settings.requireRegistration || !a.applies || settings.enabledFor === 'none') return 'none';
  if (!a.registered) return 'register';
  if (settings.reconfirmDays > 0) {
    const last = profile.confirmedAt?.getTime() ?? 0;
    if (now.getTime() - last > settings.reconfirmDays * 86_400_000) return 'reconfirm';
  }
  return 'none';
}
