import { isLocale, t, type Locale } from '../../i18n/index.js';
import { str } from './mail-format.js';

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

export interface MailContext {
  organizationName: string;
  /** Public origin for links, or null when none is configured (then no link is sent). */
  publicUrl: string | null;
  /** Where a link must point even without a public URL (the server's own address). */
  linkOrigin: string;
  timeZone: string;
  /** Opens a payload value sealed at queue time (a token-bearing link is never stored in clear). */
  unseal: (sealed: string) => string;
}

export type Payload = Record<string, string | number | boolean | null>;

/** A template: the subject and paragraphs (a paragraph given as lines keeps its line breaks). */
export type Template = (p: Payload, locale: Locale, ctx: MailContext) => { subject: string; paragraphs: (string | string[])[] };

/**
 * Every mail template by name. Features contribute their own; the application assembles one
 * registry (app.ts), so notifications never import the features that send mail.
 */
export type TemplateRegistry = Readonly<Record<string, Template>>;

/**
 * Renders a queued message in its recipient's language as plain text and HTML, with greeting and
 * footer. Every interpolated value is escaped in the HTML part.
 * @throws Error for an unknown template (a programming error; the worker marks the message failed)
 */
export function renderMail(templates: TemplateRegistry, template: string, localeName: string, payload: Payload, ctx: MailContext): RenderedMail {
  const render = Object.hasOwn(templates, template) ? templates[template] : undefined;
  if (!render) throw new Error(`unknown mail template ${template}`);
  const locale: Locale = isLocale(localeName) ? localeName : 'en';
  const { subject, paragraphs } = render(payload, locale, ctx);
  const greeting = t(locale, 'mail.greeting', { name: str(payload.displayName) ?? String(payload.userPrincipalName ?? '') });
  const footer = t(locale, 'mail.footer', { organization: ctx.organizationName });
  const blocks = [greeting, ...paragraphs, footer];
  const text = blocks.map((b) => (Array.isArray(b) ? b.join('\n') : b)).join('\n\n') + '\n';
  const html = `<!doctype html><html lang="${locale}"><body style="font-family:Segoe UI,Arial,sans-serif;font-size:14px;color:#242424;line-height:1.5">
${blocks.map((b, i) => `<p${i === blocks.length - 1 ? ' style="color:#616161;font-size:12px"' : ''}>${(Array.isArray(b) ? b : [b]).map(linkify).join('<br>')}</p>`).join('\n')}
</body></html>`;
  return { subject, text, html };
}

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Escapes a paragraph and turns http(s) URLs (which only come from configuration) into links. */
function linkify(paragraph: string): string {
  return escapeHtml(paragraph).replace(/https?:\/\/[^\s<"]+[^\s<.,;:!?)"]/g, (url) => `<a href="${url}">${url}</a>`);
}
