import type { Clock } from '../../core/clock.js';
import type { Repos, Transact } from '../../db/repos.js';
import type { SmsProvider } from './text-channel.js';
import { renderMail, type MailContext, type TemplateRegistry } from './mail-render.js';
import { renderText } from './text-templates.js';
import type { MailTransport } from './transport.js';
import type { OutboxMessage } from './outbox-store.js';

export interface OutboxWorkerOptions {
  repos: Repos;
  transact: Transact;
  clock: Clock;
  transport: MailTransport;
  /** Delivers text messages and voice calls; without it they fail (and are retried) like a failed delivery. */
  sms?: SmsProvider | undefined;
  mailContext: () => Promise<MailContext>;
  /** Every mail template by name, assembled by the application from the features that send mail. */
  templates: TemplateRegistry;
  pollMs: number;
  /** Attempts before a message is marked failed (default 8: the last retry comes after about 10 minutes). */
  maxAttempts?: number;
  /** How long a claimed message stays with its worker before another may take it over. */
  leaseMs?: number;
  batchSize?: number;
  onError?: (err: unknown, message?: OutboxMessage) => void;
  /** Host name for Message-IDs. */
  messageIdDomain: string;
}

/** Retry delay after the n-th failed attempt: 5 s, 10 s, 20 s, … capped at one hour. */
export function backoffMs(attempt: number): number {
  return Math.min(5_000 * 2 ** Math.max(0, attempt - 1), 3_600_000);
}

/**
 * Delivers the outbox: polls for due messages (and is kicked right after a commit), claims each
 * with a compare-and-set so that concurrent workers on several servers never send one twice,
 * and records every attempt in the delivery log. A message whose worker died is taken over
 * when its lease ends, so nothing is lost.
 */
export function createOutboxWorker(options: OutboxWorkerOptions) {
  const { repos, transact, clock, transport, sms } = options;
  const maxAttempts = options.maxAttempts ?? 8;
  const leaseMs = options.leaseMs ?? 60_000;
  const batchSize = options.batchSize ?? 20;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<number> | undefined;
  let rerun = false;
  let stopped = true;

  /** Renders and hands over one message on its channel. @returns the subject to record and who took it */
  async function send(message: OutboxMessage, context: MailContext): Promise<{ subject: string | null; via: string }> {
    if (message.channel === 'email') {
      const mail = renderMail(options.templates, message.template, message.locale, message.payload, context);
      await transport.send({ ...mail, to: message.recipient, messageId: `<${message.id}@${options.messageIdDomain}>`, outboxId: message.id });
      return { subject: mail.subject, via: transport.kind };
    }
    if (!sms) throw new Error('no SMS provider is configured: text messages and voice calls cannot be delivered');
    const text = renderText(message.template, message.locale, message.payload, context, message.channel);
    await sms.send({ to: message.recipient, text, kind: message.channel, messageId: message.id });
    return { subject: null, via: sms.kind };
  }

  async function deliver(message: OutboxMessage, context: MailContext): Promise<void> {
    const now = clock.now();
    if (!(await repos.outbox.claim(message.id, now, new Date(now.getTime() + leaseMs)))) return;
    const attempt = message.attempts + 1; // the claim counted this attempt
    try {
      const { subject, via } = await send(message, context);
      await transact(async (tx) => {
        await tx.outbox.markSent(message.id, clock.now(), subject);
        await tx.outbox.logAttempt(message.id, { attemptedAt: clock.now(), outcome: 'sent', detail: via });
      });
    } catch (err) {
      const detail = err instanceof Error ? err.message : String(err);
      options.onError?.(err, message);
      await transact(async (tx) => {
        if (attempt >= maxAttempts) {
          await tx.outbox.markFailed(message.id, detail);
          await tx.outbox.logAttempt(message.id, { attemptedAt: clock.now(), outcome: 'failed', detail });
        } else {
          await tx.outbox.markRetry(message.id, new Date(clock.now().getTime() + backoffMs(attempt)), detail);
          await tx.outbox.logAttempt(message.id, { attemptedAt: clock.now(), outcome: 'retry', detail });
        }
      });
    }
  }

  /** One pass over the due messages. @returns how many were attempted. */
  async function runOnce(): Promise<number> {
    const due = await repos.outbox.due(clock.now(), batchSize);
    if (!due.length) return 0;
    const context = await options.mailContext();
    for (const message of due) await deliver(message, context);
    return due.length;
  }

  /** Runs passes until nothing is due; concurrent calls coalesce into the running one. */
  function drain(): Promise<number> {
    if (running) {
      rerun = true;
      return running;
    }
    running = (async () => {
      let total = 0;
      try {
        do {
          rerun = false;
          let n: number;
          do {
            n = await runOnce();
            total += n;
          } while (n === batchSize);
        } while (rerun);
      } catch (err) {
        options.onError?.(err);
      } finally {
        running = undefined;
      }
      return total;
    })();
    return running;
  }

  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => void drain().finally(schedule), options.pollMs);
    timer.unref();
  };

  return {
    runOnce,
    drain,
    /** Deliver soon: called after a transaction that queued mail commits. */
    kick(): void {
      if (!stopped) void drain();
    },
    start(): void {
      if (!stopped) return;
      stopped = false;
      schedule();
    },
    async stop(): Promise<void> {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
      transport.close();
      sms?.close?.();
    },
  };
}

export type OutboxWorker = ReturnType<typeof createOutboxWorker>;
