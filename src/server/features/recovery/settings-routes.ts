import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Repos } from '../../db/repos.js';
import { problemJson } from '../../http/problem-schema.js';

/**
 * The groups self-service password reset can be scoped to. The settings document's own routes come
 * from its definition (settings.ts: ssprSettingsDocument, ADR 0003).
 */
export const groupRoutes =
  (deps: { repos: Repos }): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/groups',
      {
        config: { permission: 'users:read' },
        schema: {
          tags: ['Groups'],
          summary: 'Groups, optionally filtered by the start of their name',
          querystring: z.object({ search: z.string().max(100).optional() }).strict(),
          response: {
            200: z.object({
              items: z.array(z.object({ id: z.string(), displayName: z.string(), description: z.string().nullable(), memberCount: z.number() })),
            }),
            400: problemJson,
            401: problemJson,
            403: problemJson,
          },
        },
      },
      async (request) => {
        const search = request.query.search?.trim().toLocaleLowerCase('und') ?? '';
        const groups = await deps.repos.groups.list();
        return {
          items: groups
            .filter((g) => !search || g.displayName.toLocaleLowerCase('und').startsWith(search))
            .map(({ id, displayName, description, memberCount }) => ({ id, displayName, description, memberCount })),
        };
      },
    );
  };
