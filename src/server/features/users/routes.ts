import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { UsersService } from './service.js';
import { listUsersQuery, toUserJson, userIdParams, userJson } from './schemas.js';
import { problemJson } from '../../http/problem-schema.js';

export const usersRoutes =
  (users: UsersService): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/users',
      {
        config: { permission: 'users:read' },
        schema: {
          tags: ['Users'],
          summary: 'List users (Users > Active users)',
          querystring: listUsersQuery,
          response: { 200: z.object({ items: z.array(userJson), nextCursor: z.string().nullable() }), 401: problemJson, 403: problemJson },
        },
      },
      async (request) => {
        const page = await users.list({ kind: 'user', principal: request.principal! }, request.query);
        return { items: page.items.map(toUserJson), nextCursor: page.nextCursor };
      },
    );

    app.get(
      '/users/:id',
      {
        config: { permission: 'users:read' },
        schema: {
          tags: ['Users'],
          summary: 'Get a user',
          params: userIdParams,
          response: { 200: userJson, 401: problemJson, 403: problemJson, 404: problemJson },
        },
      },
      async (request) => toUserJson(await users.get({ kind: 'user', principal: request.principal! }, request.params.id)),
    );
  };
