import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import { iso } from '../../core/clock.js';

/**
 * Sign-in MFA state per user (migration 0015): the second-factor tries in a row and the MFA lock
 * (checklist L9, L7), Graph's forceChangePasswordNextSignInWithMfa, and remembered devices.
 */
export interface MfaStore {
  /**
   * Takes one try before a proof is compared, atomically, so concurrent guesses share the
   * threshold (like the lockout claims, L7). A lock that has run out starts a fresh count.
   * @returns the tries in a row including this one, or null when the MFA step is locked at `now`.
   */
  claimAttempt(userId: string, threshold: number, now: Date): Promise<number | null>;
  /** A right proof: the count starts again. */
  settleSuccess(userId: string): Promise<void>;
  /** Locks the MFA step until `until` (after the threshold's wrong proof). */
  lock(userId: string, until: Date): Promise<void>;
  /** When the MFA step is locked until, or null. */
  lockedUntil(userId: string, now: Date): Promise<Date | null>;
  /** An admin's unlock (and a password reset by an admin). */
  unlock(userId: string): Promise<void>;
  forceMfaBeforeChange(userId: string): Promise<boolean>;
  setForceMfaBeforeChange(userId: string, value: boolean): Promise<void>;
  rememberDevice(device: { tokenHash: string; userId: string; deviceHash: string; createdAt: Date; expiresAt: Date }): Promise<void>;
  /** Whether this token hash is a live remembered device of this user on this browser, remembered after `createdAfter`. */
  isRemembered(input: { tokenHash: string; userId: string; deviceHash: string; now: Date; createdAfter: Date }): Promise<boolean>;
  /** Forgets every remembered device of the user (password change or reset, an admin). @returns how many. */
  forgetDevices(userId: string): Promise<number>;
  deleteExpiredDevices(now: Date): Promise<number>;
  /** Whether the user is a direct member of the group (the policy's "one group"). */
  inGroup(userId: string, groupId: string): Promise<boolean>;
}

export function createMfaStore(db: Kysely<Database>): MfaStore {
  const ensure = (userId: string) =>
    db
      .insertInto('mfa_account')
      .values({ user_id: userId })
      .onConflict((oc) => oc.column('user_id').doNothing())
      .execute();
  return {
    async claimAttempt(userId, threshold, now) {
      await ensure(userId);
      const at = iso(now);
      const lapsed = sql<boolean>`locked_until is not null and locked_until <= ${at}`;
      const row = await db
        .updateTable('mfa_account')
        .set({
          attempts: sql`case when ${lapsed} then 1 else attempts + 1 end`,
          locked_until: sql`case when ${lapsed} then null else locked_until end`,
        })
        .where('user_id', '=', userId)
        .where((eb) =>
          eb.or([
            eb.and([eb('locked_until', 'is not', null), eb('locked_until', '<=', at)]),
            eb.and([eb('locked_until', 'is', null), eb('attempts', '<', threshold)]),
          ]),
        )
        .returning('attempts')
        .executeTakeFirst();
      return row ? Number(row.attempts) : null;
    },
    async settleSuccess(userId) {
      await db.updateTable('mfa_account').set({ attempts: 0, locked_until: null }).where('user_id', '=', userId).execute();
    },
    async lock(userId, until) {
      await db
        .updateTable('mfa_account')
        .set({ locked_until: iso(until) })
        .where('user_id', '=', userId)
        .execute();
    },
    async lockedUntil(userId, now) {
      const row = await db.selectFrom('mfa_account').select('locked_until').where('user_id', '=', userId).executeTakeFirst();
      return row?.locked_until && row.locked_until > iso(now) ? new Date(row.locked_until) : null;
    },
    async unlock(userId) {
      await db.updateTable('mfa_account').set({ attempts: 0, locked_until: null }).where('user_id', '=', userId).execute();
    },
    async forceMfaBeforeChange(userId) {
      const row = await db.selectFrom('mfa_account').select('force_mfa_before_change').where('user_id', '=', userId).executeTakeFirst();
      return Number(row?.force_mfa_before_change ?? 0) === 1;
    },
    async setForceMfaBeforeChange(userId, value) {
      if (value) await ensure(userId);
      await db
        .updateTable('mfa_account')
        .set({ force_mfa_before_change: value ? 1 : 0 })
        .where('user_id', '=', userId)
        .execute();
    },
    async rememberDevice(d) {
      await db
        .insertInto('mfa_remembered_device')
        .values({ token_hash: d.tokenHash, user_id: d.userId, device_hash: d.deviceHash, created_at: iso(d.createdAt), expires_at: iso(d.expiresAt) })
        .execute();
    },
    async isRemembered({ tokenHash, userId, deviceHash, now, createdAfter }) {
      const row = await db
        .selectFrom('mfa_remembered_device')
        .select('token_hash')
        .where('token_hash', '=', tokenHash)
        .where('user_id', '=', userId)
        .where('device_hash', '=', deviceHash)
        .where('expires_at', '>', iso(now))
        .where('created_at', '>', iso(createdAfter))
        .executeTakeFirst();
      return row !== undefined;
    },
    async forgetDevices(userId) {
      const result = await db.deleteFrom('mfa_remembered_device').where('user_id', '=', userId).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
    async deleteExpiredDevices(now) {
      const result = await db.deleteFrom('mfa_remembered_device').where('expires_at', '<=', iso(now)).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
    async inGroup(userId, groupId) {
      const row = await db.selectFrom('group_member').select('user_id').where('group_id', '=', groupId).where('user_id', '=', userId).executeTakeFirst();
      return row !== undefined;
    },
  };
}
