import type { FastifyContextConfig, FastifyInstance } from 'fastify';
import fastifySwagger from '@fastify/swagger';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { renderApiReference, type OpenApiDocument } from './api-reference.js';

/**
 * Who may call an operation, from the same route config the auth hook enforces (`http/auth.ts`):
 * `x-latchkey-auth` (public, session, password-change, mfa), `x-latchkey-permission`, and
 * `x-latchkey-mfa-step` for routes also open at the MFA step. Public routes need no session.
 * docs/api.md's endpoint tables are generated from these (`npm run docs:api`).
 */
function withAccess<T extends { schema: unknown }>(result: T, config: FastifyContextConfig | undefined): T {
  const auth = config?.auth ?? 'session';
  const access: Record<string, unknown> = { 'x-latchkey-auth': auth };
  if (config?.permission) access['x-latchkey-permission'] = config.permission;
  if (config?.allowMfaStep) access['x-latchkey-mfa-step'] = true;
  if (auth === 'public') access.security = [];
  return { ...result, schema: { ...(result.schema as object), ...access } };
}

/** OpenAPI 3.1 generated from the routes' zod schemas, at /api/openapi.json, and a readable page at /api/docs. */
export async function registerOpenApi(app: FastifyInstance): Promise<void> {
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Latchkey API',
        version: '1',
        description:
          'Password change, admin reset and self-service reset for an organisation. Cookie sessions: send the `X-CSRF-Token` header (the `csrfToken` from sign-in, also in the `latchkey_csrf` cookie) on every state-changing request. Errors are RFC 9457 problem+json with a stable `code`. Any operation may also answer what the shared layer decides before it runs: 400 `request.*` (bad path, query or body), 401 `auth.unauthenticated`, 403 `auth.csrf_failed`, `auth.forbidden`, `auth.password_change_required` (a must-change session) or `auth.mfa_required` (a session still at the MFA step).',
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
    transform: (input) => withAccess(jsonSchemaTransform(input), input.route.config),
    transformObject: jsonSchemaTransformObject,
  });

  let page: string | undefined;
  app.get('/api/openapi.json', { config: { auth: 'public' }, schema: { hide: true } }, async () => app.swagger());
  app.get('/api/docs', { config: { auth: 'public' }, schema: { hide: true } }, async (_request, reply) => {
    page ??= renderApiReference(app.swagger() as unknown as OpenApiDocument);
    return reply.type('text/html; charset=utf-8').send(page);
  });
}
