import type { Kysely } from 'kysely';
import { iso } from '../../core/clock.js';
import type { Database } from '../../db/types.js';
import { twoGate } from '../roles/authority.js';
import type { StoredMethod } from '../security-info/store.js';
import { methodKinds, type MethodKind } from '../../../shared/methods.js';
import { questionCatalogue } from './questions.js';
import type { SsprSettings } from './settings.js';
import type { Eligibility } from './store.js';

/** What self-service reset needs to know about one user. */
export interface RecoveryProfile {
  methods: StoredMethod[];
  questionIds: string[];
  admin: boolean;
  inScopeGroup: boolean;
  confirmedAt: Date | null;
  /** Until when self-service reset is locked for the subject asked about (null: not locked). */
  lockedUntil: Date | null;
}

/**
 * Reads a profile in the same three statements whoever asks: an unknown account passes an id
 * that matches nothing, so the reset portal does the same work for every name (checklist R2).
 */
export async function loadProfile(db: Kysely<Database>, userId: string, scopeGroupId: string | null, lock: { subject: string; now: Date } = { subject: '', now: new Date(0) }): Promise<RecoveryProfile> {
  const methods = await db.selectFrom('auth_method').selectAll().where('user_id', '=', userId).orderBy('created_at').execute();
  const answers = await db.selectFrom('security_answer').select('question_id').where('user_id', '=', userId).execute();
  const facts = await db
    .selectNoFrom((eb) => [
      eb.selectFrom('role_assignment').select((e) => e.fn.countAll<number | string>().as('n')).where('user_id', '=', userId).where('role_id', 'in', [...twoGate]).as('admin_roles'),
      eb.selectFrom('group_member').select((e) => e.fn.countAll<number | string>().as('n')).where('user_id', '=', userId).where('group_id', '=', scopeGroupId ?? '').as('in_group'),
      eb.selectFrom('security_info').select('confirmed_at').where('user_id', '=', userId).as('confirmed_at'),
      eb.selectFrom('recovery_lock').select('locked_until').where('subject', '=', lock.subject).where('locked_until', '>', iso(lock.now)).as('locked_until'),
    ])
    .executeTakeFirstOrThrow();
  return {
    methods: methods.map((r) => ({ id: r.id, userId: r.user_id, kind: r.kind as MethodKind, value: r.value, createdAt: new Date(r.created_at), lastTotpStep: r.last_totp_step === null ? null : Number(r.last_totp_step) })),
    questionIds: answers.map((a) => a.question_id),
    admin: Number(facts.admin_roles ?? 0) > 0,
    inScopeGroup: Number(facts.in_group ?? 0) > 0,
    confirmedAt: facts.confirmed_at ? new Date(facts.confirmed_at) : null,
    lockedUntil: facts.locked_until ? new Date(facts.locked_until) : null,
  };
}

export interface Assessment {
  eligibility: Eligibility;
  /** Methods to prove: 2 for administrators (two gates), else the policy's number. */
  methodsRequired: 1 | 2;
  /** Method kinds this user may use under the policy that applies to them. */
  available: MethodKind[];
  /** Registered and usable now (security questions: enough answers to current questions). */
  usable: MethodKind[];
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
  const catalogue = new Set(questionCatalogue(settings, 'en').map((q) => q.id));
  const answered = profile.questionIds.filter((id) => catalogue.has(id)).length;
  const usable: MethodKind[] = profile.methods.map((m) => m.kind).filter((k) => available.includes(k));
  const withQuestions = available.includes('securityQuestions');
  if (withQuestions && answered >= settings.questionsToReset) usable.push('securityQuestions');
  const counted = usable.filter((k) => k !== 'securityQuestions').length + (withQuestions && answered >= settings.questionsToRegister ? 1 : 0);
  const nonQuestion = usable.some((k) => k !== 'securityQuestions');
  const registered = nonQuestion && counted >= methodsRequired;
  const canReset = nonQuestion && usable.length >= methodsRequired;
  const eligibility: Eligibility = !user ? 'unknown' : !user.accountEnabled ? 'disabled' : !applies ? 'not_enabled' : !canReset ? 'not_registered' : 'eligible';
  return { eligibility, methodsRequired, available, usable, registered, applies, admin };
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
