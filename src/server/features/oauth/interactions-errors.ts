import type { KoaContextWithOIDC } from 'oidc-provider';
import { t } from '../../i18n/index.js';
import { localeOf, pageHeaders } from './device-pages.js';
import { escapeHtml, paragraph, renderPage, text } from './interactions-page.js';

/**
 * oidc-provider's `renderError`: the page a browser sees when an authorisation request can't go
 * back to the app (an unknown app, a redirect URI that isn't registered, an expired request), in
 * English or Dutch, with the OAuth error code but never the library's internal detail.
 */
export async function renderError(ctx: KoaContextWithOIDC, out: { error?: string }): Promise<void> {
  const locale = localeOf(ctx);
  const code = typeof out.error === 'string' ? out.error : 'server_error';
  const body = `${paragraph(locale, 'oauthPages.error.body')}<p class="muted">${text(locale, 'oauthPages.error.detail', { code: escapeHtml(code) === code ? code : 'invalid_request' })}</p>`;
  pageHeaders(ctx);
  ctx.body = renderPage(locale, { title: t(locale, 'oauthPages.error.title'), body });
}
