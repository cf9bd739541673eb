import type { Kysely } from 'kysely';
import { iso } from '../../core/clock.js';
import type { Database } from '../../db/types.js';

/*
 * Token signing keys (issue 15): one row per key, the private JWK sealed with the server secret
 * (core/crypto.ts seal, purpose 'oauth-signing-key'). Never throws HTTP errors.
 */

export interface SigningKeyRow {
  kid: string;
  alg: string;
  /** The public JWK as JSON. */
  publicJwk: string;
  /** The private JWK as JSON, sealed. */
  privateJwkSealed: string;
  createdAt: Date;
  /** When a newer key took over; null: the current key. */
  retiredAt: Date | null;
}

export interface SigningKeyStore {
  /** Every key, newest first. */
  list(): Promise<SigningKeyRow[]>;
  /**
   * Inserts the key unless one with its kid exists: several servers racing to create the same
   * rotation's key (same kid) end up with one row, and all read the winner's.
   * @returns whether this row was inserted
   */
  insertIfAbsent(key: SigningKeyRow): Promise<boolean>;
  /** Marks every other unretired key retired at `at` (a newer key took over). */
  retireOthers(kid: string, at: Date): Promise<void>;
  /** Deletes keys retired before `before` (no token they signed is still valid). */
  deleteRetiredBefore(before: Date): Promise<number>;
}

export function createSigningKeyStore(db: Kysely<Database>): SigningKeyStore {
  return {
    async list() {
      const rows = await db.selectFrom('oauth_signing_key').selectAll().orderBy('created_at', 'desc').orderBy('kid', 'desc').execute();
      return rows.map((r) => ({
        kid: r.kid,
        alg: r.alg,
        publicJwk: r.public_jwk,
        privateJwkSealed: r.private_jwk_sealed,
        createdAt: new Date(r.created_at),
        retiredAt: r.retired_at ? new Date(r.retired_at) : null,
      }));
    },
    async insertIfAbsent(key) {
      const result = await db
        .insertInto('oauth_signing_key')
        .values({
          kid: key.kid,
          alg: key.alg,
          public_jwk: key.publicJwk,
          private_jwk_sealed: key.privateJwkSealed,
          created_at: iso(key.createdAt),
          retired_at: key.retiredAt ? iso(key.retiredAt) : null,
        })
        .onConflict((oc) => oc.column('kid').doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
    },
    async retireOthers(kid, at) {
      await db
        .updateTable('oauth_signing_key')
        .set({ retired_at: iso(at) })
        .where('kid', '!=', kid)
        .where('retired_at', 'is', null)
        .execute();
    },
    async deleteRetiredBefore(before) {
      const result = await db.deleteFrom('oauth_signing_key').where('retired_at', '<', iso(before)).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
