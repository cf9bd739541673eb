import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { t, type Locale } from '../../i18n/index.js';
import { problemJson } from '../../http/problem-schema.js';
import type { PolicyService } from './service.js';

export const checkResult = z
  .object({
    accepted: z.boolean(),
    score: z.number().int().describe('Entra banned-password score; at least 5 passes'),
    problems: z.array(z.object({ code: z.string(), message: z.string(), params: z.record(z.string(), z.union([z.string(), z.number()])).optional() })),
    rules: z.object({
      profile: z.enum(['entra', 'nist']),
      minLength: z.number(),
      maxLength: z.number(),
      entraCharacters: z.boolean(),
      minCategories: z.number(),
    }),
    strength: z.object({ score: z.number().int().min(0).max(4), guessesLog10: z.number(), warning: z.string().nullable(), suggestions: z.array(z.string()) }),
    breached: z
      .enum(['clean', 'found', 'unavailable'])
      .optional()
      .describe('the breached-password check (never how often): absent when it did not run (off, no source, or the rules are not met yet)'),
  })
  .meta({ id: 'PasswordCheckResult' });

/** A check result with every problem's message in the request's language. */
export function localizedCheck<T extends { problems: { code: string; params?: Record<string, string | number> | undefined }[] }>(result: T, locale: Locale) {
  return {
    ...result,
    problems: result.problems.map((p) => ({ code: p.code, message: t(locale, p.code, p.params ?? {}), ...(p.params ? { params: p.params } : {}) })),
  };
}

/** The live password check; the policy's settings routes come from their documents (settings.ts, ADR 0003). */
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
          description:
            'Every problem at once, the Entra-style score and a zxcvbn strength estimate, localised. `userId` (admins) checks for another user; default: the signed-in user.',
          body: z.object({ password: z.string().max(1024), userId: z.uuid().optional() }).strict(),
          response: { 200: checkResult, 400: problemJson, 401: problemJson, 403: problemJson, 404: problemJson },
        },
      },
      async (request) => {
        return localizedCheck(await service.check({ kind: 'user', principal: request.principal! }, request.body, request.locale), request.locale);
      },
    );
  };
