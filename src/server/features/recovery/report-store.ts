import { sql, type Kysely, type RawBuilder, type SqlBool } from 'kysely';
import { iso } from '../../core/clock.js';
import type { Database } from '../../db/types.js';
import { methodKinds, type MethodKind } from '../../../shared/methods.js';
import { identifierKey, sortKey } from '../users/model.js';
import { twoGate } from '../roles/role-sets.js';

/** The reset policy's registration rule as data, so the report can filter and page on it in SQL. */
export interface RegistrationRule {
  methodsRequired: number;
  /** Enabled method kinds other than security questions. */
  kinds: readonly MethodKind[];
  /** Current question ids when security questions are enabled, else null. */
  questionIds: readonly string[] | null;
  questionsToRegister: number;
}

export interface RegistrationRecord {
  id: string;
  userPrincipalName: string;
  displayName: string;
  upnKey: string;
  accountEnabled: boolean;
  confirmedAt: Date | null;
}

export interface ActivityRecord {
  id: string;
  createdAt: string;
  finishedAt: string | null;
  userPrincipalName: string | null;
  eligibility: string;
  outcome: string | null;
  proven: string;
  ipAddress: string | null;
}

export interface ActivityWindow {
  from: Date;
  to?: Date | undefined;
}

/** Open = no outcome yet; failed = any outcome but completed. */
export type OutcomeFilter = { kind: 'open' } | { kind: 'failed' } | { kind: 'is'; outcome: string };

/** Reports > Password reset's reads (reference §7.13); part of {@link RecoveryStore}. Portable across SQLite and PostgreSQL. */
export interface RecoveryReports {
  /** Users by UPN key then id, after a keyset position, filtered by a UPN or display-name prefix and by the rule. */
  registrationPage(q: {
    search?: string | undefined;
    registered?: { wanted: boolean; rule: RegistrationRule } | undefined;
    after?: { upnKey: string; id: string } | undefined;
    take: number;
  }): Promise<RegistrationRecord[]>;
  /** Flows started in the window, newest first (then by id), started at or before `atOrBefore`. */
  activityPage(q: ActivityWindow & { outcome?: OutcomeFilter | undefined; atOrBefore?: string | undefined; take: number }): Promise<ActivityRecord[]>;
  /** Flows started in the window, counted per outcome (null: still open). */
  activityCounts(window: ActivityWindow): Promise<{ outcome: string | null; count: number }[]>;
}

const nonQuestionKinds = methodKinds.filter((k) => k !== 'securityQuestions');

/**
 * The assessment's `registered` as SQL: admins (the two-gate roles) need two methods of any kind;
 * other users need the policy's number of enabled methods, at least one of them not security
 * questions. The numbers come from validated settings.
 */
function registeredSql(rule: RegistrationRule): RawBuilder<SqlBool> {
  const admin = sql`exists (select 1 from role_assignment ra where ra.user_id = app_user.id and ra.role_id in (${sql.join([...twoGate])}))`;
  const count = (kinds: readonly string[]) =>
    kinds.length ? sql`(select count(*) from auth_method am where am.user_id = app_user.id and am.kind in (${sql.join([...kinds])}))` : sql`0`;
  const ids = rule.questionIds ?? [];
  const answered = () => sql`(select count(*) from security_answer sa where sa.user_id = app_user.id and sa.question_id in (${sql.join([...ids])}))`;
  const questions = ids.length ? sql`case when ${answered()} >= ${sql.lit(rule.questionsToRegister)} then 1 else 0 end` : sql`0`;
  const methods = count(rule.kinds);
  return sql<SqlBool>`((${admin} and ${count(nonQuestionKinds)} >= 2) or (not ${admin} and ${methods} >= 1 and ${methods} + ${questions} >= ${sql.lit(rule.methodsRequired)}))`;
}

/** `%`, `_` and the escape character itself match literally. */
const likePrefix = (value: string) => `${value.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export function createRecoveryReports(db: Kysely<Database>): RecoveryReports {
  const activityQuery = (window: ActivityWindow) => {
    let query = db.selectFrom('recovery_flow').where('created_at', '>=', iso(window.from));
    if (window.to) query = query.where('created_at', '<', iso(window.to));
    return query;
  };
  return {
    async registrationPage(q) {
      let query = db
        .selectFrom('app_user')
        .leftJoin('security_info', 'security_info.user_id', 'app_user.id')
        .select([
          'app_user.id',
          'app_user.user_principal_name',
          'app_user.display_name',
          'app_user.upn_key',
          'app_user.account_enabled',
          'security_info.confirmed_at',
        ]);
      const search = q.search?.trim();
      if (search) {
        const upn = likePrefix(identifierKey(search));
        const name = likePrefix(sortKey(search));
        query = query.where(sql<SqlBool>`(app_user.upn_key like ${upn} escape '\\' or app_user.display_name_key like ${name} escape '\\')`);
      }
      if (q.registered) query = query.where(q.registered.wanted ? registeredSql(q.registered.rule) : sql<SqlBool>`not ${registeredSql(q.registered.rule)}`);
      const after = q.after;
      if (after)
        query = query.where((eb) =>
          eb.or([eb('app_user.upn_key', '>', after.upnKey), eb.and([eb('app_user.upn_key', '=', after.upnKey), eb('app_user.id', '>', after.id)])]),
        );
      const rows = await query.orderBy('app_user.upn_key').orderBy('app_user.id').limit(q.take).execute();
      return rows.map((r) => ({
        id: r.id,
        userPrincipalName: r.user_principal_name,
        displayName: r.display_name,
        upnKey: r.upn_key,
        accountEnabled: r.account_enabled === 1,
        confirmedAt: r.confirmed_at ? new Date(r.confirmed_at) : null,
      }));
    },

    async activityPage(q) {
      let query = activityQuery(q).select(['id', 'created_at', 'finished_at', 'user_principal_name', 'eligibility', 'outcome', 'proven', 'ip_address']);
      if (q.outcome?.kind === 'open') query = query.where('outcome', 'is', null);
      else if (q.outcome?.kind === 'failed') query = query.where('outcome', 'is not', null).where('outcome', '!=', 'completed');
      else if (q.outcome) query = query.where('outcome', '=', q.outcome.outcome);
      if (q.atOrBefore) query = query.where('created_at', '<=', q.atOrBefore);
      const rows = await query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(q.take).execute();
      return rows.map((r) => ({
        id: r.id,
        createdAt: r.created_at,
        finishedAt: r.finished_at,
        userPrincipalName: r.user_principal_name,
        eligibility: r.eligibility,
        outcome: r.outcome,
        proven: r.proven,
        ipAddress: r.ip_address,
      }));
    },

    async activityCounts(window) {
      const rows = await activityQuery(window)
        .select((eb) => ['outcome', eb.fn.countAll().as('n')])
        .groupBy('outcome')
        .execute();
      return rows.map((r) => ({ outcome: r.outcome, count: Number(r.n) }));
    },
  };
}
