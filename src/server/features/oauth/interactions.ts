import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { GrantInstance, InteractionDetails, Provider } from 'oidc-provider';
import type { Principal } from '../../core/identity.js';
import type { RegisteredApp } from '../apps/store.js';
import { t } from '../../i18n/index.js';
import { escapeHtml, paragraph, renderPage, text } from './interactions-page.js';

export { latchkeyInteractionPolicy, loadExistingGrant } from './interactions-policy.js';

/*
 * The user's side of the authorisation code and device code flows (issue 15): oidc-provider sends
 * the browser here (`interactions.url`) when it needs a sign-in or consent. Sign-in is Latchkey's
 * own page (/sign-in?returnTo=…), so smart lockout, sign-in MFA, forced change and expiry apply
 * unchanged; consent is the app's admin consent (Entra: without it, "Need admin approval").
 */

export const INTERACTION_PATH = '/oauth/interaction';

/** For oidc-provider's `interactions.url`. */
export function interactionUrl(_ctx: unknown, interaction: { uid: string }): string {
  return `${INTERACTION_PATH}/${interaction.uid}`;
}

export interface InteractionDeps {
  /** The provider for this request's issuer origin (the same one the OAuth routes use). */
  provider: (request: FastifyRequest) => Promise<Provider>;
  apps: { findByClientId(clientId: string): Promise<RegisteredApp | undefined> };
}

const UID = /^[A-Za-z0-9_-]{1,64}$/;

/** AADSTS-style descriptions the relying party gets back. */
const CONSENT_REQUIRED = 'AADSTS90094: The grant requires admin permission. An administrator must grant admin consent to this app.';

/**
 * GET /oauth/interaction/:uid: sends a browser without a full Latchkey session to the sign-in page
 * (it comes back here after sign-in, MFA and a forced change), finishes the login with the user's
 * id, `amr` and sign-in time, and the consent with a grant of the requested scopes when the app
 * has admin consent; otherwise it shows "Need admin approval". GET /oauth/interaction/:uid/abort
 * returns to the app with `consent_required`. Errors are pages, never problem+json: a person reads them.
 */
export function interactionRoutes(deps: InteractionDeps): FastifyPluginAsync {
  return async (app) => {
    app.get<{ Params: { uid: string } }>(`${INTERACTION_PATH}/:uid`, { schema: { hide: true } }, async (request, reply) => {
      const details = await detailsFor(deps, request, reply);
      if (!details) return;
      const client = await deps.apps.findByClientId(typeof details.params.client_id === 'string' ? details.params.client_id : '');
      if (!client?.enabled) return page(request, reply, 400, 'oauthPages.error.title', paragraph(request.locale, 'oauthPages.error.body'));
      const principal = request.principal;
      // Only a full session finishes an interaction: not one at the MFA step, nor one limited to a forced change (checklist A2, A4).
      const signedIn = principal && !principal.via && principal.session.scope === 'full' ? principal : null;
      if (!signedIn || (details.prompt.name !== 'login' && details.session?.accountId !== signedIn.user.id)) {
        const returnTo = `${INTERACTION_PATH}/${details.uid}`;
        return reply.redirect(`/sign-in?returnTo=${encodeURIComponent(returnTo)}`, 303);
      }
      // Entra: an app without admin consent is refused after sign-in, with "Need admin approval"; no grant, no token.
      if (!client.consentedAt) return needAdminApproval(request, reply, details, client);
      if (details.prompt.name === 'login') return finish(deps, request, reply, { login: loginResult(signedIn) });
      if (details.prompt.name === 'consent') {
        const grantId = await grantRequested(await deps.provider(request), details, signedIn.user.id, client.clientId);
        return finish(deps, request, reply, { consent: { grantId } });
      }
      return page(request, reply, 400, 'oauthPages.error.title', paragraph(request.locale, 'oauthPages.error.body'));
    });

    // A link rather than a form: the CSP's form-action 'self' would stop a form's redirect to the app in Chromium. It only ends this
    // browser's own pending request with a refusal, so a cross-site GET can do no more than the user's "Back" would.
    app.get<{ Params: { uid: string } }>(`${INTERACTION_PATH}/:uid/abort`, { schema: { hide: true } }, async (request, reply) => {
      const details = await detailsFor(deps, request, reply);
      if (!details) return;
      return finish(deps, request, reply, { error: 'consent_required', error_description: CONSENT_REQUIRED }, { mergeWithLastSubmission: false });
    });
  };
}

/** The interaction this browser's cookie names, if it matches the URL; else an error page was sent. */
async function detailsFor(deps: InteractionDeps, request: FastifyRequest<{ Params: { uid: string } }>, reply: FastifyReply) {
  const uid = request.params.uid;
  let details: InteractionDetails | null = null;
  if (UID.test(uid)) details = await (await deps.provider(request)).interactionDetails(request.raw, reply.raw).catch(() => null);
  // The interaction cookie must name the interaction in the URL: another tab's request or a forged link is not continued.
  if (!details || details.uid !== uid) {
    await page(request, reply, 400, 'oauthPages.expired.title', paragraph(request.locale, 'oauthPages.expired.body'));
    return null;
  }
  return details;
}

function loginResult(principal: Principal) {
  const mfa = principal.session.mfaAt !== null;
  return {
    accountId: principal.user.id,
    amr: mfa ? ['pwd', 'mfa'] : ['pwd'],
    ts: Math.floor(principal.session.authenticatedAt.getTime() / 1000),
    // The provider's session cookie lasts as long as the browser; the Latchkey session decides (interactions-policy.ts).
    remember: false,
  };
}

/** Extends (or creates) the user's grant for this app with exactly what the request asked for and is still missing. */
async function grantRequested(provider: Provider, details: InteractionDetails, accountId: string, clientId: string): Promise<string> {
  const existing = details.grantId ? await provider.Grant.find(details.grantId) : undefined;
  // addOIDCClaims exists on oidc-provider's Grant; its loose declaration (oidc-provider.d.ts) leaves it out.
  const grant = (existing ?? new provider.Grant({ accountId, clientId })) as GrantInstance & { addOIDCClaims(claims: string[]): void };
  const missing = details.prompt.details as { missingOIDCScope?: string[]; missingOIDCClaims?: string[]; missingResourceScopes?: Record<string, string[]> };
  if (missing.missingOIDCScope?.length) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
  if (missing.missingOIDCClaims?.length) grant.addOIDCClaims(missing.missingOIDCClaims);
  for (const [resource, scopes] of Object.entries(missing.missingResourceScopes ?? {})) grant.addResourceScope(resource, scopes.join(' '));
  return grant.save();
}

async function finish(
  deps: InteractionDeps,
  request: FastifyRequest,
  reply: FastifyReply,
  result: Record<string, unknown>,
  options: { mergeWithLastSubmission?: boolean } = {},
) {
  const returnTo = await (await deps.provider(request)).interactionResult(request.raw, reply.raw, result, options);
  return reply.redirect(returnTo, 303);
}

function needAdminApproval(request: FastifyRequest, reply: FastifyReply, details: InteractionDetails, client: RegisteredApp) {
  const locale = request.locale;
  const abort = `${INTERACTION_PATH}/${encodeURIComponent(details.uid)}/abort`;
  const body =
    paragraph(locale, 'oauthPages.needAdminApproval.body', { app: client.displayName }) +
    `<div class="actions"><a class="button primary" href="${escapeHtml(abort)}">${text(locale, 'oauthPages.needAdminApproval.return')}</a></div>`;
  return page(request, reply, 403, 'oauthPages.needAdminApproval.title', body);
}

function page(request: FastifyRequest, reply: FastifyReply, status: number, titleKey: string, body: string) {
  const locale = request.locale;
  return reply
    .code(status)
    .type('text/html; charset=utf-8')
    .send(renderPage(locale, { title: t(locale, titleKey), body }));
}
