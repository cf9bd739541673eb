import { serializerCompiler, type FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { UsersService } from './service.js';
import { listUsersQuery, toUserJson, userIdParams, userJson } from './schemas.js';
import { problemJson } from '../../http/problem-schema.js';

/** The list's 200 body (its OpenAPI schema; users.test.ts checks the bodies the route sends against it). */
export const userPageJson = z.object({ items: z.array(userJson), nextCursor: z.string().nullable() });

/**
 * The list's 200 body is built field by field by toUserJson, a typed copy of exactly the schema's
 * shape, so it is written with JSON.stringify alone: encoding 100 users through zod again cost
 * about as much as reading them (issue 16). Every other status keeps zod's serialiser.
 */
const listSerializer = (route: { schema: unknown; method: string; url: string; httpStatus?: string }) =>
  route.httpStatus === '200' ? (data: unknown) => JSON.stringify(data) : serializerCompiler(route as Parameters<typeof serializerCompiler>[0]);

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
          response: { 200: userPageJson, 401: problemJson, 403: problemJson },
        },
        serializerCompiler: listSerializer,
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
