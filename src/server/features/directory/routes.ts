import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { problemJson } from '../../http/problem-schema.js';
import { directoryStatusJson, runsQuery, syncBody, syncRunJson } from './schemas.js';
import type { DirectorySyncService } from './sync-service.js';

/** Directory sync (issue 14): start a run, read the connection's status and the recent runs. */
export const directorySyncRoutes =
  (sync: DirectorySyncService): FastifyPluginAsyncZod =>
  async (app) => {
    app.post(
      '/directory/sync',
      {
        config: { permission: 'users:manage' },
        schema: {
          tags: ['Directory'],
          summary: 'Sync users and groups from the directory now',
          description:
            'Starts a run in the background and answers at once with its id; follow it with GET /directory/status. One run at a time across all servers (409 directory.sync_running); 404 directory.not_configured without a directory.',
          body: syncBody.nullish(),
          response: { 202: z.object({ id: z.string() }), 400: problemJson, 401: problemJson, 403: problemJson, 404: problemJson, 409: problemJson },
        },
      },
      async (request, reply) => {
        const started = await sync.start({ kind: 'user', principal: request.principal! }, { mode: request.body?.mode }, request.context);
        return reply.code(202).send(started);
      },
    );

    app.get(
      '/directory/status',
      {
        config: { permission: 'users:read' },
        schema: {
          tags: ['Directory'],
          summary: 'The directory connection and its last sync',
          response: { 200: directoryStatusJson, 401: problemJson, 403: problemJson },
        },
      },
      async (request) => sync.status({ kind: 'user', principal: request.principal! }),
    );

    app.get(
      '/directory/runs',
      {
        config: { permission: 'users:read' },
        schema: {
          tags: ['Directory'],
          summary: 'The recent sync runs, newest first',
          querystring: runsQuery,
          response: { 200: z.object({ items: z.array(syncRunJson) }), 400: problemJson, 401: problemJson, 403: problemJson },
        },
      },
      async (request) => ({ items: await sync.runs({ kind: 'user', principal: request.principal! }, request.query.limit) }),
    );
  };
