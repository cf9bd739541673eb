import { sql, type Kysely, type RawBuilder, type SqlBool } from 'kysely';
import type { Database } from '../../db/types.js';
import { iso } from '../../core/clock.js';
import { sha256 } from '../../core/crypto.js';
import { identifierKey, sortKey } from '../users/model.js';
import { methodKinds, type MethodKind } from '../../../shared/methods.js';
import type { StoredMethod } from '../security-info/store.js';
import type { SsprSettings } from '../recovery/settings.js';
import { questionCatalogue } from '../recovery/questions.js';
import { assess, type RecoveryProfile } from '../recovery/eligibility.js';
import { twoGate } from '../roles/authority.js';

/**
 * Reports > Password reset (reference §7.13): who has registered enough methods for self-service
 * password reset, and what happened at the reset portal. Read-only queries over the security info
 * and recovery-flow tables, portable across SQLite and PostgreSQL.
 */

/** The outcomes a finished flow records (the SSPR contract's reasons). */
export const flowOutcomes = ['completed', 'expired', 'locked', 'wrong_proof', 'not_eligible', 'unknown_account', 'abandoned', 'superseded'] as const;
/** The activity filter: one outcome, every failure, or the flows that have none yet. */
export const activityOutcomeFilters = [...flowOutcomes, 'failed', 'open'] as const;
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

const nonQuestionKinds = methodKinds.filter((k) => k !== 'securityQuestions');

/**
 * {@link assess}'s `registered` as SQL, so the report can filter and page on it: admins (the
 * two-gate roles) need two methods of any kind; other users need the policy's number of enabled
 * methods, at least one of them not security questions. The numbers come from validated settings.
 */
function registeredSql(s: SsprSettings): RawBuilder<SqlBool> {
  const admin = sql`exists (select 1 from role_assignment ra where ra.user_id = app_user.id and ra.role_id in (${sql.join([...twoGate])}))`;
  const count = (kinds: readonly string[]) => (kinds.length ? sql`(select count(*) from auth_method am where am.user_id = app_user.id and am.kind in (${sql.join([...kinds])}))` : sql`0`);
  const catalogue = questionCatalogue(s, 'en').map((q) => q.id);
  const answered = sql`(select count(*) from security_answer sa where sa.user_id = app_user.id and sa.question_id in (${sql.join(catalogue)}))`;
  const questions = s.methods.securityQuestions ? sql`case when ${answered} >= ${sql.lit(s.questionsToRegister)} then 1 else 0 end` : sql`0`;
  const methods = count(nonQuestionKinds.filter((k) => s.methods[k]));
  return sql<SqlBool>`((${admin} and ${count(nonQuestionKinds)} >= 2) or (not ${admin} and ${methods} >= 1 and ${methods} + ${questions} >= ${sql.lit(s.methodsRequired)}))`;
}

/** `%`, `_` and the escape character itself match literally. */
const likePrefix = (value: string) => `${value.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** One row per user, ordered by user principal name. */
export async function listRegistration(
  db: Kysely<Database>,
  settings: SsprSettings,
  q: { search?: string | undefined; registered?: boolean | undefined; after?: RegistrationPosition | undefined; limit: number },
): Promise<{ items: RegistrationRow[]; next: RegistrationPosition | null }> {
  let query = db
    .selectFrom('app_user')
    .leftJoin('security_info', 'security_info.user_id', 'app_user.id')
    .select(['app_user.id', 'app_user.user_principal_name', 'app_user.display_name', 'app_user.upn_key', 'app_user.account_enabled', 'security_info.confirmed_at']);
  const search = q.search?.trim();
  if (search) {
    const upn = likePrefix(identifierKey(search));
    const name = likePrefix(sortKey(search));
    query = query.where(sql<SqlBool>`(app_user.upn_key like ${upn} escape '\\' or app_user.display_name_key like ${name} escape '\\')`);
  }
  if (q.registered !== undefined) query = query.where(q.registered ? registeredSql(settings) : sql<SqlBool>`not ${registeredSql(settings)}`);
  const after = q.after;
  if (after) query = query.where((eb) => eb.or([eb('app_user.upn_key', '>', after.upnKey), eb.and([eb('app_user.upn_key', '=', after.upnKey), eb('app_user.id', '>', after.id)])]));
  const rows = await query.orderBy('app_user.upn_key').orderBy('app_user.id').limit(q.limit + 1).execute();
  const page = rows.slice(0, q.limit);

  const profiles = await loadProfiles(db, page.map((r) => r.id));
  const catalogue = new Set(questionCatalogue(settings, 'en').map((x) => x.id));
  const items = page.map((r): RegistrationRow => {
    const profile = profiles.get(r.id)!;
    const assessment = assess({ accountEnabled: r.account_enabled === 1 }, { ...profile, inScopeGroup: false, confirmedAt: null, lockedUntil: null }, settings);
    const questions = !profile.admin && profile.questionIds.filter((id) => catalogue.has(id)).length >= settings.questionsToRegister;
    const kinds = new Set<string>(profile.methods.map((m) => m.kind));
    return {
      userId: r.id,
      userPrincipalName: r.user_principal_name,
      displayName: r.display_name,
      methods: methodKinds.filter((k) => (k === 'securityQuestions' ? questions : kinds.has(k))),
      registered: assessment.registered,
      confirmedAt: r.confirmed_at ? new Date(r.confirmed_at) : null,
    };
  });
  const last = page.at(-1);
  return { items, next: rows.length > q.limit && last ? { upnKey: last.upn_key, id: last.id } : null };
}

/** {@link loadProfile} for a page of users in three statements. */
async function loadProfiles(db: Kysely<Database>, ids: string[]): Promise<Map<string, Pick<RecoveryProfile, 'methods' | 'questionIds' | 'admin'>>> {
  const profiles = new Map(ids.map((id) => [id, { methods: [] as StoredMethod[], questionIds: [] as string[], admin: false }]));
  if (!ids.length) return profiles;
  for (const m of await db.selectFrom('auth_method').selectAll().where('user_id', 'in', ids).execute()) {
    profiles.get(m.user_id)?.methods.push({ id: m.id, userId: m.user_id, kind: m.kind as MethodKind, value: '', createdAt: new Date(m.created_at), lastTotpStep: null });
  }
  for (const a of await db.selectFrom('security_answer').select(['user_id', 'question_id']).where('user_id', 'in', ids).execute()) profiles.get(a.user_id)?.questionIds.push(a.question_id);
  for (const r of await db.selectFrom('role_assignment').select('user_id').where('user_id', 'in', ids).where('role_id', 'in', [...twoGate]).execute()) profiles.get(r.user_id)!.admin = true;
  return profiles;
}

export interface ActivityWindow {
  from: Date;
  to?: Date | undefined;
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

function activityQuery(db: Kysely<Database>, window: ActivityWindow) {
  let query = db.selectFrom('recovery_flow').where('created_at', '>=', iso(window.from));
  if (window.to) query = query.where('created_at', '<', iso(window.to));
  return query;
}

/** Flows started in the window, newest first. Open = no outcome yet; failed = any outcome but completed. */
export async function listActivity(
  db: Kysely<Database>,
  q: ActivityWindow & { outcome?: ActivityOutcomeFilter | undefined; after?: ActivityPosition | undefined; limit: number },
): Promise<{ items: ActivityRow[]; next: ActivityPosition | null }> {
  let query = activityQuery(db, q).select(['id', 'created_at', 'finished_at', 'user_principal_name', 'eligibility', 'outcome', 'proven', 'ip_address']);
  if (q.outcome === 'open') query = query.where('outcome', 'is', null);
  else if (q.outcome === 'failed') query = query.where('outcome', 'is not', null).where('outcome', '!=', 'completed');
  else if (q.outcome) query = query.where('outcome', '=', q.outcome);
  const after = q.after;
  if (after) query = query.where('created_at', '<=', after.at);
  const skip = after?.seen ?? 0;
  const fetched = await query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(skip + q.limit + 1).execute();
  // Drop the rows of the cursor's own time that earlier pages returned (they sort first).
  let dropped = 0;
  const rows = fetched.filter((r) => !(after && r.created_at === after.at && dropped++ < skip));
  const page = rows.slice(0, q.limit);
  const last = page.at(-1);
  let next: ActivityPosition | null = null;
  if (rows.length > q.limit && last) {
    const sameTime = page.filter((r) => r.created_at === last.created_at).length;
    next = { at: last.created_at, seen: sameTime + (after && after.at === last.created_at ? skip : 0) };
  }
  const items = page.map(
    (r): ActivityRow => ({
      id: shortFlowId(r.id),
      startedAt: new Date(r.created_at),
      finishedAt: r.finished_at ? new Date(r.finished_at) : null,
      // Whatever was typed for an unknown account is not an account name (it may be a password).
      userPrincipalName: r.eligibility === 'unknown' ? null : r.user_principal_name,
      outcome: r.outcome,
      methodsProven: provenMethods(r.proven),
      ipAddress: r.ip_address,
    }),
  );
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
export async function activitySummary(db: Kysely<Database>, window: ActivityWindow): Promise<ActivitySummary> {
  const rows = await activityQuery(db, window)
    .select((eb) => ['outcome', eb.fn.countAll().as('n')])
    .groupBy('outcome')
    .execute();
  const summary: ActivitySummary = { started: 0, completed: 0, failed: 0, byReason: {} };
  for (const r of rows) {
    const n = Number(r.n);
    summary.started += n;
    if (r.outcome === 'completed') summary.completed += n;
    else if (r.outcome !== null) {
      summary.failed += n;
      summary.byReason[r.outcome] = n;
    }
  }
  return summary;
}
