/* The messages Latchkey sends, by template id: shared by the server (which sends them) and the web app (which names them). */

/**
 * Every template id the outbox can hold (mail, and texts or calls with the same id). The web app's
 * mail log names each under `mailTemplates.*` in English and Dutch
 * (`src/web/admin/settings/mail/templateLabel.test.ts`); `src/server/features/notifications/template-ids.test.ts`
 * fails when the server has a template that is not listed here.
 */
export const MAIL_TEMPLATES = [
  // Account notices.
  'password-changed',
  'password-reset-by-admin',
  'password-set-link',
  'password-expiry-reminder',
  'contact-details-changed',
  // Self-service password reset and security info.
  'recovery-code',
  'method-verification-code',
  'security-info-changed',
  'password-reset-self',
  'admin-password-reset-self',
  'account-unlocked-self',
  'recovery-not-possible',
  'contact-admin-request',
  // Multifactor authentication.
  'suspicious-mfa-failures',
  'suspicious-unfamiliar-sign-in',
  // "Email the password to the following recipients" (issue 13).
  'password-reset-result',
] as const;

export type MailTemplate = (typeof MAIL_TEMPLATES)[number];

export function isMailTemplate(value: string): value is MailTemplate {
  return (MAIL_TEMPLATES as readonly string[]).includes(value);
}
