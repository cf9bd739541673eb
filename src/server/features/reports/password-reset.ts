import { sha256 } from '../../core/crypto.js';
import type { Repos } from '../../db/repos.js';
import { methodKinds, type MethodKind } from '../../../shared/methods.js';
import { passwordResetOutcomes } from '../../../shared/reports.js';
import type { SsprSettings } from '../recovery/settings.js';
import { questionCatalog } from '../recovery/questions.js';
import { assess } from '../recovery/eligibility.js';
import type { ActivityWindow, OutcomeFilter, RegistrationRule } from '../recovery/report-store.js';

export type { ActivityWindow };

/**
 * Reports > Password reset (reference §7.13): who has registered enough methods for self-service
 * password reset, and what happened at the reset portal. The queries are the recovery store's
 * (recovery/report-store.ts, recovery/profile-store.ts); this module shapes them into report rows.
 */

/** The activity filter: one outcome, every failure, or the flows that have none yet. */
export const activityOutcomeFilters = [...passwordResetOutcomes, 'failed', 'open'] as const;
export type ActivityOutcomeFilter = (typeof activityOutcomeFilters)[number];

export interface RegistrationRow {
  userId: string;
  userPrincipalName: string;
  displayName: string;
  /** On file: the registered kinds, and security questions once enough current questions are answered (never for admins). */
  methods: MethodKind[];
  /** As the user's own Security info page says (the same assessment). */
  registered: boolean;
  confirmedAt: Date | null;
}

/** Keyset position in the registration report: the last row's UPN key and id. */
export interface RegistrationPosition {
  upnKey: string;
  id: string;
}

/** The reset policy's registration rule as the store filters on it (the same as {@link assess}'s `registered`). */
function registrationRule(s: SsprSettings): RegistrationRule {
  return {
    methodsRequired: s.methodsRequired,
    kinds: methodKinds.filter((k) => k !== 'securityQuestions' && s.methods[k]),
    questionIds: s.methods.securityQuestions ? questionCatalog(s, 'en').map((q) => q.id) : null,
    questionsToRegister: s.questionsToRegister,
  };
}

/** One row per user, ordered by user principal name. */
export async function listRegistration(
  repos: Pick<Repos, 'recovery'>,
  settings: SsprSettings,
  q: { search?: string | undefined; registered?: boolean | undefined; after?: RegistrationPosition | undefined; limit: number },
): Promise<{ items: RegistrationRow[]; next: RegistrationPosition | null }> {
  const registered = q.registered === undefined ? undefined : { wanted: q.registered, rule: registrationRule(settings) };
  const rows = await repos.recovery.registrationPage({ search: q.search, registered, after: q.after, take: q.limit + 1 });
  const page = rows.slice(0, q.limit);
  // One batched read for the page: the same reader the portal uses for one user.
  const { profiles } = await repos.recovery.profiles(
    page.map((r) => r.id),
    { scopeGroupId: null },
  );
  const catalog = new Set(questionCatalog(settings, 'en').map((x) => x.id));
  const items = page.map((r): RegistrationRow => {
    const profile = profiles.get(r.id)!;
    const assessment = assess({ accountEnabled: r.accountEnabled }, profile, settings);
    const questions = !profile.admin && profile.questionIds.filter((id) => catalog.has(id)).length >= settings.questionsToRegister;
    const kinds = new Set<string>(profile.methods.map((m) => m.kind));
    return {
      userId: r.id,
      userPrincipalName: r.userPrincipalName,
      displayName: r.displayName,
      methods: methodKinds.filter((k) => (k === 'securityQuestions' ? questions : kinds.has(k))),
      registered: assessment.registered,
      confirmedAt: r.confirmedAt,
    };
  });
  const last = page.at(-1);
  return { items, next: rows.length > q.limit && last ? { upnKey: last.upnKey, id: last.id } : null };
}

export interface ActivityRow {
  /** A short stable id derived from the flow id, which is the hash of a bearer token and never leaves the server. */
  id: string;
  startedAt: Date;
  finishedAt: Date | null;
  userPrincipalName: string | null;
  outcome: string | null;
  methodsProven: MethodKind[];
  ipAddress: string | null;
}

/**
 * Keyset position in the activity report. The flow id cannot go into a cursor, so the position
 * is the last row's start time plus how many rows of that same time were already returned.
 */
export interface ActivityPosition {
  at: string;
  seen: number;
}

export const shortFlowId = (id: string) => sha256(id).slice(0, 12);

const outcomeFilter = (f: ActivityOutcomeFilter | undefined): OutcomeFilter | undefined =>
  f === 'open' || f === 'failed' ? { kind: f } : f ? { kind: 'is', outcome: f } : undefined;

/** Flows started in the window, newest first. Open = no outcome yet; failed = any outcome but completed. */
export async function listActivity(
  repos: Pick<Repos, 'recovery'>,
  q: ActivityWindow & { outcome?: ActivityOutcomeFilter | undefined; after?: ActivityPosition | undefined; limit: number },
): Promise<{ items: ActivityRow[]; next: ActivityPosition | null }> {
  const after = q.after;
  const skip = after?.seen ?? 0;
  const fetched = await repos.recovery.activityPage({
    from: q.from,
    to: q.to,
    outcome: outcomeFilter(q.outcome),
    atOrBefore: after?.at,
    take: skip + q.limit + 1,
  });
  // Drop the rows of the cursor's own time that earlier pages returned (they sort first).
  let dropped = 0;
  const rows = fetched.filter((r) => !(after && r.createdAt === after.at && dropped++ < skip));
  const page = rows.slice(0, q.limit);
  const last = page.at(-1);
  let next: ActivityPosition | null = null;
  if (rows.length > q.limit && last) {
    const sameTime = page.filter((r) => r.createdAt === last.createdAt).length;
    next = { at: last.createdAt, seen: sameTime + (after && after.at === last.createdAt ? skip : 0) };
  }
  const items = page.map((r): ActivityRow => ({
    id: shortFlowId(r.id),
    startedAt: new Date(r.createdAt),
    finishedAt: r.finishedAt ? new Date(r.finishedAt) : null,
    // Whatever was typed for an unknown account is not an account name (it may be a password).
    userPrincipalName: r.eligibility === 'unknown' ? null : r.userPrincipalName,
    outcome: r.outcome,
    methodsProven: provenMethods(r.proven),
    ipAddress: r.ipAddress,
  }));
  return { items, next };
}

function provenMethods(json: string): MethodKind[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? methodKinds.filter((k) => value.includes(k)) : [];
  } catch {
    return [];
  }
}

export interface ActivitySummary {
  started: number;
  completed: number;
  failed: number;
  byReason: Record<string, number>;
}

/** Counts over the whole window, whatever the outcome filter, so the totals read the same on every page. */
export async function activitySummary(repos: Pick<Repos, 'recovery'>, window: ActivityWindow): Promise<ActivitySummary> {
  const summary: ActivitySummary = { started: 0, completed: 0, failed: 0, byReason: {} };
  for (const { outcome, count } of await repos.recovery.activityCounts(window)) {
    summary.started += count;
    if (outcome === 'completed') summary.completed += count;
    else if (outcome !== null) {
      summary.failed += count;
      summary.byReason[outcome] = count;
    }
  }
  return summary;
}
