import { AsyncLocalStorage } from 'node:async_hooks';
import type { JsonWebKey } from 'node:crypto';
import { randomToken } from '../../core/crypto.js';
import type { AppCertificate, AppStore, RegisteredApp } from '../apps/store.js';

/*
 * oidc-provider's clients, read from the app registrations (repos.apps) on every use, so a
 * disabled or deleted app stops at once. Client authentication is checked by client-auth.ts
 * before the library runs (secrets are stored as keyed hashes, which the library cannot compare);
 * that check leaves its verdict here for the duration of the request.
 */

export type ClientAuthMethod = 'client_secret_post' | 'client_secret_basic' | 'private_key_jwt' | 'none';

/** What client-auth.ts established for this request. */
export interface VerifiedClient {
  clientId: string;
  method: ClientAuthMethod;
  /** The stand-in the library sees instead of the real secret, for this request only (secret methods only; client-auth.ts). */
  nonce?: string;
}

export const verifiedClient = new AsyncLocalStorage<VerifiedClient | null>();

export const DEVICE_CODE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

/** Certificates usable now: not expired. */
export function liveCertificates(certs: AppCertificate[], now: Date): AppCertificate[] {
  return certs.filter((c) => c.expiresAt.getTime() > now.getTime());
}

/** A certificate's key as the client's JWKS holds it: kid and x5t are the SHA-1 thumbprint (Microsoft clients send x5t). */
export function certificateJwk(cert: AppCertificate): JsonWebKey & { kid: string; x5t: string } {
  const x5t = Buffer.from(cert.thumbprint, 'hex').toString('base64url');
  const { kty, n, e, crv, x, y } = cert.publicJwk;
  return { kty, n, e, crv, x, y, kid: x5t, x5t };
}

/** The client metadata oidc-provider gets for an app (undefined: no such enabled app). */
export async function clientMetadata(
  apps: Pick<AppStore, 'findByClientId' | 'certificatesOf'>,
  clientId: string,
  now: Date,
): Promise<Record<string, unknown> | undefined> {
  const app = await apps.findByClientId(clientId);
  if (!app || !app.enabled) return undefined;
  const verified = verifiedClient.getStore();
  const mine = verified && verified.clientId === app.clientId ? verified : null;
  return metadataOf(app, mine, mine?.method === 'private_key_jwt' ? liveCertificates(await apps.certificatesOf(app.id), now) : []);
}

function metadataOf(app: RegisteredApp, verified: VerifiedClient | null, certs: AppCertificate[]): Record<string, unknown> {
  const interactive = app.redirectUris.length > 0;
  const grantTypes = [...(interactive ? ['authorization_code'] : []), 'refresh_token', DEVICE_CODE_GRANT, ...(app.publicClient ? [] : ['client_credentials'])];
  const method: ClientAuthMethod = verified?.method ?? (app.publicClient ? 'none' : 'client_secret_basic');
  return {
    client_id: app.clientId,
    client_name: app.displayName,
    // Secret methods: the stand-in client-auth.ts verified against the stored hash; otherwise a fresh
    // random value that nothing can match (the library never compares against a stored secret).
    ...(method === 'client_secret_post' || method === 'client_secret_basic' ? { client_secret: verified?.nonce ?? randomToken(32) } : {}),
    token_endpoint_auth_method: method,
    ...(method === 'private_key_jwt' ? { jwks: { keys: certs.map(certificateJwk) }, token_endpoint_auth_signing_alg: 'RS256' } : {}),
    grant_types: grantTypes,
    response_types: interactive ? ['code'] : [],
    redirect_uris: app.redirectUris,
    post_logout_redirect_uris: app.redirectUris,
    // web accepts http(s) redirect URIs (loopback included); only custom schemes need native.
    application_type: app.redirectUris.every((u) => /^https?:/i.test(u)) ? 'web' : 'native',
  };
}
