import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Repos } from '../../db/repos.js';
import { problemJson } from '../../http/problem-schema.js';
import type { StoredAuditEvent } from '../audit/store.js';
import type { StoredSignInEvent } from '../sign-ins/store.js';
import { decodeCursor, encodeCursor } from '../../core/cursor.js';
import { toCsv } from './csv.js';
import { outcomes } from '../../../shared/api.js';
import { signInReasons } from '../../../shared/reports.js';

const EXPORT_LIMIT = 100_000;

const signInJson = z
  .object({
    id: z.string(),
    createdDateTime: z.string(),
    userId: z.string().nullable(),
    userPrincipalName: z.string().nullable().describe('the account, or the identifier tried when it looked like one'),
    result: z.enum(outcomes),
    reason: z.enum(signInReasons),
    ipAddress: z.string().nullable(),
    userAgent: z.string().nullable(),
    familiarDevice: z.boolean(),
    correlationId: z.string().nullable(),
    attempts: z
      .number()
      .int()
      .min(1)
      .describe('requests this row stands for: more than 1 for rate-limited refusals, aggregated per account or address and 10 minutes'),
    lastDateTime: z.string().nullable().describe('the newest request an aggregated row counts; null otherwise'),
  })
  .meta({ id: 'SignInEvent' });

const auditJson = z
  .object({
    id: z.string(),
    activityDateTime: z.string(),
    action: z.string(),
    outcome: z.enum(outcomes),
    actorId: z.string().nullable(),
    actorName: z.string().nullable(),
    targetId: z.string().nullable(),
    targetName: z.string().nullable(),
    ipAddress: z.string().nullable(),
    userAgent: z.string().nullable(),
    correlationId: z.string().nullable(),
    details: z.record(z.string(), z.unknown()),
  })
  .meta({ id: 'AuditEvent' });

const range = {
  from: z.iso.datetime().optional(),
  to: z.iso.datetime().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(512).optional(),
};
const signInQuery = z.object({ userId: z.uuid().optional(), result: z.enum(outcomes).optional(), reason: z.enum(signInReasons).optional(), ...range }).strict();
const auditQuery = z
  .object({
    actorId: z.uuid().optional(),
    targetId: z.uuid().optional(),
    action: z.string().max(100).optional(),
    outcome: z.enum(outcomes).optional(),
    ...range,
  })
  .strict();

const toSignInJson = (e: StoredSignInEvent) => ({
  id: e.id,
  createdDateTime: e.occurredAt.toISOString(),
  userId: e.userId,
  userPrincipalName: e.identifier,
  result: e.result,
  reason: e.reason,
  ipAddress: e.ipAddress,
  userAgent: e.userAgent,
  familiarDevice: e.familiar,
  correlationId: e.correlationId,
  attempts: e.attempts,
  lastDateTime: e.lastOccurredAt?.toISOString() ?? null,
});
const toAuditJson = (e: StoredAuditEvent) => ({
  id: e.id,
  activityDateTime: e.occurredAt.toISOString(),
  action: e.action,
  outcome: e.outcome,
  actorId: e.actorId,
  actorName: e.actorName,
  targetId: e.targetId,
  targetName: e.targetName,
  ipAddress: e.ipAddress,
  userAgent: e.userAgent,
  correlationId: e.correlationId,
  details: e.details,
});

const dates = (q: { from?: string | undefined; to?: string | undefined }) => ({
  from: q.from ? new Date(q.from) : undefined,
  to: q.to ? new Date(q.to) : undefined,
});

/** Reports > Sign-ins and Reports > Audit log, with keyset paging and CSV export. */
export const reportsRoutes =
  (deps: { repos: Repos }): FastifyPluginAsyncZod =>
  async (app) => {
    const { repos } = deps;

    app.get(
      '/sign-in-logs',
      {
        config: { permission: 'reports:read' },
        schema: {
          tags: ['Reports'],
          summary: 'Sign-in log, newest first',
          querystring: signInQuery,
          response: { 200: z.object({ items: z.array(signInJson), nextCursor: z.string().nullable() }), 400: problemJson, 401: problemJson, 403: problemJson },
        },
      },
      async (request) => {
        const q = request.query;
        const items = await repos.signIns.list({ ...q, ...dates(q), before: decodeCursor(q.cursor) });
        const last = items.at(-1);
        return {
          items: items.map(toSignInJson),
          nextCursor: items.length === q.limit && last ? encodeCursor({ at: last.occurredAt.toISOString(), id: last.id }) : null,
        };
      },
    );

    app.get(
      '/sign-in-logs.csv',
      {
        config: { permission: 'reports:read' },
        schema: {
          tags: ['Reports'],
          summary: 'Sign-in log as CSV (same filters, up to 100,000 rows)',
          querystring: signInQuery.omit({ limit: true, cursor: true }),
        },
      },
      async (request, reply) => {
        const items = await repos.signIns.list({ ...request.query, ...dates(request.query), limit: EXPORT_LIMIT });
        const csv = toCsv(
          ['createdDateTime', 'userPrincipalName', 'result', 'reason', 'ipAddress', 'userAgent', 'familiarDevice', 'correlationId', 'userId', 'attempts'],
          items.map((e) => [
            e.occurredAt.toISOString(),
            e.identifier,
            e.result,
            e.reason,
            e.ipAddress,
            e.userAgent,
            e.familiar,
            e.correlationId,
            e.userId,
            e.attempts,
          ]),
        );
        return reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="sign-ins.csv"').send(csv);
      },
    );

    app.get(
      '/audit-logs',
      {
        config: { permission: 'audit:read' },
        schema: {
          tags: ['Reports'],
          summary: 'Audit log, newest first',
          querystring: auditQuery,
          response: { 200: z.object({ items: z.array(auditJson), nextCursor: z.string().nullable() }), 400: problemJson, 401: problemJson, 403: problemJson },
        },
      },
      async (request) => {
        const q = request.query;
        const items = await repos.audit.list({ ...q, ...dates(q), before: decodeCursor(q.cursor) });
        const last = items.at(-1);
        return {
          items: items.map(toAuditJson),
          nextCursor: items.length === q.limit && last ? encodeCursor({ at: last.occurredAt.toISOString(), id: last.id }) : null,
        };
      },
    );

    app.get(
      '/audit-logs.csv',
      {
        config: { permission: 'audit:read' },
        schema: {
          tags: ['Reports'],
          summary: 'Audit log as CSV (same filters, up to 100,000 rows)',
          querystring: auditQuery.omit({ limit: true, cursor: true }),
        },
      },
      async (request, reply) => {
        const items = await repos.audit.list({ ...request.query, ...dates(request.query), limit: EXPORT_LIMIT });
        const csv = toCsv(
          ['activityDateTime', 'action', 'outcome', 'actorName', 'targetName', 'ipAddress', 'userAgent', 'correlationId', 'details', 'actorId', 'targetId'],
          items.map((e) => [
            e.occurredAt.toISOString(),
            e.action,
            e.outcome,
            e.actorName,
            e.targetName,
            e.ipAddress,
            e.userAgent,
            e.correlationId,
            JSON.stringify(e.details),
            e.actorId,
            e.targetId,
          ]),
        );
        return reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="audit-log.csv"').send(csv);
      },
    );

    app.get(
      '/me/sign-ins',
      {
        schema: {
          tags: ['My account'],
          summary: 'My recent sign-ins',
          querystring: z.object({ limit: z.coerce.number().int().min(1).max(100).default(20) }).strict(),
          response: { 200: z.object({ items: z.array(signInJson) }), 400: problemJson, 401: problemJson, 403: problemJson },
        },
      },
      async (request) => ({ items: (await repos.signIns.list({ userId: request.principal!.user.id, limit: request.query.limit })).map(toSignInJson) }),
    );
  };
