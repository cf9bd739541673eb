import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import { iso } from '../../core/clock.js';
import type { MethodKind } from '../../../shared/methods.js';
import { toStoredMethod, type StoredMethod } from '../verification/stored-method.js';

export interface PendingVerification {
  id: string;
  userId: string;
  kind: MethodKind;
  value: string;
  codeHash: string | null;
  attempts: number;
  expiresAt: Date;
  usedAt: Date | null;
}

/** Security info (reference §7.4-7.6): registered methods, hashed security answers, pending verifications. */
export interface SecurityInfoStore {
  methods(userId: string): Promise<StoredMethod[]>;
  /** Adds or replaces the user's method of that kind (one per kind). */
  putMethod(method: { id: string; userId: string; kind: MethodKind; value: string }, at: Date): Promise<void>;
  removeMethod(userId: string, id: string): Promise<StoredMethod | undefined>;
  /** Moves the accepted TOTP step forward; false when `step` is not newer (a replayed code; checklist R23). */
  advanceTotpStep(methodId: string, step: number): Promise<boolean>;
  answers(userId: string): Promise<{ questionId: string; answerHash: string; createdAt: Date }[]>;
  replaceAnswers(userId: string, answers: { questionId: string; answerHash: string }[], at: Date): Promise<void>;
  removeAnswers(userId: string): Promise<number>;
  confirmedAt(userId: string): Promise<Date | null>;
  markConfirmed(userId: string, at: Date): Promise<void>;
  createVerification(v: {
    id: string;
    userId: string;
    kind: MethodKind;
    value: string;
    codeHash: string | null;
    createdAt: Date;
    expiresAt: Date;
  }): Promise<void>;
  findVerification(id: string): Promise<PendingVerification | undefined>;
  /**
   * Takes one of `max` tries before a code is compared, atomically, so concurrent guesses can't
   * get more than `max` between them (checklist R9, R6). @returns the tries taken including this
   * one, or null when none is left (or the verification is used or gone).
   */
  claimAttempt(id: string, max: number): Promise<number | null>;
  /** Single use: exactly one of concurrent callers gets true (checklist R6). */
  consumeVerification(id: string, now: Date): Promise<boolean>;
  /** Drops a user's unused verifications of a kind (a new request supersedes them). */
  dropVerifications(userId: string, kind: MethodKind): Promise<void>;
}

export function createSecurityInfoStore(db: Kysely<Database>): SecurityInfoStore {
  return {
    async methods(userId) {
      const rows = await db.selectFrom('auth_method').selectAll().where('user_id', '=', userId).orderBy('created_at').execute();
      return rows.map(toStoredMethod);
    },
    async putMethod(m, at) {
      await db.deleteFrom('auth_method').where('user_id', '=', m.userId).where('kind', '=', m.kind).execute();
      await db
        .insertInto('auth_method')
        .values({ id: m.id, user_id: m.userId, kind: m.kind, value: m.value, created_at: iso(at), last_totp_step: null })
        .execute();
    },
    async removeMethod(userId, id) {
      const row = await db.deleteFrom('auth_method').where('user_id', '=', userId).where('id', '=', id).returningAll().executeTakeFirst();
      return row && { ...toStoredMethod(row), lastTotpStep: null };
    },
    async advanceTotpStep(methodId, step) {
      const result = await db
        .updateTable('auth_method')
        .set({ last_totp_step: step })
        .where('id', '=', methodId)
        .where((eb) => eb.or([eb('last_totp_step', 'is', null), eb('last_totp_step', '<', step)]))
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    async answers(userId) {
      const rows = await db.selectFrom('security_answer').selectAll().where('user_id', '=', userId).execute();
      return rows.map((r) => ({ questionId: r.question_id, answerHash: r.answer_hash, createdAt: new Date(r.created_at) }));
    },
    async replaceAnswers(userId, answers, at) {
      await db.deleteFrom('security_answer').where('user_id', '=', userId).execute();
      if (answers.length) {
        await db
          .insertInto('security_answer')
          .values(answers.map((a) => ({ user_id: userId, question_id: a.questionId, answer_hash: a.answerHash, created_at: iso(at) })))
          .execute();
      }
    },
    async removeAnswers(userId) {
      const result = await db.deleteFrom('security_answer').where('user_id', '=', userId).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
    async confirmedAt(userId) {
      const row = await db.selectFrom('security_info').select('confirmed_at').where('user_id', '=', userId).executeTakeFirst();
      return row ? new Date(row.confirmed_at) : null;
    },
    async markConfirmed(userId, at) {
      await db
        .insertInto('security_info')
        .values({ user_id: userId, confirmed_at: iso(at) })
        .onConflict((oc) => oc.column('user_id').doUpdateSet({ confirmed_at: iso(at) }))
        .execute();
    },
    async createVerification(v) {
      await db
        .insertInto('method_verification')
        .values({
          id: v.id,
          user_id: v.userId,
          kind: v.kind,
          value: v.value,
          code_hash: v.codeHash,
          created_at: iso(v.createdAt),
          expires_at: iso(v.expiresAt),
          used_at: null,
        })
        .execute();
    },
    async findVerification(id) {
      const r = await db.selectFrom('method_verification').selectAll().where('id', '=', id).executeTakeFirst();
      return (
        r && {
          id: r.id,
          userId: r.user_id,
          kind: r.kind as MethodKind,
          value: r.value,
          codeHash: r.code_hash,
          attempts: r.attempts,
          expiresAt: new Date(r.expires_at),
          usedAt: r.used_at ? new Date(r.used_at) : null,
        }
      );
    },
    async claimAttempt(id, max) {
      const row = await db
        .updateTable('method_verification')
        .set({ attempts: sql`attempts + 1` })
        .where('id', '=', id)
        .where('attempts', '<', max)
        .where('used_at', 'is', null)
        .returning('attempts')
        .executeTakeFirst();
      return row ? Number(row.attempts) : null;
    },
    async consumeVerification(id, now) {
      const result = await db
        .updateTable('method_verification')
        .set({ used_at: iso(now) })
        .where('id', '=', id)
        .where('used_at', 'is', null)
        .where('expires_at', '>', iso(now))
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    async dropVerifications(userId, kind) {
      await db.deleteFrom('method_verification').where('user_id', '=', userId).where('kind', '=', kind).where('used_at', 'is', null).execute();
    },
  };
}
