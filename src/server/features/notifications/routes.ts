import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { problemJson } from '../../http/problem-schema.js';
import type { Repos } from '../../db/repos.js';
import { mailChannels, mailStatuses } from '../../../shared/mail.js';
import type { MailTransport } from './transport.js';

const delivery = z
  .object({
    id: z.string(),
    channel: z.enum(mailChannels),
    recipient: z.string(),
    template: z.string(),
    locale: z.string(),
    subject: z.string().nullable(),
    status: z.enum(mailStatuses),
    attempts: z.number().int(),
    nextAttemptDateTime: z.string().nullable(),
    lastError: z.string().nullable(),
    createdDateTime: z.string(),
    sentDateTime: z.string().nullable(),
    log: z.array(z.object({ dateTime: z.string(), outcome: z.enum(['sent', 'retry', 'failed']), detail: z.string().nullable() })),
  })
  .meta({ id: 'MailDelivery' });

/** Settings > Mail: the delivery log (what went out, what failed and why) and the dev mailbox. */
export const mailRoutes =
  (deps: { repos: Repos; transport: MailTransport }): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/mail/deliveries',
      {
        config: { permission: 'mail:read' },
        schema: {
          tags: ['Mail'],
          summary: 'The mail delivery log, newest first',
          querystring: z
            .object({
              status: z.enum(mailStatuses).optional(),
              limit: z.coerce.number().int().min(1).max(200).default(50),
              before: z.iso.datetime().optional(),
            })
            .strict(),
          response: {
            200: z.object({ transport: z.enum(['smtp', 'dev-mailbox']), items: z.array(delivery), nextBefore: z.string().nullable() }),
            400: problemJson,
            401: problemJson,
            403: problemJson,
          },
        },
      },
      async (request) => {
        const { limit, before, status } = request.query;
        const items = await deps.repos.outbox.list({ limit, before, status });
        const logs = await deps.repos.outbox.attemptsOf(items.map((m) => m.id));
        return {
          transport: deps.transport.kind,
          nextBefore: items.length === limit ? items.at(-1)!.createdAt.toISOString() : null,
          items: items.map((m) => ({
            id: m.id,
            channel: m.channel,
            recipient: m.recipient,
            template: m.template,
            locale: m.locale,
            subject: m.subject,
            status: m.status,
            attempts: m.attempts,
            nextAttemptDateTime: m.status === 'queued' ? m.nextAttemptAt.toISOString() : null,
            lastError: m.lastError,
            createdDateTime: m.createdAt.toISOString(),
            sentDateTime: m.sentAt?.toISOString() ?? null,
            log: (logs.get(m.id) ?? []).map((a) => ({ dateTime: a.attemptedAt.toISOString(), outcome: a.outcome, detail: a.detail })),
          })),
        };
      },
    );

    app.get(
      '/mail/dev-mailbox',
      {
        config: { permission: 'mail:read' },
        schema: {
          tags: ['Mail'],
          summary: 'Messages in the dev mailbox (when no SMTP server is configured)',
          querystring: z.object({ recipient: z.string().max(256).optional(), limit: z.coerce.number().int().min(1).max(200).default(50) }).strict(),
          response: {
            200: z.object({
              enabled: z.boolean(),
              items: z.array(
                z.object({ id: z.string(), recipient: z.string(), subject: z.string(), text: z.string(), html: z.string(), createdDateTime: z.string() }),
              ),
            }),
            400: problemJson,
            401: problemJson,
            403: problemJson,
          },
        },
      },
      async (request) => {
        const mails = await deps.repos.outbox.listDevMail(request.query.limit, request.query.recipient);
        return {
          enabled: deps.transport.kind === 'dev-mailbox',
          items: mails.map((m) => ({
            id: m.id,
            recipient: m.recipient,
            subject: m.subject,
            text: m.text,
            html: m.html,
            createdDateTime: m.createdAt.toISOString(),
          })),
        };
      },
    );
  };
