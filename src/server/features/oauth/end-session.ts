import type { KoaContextWithOIDC } from 'oidc-provider';
import type { Principal, RequestContext } from '../../core/identity.js';
import { t } from '../../i18n/index.js';
import { contextOf, localeOf, pageHeaders } from './device-pages.js';
import { paragraph, renderPage, text } from './interactions-page.js';
import { readCookie } from './interactions-policy.js';

/*
 * RP-initiated logout (OpenID Connect RP-Initiated Logout 1.0; issue 15): the confirmation page,
 * the signed-out page, and ending the Latchkey session when the user chose to sign out, so
 * "Sign out" in an app signs the browser out of Latchkey too (checklist SE4, T7).
 */

type Oidc = {
  client?: { clientId: string; clientName?: string };
  session?: { state?: { postLogoutRedirectUri?: string } };
  route?: string;
  params?: { logout?: string };
};
const oidcOf = (ctx: KoaContextWithOIDC) => ctx.oidc as unknown as Oidc;

function originOf(uri: string | undefined): string[] {
  try {
    return uri ? [new URL(uri).origin] : [];
  } catch {
    return [];
  }
}

/** `features.rpInitiatedLogout.logoutSource`: "Sign out?" with Sign out (logout=yes: the whole session) or Stay signed in (only this app). */
async function logoutSource(ctx: KoaContextWithOIDC, form: string): Promise<void> {
  const locale = localeOf(ctx);
  const oidc = oidcOf(ctx);
  const app = oidc.client?.clientName || oidc.client?.clientId;
  // `form` is the library's (id op.logoutForm): one hidden xsrf field.
  const body = `${app ? paragraph(locale, 'oauthPages.logout.body', { app }) : paragraph(locale, 'oauthPages.logout.bodyNoApp')}
${paragraph(locale, 'oauthPages.logout.hint', {}, 'muted')}
${form}
<div class="actions">
<button type="submit" form="op.logoutForm">${text(locale, 'oauthPages.logout.no')}</button>
<button class="primary" type="submit" form="op.logoutForm" name="logout" value="yes" autofocus>${text(locale, 'oauthPages.logout.yes')}</button>
</div>`;
  // The confirmation redirects to the app's registered post-logout URI: its origin must be a form-action.
  pageHeaders(ctx, originOf(oidc.session?.state?.postLogoutRedirectUri));
  ctx.body = renderPage(locale, { title: t(locale, 'oauthPages.logout.title'), body });
}

/** `features.rpInitiatedLogout.postLogoutSuccessSource`: shown when the app gave no post_logout_redirect_uri. */
async function postLogoutSuccessSource(ctx: KoaContextWithOIDC): Promise<void> {
  const locale = localeOf(ctx);
  pageHeaders(ctx);
  ctx.body = renderPage(locale, { title: t(locale, 'oauthPages.loggedOut.title'), body: paragraph(locale, 'oauthPages.loggedOut.body') });
}

/** oidc-provider's `features.rpInitiatedLogout` page sources. */
export const logoutPages = { logoutSource, postLogoutSuccessSource };

export interface EndSessionDeps {
  auth: {
    authenticate(token: string): Promise<Principal | null>;
    signOut(principal: Principal, ctx: RequestContext): Promise<void>;
  };
  cookies: { session: string; csrf: string; secure: boolean };
}

/**
 * A Koa middleware for `provider.use()`: after the library confirmed a logout the user chose
 * ("Sign out", logout=yes), the browser's Latchkey session ends too (deleted server-side, audited
 * as user.sign_out, cookies cleared). "Stay signed in" ends only the app's grant.
 */
export function endLatchkeySessionOnLogout(deps: EndSessionDeps) {
  return async (ctx: KoaContextWithOIDC, next: () => Promise<void>): Promise<void> => {
    await next();
    const oidc = oidcOf(ctx);
    if (oidc.route !== 'end_session_confirm' || !oidc.params?.logout || ctx.status !== 303) return;
    const token = readCookie(ctx.req.headers.cookie, deps.cookies.session);
    const principal = token ? await deps.auth.authenticate(token) : null;
    if (principal) {
      const userAgent = ctx.req.headers['user-agent'];
      const context = contextOf(ctx) ?? { ipAddress: ctx.req.socket.remoteAddress ?? null, userAgent: userAgent?.slice(0, 512) ?? null, correlationId: null };
      await deps.auth.signOut(principal, context);
    }
    if (token) clearCookies(ctx, deps.cookies);
  };
}

/** Adds expired Latchkey cookies next to the library's own Set-Cookie headers. */
function clearCookies(ctx: KoaContextWithOIDC, cookies: EndSessionDeps['cookies']): void {
  const attributes = `Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; SameSite=Lax${cookies.secure ? '; Secure' : ''}`;
  const existing = ctx.res.getHeader('set-cookie');
  const list = existing === undefined ? [] : Array.isArray(existing) ? existing : [String(existing)];
  ctx.res.setHeader('set-cookie', [...list, `${cookies.session}=; ${attributes}; HttpOnly`, `${cookies.csrf}=; ${attributes}`]);
}
