import nodemailer from 'nodemailer';
import type { OutboxStore } from './outbox-store.js';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Stable per outbox message, so a receiving server can recognise a retried delivery. */
  messageId: string;
  outboxId: string;
}

export interface MailTransport {
  readonly kind: 'smtp' | 'dev-mailbox';
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

/** Real delivery over SMTP (STARTTLS when the server offers it; smtps:// for implicit TLS). */
export function createSmtpTransport(url: string, from: string): MailTransport {
  const transporter = nodemailer.createTransport(url);
  return {
    kind: 'smtp',
    async send(mail) {
      await transporter.sendMail({ from, to: mail.to, subject: mail.subject, text: mail.text, html: mail.html, messageId: mail.messageId });
    },
    close: () => transporter.close(),
  };
}

/**
 * Without SMTP, mail lands in the dev mailbox: stored for the admin centre (Settings > Mail) and
 * printed to the console, so the quick start works with no mail server. The console copy has its
 * codes and link tokens masked ({@link maskForConsole}); the stored copy is whole.
 */
export function createDevMailboxTransport(outbox: OutboxStore, options: { now: () => Date; print?: (text: string) => void }): MailTransport {
  return {
    kind: 'dev-mailbox',
    async send(mail) {
      await outbox.saveDevMail({ outboxId: mail.outboxId, recipient: mail.to, subject: mail.subject, text: mail.text, html: mail.html }, options.now());
      options.print?.(maskForConsole(`\n[dev mailbox] To: ${mail.to}\nSubject: ${mail.subject}\n\n${mail.text}`));
    },
    close: () => undefined,
  };
}

const BULLETS = (digits: string) => digits.replace(/\d/g, '\u2022');

/**
 * A message as the console may show it (issue 12 finding 10; checklist AU3, N5): one-time codes
 * (6-12 digits, or spoken digit by digit), link tokens and query values, and any long token-like
 * run of characters are masked. Console output ends up in terminals, scroll-back and log files.
 */
export function maskForConsole(text: string): string {
  return text
    .replace(/([?#&][A-Za-z0-9_.-]*=)[^\s&#]+/g, '$1\u2026')
    .replace(/(?<![+\w])\d{6,12}(?!\w)/g, BULLETS)
    .replace(/(?<![\w.])\d(?:[ ,]{1,2}\d){5,11}(?![\w.])/g, BULLETS)
    .replace(/[A-Za-z0-9_-]{24,}/g, '\u2026');
}
