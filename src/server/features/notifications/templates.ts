import { t, type Locale } from '../../i18n/index.js';
import { describeDevice } from '../../../shared/user-agent.js';
import { str, times } from './mail-format.js';
import type { MailContext, Payload, Template } from './mail-render.js';

/** The account notices (change, admin reset, set-password link, expiry). A template never receives a password, token or code it could leak. */
export const accountTemplates = {
  'password-changed': (p: Payload, locale: Locale, ctx: MailContext) => {
    const when = times(String(p.occurredAt), locale, ctx.timeZone);
    return {
      subject: t(locale, 'mail.password_changed.subject', { organization: ctx.organizationName }),
      paragraphs: [
        t(locale, 'mail.password_changed.body', { account: String(p.userPrincipalName), ...when }),
        [
          t(locale, 'mail.detail.device', { device: describeDevice(str(p.userAgent)) ?? t(locale, 'mail.detail.unknown') }),
          t(locale, 'mail.detail.ip', { ip: str(p.ipAddress) ?? t(locale, 'mail.detail.unknown') }),
        ],
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
  /** An admin changed the user's addresses or numbers (checklist N4): to the old and the new addresses; names the fields, never their values. */
  'contact-details-changed': (p: Payload, locale: Locale, ctx: MailContext) => {
    const when = times(String(p.occurredAt), locale, ctx.timeZone);
    const fields = String(p.fields)
      .split(' ')
      .filter((f): f is ContactField => (CONTACT_FIELD_NAMES as readonly string[]).includes(f))
      .map((f) => t(locale, `mail.contact_changed.field.${f}`));
    return {
      subject: t(locale, 'mail.contact_changed.subject', { organization: ctx.organizationName }),
      paragraphs: [
        t(locale, 'mail.contact_changed.body', { account: String(p.userPrincipalName), fields: fields.join(', '), ...when }),
        [
          t(locale, 'mail.detail.device', { device: describeDevice(str(p.userAgent)) ?? t(locale, 'mail.detail.unknown') }),
          t(locale, 'mail.detail.ip', { ip: str(p.ipAddress) ?? t(locale, 'mail.detail.unknown') }),
        ],
        t(locale, 'mail.contact_changed.old_and_new'),
        t(locale, 'mail.not_you_admin'),
      ],
    };
  },
} satisfies Record<string, Template>;

/** The contact fields the `contact-details-changed` notice names (an admin's edit of them notifies old and new addresses, N4). */
export const CONTACT_FIELD_NAMES = ['mail', 'otherMails', 'mobilePhone', 'businessPhones'] as const;
export type ContactField = (typeof CONTACT_FIELD_NAMES)[number];
