import type { RegistrationResponseJSON } from '@simplewebauthn/server';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { problemJson } from '../../http/problem-schema.js';
import { ceremonyOptions, registrationResponse } from './schemas.js';
import type { PasskeyService } from './service.js';

const tags = ['Security info'];
const passkey = z
  .object({ id: z.string(), name: z.string(), createdAt: z.string(), lastUsedAt: z.string().nullable(), backedUp: z.boolean() })
  .meta({ id: 'Passkey' });
const errors = { 400: problemJson, 401: problemJson, 403: problemJson, 404: problemJson, 409: problemJson, 429: problemJson };

/** My account > Security info > Passkeys (issue 17): list, register (two steps) and remove; adding and removing need step-up. */
export const passkeyRoutes =
  (service: PasskeyService): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/me/security-info/passkeys',
      {
        schema: {
          tags,
          summary: 'My passkeys',
          response: { 200: z.object({ passkeys: z.array(passkey) }), 401: problemJson },
        },
      },
      async (request) => service.list(request.principal!),
    );
    app.post(
      '/me/security-info/passkeys/options',
      {
        schema: {
          tags,
          summary: 'Start registering a passkey: options for navigator.credentials.create() (needs step-up)',
          description: 'A discoverable credential with user verification required; the challenge is single use and lasts 5 minutes.',
          response: { 200: ceremonyOptions, ...errors },
        },
      },
      async (request, reply) => {
        reply.header('cache-control', 'no-store');
        return (await service.registrationOptions(request.principal!)) as unknown as z.infer<typeof ceremonyOptions>;
      },
    );
    app.post(
      '/me/security-info/passkeys',
      {
        schema: {
          tags,
          summary: 'Finish registering a passkey: the browser\u2019s answer and a name for it (needs step-up)',
          body: z.object({ name: z.string().trim().min(1).max(64), response: registrationResponse }).strict(),
          response: { 201: z.object({ passkey }), ...errors },
        },
      },
      async (request, reply) =>
        reply
          .code(201)
          .send(
            await service.register(
              request.principal!,
              { name: request.body.name, response: request.body.response as unknown as RegistrationResponseJSON },
              request.context,
            ),
          ),
    );
    app.delete(
      '/me/security-info/passkeys/:id',
      {
        schema: {
          tags,
          summary: 'Remove one of my passkeys (needs step-up)',
          params: z.object({ id: z.string().max(64) }),
          response: { 204: z.null(), ...errors },
        },
      },
      async (request, reply) => {
        await service.remove(request.principal!, request.params.id, request.context);
        return reply.code(204).send(null);
      },
    );
  };
