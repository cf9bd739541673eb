import { createPublicKey, generateKeyPair, type JsonWebKey, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import type { Clock } from '../../core/clock.js';
import { hmac, seal, sha256, unseal } from '../../core/crypto.js';
import type { SigningKeyRow, SigningKeyStore } from './key-store.js';

/*
 * Token signing keys (issue 15): RS256 keys kept in the database, the private part sealed with
 * the server secret (checklist S4: no secret in clear at rest), rotated every `rotationDays`.
 * A retired key stays published in the JWKS, and accepted by bearer authentication, until every
 * token it signed has expired; then it is deleted. Several servers share one database, so a new
 * key's kid is derived from the key it replaces: servers racing to rotate insert the same kid,
 * one row wins (insert ... on conflict do nothing) and all of them read the winner's key.
 */

const generate = promisify(generateKeyPair);
const SEAL_PURPOSE = 'oauth-signing-key';
/** How long a server trusts its copy of the key list before reading it again. */
const CACHE_MS = 60_000;
/** A token with an unknown kid makes a server re-read the keys at most this often (another server may have rotated). */
const RELOAD_MS = 5_000;

export interface SigningKey {
  kid: string;
  privateJwk: JsonWebKey & { kid: string; alg: string; use: string };
  publicKey: KeyObject;
  createdAt: Date;
  retiredAt: Date | null;
}

export interface KeySet {
  /** Changes whenever the published keys change (the provider is rebuilt then). */
  version: string;
  /** The key new tokens are signed with. */
  current: SigningKey;
  /** Every published key, current first. */
  published: SigningKey[];
}

export interface SigningKeys {
  /** The keys now, rotating first when the current key is due. */
  keySet(): Promise<KeySet>;
  /** The public key for a token's kid, if it is published; an unknown kid re-reads the keys (rate-limited). */
  verificationKey(kid: string): Promise<KeyObject | undefined>;
}

/** The signing keys of one server over the shared store. */
export function createSigningKeys(deps: { store: SigningKeyStore; clock: Clock; secret: string; rotationDays: number; maxTokenSeconds: number }): SigningKeys {
  const { store, clock, secret } = deps;
  const rotationMs = deps.rotationDays * 86_400_000;
  // A retired key is published while tokens it signed may live, plus five minutes of clock skew.
  const publishMs = (deps.maxTokenSeconds + 300) * 1000;
  let cached: { set: KeySet; at: number } | null = null;
  let loading: Promise<KeySet> | null = null;

  function fromRow(row: SigningKeyRow): SigningKey {
    const privateJwk = JSON.parse(unseal(secret, SEAL_PURPOSE, row.privateJwkSealed)) as SigningKey['privateJwk'];
    return {
      kid: row.kid,
      privateJwk,
      publicKey: createPublicKey({ key: JSON.parse(row.publicJwk) as JsonWebKey, format: 'jwk' }),
      createdAt: row.createdAt,
      retiredAt: row.retiredAt,
    };
  }

  async function create(kid: string, now: Date): Promise<void> {
    const { privateKey, publicKey } = await generate('rsa', { modulusLength: 2048 });
    const base = { kid, alg: 'RS256', use: 'sig' };
    const privateJwk = { ...privateKey.export({ format: 'jwk' }), ...base };
    const publicJwk = { ...publicKey.export({ format: 'jwk' }), ...base };
    await store.insertIfAbsent({
      kid,
      alg: 'RS256',
      publicJwk: JSON.stringify(publicJwk),
      privateJwkSealed: seal(secret, SEAL_PURPOSE, JSON.stringify(privateJwk)),
      createdAt: now,
      retiredAt: null,
    });
    // Idempotent: a server that lost the race retires the same keys.
    await store.retireOthers(kid, now);
  }

  async function load(): Promise<KeySet> {
    const now = clock.now();
    let rows = await store.list();
    const current = rows.find((r) => !r.retiredAt);
    if (!current || now.getTime() - current.createdAt.getTime() >= rotationMs) {
      // The next kid follows from the key it replaces (see above); the first from the server secret.
      const kid = sha256(current ? `next:${current.kid}` : `first:${hmac(secret, 'oauth-first-signing-key')}`).slice(0, 22);
      await create(kid, now);
      await store.deleteRetiredBefore(new Date(now.getTime() - publishMs - 86_400_000));
      rows = await store.list();
    }
    const live = rows.filter((r) => !r.retiredAt || r.retiredAt.getTime() + publishMs > now.getTime());
    const published = live.map(fromRow);
    const head = published.find((k) => !k.retiredAt) ?? published[0];
    if (!head) throw new Error('no signing key');
    const ordered = [head, ...published.filter((k) => k !== head)];
    const set = { version: ordered.map((k) => k.kid).join(','), current: head, published: ordered };
    cached = { set, at: now.getTime() };
    return set;
  }

  async function keySet(): Promise<KeySet> {
    const now = clock.now().getTime();
    // A clock moved backwards (tests) also reloads.
    if (cached && now >= cached.at && now - cached.at < CACHE_MS && now - cached.set.current.createdAt.getTime() < rotationMs) return cached.set;
    loading ??= load().finally(() => (loading = null));
    return loading;
  }

  return {
    keySet,
    async verificationKey(kid) {
      let set = await keySet();
      let key = set.published.find((k) => k.kid === kid);
      if (!key && cached && clock.now().getTime() - cached.at >= RELOAD_MS) {
        cached = null;
        set = await keySet();
        key = set.published.find((k) => k.kid === kid);
      }
      return key?.publicKey;
    },
  };
}
