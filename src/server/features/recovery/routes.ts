import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { methodKinds } from '../../../shared/methods.js';
import { problemJson } from '../../http/problem-schema.js';
import { authenticationResponse, ceremonyOptions } from '../passkeys/schemas.js';
import { checkResult, localizedCheck } from '../policy/routes.js';
import type { RecoveryService } from './service.js';

const method = z.enum(methodKinds);
const helpdesk = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('default') }),
  z.object({ kind: z.literal('email'), address: z.string() }),
  z.object({ kind: z.literal('url'), url: z.string() }),
]);
const flowView = z
  .object({
    id: z.string().describe('The flow\u2019s bearer token: keep it out of URLs'),
    state: z.enum(['verify', 'password', 'completed']),
    expiresAt: z.string(),
    methodsRequired: z.number(),
    proven: z.array(method),
    methods: z.array(z.object({ method, destination: z.string().nullable().describe('Masked address, or null for the app and questions') })),
    questions: z.array(z.object({ id: z.string(), text: z.string() })).nullable(),
    helpdesk,
    canUnlock: z
      .boolean()
      .describe(
        'In `password` only, after every proof: the user may instead unlock their account in the directory and keep the password (`POST …/unlock`). Directory users only, when the policy allows it.',
      ),
  })
  .meta({ id: 'RecoveryFlow' });
const flowId = z.object({ id: z.string().min(1).max(128) });
const errors = { 400: problemJson, 404: problemJson, 409: problemJson, 410: problemJson, 429: problemJson };

/** The reset portal's API (*Can't access your account?*); public, each step answered alike for every name. */
export const recoveryRoutes =
  (service: RecoveryService): FastifyPluginAsyncZod =>
  async (app) => {
    const pub = { auth: 'public' as const };
    app.get(
      '/recovery/captcha',
      {
        config: pub,
        schema: {
          tags: ['Password reset portal'],
          summary: 'A proof-of-work CAPTCHA challenge (ALTCHA)',
          response: { 200: z.object({ algorithm: z.string(), challenge: z.string(), maxnumber: z.number(), salt: z.string(), signature: z.string() }) },
        },
      },
      async (_request, reply) => {
        reply.header('cache-control', 'no-store');
        return service.captchaChallenge();
      },
    );
    app.post(
      '/recovery/flows',
      {
        config: pub,
        schema: {
          tags: ['Password reset portal'],
          summary: 'Start a password reset: the same answer for every name',
          body: z.object({ username: z.string().trim().min(1).max(320), captcha: z.string().min(1).max(4096) }).strict(),
          response: { 201: flowView, ...errors },
        },
      },
      async (request, reply) => reply.code(201).send(await service.start(request.body, request.context, request.locale)),
    );
    app.get(
      '/recovery/flows/:id',
      {
        config: pub,
        schema: {
          tags: ['Password reset portal'],
          summary: 'Where a password reset stands (to resume after a reload)',
          params: flowId,
          response: { 200: flowView, ...errors },
        },
      },
      async (request) => service.get(request.params.id, request.locale),
    );
    app.post(
      '/recovery/flows/:id/send',
      {
        config: pub,
        schema: {
          tags: ['Password reset portal'],
          summary: 'Send a code to a registered method, or draw the security questions',
          params: flowId,
          body: z.object({ method }).strict(),
          response: { 200: flowView, ...errors },
        },
      },
      async (request) => service.send(request.params.id, request.body.method, request.context, request.locale),
    );
    app.post(
      '/recovery/flows/:id/verify',
      {
        config: pub,
        schema: {
          tags: ['Password reset portal'],
          summary: 'Prove one method: a code, an authenticator code, the answers or a passkey assertion',
          params: flowId,
          body: z
            .object({
              method,
              code: z.string().max(32).optional(),
              answers: z
                .array(z.object({ questionId: z.string().max(64), answer: z.string().max(200) }).strict())
                .max(5)
                .optional(),
              assertion: authenticationResponse.optional().describe('With `passkey`: the answer to `passkey-options`'),
            })
            .strict(),
          response: { 200: flowView, ...errors },
        },
      },
      async (request) => service.verify(request.params.id, { ...request.body, assertion: request.body.assertion }, request.context, request.locale),
    );
    app.post(
      '/recovery/flows/:id/passkey-options',
      {
        config: pub,
        schema: {
          tags: ['Password reset portal'],
          summary: 'Options for proving a passkey (navigator.credentials.get()): a challenge bound to this reset',
          description:
            'The same kind of options for every name: no `allowCredentials` (a discoverable-credential ceremony), so they reveal nothing about the account. Single use, 5 minutes.',
          params: flowId,
          response: { 200: ceremonyOptions, ...errors },
        },
      },
      async (request, reply) => {
        reply.header('cache-control', 'no-store');
        return (await service.passkeyOptions(request.params.id, request.context)) as unknown as z.infer<typeof ceremonyOptions>;
      },
    );
    app.post(
      '/recovery/flows/:id/password',
      {
        config: pub,
        schema: {
          tags: ['Password reset portal'],
          summary: 'Set the new password (no automatic sign-in)',
          params: flowId,
          body: z.object({ newPassword: z.string().max(1024) }).strict(),
          response: { 200: flowView, ...errors, 503: problemJson },
        },
      },
      async (request) => service.setPassword(request.params.id, request.body.newPassword, request.context, request.locale),
    );
    app.post(
      '/recovery/flows/:id/unlock',
      {
        config: pub,
        schema: {
          tags: ['Password reset portal'],
          summary: 'Unlock the account in the directory and keep the password (instead of a new one)',
          description:
            'Entra\u2019s "unlock without resetting" (reference §7.10): only once every required method is proven, for a directory user, when the self-service policy allows it (`allowUnlockWithoutReset`); else 400 `directory.unlock_not_available`. The directory unlocks first: when it cannot be reached, 503 `directory.unavailable` and nothing changes.',
          params: flowId,
          response: { 200: flowView, ...errors, 503: problemJson },
        },
      },
      async (request) => service.unlock(request.params.id, request.context, request.locale),
    );
    app.post(
      '/recovery/flows/:id/password/check',
      {
        config: pub,
        schema: {
          tags: ['Password reset portal'],
          summary: 'Check a new password against the policy without setting it (live feedback)',
          description:
            'Only once every required method is proven. The same answer as `/password-policy/check` gives a signed-in user; nothing is stored or audited.',
          params: flowId,
          body: z.object({ password: z.string().max(1024) }).strict(),
          response: { 200: checkResult, ...errors },
        },
      },
      async (request) => localizedCheck(await service.checkPassword(request.params.id, request.body.password, request.context, request.locale), request.locale),
    );
    app.post(
      '/recovery/flows/:id/contact-admin',
      {
        config: pub,
        schema: {
          tags: ['Password reset portal'],
          summary: 'Ask the helpdesk for a reset (Contact your administrator)',
          params: flowId,
          response: { 202: z.object({ helpdesk }), ...errors },
        },
      },
      async (request, reply) => reply.code(202).send(await service.contactAdmin(request.params.id, request.context)),
    );
  };
