import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Actor } from '../../core/identity.js';
import { z } from 'zod';
import { t } from '../../i18n/index.js';
import { problemJson } from '../../http/problem-schema.js';
import type { PolicyService } from './service.js';
import { passwordPolicySettings, passwordProtectionSettings } from './settings.js';

const checkResult = z
  .object({
    accepted: z.boolean(),
    score: z.number().int().describe('Entra banned-password score; at least 5 passes'),
    problems: z.array(z.object({ code: z.string(), message: z.string(), params: z.record(z.string(), z.union([z.string(), z.number()])).optional() })),
    rules: z.object({ profile: z.enum(['entra', 'nist']), minLength: z.number(), maxLength: z.number(), entraCharacters: z.boolean(), minCategories: z.number() }),
    strength: z.object({ score: z.number().int().min(0).max(4), guessesLog10: z.number(), warning: z.string().nullable(), suggestions: z.array(z.string()) }),
  })
  .meta({ id: 'PasswordCheckResult' });

export const policyRoutes =
  (service: PolicyService): FastifyPluginAsyncZod =>
  async (app) => {
    app.post(
      '/password-policy/check',
      {
        config: { auth: 'password-change' },
        schema: {
          tags: ['Password policy'],
          summary: 'Check a password against the policy without setting it',
          description: 'Every problem at once, the Entra-style score and a zxcvbn strength estimate, localised. `userId` (admins) checks for another user; default: the signed-in user.',
          body: z.object({ password: z.string().max(1024), userId: z.uuid().optional() }).strict(),
          response: { 200: checkResult, 400: problemJson, 401: problemJson, 403: problemJson, 404: problemJson },
        },
      },
      async (request) => {
        const result = await service.check({ kind: 'user', principal: request.principal! }, request.body, request.locale);
        return { ...result, problems: result.problems.map((p) => ({ code: p.code, message: t(request.locale, p.code, p.params ?? {}), ...(p.params ? { params: p.params } : {}) })) };
      },
    );

    const actor = (request: FastifyRequest): Actor => ({ kind: 'user', principal: request.principal! });

    app.get(
      '/settings/password-policy',
      { schema: { tags: ['Settings'], summary: 'Password policy: profile, history, expiration', response: { 200: passwordPolicySettings, 401: problemJson, 403: problemJson } } },
      async (request) => service.getPolicySettings(actor(request)),
    );
    app.put(
      '/settings/password-policy',
      {
        schema: {
          tags: ['Settings'],
          summary: 'Save the password policy',
          description: 'Authentication Policy Administrator or Global Administrator; a User Administrator may change only `expiration`.',
          body: passwordPolicySettings,
          response: { 200: passwordPolicySettings, 400: problemJson, 401: problemJson, 403: problemJson },
        },
      },
      async (request) => service.updatePolicySettings(actor(request), request.body, request.context),
    );
    app.get(
      '/settings/password-protection',
      { schema: { tags: ['Settings'], summary: 'Password protection: the custom banned list', response: { 200: passwordProtectionSettings, 401: problemJson, 403: problemJson } } },
      async (request) => service.getProtectionSettings(actor(request)),
    );
    app.put(
      '/settings/password-protection',
      {
        schema: {
          tags: ['Settings'],
          summary: 'Save the custom banned password list',
          description: 'Up to 1,000 terms of 4-16 characters, case-insensitive. Each bad term gets its own issue; nothing is saved then.',
          body: passwordProtectionSettings.extend({ customBannedPasswords: z.array(z.string().max(64)).max(5000) }),
          response: { 200: passwordProtectionSettings, 400: problemJson, 401: problemJson, 403: problemJson },
        },
      },
      async (request) => service.updateProtectionSettings(actor(request), request.body, request.context),
    );
  };
