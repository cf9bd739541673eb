import { decodeJwt, decodeProtectedHeader } from 'jose';
import { hmac } from '../../core/crypto.js';
import type { AppStore } from '../apps/store.js';
import { clientSecretMatches } from '../apps/secrets.js';
import { liveCertificates, type ClientAuthMethod, type VerifiedClient } from './clients.js';
import { aadsts } from './oauth-errors.js';

/*
 * Client authentication at the token and device-code endpoints, checked before oidc-provider runs
 * (issue 15). Client secrets are stored as keyed hashes (features/apps/secrets.ts), which the
 * library cannot compare, so: this module verifies the presented secret against the app's
 * unexpired hashes (constant time, checklist S7), then replaces it in the request the library
 * sees with a stand-in value and tells the client lookup (clients.ts) to expect
 * exactly that value. A wrong secret never gets a stand-in, so the library's own comparison fails
 * as well; the real secret never reaches the library or its client cache. Certificates
 * (private_key_jwt) are verified by the library against the app's unexpired certificates.
 */

export interface ClientAuthRefusal {
  status: number;
  error: string;
  code: number;
  text: string;
}

export interface ClientAuthResult {
  verified: VerifiedClient;
  /** The form body to hand the library (the secret replaced by the stand-in). */
  body: URLSearchParams;
  /** The Authorization header to hand the library, when the client used Basic. */
  authorization?: string;
}

const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/** Reads `Basic base64(urlencode(id):urlencode(secret))` (RFC 6749 §2.3.1). */
function basicCredentials(header: string | undefined): { id: string; secret: string } | null {
  const match = /^Basic\s+([A-Za-z0-9+/=_-]+)$/i.exec(header ?? '');
  if (!match) return null;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return null;
  try {
    const decode = (v: string) => decodeURIComponent(v.replace(/\+/g, '%20'));
    return { id: decode(decoded.slice(0, colon)), secret: decode(decoded.slice(colon + 1)) };
  } catch {
    return null;
  }
}

function assertionSubject(assertion: string): string | null {
  try {
    decodeProtectedHeader(assertion);
    const { sub, iss } = decodeJwt(assertion);
    return typeof sub === 'string' ? sub : typeof iss === 'string' ? iss : null;
  } catch {
    return null;
  }
}

/**
 * Checks who the client is and whether it may ask for a token now.
 * @returns the verdict to pass on, or a refusal in OAuth terms (invalid_client, unauthorized_client)
 */
export async function checkClient(
  deps: { apps: Pick<AppStore, 'findByClientId' | 'secretsOf' | 'certificatesOf'>; secret: string },
  input: { body: URLSearchParams; authorization: string | undefined; now: Date },
): Promise<ClientAuthResult | ClientAuthRefusal> {
  const { body, now } = input;
  const basic = basicCredentials(input.authorization);
  const assertion = body.get('client_assertion');
  let method: ClientAuthMethod;
  let clientId: string | null;
  let presented: string | null = null;
  if (basic) {
    method = 'client_secret_basic';
    clientId = basic.id;
    presented = basic.secret;
  } else if (assertion !== null) {
    method = 'private_key_jwt';
    clientId = body.get('client_id') ?? assertionSubject(assertion);
  } else if (body.get('client_secret') !== null) {
    method = 'client_secret_post';
    clientId = body.get('client_id');
    presented = body.get('client_secret');
  } else {
    method = 'none';
    clientId = body.get('client_id');
  }
  if (!clientId)
    return { status: 400, error: 'invalid_request', code: aadsts.invalidRequest, text: "The request body must contain the following parameter: 'client_id'." };
  const app = await deps.apps.findByClientId(clientId);
  if (!app) {
    return {
      status: 400,
      error: 'unauthorized_client',
      code: aadsts.appNotFound,
      text: `Application with identifier '${clientId}' was not found in the directory.`,
    };
  }
  if (!app.enabled)
    return { status: 400, error: 'unauthorized_client', code: aadsts.appDisabled, text: `Application '${clientId}'(${app.displayName}) is disabled.` };
  if (app.publicClient && method !== 'none') {
    return {
      status: 401,
      error: 'invalid_client',
      code: aadsts.publicClientSecret,
      text: "Client is public so neither 'client_assertion' nor 'client_secret' should be presented.",
    };
  }
  if (!app.publicClient && method === 'none') {
    return {
      status: 401,
      error: 'invalid_client',
      code: aadsts.missingCredential,
      text: "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
    };
  }
  if (body.get('grant_type') === 'client_credentials' && app.publicClient) {
    return {
      status: 400,
      error: 'unauthorized_client',
      code: aadsts.missingCredential,
      text: `The application '${clientId}' is a public client: it cannot use the client credentials grant.`,
    };
  }
  // App-only tokens only with admin consent (Entra: an app's application permissions need it).
  if (body.get('grant_type') === 'client_credentials' && !app.consentedAt) {
    return {
      status: 400,
      error: 'unauthorized_client',
      code: aadsts.noConsent,
      text: `The user or administrator has not consented to use the application with ID '${clientId}' named '${app.displayName}'. Send an interactive authorization request for this user and resource.`,
    };
  }
  const verified: VerifiedClient = { clientId: app.clientId, method };
  const out = new URLSearchParams(body);
  let authorization: string | undefined;
  if (presented !== null) {
    const secrets = await deps.apps.secretsOf(app.id);
    // Every stored hash is compared (no early exit), then the match's expiry decides.
    const matching = secrets.filter((s) => clientSecretMatches(deps.secret, presented, s.secretHash));
    if (!matching.length) {
      return {
        status: 401,
        error: 'invalid_client',
        code: aadsts.invalidSecret,
        text: `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${clientId}'.`,
      };
    }
    const live = matching.find((s) => s.expiresAt.getTime() > now.getTime());
    if (!live) {
      return {
        status: 401,
        error: 'invalid_client',
        code: aadsts.expiredSecret,
        text: `The provided client secret keys for app '${clientId}' are expired. Visit the admin centre to create new keys for your app.`,
      };
    }
    // The stand-in is derived from the server secret and the matched secret's id: unguessable, never sent
    // anywhere, and the same on every request, so the library's client cache is reused (token issuance is a hot path).
    verified.nonce = hmac(deps.secret, `oidc-client-secret-stand-in:${live.id}`);
    if (method === 'client_secret_post') out.set('client_secret', verified.nonce);
    else authorization = `Basic ${Buffer.from(`${encodeURIComponent(app.clientId)}:${encodeURIComponent(verified.nonce)}`).toString('base64')}`;
  }
  if (method === 'private_key_jwt') {
    if (body.get('client_assertion_type') !== ASSERTION_TYPE) {
      return { status: 400, error: 'invalid_request', code: aadsts.invalidRequest, text: `The client_assertion_type must be '${ASSERTION_TYPE}'.` };
    }
    if (!liveCertificates(await deps.apps.certificatesOf(app.id), now).length) {
      return {
        status: 401,
        error: 'invalid_client',
        code: aadsts.noCertificate,
        text: `The certificate used to sign the client assertion is not registered on application '${clientId}'.`,
      };
    }
  }
  return { verified, body: out, ...(authorization ? { authorization } : {}) };
}
