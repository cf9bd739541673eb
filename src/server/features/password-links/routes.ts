import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { problemJson } from '../../http/problem-schema.js';
import type { PasswordLinkService } from './service.js';
import { policyProfiles } from '../../../shared/password-rules.js';

const token = z.string().min(1).max(128);

/** The public side of set-password links (the page at /set-password#token=…). */
export const passwordLinkRoutes =
  (links: PasswordLinkService): FastifyPluginAsyncZod =>
  async (app) => {
    app.post(
      '/password-links/inspect',
      {
        config: { auth: 'public' },
        schema: {
          tags: ['Password links'],
          summary: 'Whose link is this, until when, and the password rules that apply (does not use it)',
          body: z.object({ token }).strict(),
          response: {
            200: z.object({
              userPrincipalName: z.string(),
              expiresDateTime: z.string(),
              rules: z.object({
                profile: z.enum(policyProfiles),
                minLength: z.number(),
                maxLength: z.number(),
                entraCharacters: z.boolean(),
                minCategories: z.number(),
              }),
            }),
            400: problemJson,
          },
        },
      },
      async (request) => {
        const found = await links.inspect(request.body.token);
        return { userPrincipalName: found.userPrincipalName, expiresDateTime: found.expiresAt.toISOString(), rules: found.rules };
      },
    );
    app.post(
      '/password-links/redeem',
      {
        config: { auth: 'public' },
        schema: {
          tags: ['Password links'],
          summary: 'Set a new password with a link (single use)',
          body: z.object({ token, newPassword: z.string().max(1024) }).strict(),
          response: { 204: z.null(), 400: problemJson, 503: problemJson },
        },
      },
      async (request, reply) => {
        await links.redeem(request.body.token, request.body.newPassword, request.context);
        return reply.code(204).send(null);
      },
    );
  };
