import type { IncomingMessage } from 'node:http';
import type { KoaContextWithOIDC } from 'oidc-provider';
import type { RequestContext } from '../../core/identity.js';
import { negotiateLocale, t, type Locale } from '../../i18n/index.js';
import { escapeHtml, paragraph, renderPage, text } from './interactions-page.js';

/*
 * The user's pages of the device code flow (RFC 8628; issue 15) as oidc-provider's
 * `features.deviceFlow` sources: enter the code, confirm the app, done. Sign-in between confirm
 * and done is Latchkey's own (interactions.ts). English or Dutch: the signed-in user's preferred
 * language when the bridge passed it (rememberRequest), else Accept-Language.
 */

const requests = new WeakMap<IncomingMessage, { locale: Locale; context: RequestContext }>();

/**
 * For the Fastify bridge's `beforeProvider`: keeps the request's negotiated locale (which includes
 * the signed-in user's preferred language) and its context (client IP through trusted proxies,
 * correlation id) for the pages and middleware the library runs on the raw request.
 */
export function rememberRequest(request: { raw: IncomingMessage; locale: Locale; context: RequestContext }): void {
  requests.set(request.raw, { locale: request.locale, context: request.context });
}

/** The locale of a page the library renders. */
export function localeOf(ctx: KoaContextWithOIDC): Locale {
  return requests.get(ctx.req)?.locale ?? negotiateLocale(ctx.req.headers['accept-language']);
}

/** The request context the bridge saw (null when it was not remembered). */
export function contextOf(ctx: KoaContextWithOIDC): RequestContext | null {
  return requests.get(ctx.req)?.context ?? null;
}

/** Security headers of the library's pages (the bridge hands them the raw response; checklist T3, T5). */
export function pageHeaders(ctx: KoaContextWithOIDC, formTargets: string[] = []): void {
  const csp = [
    "default-src 'none'",
    "style-src 'unsafe-inline'",
    "img-src 'self' data:",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    // A form's redirect counts against form-action in Chromium, so the places a form leads to are listed.
    `form-action 'self'${formTargets.map((o) => ` ${o}`).join('')}`,
  ].join('; ');
  ctx.set('content-security-policy', csp);
  ctx.set('cache-control', 'no-store');
  ctx.set('content-type', 'text/html; charset=utf-8');
}

interface DeviceSession {
  state?: { secret?: string };
}
type Oidc = { session?: DeviceSession; urlFor(name: string): string; client?: { clientId: string; clientName?: string } };
const oidcOf = (ctx: KoaContextWithOIDC) => ctx.oidc as unknown as Oidc;
const appName = (client: { clientId: string; clientName?: string } | undefined) => client?.clientName || client?.clientId || '';

type RenderError = Error & { userCode?: string };

/** Which message the code page shows after a failed attempt. */
function codeMessage(locale: Locale, out: { error?: string } | undefined, err: RenderError | undefined, app: string): { title: string; html: string } {
  const title = t(locale, 'oauthPages.device.title');
  const intro = paragraph(locale, 'oauthPages.device.intro');
  if (!err && !out) return { title, html: intro };
  if (out?.error === 'consent_required')
    return {
      title: t(locale, 'oauthPages.needAdminApproval.title'),
      html: `<div role="alert">${paragraph(locale, 'oauthPages.needAdminApproval.body', { app }, 'error')}</div>`,
    };
  const key =
    err?.name === 'NoCodeError'
      ? 'oauthPages.device.missingCode'
      : err?.name === 'AbortedError'
        ? 'oauthPages.device.aborted'
        : err?.userCode !== undefined || ['NotFoundError', 'ExpiredError', 'AlreadyUsedError'].includes(err?.name ?? '')
          ? 'oauthPages.device.wrongCode'
          : 'oauthPages.device.failed';
  return { title, html: `<div role="alert">${paragraph(locale, key, {}, 'error')}</div>${intro}` };
}

/** `features.deviceFlow.userCodeInputSource`: the code form, with a label, the library's xsrf value and the code typed before (escaped). */
async function userCodeInputSource(ctx: KoaContextWithOIDC, _form: string, out?: { error?: string }, err?: RenderError): Promise<void> {
  const locale = localeOf(ctx);
  const oidc = oidcOf(ctx);
  const secret = oidc.session?.state?.secret ?? '';
  const action = oidc.urlFor('code_verification');
  const message = codeMessage(locale, out, err, appName(oidc.client) || t(locale, 'oauthPages.product'));
  const value = err?.userCode ? ` value="${escapeHtml(err.userCode)}"` : '';
  const body = `${message.html}
<form method="post" action="${escapeHtml(action)}">
<input type="hidden" name="xsrf" value="${escapeHtml(secret)}">
<label for="user_code">${text(locale, 'oauthPages.device.label')}</label>
<input id="user_code" type="text" name="user_code" required autofocus autocomplete="one-time-code" autocapitalize="characters" spellcheck="false" maxlength="64"${value}>
<div class="actions"><button class="primary" type="submit">${text(locale, 'oauthPages.device.next')}</button></div>
</form>`;
  pageHeaders(ctx);
  ctx.body = renderPage(locale, { title: message.title, body });
}

/** `features.deviceFlow.userCodeConfirmSource`: which app, the code to compare, Continue or Cancel. */
async function userCodeConfirmSource(
  ctx: KoaContextWithOIDC,
  form: string,
  client: { clientId: string; clientName?: string },
  _deviceInfo: unknown,
  userCode: string,
): Promise<void> {
  const locale = localeOf(ctx);
  // `form` is the library's (id op.deviceConfirmForm): hidden fields only, values escaped by the library.
  const body = `${paragraph(locale, 'oauthPages.confirm.body')}
<p>${text(locale, 'oauthPages.confirm.code')}: <span class="code">${escapeHtml(userCode)}</span></p>
${form}
<div class="actions">
<button type="submit" form="op.deviceConfirmForm" name="abort" value="yes">${text(locale, 'oauthPages.confirm.cancel')}</button>
<button class="primary" type="submit" form="op.deviceConfirmForm" autofocus>${text(locale, 'oauthPages.confirm.continue')}</button>
</div>`;
  pageHeaders(ctx);
  ctx.body = renderPage(locale, { title: t(locale, 'oauthPages.confirm.title', { app: appName(client) }), body });
}

/** `features.deviceFlow.successSource`. */
async function successSource(ctx: KoaContextWithOIDC): Promise<void> {
  const locale = localeOf(ctx);
  pageHeaders(ctx);
  ctx.body = renderPage(locale, {
    title: t(locale, 'oauthPages.success.title'),
    body: paragraph(locale, 'oauthPages.success.body', { app: appName(oidcOf(ctx).client) }),
  });
}

/** oidc-provider's `features.deviceFlow` page sources (spread into the feature's options). */
export const deviceFlowPages = { userCodeInputSource, userCodeConfirmSource, successSource };
