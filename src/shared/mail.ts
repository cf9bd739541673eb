/* Settings > Mail: the outbox and the dev mailbox (`/mail/*`), shared by the server and the web app. */

/** How a message goes out: mail, a text message, or a voice call (office phone codes). */
export const mailChannels = ['email', 'sms', 'voice'] as const;
export type MailChannel = (typeof mailChannels)[number];

export const mailStatuses = ['queued', 'sending', 'sent', 'failed'] as const;
export type MailStatus = (typeof mailStatuses)[number];

/** One message in the outbox (`/mail/deliveries`). */
export interface MailDelivery {
  id: string;
  channel: MailChannel;
  recipient: string;
  template: string;
  locale: string;
  subject: string | null;
  status: MailStatus;
  attempts: number;
  nextAttemptDateTime: string | null;
  lastError: string | null;
  createdDateTime: string;
  sentDateTime: string | null;
  log: { dateTime: string; outcome: 'sent' | 'retry' | 'failed'; detail: string | null }[];
}

/** `GET /mail/deliveries`. */
export interface MailDeliveries {
  transport: 'smtp' | 'dev-mailbox';
  items: MailDelivery[];
  nextBefore: string | null;
}

/** A message kept by the dev mailbox (no SMTP server configured). */
export interface DevMail {
  id: string;
  recipient: string;
  subject: string;
  text: string;
  html: string;
  createdDateTime: string;
}
