import type { ExpressionBuilder, Kysely, Selectable } from 'kysely';
import type { Database, OutboxTable } from '../../db/types.js';
import { iso } from '../../core/clock.js';
import { newId } from '../../core/crypto.js';
import { mailChannels, type MailChannel, type MailStatus } from '../../../shared/mail.js';
import { param, prepare } from '../../db/compiled.js';

export type OutboxStatus = MailStatus;

/** How a message travels: mail, a text message to a mobile phone, or a voice call. */
export type OutboxChannel = MailChannel;

export interface OutboxMessage {
  id: string;
  channel: OutboxChannel;
  recipient: string;
  template: string;
  locale: string;
  payload: Record<string, string | number | boolean | null>;
  status: OutboxStatus;
  attempts: number;
  nextAttemptAt: Date;
  lastError: string | null;
  createdAt: Date;
  sentAt: Date | null;
  userId: string | null;
  subject: string | null;
}

export interface NewOutboxMessage {
  /**
   * Written but never delivered: the reset portal writes one where a real account would get a
   * code, so that every path does the same work (checklist R2). Not listed in the delivery log.
   */
  decoy?: boolean;
  channel: OutboxChannel;
  recipient: string;
  template: string;
  locale: string;
  payload: Record<string, string | number | boolean | null>;
  userId: string | null;
}

export interface DeliveryAttempt {
  attemptedAt: Date;
  outcome: 'sent' | 'retry' | 'failed';
  detail: string | null;
}

export interface DevMail {
  id: string;
  recipient: string;
  subject: string;
  text: string;
  html: string;
  createdAt: Date;
}

/**
 * The transactional outbox: a message is written in the same transaction as the change it
 * reports, and a worker claims and delivers it later, so a crash between the two loses nothing.
 */
export interface OutboxStore {
  enqueue(message: NewOutboxMessage, at: Date): Promise<string>;
  /** Messages due now: queued and due, or stuck in sending past their lease (a crashed worker). */
  due(now: Date, limit: number): Promise<OutboxMessage[]>;
  /** Compare-and-set claim; exactly one worker wins a message, whichever server it runs on. */
  claim(id: string, now: Date, leaseUntil: Date): Promise<boolean>;
  /** `subject` is the mail's subject; null for text messages and voice calls, which have none. */
  markSent(id: string, at: Date, subject: string | null): Promise<void>;
  markRetry(id: string, nextAttemptAt: Date, error: string): Promise<void>;
  markFailed(id: string, error: string): Promise<void>;
  logAttempt(id: string, attempt: DeliveryAttempt): Promise<void>;
  get(id: string): Promise<OutboxMessage | undefined>;
  list(query: { limit: number; before?: string | undefined; status?: OutboxStatus | undefined }): Promise<OutboxMessage[]>;
  attemptsOf(ids: string[]): Promise<Map<string, DeliveryAttempt[]>>;
  saveDevMail(mail: Omit<DevMail, 'id' | 'createdAt'> & { outboxId: string | null }, at: Date): Promise<void>;
  listDevMail(limit: number, recipient?: string): Promise<DevMail[]>;
  /** Drops decoy rows (never delivered; they only exist to match a real send's work) written before `before`. */
  deleteDecoysBefore(before: Date): Promise<number>;
  /** The retention job: sent and failed messages written before `before`, with their delivery attempts; queued ones stay. @returns how many messages. */
  deleteFinishedBefore(before: Date): Promise<number>;
  /** The retention job: dev mailbox messages stored before `before` (they hold codes and links in plain text). @returns how many. */
  deleteDevMailBefore(before: Date): Promise<number>;
}

/** Rows deleted per statement by the retention jobs, so no delete holds locks for long. */
const DELETE_BATCH = 2000;

/** A new message: every code, notice and decoy the portal and the accounts write (a hot path, issue 16), compiled once. */
const insertMessage = prepare<
  { id: string; channel: string; recipient: string; template: string; locale: string; payload: string; status: string; at: string; userId: string | null },
  never
>((db) =>
  db.insertInto('outbox').values({
    id: param('id'),
    channel: param('channel'),
    recipient: param('recipient'),
    template: param('template'),
    locale: param('locale'),
    payload: param('payload'),
    status: param('status'),
    attempts: 0,
    next_attempt_at: param('at'),
    last_error: null,
    created_at: param('at'),
    sent_at: null,
    user_id: param('userId'),
    claimed_until: null,
    subject: null,
  }),
);

export function createOutboxStore(db: Kysely<Database>): OutboxStore {
  const dueFilter = (now: string) => (eb: ExpressionBuilder<Database, 'outbox'>) =>
    eb.or([eb.and([eb('status', '=', 'queued'), eb('next_attempt_at', '<=', now)]), eb.and([eb('status', '=', 'sending'), eb('claimed_until', '<=', now)])]);
  return {
    async enqueue(m, at) {
      const id = newId();
      await insertMessage.run(db, {
        id,
        channel: m.channel,
        recipient: m.recipient,
        template: m.template,
        locale: m.locale,
        payload: JSON.stringify(m.payload),
        status: m.decoy ? 'decoy' : 'queued',
        at: iso(at),
        userId: m.userId,
      });
      return id;
    },
    async due(now, limit) {
      const rows = await db
        .selectFrom('outbox')
        .selectAll()
        .where(dueFilter(iso(now)))
        .orderBy('next_attempt_at')
        .limit(limit)
        .execute();
      return rows.map(toMessage);
    },
    async claim(id, now, leaseUntil) {
      const result = await db
        .updateTable('outbox')
        .set((eb) => ({ status: 'sending', claimed_until: iso(leaseUntil), attempts: eb('attempts', '+', 1) }))
        .where('id', '=', id)
        .where(dueFilter(iso(now)))
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    async markSent(id, at, subject) {
      await db
        .updateTable('outbox')
        .set({ status: 'sent', sent_at: iso(at), claimed_until: null, last_error: null, subject })
        .where('id', '=', id)
        .execute();
    },
    async markRetry(id, nextAttemptAt, error) {
      await db
        .updateTable('outbox')
        .set({ status: 'queued', next_attempt_at: iso(nextAttemptAt), claimed_until: null, last_error: error.slice(0, 1000) })
        .where('id', '=', id)
        .execute();
    },
    async markFailed(id, error) {
      await db
        .updateTable('outbox')
        .set({ status: 'failed', claimed_until: null, last_error: error.slice(0, 1000) })
        .where('id', '=', id)
        .execute();
    },
    async logAttempt(id, a) {
      await db
        .insertInto('outbox_attempt')
        .values({ id: newId(), outbox_id: id, attempted_at: iso(a.attemptedAt), outcome: a.outcome, detail: a.detail?.slice(0, 1000) ?? null })
        .execute();
    },
    async get(id) {
      const row = await db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toMessage(row);
    },
    async list({ limit, before, status }) {
      let q = db.selectFrom('outbox').selectAll();
      q = status ? q.where('status', '=', status) : q.where('status', '!=', 'decoy');
      if (before) q = q.where('created_at', '<', before);
      return (await q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute()).map(toMessage);
    },
    async attemptsOf(ids) {
      const result = new Map<string, DeliveryAttempt[]>(ids.map((id) => [id, []]));
      if (!ids.length) return result;
      const rows = await db.selectFrom('outbox_attempt').selectAll().where('outbox_id', 'in', ids).orderBy('attempted_at').execute();
      for (const r of rows)
        result.get(r.outbox_id)?.push({ attemptedAt: new Date(r.attempted_at), outcome: r.outcome as DeliveryAttempt['outcome'], detail: r.detail });
      return result;
    },
    async deleteDecoysBefore(before) {
      const result = await db.deleteFrom('outbox').where('status', '=', 'decoy').where('created_at', '<', iso(before)).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
    async deleteFinishedBefore(before) {
      let deleted = 0;
      for (;;) {
        const ids = (
          await db
            .selectFrom('outbox')
            .select('id')
            .where('status', 'in', ['sent', 'failed'])
            .where('created_at', '<', iso(before))
            .limit(DELETE_BATCH)
            .execute()
        ).map((r) => r.id);
        if (!ids.length) return deleted;
        // Sent and failed are final: no attempt is logged for them any more, so the order is safe.
        await db.deleteFrom('outbox_attempt').where('outbox_id', 'in', ids).execute();
        deleted += Number((await db.deleteFrom('outbox').where('id', 'in', ids).where('status', 'in', ['sent', 'failed']).executeTakeFirst()).numDeletedRows);
        if (ids.length < DELETE_BATCH) return deleted;
      }
    },
    async deleteDevMailBefore(before) {
      let deleted = 0;
      for (;;) {
        const batch = db.selectFrom('dev_mailbox').select('id').where('created_at', '<', iso(before)).limit(DELETE_BATCH);
        const n = Number((await db.deleteFrom('dev_mailbox').where('id', 'in', batch).executeTakeFirst()).numDeletedRows);
        deleted += n;
        if (n < DELETE_BATCH) return deleted;
      }
    },
    async saveDevMail(mail, at) {
      await db
        .insertInto('dev_mailbox')
        .values({
          id: newId(),
          outbox_id: mail.outboxId,
          recipient: mail.recipient,
          subject: mail.subject,
          text_body: mail.text,
          html_body: mail.html,
          created_at: iso(at),
        })
        .execute();
    },
    async listDevMail(limit, recipient) {
      let q = db.selectFrom('dev_mailbox').selectAll();
      if (recipient) q = q.where('recipient', '=', recipient);
      const rows = await q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
      return rows.map((r) => ({
        id: r.id,
        recipient: r.recipient,
        subject: r.subject,
        text: r.text_body,
        html: r.html_body,
        createdAt: new Date(r.created_at),
      }));
    },
  };
}

function toMessage(row: Selectable<OutboxTable>): OutboxMessage {
  return {
    id: row.id,
    channel: mailChannels.find((c) => c === row.channel) ?? 'email',
    recipient: row.recipient,
    template: row.template,
    locale: row.locale,
    payload: JSON.parse(row.payload) as OutboxMessage['payload'],
    status: row.status as OutboxStatus,
    attempts: Number(row.attempts),
    nextAttemptAt: new Date(row.next_attempt_at),
    lastError: row.last_error,
    createdAt: new Date(row.created_at),
    sentAt: row.sent_at ? new Date(row.sent_at) : null,
    userId: row.user_id,
    subject: row.subject,
  };
}
