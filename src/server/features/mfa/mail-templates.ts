import { t, type Locale } from '../../i18n/index.js';
import { describeDevice } from '../../../shared/user-agent.js';
import { str, times } from '../notifications/mail-format.js';
import type { MailContext, Payload, Template } from '../notifications/mail-render.js';

function details(p: Payload, locale: Locale): string[] {
  return [
    t(locale, 'mail.detail.device', { device: describeDevice(str(p.userAgent)) ?? t(locale, 'mail.detail.unknown') }),
    t(locale, 'mail.detail.ip', { ip: str(p.ipAddress) ?? t(locale, 'mail.detail.unknown') }),
  ];
}

/** Suspicious-activity notices (checklist N6): what, when, device and address; never a code or password. */
export const mfaTemplates = {
  'suspicious-mfa-failures': (p: Payload, locale: Locale, ctx: MailContext) => ({
    subject: t(locale, 'mail.suspicious_mfa.subject', { organization: ctx.organizationName }),
    paragraphs: [
      t(locale, 'mail.suspicious_mfa.body', {
        account: String(p.userPrincipalName),
        failures: Number(p.failures),
        ...times(String(p.occurredAt), locale, ctx.timeZone),
      }),
      details(p, locale),
      t(locale, 'mail.suspicious.not_you'),
    ],
  }),
  'suspicious-unfamiliar-sign-in': (p: Payload, locale: Locale, ctx: MailContext) => ({
    subject: t(locale, 'mail.suspicious_sign_in.subject', { organization: ctx.organizationName }),
    paragraphs: [
      t(locale, 'mail.suspicious_sign_in.body', {
        account: String(p.userPrincipalName),
        failures: Number(p.failures),
        ...times(String(p.occurredAt), locale, ctx.timeZone),
      }),
      details(p, locale),
      t(locale, 'mail.if_you'),
      t(locale, 'mail.suspicious.not_you'),
    ],
  }),
} satisfies Record<string, Template>;
