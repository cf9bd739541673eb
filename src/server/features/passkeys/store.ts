import type { Kysely, Selectable } from 'kysely';
import { iso } from '../../core/clock.js';
import type { Database, PasskeyCredentialTable } from '../../db/types.js';

/** A registered passkey as the feature uses it (public key and credential id in base64url). */
export interface StoredPasskey {
  id: string;
  credentialId: string;
  userId: string;
  publicKey: string;
  counter: number;
  transports: string[];
  aaguid: string;
  name: string;
  backedUp: boolean;
  createdAt: Date;
  lastUsedAt: Date | null;
}

export type ChallengePurpose = 'registration' | 'assertion';

export interface PasskeyStore {
  list(userId: string): Promise<StoredPasskey[]>;
  count(userId: string): Promise<number>;
  findByCredentialId(credentialId: string): Promise<StoredPasskey | undefined>;
  /** @returns false when the credential id is registered already (to anyone). */
  add(p: Omit<StoredPasskey, 'lastUsedAt' | 'createdAt'>, at: Date): Promise<boolean>;
  /** Removes one of the user's passkeys. @returns it, or undefined when the user has none by that id. */
  remove(userId: string, id: string): Promise<StoredPasskey | undefined>;
  /**
   * Records a use: the new counter and when. With a counter above zero only forward, so a cloned
   * authenticator's replayed counter loses the race (WebAuthn §6.1.1). @returns whether it was recorded.
   */
  recordUse(id: string, counter: number, at: Date): Promise<boolean>;
  /** Stores a challenge's hash; drops expired challenges on the way (they are worthless). */
  putChallenge(c: { challengeHash: string; purpose: ChallengePurpose; binding: string; createdAt: Date; expiresAt: Date }): Promise<void>;
  /**
   * Redeems a challenge: deletes it when it exists, matches purpose and binding and has not
   * expired. The delete is the claim, so of concurrent redemptions exactly one gets true (R6).
   */
  takeChallenge(c: { challengeHash: string; purpose: ChallengePurpose; binding: string; now: Date }): Promise<boolean>;
}

type Row = Selectable<PasskeyCredentialTable>;

const toPasskey = (r: Row): StoredPasskey => ({
  id: r.id,
  credentialId: r.credential_id,
  userId: r.user_id,
  publicKey: r.public_key,
  counter: Number(r.counter),
  transports: parseTransports(r.transports),
  aaguid: r.aaguid,
  name: r.name,
  backedUp: Number(r.backed_up) === 1,
  createdAt: new Date(r.created_at),
  lastUsedAt: r.last_used_at ? new Date(r.last_used_at) : null,
});

function parseTransports(json: string): string[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.filter((t): t is string => typeof t === 'string') : [];
  } catch {
    return [];
  }
}

export function createPasskeyStore(db: Kysely<Database>): PasskeyStore {
  return {
    async list(userId) {
      const rows = await db.selectFrom('passkey_credential').selectAll().where('user_id', '=', userId).orderBy('created_at').execute();
      return rows.map(toPasskey);
    },
    async count(userId) {
      const row = await db
        .selectFrom('passkey_credential')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('user_id', '=', userId)
        .executeTakeFirst();
      return Number(row?.n ?? 0);
    },
    async findByCredentialId(credentialId) {
      const row = await db.selectFrom('passkey_credential').selectAll().where('credential_id', '=', credentialId).executeTakeFirst();
      return row && toPasskey(row);
    },
    async add(p, at) {
      const result = await db
        .insertInto('passkey_credential')
        .values({
          id: p.id,
          credential_id: p.credentialId,
          user_id: p.userId,
          public_key: p.publicKey,
          counter: p.counter,
          transports: JSON.stringify(p.transports),
          aaguid: p.aaguid,
          name: p.name,
          backed_up: p.backedUp ? 1 : 0,
          created_at: iso(at),
          last_used_at: null,
        })
        .onConflict((oc) => oc.column('credential_id').doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
    },
    async remove(userId, id) {
      const row = await db.deleteFrom('passkey_credential').where('user_id', '=', userId).where('id', '=', id).returningAll().executeTakeFirst();
      return row && toPasskey(row);
    },
    async recordUse(id, counter, at) {
      const result = await db
        .updateTable('passkey_credential')
        .set({ counter, last_used_at: iso(at) })
        .where('id', '=', id)
        .where((eb) => (counter > 0 ? eb('counter', '<', counter) : eb('counter', '=', 0)))
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    async putChallenge(c) {
      await db.deleteFrom('passkey_challenge').where('expires_at', '<=', iso(c.createdAt)).execute();
      await db
        .insertInto('passkey_challenge')
        .values({ challenge_hash: c.challengeHash, purpose: c.purpose, binding: c.binding, created_at: iso(c.createdAt), expires_at: iso(c.expiresAt) })
        .execute();
    },
    async takeChallenge(c) {
      const row = await db
        .deleteFrom('passkey_challenge')
        .where('challenge_hash', '=', c.challengeHash)
        .where('purpose', '=', c.purpose)
        .where('binding', '=', c.binding)
        .where('expires_at', '>', iso(c.now))
        .returning('challenge_hash')
        .executeTakeFirst();
      return !!row;
    },
  };
}
