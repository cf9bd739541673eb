import type { FastifyInstance } from 'fastify';
import type { Provider } from 'oidc-provider';
import type { Config } from '../../config/schema.js';
import type { Clock } from '../../core/clock.js';
import type { Principal } from '../../core/identity.js';
import type { Repos } from '../../db/repos.js';
import type { RateLimiter } from '../rate-limit/service.js';
import { createBearerAuthenticator } from './bearer.js';
import { createSigningKeys, type SigningKeys } from './keys.js';
import { oauthRoutes, requestOrigin } from './mount.js';
import { createProvider, type ProviderExtensions } from './provider.js';
import { interactionRoutes, interactionUrl, latchkeyInteractionPolicy, loadExistingGrant } from './interactions.js';
import { deviceFlowPages, rememberRequest } from './device-pages.js';
import { endLatchkeySessionOnLogout, logoutPages, type EndSessionDeps } from './end-session.js';
import { renderError } from './interactions-errors.js';

/*
 * The OAuth server's wiring (issue 15): signing keys, one provider per issuer origin (rebuilt
 * when the keys rotate), the routes, and bearer authentication for the Graph surface. app.ts
 * calls createOAuth once and registers its routes.
 */

export interface OAuthDeps {
  config: Config;
  repos: Repos;
  clock: Clock;
  secret: string;
  rateLimiter: RateLimiter;
  extensions?: ProviderExtensions;
}

export interface OAuthServer {
  /** Bearer authentication for the Graph surface (GraphDeps.authenticate). */
  authenticate(token: string): Promise<Principal | null>;
  /** Registers the OAuth routes (`/{tenant}/...`). */
  register(app: FastifyInstance): Promise<void>;
  /** The provider last used (interactions work with any: they only read cookies and the shared store). */
  provider(): Provider;
  /** The provider for an origin, built when first needed. */
  providerFor(origin: string): Promise<Provider>;
  keys: SigningKeys;
}

/** Origins kept at once without a public URL (each Host header value makes one; bounded against spoofed hosts). */
const MAX_ORIGINS = 16;
/** The id token lives an hour; keys stay published for the longer of it and the access token. */
const ID_TOKEN_SECONDS = 3600;

export function createOAuth(deps: OAuthDeps): OAuthServer {
  const { config, repos, clock } = deps;
  const publicOrigin = config.publicUrl ? new URL(config.publicUrl).origin : null;
  const keys = createSigningKeys({
    store: repos.signingKeys,
    clock,
    secret: deps.secret,
    rotationDays: config.oauthKeyRotationDays,
    maxTokenSeconds: Math.max(config.oauthAccessTokenSeconds, ID_TOKEN_SECONDS),
  });
  const providers = new Map<string, { version: string; orgId: string; provider: Provider }>();
  let last: Provider | null = null;

  async function providerFor(origin: string): Promise<Provider> {
    const [set, org] = await Promise.all([keys.keySet(), repos.organization.get()]);
    if (!org) throw new Error('no organisation');
    let entry = providers.get(origin);
    if (!entry || entry.version !== set.version || entry.orgId !== org.id) {
      if (!entry && providers.size >= MAX_ORIGINS) providers.delete(providers.keys().next().value!);
      const provider = createProvider(`${origin}/${org.id}/v2.0`, set, {
        repos,
        clock,
        secret: deps.secret,
        accessTokenSeconds: config.oauthAccessTokenSeconds,
        proxy: config.trustedProxies.length > 0,
        extensions: deps.extensions ?? {},
      });
      entry = { version: set.version, orgId: org.id, provider };
      providers.set(origin, entry);
    }
    last = entry.provider;
    // Expired codes, sessions and tokens are deleted by the scheduler's `oauth-state` job (features/jobs/retention.ts).
    return entry.provider;
  }

  return {
    authenticate: createBearerAuthenticator({ keys, repos, clock, publicOrigin }),
    async register(app) {
      await app.register(
        oauthRoutes({
          organization: () => repos.organization.get(),
          provider: providerFor,
          apps: repos.apps,
          secret: deps.secret,
          clock,
          rateLimiter: deps.rateLimiter,
          limits: { perClient: config.rateLimitTokenPerClient, perIp: config.rateLimitTokenPerIp },
          publicOrigin,
          beforeProvider: rememberRequest,
        }),
      );
      // The user's side: sign-in through Latchkey and admin consent (interactions.ts).
      await app.register(interactionRoutes({ provider: (request) => providerFor(requestOrigin(request, publicOrigin)), apps: repos.apps }));
    },
    provider() {
      if (!last) throw new Error('the OAuth provider is not built yet');
      return last;
    },
    providerFor,
    keys,
  };
}

/** What the interactive side (sign-in through Latchkey: interactions.ts, end-session.ts) needs from app.ts. */
export interface InteractiveDeps {
  /** The session service (features/auth): who is signed in to Latchkey in this browser. */
  auth: EndSessionDeps['auth'];
  /** Latchkey's cookie names (http/auth.ts). */
  cookies: EndSessionDeps['cookies'];
}

/**
 * Creates the OAuth server and registers its routes: the ONE call app.ts makes.
 * @returns the server, whose `authenticate` the Graph surface uses
 */
export async function registerOAuth(app: FastifyInstance, deps: OAuthDeps & InteractiveDeps): Promise<OAuthServer> {
  const { auth, cookies, repos } = deps;
  const oauth = createOAuth({
    ...deps,
    extensions: {
      interactionUrl,
      interactionPolicy: latchkeyInteractionPolicy({ auth, cookies }),
      loadExistingGrant: loadExistingGrant({ apps: repos.apps }),
      deviceFlowPages,
      logoutPages,
      renderError,
      middleware: [endLatchkeySessionOnLogout({ auth, cookies })],
    },
  });
  await oauth.register(app);
  return oauth;
}
