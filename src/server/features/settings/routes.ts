import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Actor } from '../../core/identity.js';
import { problemJson } from '../../http/problem-schema.js';
import type { Permission } from '../../../shared/roles.js';
import type { AnySettingsDefinition } from './definition.js';
import type { SettingsService } from './service.js';

/**
 * A permission the route can require before the body is even parsed: when exactly one permission
 * gives access, with no condition on the document. The service checks again (authority in the service).
 */
function gate(permissions: readonly { permission: Permission; onlyFields?: readonly string[] }[]): { permission?: Permission } {
  const [only, ...others] = permissions;
  return only && !others.length && !only.onlyFields ? { permission: only.permission } : {};
}

/** The signed-in caller (the auth hook has refused requests without one). */
const actorOf = (request: FastifyRequest): Actor => ({ kind: 'user', principal: request.principal! });

/** `GET` and `PUT` on each definition's path (ADR 0003), answering the stored document; errors are problem+json. */
export const settingsRoutes =
  (service: SettingsService, definitions: readonly AnySettingsDefinition[]): FastifyPluginAsyncZod =>
  async (app) => {
    for (const definition of definitions) {
      const { path, summary, description } = definition.route;
      app.get(
        path,
        {
          config: gate(definition.read.map((permission) => ({ permission }))),
          schema: { tags: ['Settings'], summary: summary.get, response: { 200: definition.schema, 401: problemJson, 403: problemJson } },
        },
        async (request) => service.get(actorOf(request), definition),
      );
      app.put(
        path,
        {
          config: gate(definition.write),
          schema: {
            tags: ['Settings'],
            summary: summary.put,
            ...(description?.put ? { description: description.put } : {}),
            body: definition.body ?? definition.schema,
            response: { 200: definition.schema, 400: problemJson, 401: problemJson, 403: problemJson },
          },
        },
        async (request) => service.save(actorOf(request), definition, request.body, request.context),
      );
    }
  };
