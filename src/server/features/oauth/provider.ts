import { Provider, errors, type KoaContextWithOIDC } from 'oidc-provider';
import type { Clock } from '../../core/clock.js';
import { hmac } from '../../core/crypto.js';
import type { Repos } from '../../db/repos.js';
import { GRAPH_RESOURCE, LATCHKEY_RESOURCE, graphAppPermissions } from '../../../shared/apps.js';
import { adapterClass } from './adapter.js';
import { accessTokenCustomizer, findAccount } from './claims.js';
import type { KeySet } from './keys.js';
import { addMicrosoftResponseFields } from './responses.js';

/*
 * The OAuth 2.0 / OpenID Connect server (issue 15): oidc-provider (certified, panva) configured
 * for Microsoft's endpoint layout and token shapes. One Provider per issuer origin and key set;
 * all state lives in the database (adapter.ts), so instances are cheap to replace.
 */

/** Paths under `/{tenant}` (Microsoft identity platform v2 layout). */
export const OAUTH_ROUTES = {
  authorization: '/oauth2/v2.0/authorize',
  token: '/oauth2/v2.0/token',
  device_authorization: '/oauth2/v2.0/devicecode',
  code_verification: '/oauth2/v2.0/deviceauth',
  end_session: '/oauth2/v2.0/logout',
  revocation: '/oauth2/v2.0/revoke',
  jwks: '/discovery/v2.0/keys',
  userinfo: '/oidc/userinfo',
} as const;

/** The scope values a resource accepts: `.default` and the full names of Graph's permissions. */
function resourceScopes(resource: string): string {
  const names = resource === GRAPH_RESOURCE ? ['User.Read', ...graphAppPermissions] : ['access_as_user'];
  return ['.default', ...names].map((n) => `${resource}/${n}`).join(' ');
}

/** The resource a request's scope names (`https://graph.microsoft.com/.default` → Graph), if any. */
export function resourceOfScope(scope: unknown): string | undefined {
  for (const s of typeof scope === 'string' ? scope.split(' ') : []) {
    for (const resource of [GRAPH_RESOURCE, LATCHKEY_RESOURCE]) if (s.startsWith(`${resource}/`)) return resource;
  }
  return undefined;
}

/** Extensions the interactive side (H2's interactions.ts, device-pages.ts, end-session.ts) plugs in. */
export interface ProviderExtensions {
  interactionUrl?: (ctx: KoaContextWithOIDC, interaction: { uid: string }) => string;
  interactionPolicy?: unknown;
  loadExistingGrant?: (ctx: KoaContextWithOIDC) => Promise<unknown>;
  deviceFlowPages?: Record<string, unknown>;
  logoutPages?: Record<string, unknown>;
  /** The provider's error page (Latchkey's look, en/nl) instead of the library's default. */
  renderError?: (ctx: KoaContextWithOIDC, out: { error?: string }, error: unknown) => Promise<void>;
  middleware?: ((ctx: KoaContextWithOIDC, next: () => Promise<void>) => Promise<void>)[];
}

export interface ProviderDeps {
  repos: Repos;
  clock: Clock;
  secret: string;
  accessTokenSeconds: number;
  /** Trust X-Forwarded-Proto (only behind configured proxies). */
  proxy: boolean;
  extensions: ProviderExtensions;
}

/** A provider for one issuer (`<origin>/<organisationId>/v2.0`) signing with `keys.current`. */
export function createProvider(issuer: string, keys: KeySet, deps: ProviderDeps): Provider {
  const { extensions: ext } = deps;
  const info = (resource: string) => ({
    audience: resource,
    scope: resourceScopes(resource),
    accessTokenFormat: 'jwt',
    accessTokenTTL: deps.accessTokenSeconds,
    jwt: { sign: { alg: 'RS256', kid: keys.current.kid } },
  });
  const provider = new Provider(issuer, {
    adapter: adapterClass(deps),
    clients: [],
    findAccount: findAccount(deps),
    claims: {
      openid: ['sub'],
      profile: ['name', 'preferred_username', 'given_name', 'family_name', 'oid'],
      email: ['email'],
    },
    scopes: ['openid', 'offline_access', 'profile', 'email'],
    // The authorization code flow only (no implicit or hybrid responses, RFC 9700 §2.1.2).
    responseTypes: ['code'],
    clientAuthMethods: ['client_secret_basic', 'client_secret_post', 'private_key_jwt', 'none'],
    // Cookies of the authorisation server's own session and interactions, signed with a key derived from the server secret.
    cookies: {
      keys: [hmac(deps.secret, 'oidc-provider-cookies')],
      names: { session: 'latchkey_oidc_session', interaction: 'latchkey_oidc_interaction', resume: 'latchkey_oidc_resume' },
      long: { httpOnly: true, sameSite: 'lax', signed: true },
      short: { httpOnly: true, sameSite: 'lax', signed: true },
    },
    features: {
      devInteractions: { enabled: false },
      pushedAuthorizationRequests: { enabled: false },
      clientCredentials: { enabled: true },
      revocation: { enabled: true },
      userinfo: { enabled: true },
      deviceFlow: { enabled: true, ...(ext.deviceFlowPages ?? {}) },
      rpInitiatedLogout: { enabled: true, ...(ext.logoutPages ?? {}) },
      resourceIndicators: {
        enabled: true,
        // MSAL never sends `resource`: the resource follows from the scope, as in Entra v2.
        defaultResource: (ctx: KoaContextWithOIDC, _client: unknown, oneOf?: string[]) => {
          const fromScope = resourceOfScope(ctx.oidc.params?.scope);
          if (oneOf) return oneOf.find((r) => r.replace(/\/+$/, '') === fromScope) ?? oneOf[0];
          return fromScope;
        },
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx: KoaContextWithOIDC, identifier: string) => {
          // `https://graph.microsoft.com/` (with the slash) names the same resource.
          const resource = identifier.replace(/\/+$/, '');
          if (resource === GRAPH_RESOURCE || resource === LATCHKEY_RESOURCE) return info(resource);
          throw new errors.InvalidTarget!(`resource '${identifier}' is not known here`);
        },
      },
    },
    formats: { customizers: { jwt: accessTokenCustomizer(deps) } },
    interactions: {
      url: ext.interactionUrl ?? ((_ctx: unknown, interaction: { uid: string }) => `/oauth/interaction/${interaction.uid}`),
      ...(ext.interactionPolicy ? { policy: ext.interactionPolicy } : {}),
    },
    ...(ext.loadExistingGrant ? { loadExistingGrant: ext.loadExistingGrant } : {}),
    ...(ext.renderError ? { renderError: ext.renderError } : {}),
    // A delegated grant (code or device) gets a refresh token as in Entra: MSAL asks for offline_access without
    // prompt=consent, which the library would otherwise drop (OIDC Core §11 asks consent; admin consent is Latchkey's).
    issueRefreshToken: (_ctx: unknown, client: { grantTypeAllowed: (type: string) => boolean }, code: { kind: string }) =>
      client.grantTypeAllowed('refresh_token') && (code.kind === 'AuthorizationCode' || code.kind === 'DeviceCode'),
    jwks: { keys: keys.published.map((k) => k.privateJwk) },
    // S256 only; required for public clients (RFC 9700 §2.1.1), optional for confidential ones as in Entra.
    pkce: { methods: ['S256'], required: (_ctx: unknown, client: { clientAuthMethod: string }) => client.clientAuthMethod === 'none' },
    routes: OAUTH_ROUTES,
    ttl: {
      AccessToken: deps.accessTokenSeconds,
      ClientCredentials: deps.accessTokenSeconds,
      IdToken: 3600,
      AuthorizationCode: 600,
      DeviceCode: 900,
      Interaction: 3600,
      Grant: 14 * 86_400,
      Session: 14 * 86_400,
      RefreshToken: 14 * 86_400,
    },
    // Client assertions are made by the client's clock; five minutes of skew as Entra allows.
    clockTolerance: 300,
  });
  provider.proxy = deps.proxy;
  provider.use(addMicrosoftResponseFields({ clock: deps.clock, accessTokenSeconds: deps.accessTokenSeconds }));
  for (const middleware of ext.middleware ?? []) provider.use(middleware);
  return provider;
}
