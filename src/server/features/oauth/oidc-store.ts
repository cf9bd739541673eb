import type { Kysely } from 'kysely';
import { iso } from '../../core/clock.js';
import type { Database } from '../../db/types.js';

/*
 * The authorisation server's short-lived state (issue 15): oidc-provider's models (authorization
 * codes, device codes, grants, sessions, interactions, refresh tokens, opaque access tokens,
 * replay detection), one row per model instance, as its adapter contract asks. Never throws
 * HTTP errors. Expiry times come from the library's own clock (it checks `exp` itself).
 */

export interface OidcRecord {
  payload: Record<string, unknown>;
  expiresAt: Date | null;
}

export interface OidcStore {
  upsert(model: string, id: string, payload: Record<string, unknown>, expiresAt: Date | null): Promise<void>;
  /** The record, unless it has expired by `now`. */
  find(model: string, id: string, now: Date): Promise<OidcRecord | undefined>;
  findByUserCode(model: string, userCode: string, now: Date): Promise<OidcRecord | undefined>;
  findByUid(model: string, uid: string, now: Date): Promise<OidcRecord | undefined>;
  /**
   * Marks the record consumed, once: codes and refresh tokens are single-use, and of two
   * concurrent exchanges only one may win (ARCHITECTURE: single-use secrets are consumed in the statement that checks them).
   * @returns false when it was consumed already (or is gone)
   */
  consume(model: string, id: string, at: Date): Promise<boolean>;
  destroy(model: string, id: string): Promise<void>;
  /** Deletes every record of the grant, in every model (revocation ends codes and tokens together). */
  revokeByGrantId(grantId: string): Promise<void>;
  /** Deletes records expired before `now`. */
  purgeExpired(now: Date): Promise<number>;
}

export function createOidcStore(db: Kysely<Database>): OidcStore {
  const live = () => db.selectFrom('oidc_payload').select(['payload', 'expires_at', 'consumed_at']);
  const toRecord = (row: { payload: string; expires_at: string | null; consumed_at: string | null } | undefined, now: Date): OidcRecord | undefined => {
    if (!row) return undefined;
    if (row.expires_at && row.expires_at <= iso(now)) return undefined;
    const payload = JSON.parse(row.payload) as Record<string, unknown>;
    if (row.consumed_at) payload.consumed = Math.floor(new Date(row.consumed_at).getTime() / 1000);
    return { payload, expiresAt: row.expires_at ? new Date(row.expires_at) : null };
  };
  return {
    async upsert(model, id, payload, expiresAt) {
      const values = {
        id,
        model,
        payload: JSON.stringify(payload),
        grant_id: typeof payload.grantId === 'string' ? payload.grantId : null,
        user_code: typeof payload.userCode === 'string' ? payload.userCode : null,
        uid: typeof payload.uid === 'string' ? payload.uid : null,
        expires_at: expiresAt ? iso(expiresAt) : null,
      };
      await db
        .insertInto('oidc_payload')
        .values({ ...values, consumed_at: null })
        .onConflict((oc) =>
          oc.columns(['model', 'id']).doUpdateSet({
            payload: values.payload,
            grant_id: values.grant_id,
            user_code: values.user_code,
            uid: values.uid,
            expires_at: values.expires_at,
          }),
        )
        .execute();
    },
    async find(model, id, now) {
      return toRecord(await live().where('model', '=', model).where('id', '=', id).executeTakeFirst(), now);
    },
    async findByUserCode(model, userCode, now) {
      return toRecord(await live().where('model', '=', model).where('user_code', '=', userCode).executeTakeFirst(), now);
    },
    async findByUid(model, uid, now) {
      return toRecord(await live().where('model', '=', model).where('uid', '=', uid).executeTakeFirst(), now);
    },
    async consume(model, id, at) {
      const result = await db
        .updateTable('oidc_payload')
        .set({ consumed_at: iso(at) })
        .where('model', '=', model)
        .where('id', '=', id)
        .where('consumed_at', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },
    async destroy(model, id) {
      await db.deleteFrom('oidc_payload').where('model', '=', model).where('id', '=', id).execute();
    },
    async revokeByGrantId(grantId) {
      await db.deleteFrom('oidc_payload').where('grant_id', '=', grantId).execute();
    },
    async purgeExpired(now) {
      const result = await db.deleteFrom('oidc_payload').where('expires_at', '<', iso(now)).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
