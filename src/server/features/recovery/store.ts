import { sql, type Kysely, type Selectable } from 'kysely';
import type { Database, RecoveryCodeTable } from '../../db/types.js';
import { iso } from '../../core/clock.js';
import type { MethodKind } from '../../../shared/methods.js';
import type { Eligibility, FlowState, OfferedMethod, RecoveryFlow } from './flow.js';
import { createRecoveryDirectory, type RecoveryDirectory } from './profile-store.js';
import { createRecoveryReports, type RecoveryReports } from './report-store.js';
import { createRecoveryHotPath, type RecoveryHotPath } from './hot-store.js';
import { createRecoverySendPath, type FlowRow, type RecoverySendPath } from './send-store.js';
import { param, prepare } from '../../db/compiled.js';

/** Failed proofs, counted over a sliding 24 hours; the other limits use the shared fixed-window counters. */
export type AttemptKind = 'failure';

/** Flows, their codes, the per-subject counters and locks; plus what the portal and the report read of other features ({@link RecoveryDirectory}, {@link RecoveryReports}). */
export interface RecoveryStore extends RecoveryDirectory, RecoveryReports, RecoveryHotPath, RecoverySendPath {
  /** @returns false when the CAPTCHA key was already used (a replayed solution). */
  createFlow(
    flow: Omit<RecoveryFlow, 'failures' | 'version' | 'finishedAt' | 'outcome'> & { captchaKey: string; ipAddress: string | null; userAgent: string | null },
  ): Promise<boolean>;
  findFlow(id: string): Promise<RecoveryFlow | undefined>;
  /** Compare-and-set on the flow's version: exactly one of concurrent updates wins. `change` comes from `transition` (flow.ts). */
  updateFlow(
    id: string,
    version: number,
    change: Partial<Pick<RecoveryFlow, 'state' | 'proven' | 'questions' | 'failures' | 'outcome'>> & { finishedAt?: Date },
  ): Promise<boolean>;
  /** Counts a failed proof in the flow; @returns the flow's failures so far (the count survives new codes: checklist R9). */
  addFailure(id: string): Promise<number>;
  /** Ends a user's open flows (a password change by any path makes them stale; checklist R8c): flow.ts's `supersede`, for every open flow at once. */
  failOpenFlows(userId: string, outcome: string, at: Date): Promise<void>;
  addCode(code: { id: string; flowId: string; method: MethodKind; codeHash: string; createdAt: Date; expiresAt: Date }): Promise<void>;
  /** The newest unused, unexpired code of a method in a flow (a new code replaces older ones; R8d). */
  currentCode(flowId: string, method: MethodKind, now: Date): Promise<{ id: string; codeHash: string } | undefined>;
  /** Single use: exactly one of concurrent callers gets true (checklist R6). */
  consumeCode(id: string, now: Date): Promise<boolean>;
  voidCodes(flowId: string, method: MethodKind, at: Date): Promise<void>;
  recordAttempt(id: string, subject: string, kind: AttemptKind, at: Date): Promise<void>;
  countAttempts(subject: string, kind: AttemptKind | AttemptKind[], since: Date): Promise<number>;
  clearAttempts(subject: string): Promise<void>;
  lockedUntil(subject: string, now: Date): Promise<Date | null>;
  lock(subject: string, until: Date, reason: string): Promise<void>;
  unlock(subject: string): Promise<void>;
  deleteFlowsBefore(before: Date): Promise<number>;
  /** Ends flows left open past their lifetime as `abandoned` (flow.ts's `abandon`, in bulk; the report shows them as such). */
  abandonExpired(now: Date): Promise<number>;
}

export function toFlow(r: FlowRow): RecoveryFlow {
  return {
    id: r.id,
    subject: r.subject,
    userId: r.user_id,
    userPrincipalName: r.user_principal_name,
    eligibility: r.eligibility as Eligibility,
    state: r.state as FlowState,
    passwordStamp: r.password_stamp,
    methodsRequired: Number(r.methods_required),
    offered: JSON.parse(r.offered) as OfferedMethod[],
    proven: JSON.parse(r.proven) as MethodKind[],
    questions: JSON.parse(r.questions) as string[],
    failures: Number(r.failures),
    version: Number(r.version),
    locale: r.locale,
    createdAt: new Date(r.created_at),
    expiresAt: new Date(r.expires_at),
    finishedAt: r.finished_at ? new Date(r.finished_at) : null,
    outcome: r.outcome,
  };
}

// A code sent replaces the flow's earlier ones (R8d): the send step's two writes, compiled once (issue 16).
const insertCode = prepare<Selectable<RecoveryCodeTable>, never>((db) =>
  db.insertInto('recovery_code').values({
    id: param('id'),
    flow_id: param('flow_id'),
    method: param('method'),
    code_hash: param('code_hash'),
    created_at: param('created_at'),
    expires_at: param('expires_at'),
    used_at: param('used_at'),
  }),
);
const voidCodes = prepare<{ flowId: string; method: string; at: string }, never>((db) =>
  db
    .updateTable('recovery_code')
    .set({ used_at: param('at') })
    .where('flow_id', '=', param<string>('flowId'))
    .where('method', '=', param<string>('method'))
    .where('used_at', 'is', null),
);

export function createRecoveryStore(db: Kysely<Database>): RecoveryStore {
  return {
    ...createRecoveryDirectory(db),
    ...createRecoveryReports(db),
    ...createRecoveryHotPath(db),
    ...createRecoverySendPath(db),
    async createFlow(f) {
      const result = await db
        .insertInto('recovery_flow')
        .values({
          id: f.id,
          subject: f.subject,
          user_id: f.userId,
          user_principal_name: f.userPrincipalName,
          eligibility: f.eligibility,
          state: f.state,
          password_stamp: f.passwordStamp,
          methods_required: f.methodsRequired,
          offered: JSON.stringify(f.offered),
          proven: JSON.stringify(f.proven),
          questions: JSON.stringify(f.questions),
          locale: f.locale,
          ip_address: f.ipAddress,
          user_agent: f.userAgent,
          captcha_key: f.captchaKey,
          created_at: iso(f.createdAt),
          expires_at: iso(f.expiresAt),
          finished_at: null,
          outcome: null,
        })
        .onConflict((oc) => oc.column('captcha_key').doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1;
    },
    async findFlow(id) {
      const row = await db.selectFrom('recovery_flow').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toFlow(row);
    },
    async updateFlow(id, version, change) {
      const result = await db
        .updateTable('recovery_flow')
        .set({
          version: version + 1,
          ...(change.state !== undefined ? { state: change.state } : {}),
          ...(change.proven !== undefined ? { proven: JSON.stringify(change.proven) } : {}),
          ...(change.questions !== undefined ? { questions: JSON.stringify(change.questions) } : {}),
          ...(change.failures !== undefined ? { failures: change.failures } : {}),
          ...(change.outcome !== undefined ? { outcome: change.outcome } : {}),
          ...(change.finishedAt !== undefined ? { finished_at: iso(change.finishedAt) } : {}),
        })
        .where('id', '=', id)
        .where('version', '=', version)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    async addFailure(id) {
      // Not a change of state: the version stays, so a concurrent correct proof still completes its step.
      const row = await db
        .updateTable('recovery_flow')
        .set({ failures: sql`failures + 1` })
        .where('id', '=', id)
        .returning('failures')
        .executeTakeFirst();
      return row ? Number(row.failures) : Number.MAX_SAFE_INTEGER;
    },
    async failOpenFlows(userId, outcome, at) {
      await db
        .updateTable('recovery_flow')
        .set({ state: 'failed', outcome, finished_at: iso(at), version: sql`version + 1` })
        .where('user_id', '=', userId)
        .where('state', 'in', ['verify', 'password'])
        .execute();
    },
    async addCode(c) {
      await insertCode.run(db, {
        id: c.id,
        flow_id: c.flowId,
        method: c.method,
        code_hash: c.codeHash,
        created_at: iso(c.createdAt),
        expires_at: iso(c.expiresAt),
        used_at: null,
      });
    },
    async currentCode(flowId, method, now) {
      return db
        .selectFrom('recovery_code')
        .select(['id', 'code_hash as codeHash'])
        .where('flow_id', '=', flowId)
        .where('method', '=', method)
        .where('used_at', 'is', null)
        .where('expires_at', '>', iso(now))
        .orderBy('created_at', 'desc')
        .limit(1)
        .executeTakeFirst();
    },
    async consumeCode(id, now) {
      const result = await db
        .updateTable('recovery_code')
        .set({ used_at: iso(now) })
        .where('id', '=', id)
        .where('used_at', 'is', null)
        .where('expires_at', '>', iso(now))
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    async voidCodes(flowId, method, at) {
      await voidCodes.run(db, { flowId, method, at: iso(at) });
    },
    async recordAttempt(id, subject, kind, at) {
      await db
        .insertInto('recovery_attempt')
        .values({ id, subject, kind, at: iso(at) })
        .execute();
    },
    async countAttempts(subject, kind, since) {
      const kinds = Array.isArray(kind) ? kind : [kind];
      // `in ()` is valid SQLite but a syntax error on PostgreSQL: no kinds, nothing to count.
      if (kinds.length === 0) return 0;
      const row = await db
        .selectFrom('recovery_attempt')
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .where('subject', '=', subject)
        .where('kind', 'in', kinds)
        .where('at', '>', iso(since))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
    async clearAttempts(subject) {
      await db.deleteFrom('recovery_attempt').where('subject', '=', subject).execute();
    },
    async lockedUntil(subject, now) {
      const row = await db
        .selectFrom('recovery_lock')
        .select('locked_until')
        .where('subject', '=', subject)
        .where('locked_until', '>', iso(now))
        .executeTakeFirst();
      return row ? new Date(row.locked_until) : null;
    },
    async lock(subject, until, reason) {
      await db
        .insertInto('recovery_lock')
        .values({ subject, locked_until: iso(until), reason })
        .onConflict((oc) => oc.column('subject').doUpdateSet({ locked_until: iso(until), reason }))
        .execute();
    },
    async unlock(subject) {
      await db.deleteFrom('recovery_lock').where('subject', '=', subject).execute();
    },
    async abandonExpired(now) {
      const result = await db
        .updateTable('recovery_flow')
        .set({ state: 'failed', outcome: 'abandoned', finished_at: sql<string>`expires_at`, version: sql`version + 1` })
        .where('state', 'in', ['verify', 'password'])
        .where('expires_at', '<=', iso(now))
        .executeTakeFirst();
      return Number(result.numUpdatedRows);
    },
    async deleteFlowsBefore(before) {
      await db.deleteFrom('recovery_attempt').where('at', '<', iso(before)).execute();
      const result = await db.deleteFrom('recovery_flow').where('created_at', '<', iso(before)).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
