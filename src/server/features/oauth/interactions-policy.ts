import type { IncomingHttpHeaders } from 'node:http';
import { interactionPolicy, type InteractionPromptList, type KoaContextWithOIDC } from 'oidc-provider';
import type { Principal } from '../../core/identity.js';
import type { RegisteredApp } from '../apps/store.js';

/*
 * What the authorisation server (oidc-provider, wired by provider.ts) asks of Latchkey's sign-in
 * (issue 15): the login prompt follows Latchkey's own session, and a grant only stands while the
 * app has admin consent. Structural types only: oidc-provider 8 ships no TypeScript types.
 */

/** What these functions read of oidc-provider's `ctx.oidc` (its declared type is loose). */
interface OidcFacts {
  session: { accountId?: string; grantIdFor(clientId: string): string | undefined };
  client: { clientId: string };
  result?: { consent?: { grantId?: string } };
  provider: { Grant: { find(id: string): Promise<unknown> } };
}

export interface SessionReader {
  auth: { authenticate(token: string): Promise<Principal | null> };
  cookies: { session: string };
}

/** The value of cookie `name` in a Cookie header, or undefined. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      const raw = part.slice(eq + 1).trim();
      try {
        return decodeURIComponent(raw);
      } catch {
        return raw;
      }
    }
  }
  return undefined;
}

/** The browser's Latchkey session, when it is a FULL one (not at the MFA step, not limited to a password change). */
export async function fullLatchkeySession(deps: SessionReader, headers: IncomingHttpHeaders): Promise<Principal | null> {
  const token = readCookie(headers.cookie, deps.cookies.session);
  const principal = token ? await deps.auth.authenticate(token) : null;
  return principal && principal.session.scope === 'full' ? principal : null;
}

/**
 * oidc-provider's default policy (login, consent) with one more login check: the browser must hold
 * a full Latchkey session for the account the provider's own session names. So signing out of
 * Latchkey, a password change or reset (which ends sessions), or a sign-in as someone else ends
 * silent single sign-on through the provider's session at once (checklist SE4, C8), and a session
 * limited to a forced change never finishes an authorisation (checklist A4).
 * Use the result as `interactions.policy`.
 */
export function latchkeyInteractionPolicy(deps: SessionReader): InteractionPromptList {
  const { Check } = interactionPolicy;
  const policy = interactionPolicy.base();
  const login = policy.get('login');
  if (!login) throw new Error('oidc-provider base policy has no login prompt');
  login.checks.add(
    new Check('latchkey_session', 'End-User must be signed in to Latchkey', 'login_required', async (ctx) => {
      const accountId = ctx.oidc.session?.accountId;
      if (!accountId) return Check.REQUEST_PROMPT;
      const principal = await fullLatchkeySession(deps, ctx.req.headers);
      return principal?.user.id === accountId ? Check.NO_NEED_TO_PROMPT : Check.REQUEST_PROMPT;
    }),
  );
  return policy;
}

/**
 * oidc-provider's `loadExistingGrant`: the default lookup (the interaction's consent result, else
 * the session's grant for this client), but only while the app is enabled and has admin consent, so
 * revoking consent stops new authorisations at once: the consent prompt then answers "Need admin
 * approval" (interactions.ts).
 */
export function loadExistingGrant(deps: { apps: { findByClientId(clientId: string): Promise<RegisteredApp | undefined> } }) {
  return async (ctx: KoaContextWithOIDC): Promise<unknown> => {
    const oidc = ctx.oidc as unknown as OidcFacts;
    const clientId = oidc.client.clientId;
    const app = await deps.apps.findByClientId(clientId);
    if (!app?.enabled || !app.consentedAt) return undefined;
    const grantId = oidc.result?.consent?.grantId || oidc.session.grantIdFor(clientId);
    return grantId ? oidc.provider.Grant.find(grantId) : undefined;
  };
}
