import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { resetItemStatuses, resetJobStatuses } from '../../../shared/admin-reset.js';
import { problemJson } from '../../http/problem-schema.js';
import type { ResetJobs } from './jobs.js';
import { emailResultJson } from './routes.js';

const options = {
  autoGenerate: z.boolean().default(true),
  password: z.string().min(1).max(1024).optional(),
  forceChangePasswordNextSignIn: z.boolean().default(true),
  emailResult: emailResultJson.optional(),
};
const createBody = z
  .union([
    z.object({ userIds: z.array(z.uuid()).min(1).max(100_000), ...options }).strict(),
    z.object({ groupId: z.uuid(), ...options }).strict(),
    z.object({ userPrincipalNames: z.array(z.string().min(1).max(256)).min(1).max(100_000), ...options }).strict(),
  ])
  .meta({ id: 'PasswordResetJobRequest', description: 'Exactly one of userIds, groupId or userPrincipalNames, and the reset options.' });

const jobJson = z
  .object({
    id: z.string(),
    status: z.enum(resetJobStatuses),
    createdDateTime: z.string(),
    createdBy: z.string(),
    finishedDateTime: z.string().nullable(),
    total: z.number().int(),
    counts: z.object({ pending: z.number().int(), reset: z.number().int(), skipped: z.number().int(), failed: z.number().int() }),
    autoGenerate: z.boolean(),
    forceChangePasswordNextSignIn: z.boolean(),
    pausedUntil: z.string().nullable().describe('a running job whose directory is down waits until then, then resumes (issue 14); null when not paused'),
    pausedReason: z.string().nullable().describe('why it waits: directory.unavailable'),
  })
  .meta({ id: 'PasswordResetJob' });

const itemJson = z.object({
  seq: z.number().int(),
  userId: z.string().nullable(),
  userPrincipalName: z.string(),
  status: z.enum(resetItemStatuses),
  reason: z.string().nullable(),
  passwordAvailable: z.boolean(),
});

/** Bulk reset: start a job, follow its progress, read its outcomes and (once) its passwords. */
export const resetJobRoutes =
  (jobs: ResetJobs): FastifyPluginAsyncZod =>
  async (app) => {
    app.post(
      '/password-reset-jobs',
      {
        schema: {
          tags: ['Users'],
          summary: 'Reset the passwords of many users in the background',
          description:
            'A selection, a whole group or a list of user principal names. Each user is checked against the role matrix on its own (skipped: not permitted), reset in its own transaction and notified; the job survives restarts.',
          body: createBody,
          response: { 202: z.object({ id: z.string(), total: z.number().int() }), 400: problemJson, 401: problemJson, 403: problemJson, 404: problemJson },
        },
      },
      async (request, reply) => {
        const { autoGenerate, password, forceChangePasswordNextSignIn, emailResult, ...targets } = request.body;
        const options = { autoGenerate, password, forceChangePasswordNextSignIn, emailResult };
        const created = await jobs.create(request.principal!, targets, options, request.context);
        return reply.code(202).send(created);
      },
    );

    app.get(
      '/password-reset-jobs/:id',
      {
        schema: {
          tags: ['Users'],
          summary: 'Progress of a bulk reset',
          description: 'For the admin who started the job and Global Administrators; anyone else gets 404, as for a job that does not exist.',
          params: z.object({ id: z.uuid() }).strict(),
          response: { 200: jobJson, 400: problemJson, 401: problemJson, 403: problemJson, 404: problemJson },
        },
      },
      async (request) => {
        const { job, counts } = await jobs.status(request.principal!, request.params.id);
        return {
          id: job.id,
          status: job.status,
          createdDateTime: job.createdAt.toISOString(),
          createdBy: job.createdByName,
          finishedDateTime: job.finishedAt?.toISOString() ?? null,
          total: job.total,
          counts,
          autoGenerate: job.options.autoGenerate,
          forceChangePasswordNextSignIn: job.options.forceChangePasswordNextSignIn,
          pausedUntil: job.pausedUntil?.toISOString() ?? null,
          pausedReason: job.pausedReason,
        };
      },
    );

    app.get(
      '/password-reset-jobs/:id/items',
      {
        schema: {
          tags: ['Users'],
          summary: 'Per-user outcomes of a bulk reset (reset, skipped: reason, failed: reason)',
          description: 'For the admin who started the job and Global Administrators; anyone else gets 404.',
          params: z.object({ id: z.uuid() }).strict(),
          querystring: z
            .object({ after: z.coerce.number().int().min(-1).max(2_147_483_647).default(-1), limit: z.coerce.number().int().min(1).max(1000).default(200) })
            .strict(),
          response: {
            200: z.object({ items: z.array(itemJson), nextAfter: z.number().int().nullable() }),
            400: problemJson,
            401: problemJson,
            403: problemJson,
            404: problemJson,
          },
        },
      },
      async (request) => {
        const items = await jobs.items(request.principal!, request.params.id, request.query.after, request.query.limit);
        return {
          items: items.map((i) => ({
            seq: i.seq,
            userId: i.userId,
            userPrincipalName: i.userPrincipalName,
            status: i.status,
            reason: i.reason,
            passwordAvailable: i.sealedPassword !== null,
          })),
          nextAfter: items.length === request.query.limit ? items.at(-1)!.seq : null,
        };
      },
    );

    app.post(
      '/password-reset-jobs/:id/passwords',
      {
        schema: {
          tags: ['Users'],
          summary: 'Take the generated passwords (once, by the admin who started the job)',
          description:
            'POST because reading erases them: a second call returns only passwords generated since. Only while the admin still holds the reset permission (else 403), only for users they may still reset (the others are erased unread), and only within LATCHKEY_RESET_JOB_PASSWORD_TTL_SECONDS of each reset.',
          params: z.object({ id: z.uuid() }).strict(),
          response: {
            200: z.object({ items: z.array(z.object({ userPrincipalName: z.string(), password: z.string() })) }),
            400: problemJson,
            401: problemJson,
            403: problemJson,
            404: problemJson,
          },
        },
      },
      async (request) => ({ items: await jobs.takePasswords(request.principal!, request.params.id, request.context) }),
    );
  };
