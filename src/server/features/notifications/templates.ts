import { isLocale, t, type Locale } from '../../i18n/index.js';
import { describeDevice } from './device.js';
import { str, times } from './mail-format.js';
import { recoveryTemplates } from '../recovery/mail-templates.js';

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

/** The templates Latchkey sends. A template never receives a password, token or code it could leak. */
export const templates = {
  'password-changed': (p: Payload, locale: Locale, ctx: MailContext) => {
    const when = times(String(p.occurredAt), locale, ctx.timeZone);
    return {
      subject: t(locale, 'mail.password_changed.subject', { organization: ctx.organizationName }),
      paragraphs: [
        t(locale, 'mail.password_changed.body', { account: String(p.userPrincipalName), ...when }),
        [t(locale, 'mail.detail.device', { device: describeDevice(str(p.userAgent)) ?? t(locale, 'mail.detail.unknown') }), t(locale, 'mail.detail.ip', { ip: str(p.ipAddress) ?? t(locale, 'mail.detail.unknown') })],
        t(locale, 'mail.if_you'),
        ctx.publicUrl ? t(locale, 'mail.not_you_url', { url: `${ctx.publicUrl}/recover` }) : t(locale, 'mail.not_you'),
      ],
    };
  },
  'password-reset-by-admin': (p: Payload, locale: Locale, ctx: MailContext) => {
    const when = times(String(p.occurredAt), locale, ctx.timeZone);
    return {
      subject: t(locale, 'mail.password_reset.subject', { organization: ctx.organizationName }),
      paragraphs: [
        t(locale, 'mail.password_reset.body', { account: String(p.userPrincipalName), ...when }),
        ...(p.mustChange ? [t(locale, 'mail.password_reset.must_change')] : []),
        t(locale, 'mail.not_you_admin'),
      ],
    };
  },
  'password-set-link': (p: Payload, locale: Locale, ctx: MailContext) => {
    const when = times(String(p.expiresAt), locale, ctx.timeZone);
    return {
      subject: t(locale, 'mail.set_link.subject', { organization: ctx.organizationName }),
      paragraphs: [
        t(locale, 'mail.set_link.body', { account: String(p.userPrincipalName), ...when }),
        t(locale, 'mail.set_link.link', { url: `${ctx.linkOrigin}/set-password#token=${ctx.unseal(String(p.sealedToken))}` }),
        t(locale, 'mail.set_link.ignore'),
      ],
    };
  },
  'password-expiry-reminder': (p: Payload, locale: Locale, ctx: MailContext) => {
    const when = times(String(p.expiresAt), locale, ctx.timeZone);
    return {
      subject: t(locale, 'mail.expiry.subject', { organization: ctx.organizationName, days: Number(p.daysLeft) }),
      paragraphs: [
        t(locale, 'mail.expiry.body', { account: String(p.userPrincipalName), ...when }),
        ...(ctx.publicUrl ? [t(locale, 'mail.expiry.link', { url: `${ctx.publicUrl}/account/password` })] : []),
      ],
    };
  },
  ...recoveryTemplates,
} satisfies Record<string, Template>;

export type TemplateName = keyof typeof templates;

export function isTemplateName(name: string): name is TemplateName {
  return Object.hasOwn(templates, name);
}

/**
 * Renders a queued message in its recipient's language as plain text and HTML, with greeting and
 * footer. Every interpolated value is escaped in the HTML part.
 * @throws Error for an unknown template (a programming error; the worker marks the message failed)
 */
export function renderMail(template: string, localeName: string, payload: Payload, ctx: MailContext): RenderedMail {
  if (!isTemplateName(template)) throw new Error(`unknown mail template ${template}`);
  const locale: Locale = isLocale(localeName) ? localeName : 'en';
  const { subject, paragraphs } = templates[template](payload, locale, ctx);
  const greeting = t(locale, 'mail.greeting', { name: str(payload.displayName) ?? String(payload.userPrincipalName ?? '') });
  const footer = t(locale, 'mail.footer', { organization: ctx.organizationName });
  const blocks = [greeting, ...paragraphs, footer];
  const text = blocks.map((b) => (Array.isArray(b) ? b.join('\n') : b)).join('\n\n') + '\n';
  const html = `<!doctype html><html lang="${locale}"><body style="font-family:Segoe UI,Arial,sans-serif;font-size:14px;color:#242424;line-height:1.5">
${blocks.map((b, i) => `<p${i === blocks.length - 1 ? ' style="color:#616161;font-size:12px"' : ''}>${(Array.isArray(b) ? b : [b]).map(linkify).join('<br>')}</p>`).join('\n')}
</body></html>`;
  return { subject, text, html };
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Escapes a paragraph and turns http(s) URLs (which only come from configuration) into links. */
function linkify(paragraph: string): string {
  return escapeHtml(paragraph).replace(/https?:\/\/[^\s<"]+[^\s<.,;:!?)"]/g, (url) => `<a href="${url}">${url}</a>`);
}
