import { t, type Locale } from '../../i18n/index.js';
import type { MailContext, Payload, Template } from '../notifications/mail-render.js';
import { RESULT_TEMPLATE } from './email-result.js';

/**
 * The mail of "Email the password to the following recipients" (issue 13): one user's name, user
 * name and new password, to a recipient the admin named. The password is sealed in the outbox and
 * opened only here, as it is rendered for delivery.
 */
export const resetResultTemplates = {
  [RESULT_TEMPLATE]: (p: Payload, locale: Locale, ctx: MailContext) => {
    const account = String(p.targetUserPrincipalName);
    return {
      subject: t(locale, 'mail.reset_result.subject', { organization: ctx.organizationName, account }),
      paragraphs: [
        t(locale, 'mail.reset_result.body', { admin: String(p.adminName), name: String(p.targetName) }),
        [t(locale, 'mail.reset_result.account', { account }), t(locale, 'mail.reset_result.password', { password: ctx.unseal(String(p.sealedPassword)) })],
        ...(p.mustChange ? [t(locale, 'mail.reset_result.must_change')] : []),
        t(locale, 'mail.reset_result.keep_safe'),
      ],
    };
  },
} satisfies Record<string, Template>;
