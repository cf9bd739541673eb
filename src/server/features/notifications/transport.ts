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
 * printed to the console, so the quick start works with no mail server.
 */
export function createDevMailboxTransport(outbox: OutboxStore, options: { now: () => Date; print?: (text: string) => void }): MailTransport {
  return {
    kind: 'dev-mailbox',
    async send(mail) {
      await outbox.saveDevMail({ outboxId: mail.outboxId, recipient: mail.to, subject: mail.subject, text: mail.text, html: mail.html }, options.now());
      options.print?.(`\n[dev mailbox] To: ${mail.to}\nSubject: ${mail.subject}\n\n${mail.text}`);
    },
    close: () => undefined,
  };
}
