import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { clearSessionCookies, type CookieNames } from '../../http/auth.js';
import { problemJson } from '../../http/problem-schema.js';
import type { PasswordChangeService } from './service.js';

export const passwordChangeRoutes =
  (deps: { service: PasswordChangeService; cookies: CookieNames }): FastifyPluginAsyncZod =>
  async (app) => {
    app.post(
      '/me/change-password',
      {
        // Also for sessions limited to a password change (forced change, expired password).
        config: { auth: 'password-change' },
        schema: {
          tags: ['My account'],
          summary: 'Change my password',
          description:
            'Verifies the current password, checks the new one against the policy, and on success revokes ALL of the user\u2019s sessions (this one included) and notifies every address. A wrong current password answers 401 auth.invalid_credentials, like a failed sign-in, and the session stays valid.',
          body: z.object({ currentPassword: z.string().min(1).max(1024), newPassword: z.string().max(1024) }).strict(),
          response: { 204: z.null(), 400: problemJson, 401: problemJson, 403: problemJson, 409: problemJson, 429: problemJson, 503: problemJson },
        },
      },
      async (request, reply) => {
        await deps.service.changePassword(request.principal!, request.body, request.context);
        clearSessionCookies(reply, deps.cookies);
        return reply.code(204).send(null);
      },
    );
  };
