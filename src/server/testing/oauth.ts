import type LightMyRequest from 'light-my-request';
import { addSeconds } from '../core/clock.js';
import { newId } from '../core/crypto.js';
import type { RegisteredApp } from '../features/apps/store.js';
import { hashClientSecret, newClientSecret } from '../features/apps/secrets.js';
import type { GraphAppPermission } from '../../shared/apps.js';
import type { RoleId } from '../../shared/roles.js';
import type { TestApp } from './test-app.js';

/*
 * OAuth test fixtures (issue 15): register an app directly in the store (test setup), get a real
 * token from the real token endpoint, and call the Graph surface with it.
 */

export interface TestAppOptions {
  name?: string;
  permissions: GraphAppPermission[];
  role?: RoleId;
  /** Admin consent (default true). */
  consent?: boolean;
  publicClient?: boolean;
  redirectUris?: string[];
  /** Lifetime of the client secret in days (default 180). */
  secretDays?: number;
}

/** Registers an app with one client secret (public clients get none: their clientSecret is ''). */
export async function registerTestApp(t: TestApp, opts: TestAppOptions): Promise<{ app: RegisteredApp; clientId: string; clientSecret: string }> {
  const now = t.clock.now();
  const app: RegisteredApp = {
    id: newId(),
    clientId: newId(),
    displayName: opts.name ?? 'Test app',
    permissions: opts.permissions,
    directoryRole: opts.role ?? null,
    redirectUris: opts.redirectUris ?? [],
    publicClient: opts.publicClient ?? false,
    enabled: true,
    consentedAt: opts.consent === false ? null : now,
    consentedBy: opts.consent === false ? null : 'test',
    createdAt: now,
    createdBy: null,
    updatedAt: now,
  };
  await t.repos.apps.create(app);
  let clientSecret = '';
  if (!app.publicClient) {
    clientSecret = newClientSecret();
    await t.repos.apps.addSecret({
      id: newId(),
      appId: app.id,
      displayName: 'test secret',
      hint: clientSecret.slice(0, 3),
      secretHash: hashClientSecret(t.config.secret!, clientSecret),
      createdAt: now,
      expiresAt: addSeconds(now, (opts.secretDays ?? 180) * 86_400),
    });
  }
  return { app, clientId: app.clientId, clientSecret };
}

/** The organisation's id (the tenant in token URLs). */
export async function tenantOf(t: TestApp): Promise<string> {
  const org = await t.repos.organization.get();
  if (!org) throw new Error('no organisation');
  return org.id;
}

/** POSTs a form to the token endpoint (client_secret_post unless the form says otherwise); the raw response. */
export async function tokenRequest(
  t: TestApp,
  form: Record<string, string>,
  headers: Record<string, string> = {},
  tenant?: string,
): Promise<LightMyRequest.Response> {
  return t.app.inject({
    method: 'POST',
    url: `/${tenant ?? (await tenantOf(t))}/oauth2/v2.0/token`,
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    payload: new URLSearchParams(form).toString(),
  });
}

/** An app-only access token by client credentials through the real token endpoint. @throws when the endpoint refuses */
export async function appToken(t: TestApp, creds: { clientId: string; clientSecret: string }, scope = 'https://graph.microsoft.com/.default'): Promise<string> {
  const res = await tokenRequest(t, { grant_type: 'client_credentials', client_id: creds.clientId, client_secret: creds.clientSecret, scope });
  if (res.statusCode !== 200) throw new Error(`token endpoint: ${res.statusCode} ${res.body}`);
  return res.json<{ access_token: string }>().access_token;
}

/** A Graph request with `Authorization: Bearer <token>` (url relative to the server, e.g. /graph/v1.0/users). */
export async function graphAs(
  t: TestApp,
  token: string,
  method: string,
  url: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<LightMyRequest.Response> {
  return t.app.inject({
    method: method as 'GET',
    url,
    headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
    ...(body !== undefined ? { payload: JSON.stringify(body) } : {}),
  });
}
