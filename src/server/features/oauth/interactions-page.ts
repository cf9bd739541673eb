import { t, type Locale } from '../../i18n/index.js';

/*
 * The plain HTML pages of OAuth sign-in for other apps (issue 15): "Need admin approval", expired
 * requests, the device-code pages and sign-out. Server-rendered, no script (the CSP allows none
 * inline), Latchkey's look (Fluent colours, one centred card), every input labelled. Every value
 * that comes from a request or an app registration goes through escapeHtml (checklist I-series:
 * output encoding; ASVS 1.2.1).
 */

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML element content and double- or single-quoted attribute values. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

const STYLE = `
*{box-sizing:border-box}
body{margin:0;min-height:100vh;display:flex;align-items:flex-start;justify-content:center;background:#f5f5f5;color:#242424;
font-family:"Segoe UI","Segoe UI Web (West European)",-apple-system,BlinkMacSystemFont,Roboto,"Helvetica Neue",sans-serif;font-size:14px;line-height:20px}
main{margin-top:10vh;width:100%;max-width:440px;background:#fff;padding:36px 44px;border-radius:8px;box-shadow:0 2px 4px rgba(0,0,0,.14),0 0 2px rgba(0,0,0,.12)}
.product{font-weight:600;font-size:16px;color:#0f6cbd;margin:0 0 16px}
h1{font-size:24px;line-height:32px;font-weight:600;margin:0 0 12px}
p{margin:0 0 12px}
.error{color:#b10e1c;background:#fdf3f4;border:1px solid #eeacb2;border-radius:4px;padding:8px 12px}
label{display:block;font-weight:600;margin:8px 0 4px}
input[type=text]{width:100%;height:36px;font-size:16px;padding:0 10px;border:1px solid #d1d1d1;border-bottom-color:#616161;border-radius:4px;letter-spacing:.1em}
input[type=text]:focus{outline:2px solid #0f6cbd;outline-offset:1px}
.code{font-family:Consolas,"Courier New",monospace;font-size:20px;letter-spacing:.12em;font-weight:600}
.actions{display:flex;gap:8px;justify-content:flex-end;margin-top:20px;flex-wrap:wrap}
button,.button{font:inherit;font-weight:600;min-width:96px;height:32px;padding:0 12px;border-radius:4px;border:1px solid #d1d1d1;background:#fff;color:#242424;cursor:pointer;text-decoration:none;display:inline-flex;align-items:center;justify-content:center}
button.primary,.button.primary{background:#0f6cbd;border-color:#0f6cbd;color:#fff}
button:focus-visible,.button:focus-visible{outline:2px solid #242424;outline-offset:2px}
.muted{color:#616161;font-size:12px}
`;

/**
 * A whole page: the product name, a heading and `body`, which must be trusted HTML built by the
 * caller with every dynamic value escaped.
 */
export function renderPage(locale: Locale, page: { title: string; body: string }): string {
  const title = escapeHtml(page.title);
  return `<!DOCTYPE html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${title} - ${escapeHtml(t(locale, 'oauthPages.product'))}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<p class="product">${escapeHtml(t(locale, 'oauthPages.product'))}</p>
<h1>${title}</h1>
${page.body}
</main>
</body>
</html>`;
}

/** Translated text as HTML: the catalogue's template is escaped, then each `{name}` gets its escaped value. */
export function text(locale: Locale, key: string, params: Record<string, string> = {}): string {
  return escapeHtml(t(locale, key)).replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? escapeHtml(params[name]!) : whole));
}

/** A paragraph of translated text (see {@link text}). */
export function paragraph(locale: Locale, key: string, params: Record<string, string> = {}, className?: string): string {
  return `<p${className ? ` class="${className}"` : ''}>${text(locale, key, params)}</p>`;
}
