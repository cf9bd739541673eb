import type { FastifyInstance } from 'fastify';
import fastifySwagger from '@fastify/swagger';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { renderApiReference, type OpenApiDocument } from './api-reference.js';

/** OpenAPI 3.1 generated from the routes' zod schemas, at /api/openapi.json, and a readable page at /api/docs. */
export async function registerOpenApi(app: FastifyInstance): Promise<void> {
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Latchkey API',
        version: '1',
        description:
          'Password change, admin reset and self-service reset for an organisation. Cookie sessions: send the `X-CSRF-Token` header (the `csrfToken` from sign-in, also in the `latchkey_csrf` cookie) on every state-changing request. Errors are RFC 9457 problem+json with a stable `code`.',
      },
      servers: [{ url: '/' }],
      tags: [
        { name: 'Sign-in', description: 'Sessions' },
        { name: 'My account', description: 'The signed-in user' },
        { name: 'Users', description: 'Users > Active users' },
      ],
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'latchkey_session' } } },
      security: [{ session: [] }],
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });

  let page: string | undefined;
  app.get('/api/openapi.json', { config: { auth: 'public' }, schema: { hide: true } }, async () => app.swagger());
  app.get('/api/docs', { config: { auth: 'public' }, schema: { hide: true } }, async (_request, reply) => {
    page ??= renderApiReference(app.swagger() as unknown as OpenApiDocument);
    return reply.type('text/html; charset=utf-8').send(page);
  });
}
