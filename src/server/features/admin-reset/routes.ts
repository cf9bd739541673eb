import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { userIdParams } from '../users/schemas.js';
import { problemJson } from '../../http/problem-schema.js';
import type { AdminResetService } from './service.js';
import type { PasswordLinkService } from '../password-links/service.js';

/** "Email the password to the following recipients" (a Latchkey field; Graph has no equivalent). Off unless given. */
export const emailResultJson = z
  .object({
    toMe: z.boolean().default(false).describe('Also to the signed-in admin\u2019s own address (their mail, else their user principal name)'),
    recipients: z.array(z.string().max(320)).max(50).default([]).describe('Up to 5 addresses, only at the organisation\u2019s verified domains'),
  })
  .strict()
  .describe(
    'Mail the new password (one user per mail, with their name and user name) to these recipients; never to the user whose password it is. Refused as a whole with 400 reset_email.refused, before anything changes.',
  )
  .meta({ id: 'EmailResultOptions' });

export const resetOptionsJson = z
  .object({
    autoGenerate: z.boolean().default(true).describe('Generate a strong random password (shown once); false: give `password`'),
    // No minimum here: an empty password gets the policy's own answer, as on every other path.
    password: z.string().max(1024).optional(),
    forceChangePasswordNextSignIn: z.boolean().default(true),
    forceChangePasswordNextSignInWithMfa: z
      .boolean()
      .default(false)
      .describe(
        'Graph: at next sign-in the user must first pass MFA (registering a method if they have none), then change the password; implies a forced change',
      ),
    sendLink: z.boolean().default(false).describe('Instead of a password: mail the user a single-use link to set their own (to their alternate email)'),
    emailResult: emailResultJson.optional(),
  })
  .strict()
  .refine((o) => !(o.sendLink && o.emailResult), { path: ['emailResult'], message: 'emailResult does not go with sendLink' })
  .refine((o) => o.sendLink || o.autoGenerate || o.password !== undefined, { path: ['password'], message: 'password is required when autoGenerate is false' })
  .meta({ id: 'ResetPasswordOptions' });

/** Users > Active users > Reset password, and the other admin actions on one user. */
export const adminResetRoutes =
  (service: AdminResetService, links: PasswordLinkService): FastifyPluginAsyncZod =>
  async (app) => {
    app.post(
      '/users/:id/reset-password',
      {
        schema: {
          tags: ['Users'],
          summary: 'Reset a user\u2019s password',
          description:
            'Entra\u2019s role matrix decides who may reset whom (403 users.reset_not_permitted). Revokes all of the user\u2019s sessions, clears a lockout and notifies the user (no password in the mail). The generated password is returned once and never stored.',
          params: userIdParams,
          body: resetOptionsJson,
          response: {
            200: z.object({ password: z.string().nullable() }),
            400: problemJson,
            401: problemJson,
            403: problemJson,
            404: problemJson,
            409: problemJson,
            503: problemJson,
          },
        },
      },
      async (request) => {
        if (request.body.sendLink) {
          await links.send(request.principal!, request.params.id, request.context);
          return { password: null };
        }
        return service.resetPassword(request.principal!, request.params.id, request.body, request.context);
      },
    );

    const action = (path: string, summary: string, run: (svc: AdminResetService) => AdminResetService['unlock']) =>
      app.post(
        `/users/:id/${path}`,
        {
          schema: {
            tags: ['Users'],
            summary,
            params: userIdParams,
            // 503 directory.unavailable: a directory user's unlock could not reach the directory; nothing changed (issue 14).
            response: { 204: z.null(), 400: problemJson, 401: problemJson, 403: problemJson, 404: problemJson, 503: problemJson },
          },
        },
        async (request, reply) => {
          await run(service)(request.principal!, request.params.id, request.context);
          return reply.code(204).send(null);
        },
      );
    action('unlock', 'Clear smart lockout, and a directory user\u2019s lock in the directory (without changing the password)', (s) => s.unlock);
    action('revoke-sessions', 'Sign the user out everywhere', (s) => s.revokeSessions);
    action('require-password-change', 'Require a password change at next sign-in, without a reset', (s) => s.requirePasswordChange);
  };
