import { t, type Locale } from '../../i18n/index.js';
import { describeDevice } from '../../../shared/user-agent.js';
import { str, times } from '../notifications/mail-format.js';
import type { MailContext, Payload, Template } from '../notifications/mail-render.js';

/** Request details in a notice (checklist N5: time, approximate device and IP; never a secret). */
function details(p: Payload, locale: Locale): string[] {
  return [
    t(locale, 'mail.detail.device', { device: describeDevice(str(p.userAgent)) ?? t(locale, 'mail.detail.unknown') }),
    t(locale, 'mail.detail.ip', { ip: str(p.ipAddress) ?? t(locale, 'mail.detail.unknown') }),
  ];
}

function notYou(locale: Locale, ctx: MailContext): string {
  return ctx.publicUrl ? t(locale, 'mail.not_you_url', { url: `${ctx.publicUrl}/recover` }) : t(locale, 'mail.not_you');
}

function methodName(locale: Locale, method: unknown): string {
  return t(locale, `mail.method.${String(method)}`);
}

/** The mail of self-service password reset and security info (reference §7.7, §7.9; checklist N2, N4). */
export const recoveryTemplates = {
  'recovery-code': (p: Payload, locale: Locale, ctx: MailContext) => ({
    subject: t(locale, 'mail.recovery_code.subject', { organization: ctx.organizationName }),
    paragraphs: [
      t(locale, 'mail.recovery_code.body', { account: String(p.userPrincipalName) }),
      t(locale, 'mail.code', { code: ctx.unseal(String(p.sealedCode)), minutes: Number(p.expiresInMinutes) }),
      t(locale, 'mail.recovery_code.ignore'),
    ],
  }),
  'method-verification-code': (p: Payload, locale: Locale, ctx: MailContext) => ({
    subject: t(locale, 'mail.verification_code.subject', { organization: ctx.organizationName }),
    paragraphs: [
      t(locale, 'mail.verification_code.body', { account: String(p.userPrincipalName) }),
      t(locale, 'mail.code', { code: ctx.unseal(String(p.sealedCode)), minutes: Number(p.expiresInMinutes) }),
      t(locale, 'mail.verification_code.ignore'),
    ],
  }),
  'security-info-changed': (p: Payload, locale: Locale, ctx: MailContext) => {
    const when = times(String(p.occurredAt), locale, ctx.timeZone);
    return {
      subject: t(locale, 'mail.security_info.subject', { organization: ctx.organizationName }),
      paragraphs: [
        t(locale, `mail.security_info.${String(p.change)}`, { account: String(p.userPrincipalName), method: methodName(locale, p.method), ...when }),
        details(p, locale),
        t(locale, 'mail.if_you'),
        notYou(locale, ctx),
      ],
    };
  },
  'password-reset-self': (p: Payload, locale: Locale, ctx: MailContext) => {
    const when = times(String(p.occurredAt), locale, ctx.timeZone);
    return {
      subject: t(locale, 'mail.password_reset_self.subject', { organization: ctx.organizationName }),
      paragraphs: [
        t(locale, 'mail.password_reset_self.body', { account: String(p.userPrincipalName), ...when }),
        details(p, locale),
        t(locale, 'mail.if_you'),
        t(locale, 'mail.not_you_admin'),
      ],
    };
  },
  // "Unlock without resetting" (reference §7.10): the same notice as a reset (checklist N2, N5), saying the password stayed.
  'account-unlocked-self': (p: Payload, locale: Locale, ctx: MailContext) => {
    const when = times(String(p.occurredAt), locale, ctx.timeZone);
    return {
      subject: t(locale, 'mail.account_unlocked_self.subject', { organization: ctx.organizationName }),
      paragraphs: [
        t(locale, 'mail.account_unlocked_self.body', { account: String(p.userPrincipalName), ...when }),
        details(p, locale),
        t(locale, 'mail.if_you'),
        t(locale, 'mail.account_unlocked_self.not_you'),
      ],
    };
  },
  'admin-password-reset-self': (p: Payload, locale: Locale, ctx: MailContext) => {
    const when = times(String(p.occurredAt), locale, ctx.timeZone);
    return {
      subject: t(locale, 'mail.admin_reset_self.subject', { organization: ctx.organizationName, admin: String(p.adminPrincipalName) }),
      paragraphs: [
        t(locale, 'mail.admin_reset_self.body', { admin: String(p.adminPrincipalName), ...when }),
        details(p, locale),
        t(locale, 'mail.admin_reset_self.check'),
      ],
    };
  },
  'recovery-not-possible': (p: Payload, locale: Locale, ctx: MailContext) => {
    const when = times(String(p.occurredAt), locale, ctx.timeZone);
    return {
      subject: t(locale, 'mail.recovery_not_possible.subject', { organization: ctx.organizationName }),
      paragraphs: [
        t(locale, 'mail.recovery_not_possible.body', { account: String(p.userPrincipalName), ...when }),
        details(p, locale),
        t(locale, 'mail.recovery_not_possible.contact'),
        t(locale, 'mail.recovery_not_possible.not_you'),
      ],
    };
  },
  'contact-admin-request': (p: Payload, locale: Locale, ctx: MailContext) => {
    const when = times(String(p.occurredAt), locale, ctx.timeZone);
    return {
      subject: t(locale, 'mail.contact_admin.subject', { organization: ctx.organizationName, account: String(p.requesterPrincipalName) }),
      paragraphs: [
        t(locale, 'mail.contact_admin.body', { account: String(p.requesterPrincipalName), ...when }),
        details(p, locale),
        t(locale, 'mail.contact_admin.verify'),
        ...(ctx.publicUrl ? [t(locale, 'mail.contact_admin.link', { url: `${ctx.publicUrl}/admin/users` })] : []),
      ],
    };
  },
} satisfies Record<string, Template>;
