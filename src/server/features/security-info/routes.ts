import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { setSessionCookies, type CookieNames } from '../../http/auth.js';
import { problemJson } from '../../http/problem-schema.js';
import { methodKinds } from '../../../shared/methods.js';
import type { SecurityInfoService } from './service.js';

const method = z.object({ id: z.string(), kind: z.enum(methodKinds), value: z.string().nullable(), createdAt: z.string() });
const started = z.object({ verificationId: z.string(), expiresAt: z.string() });
const phone = z.string().min(1).max(32);
// 403 auth.step_up_required: adding or removing needs fresh proof (POST /auth/step-up, issue 17).
const errors = { 400: problemJson, 401: problemJson, 403: problemJson, 404: problemJson, 429: problemJson };
const tags = ['Security info'];

/** My account > Security info: the methods a user proves themselves with in self-service reset. */
export const securityInfoRoutes =
  (service: SecurityInfoService, session: { cookies: CookieNames; csrfTokenFor: (sessionId: string) => string }): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/me/methods',
      {
        schema: {
          tags,
          summary: 'My registered methods, the policy that applies to me and whether to prompt me',
          response: {
            200: z
              .object({
                methods: z.array(method),
                securityQuestions: z.object({ registered: z.number(), questionIds: z.array(z.string()) }),
                policy: z.object({
                  enabled: z.boolean(),
                  methodsRequired: z.number(),
                  available: z.array(z.enum(methodKinds)),
                  questionsToRegister: z.number(),
                  admin: z.boolean(),
                }),
                registered: z.boolean(),
                confirmedAt: z.string().nullable(),
                prompt: z.enum(['none', 'register', 'reconfirm']),
              })
              .meta({ id: 'SecurityInfo' }),
            401: problemJson,
          },
        },
      },
      async (request) => service.get(request.principal!),
    );
    app.post(
      '/me/methods/email',
      {
        schema: {
          tags,
          summary: 'Add an alternate email: sends an 8-digit code to it',
          body: z.object({ address: z.email().max(254) }).strict(),
          response: { 202: started, ...errors },
        },
      },
      async (request, reply) => reply.code(202).send(await service.startCode(request.principal!, 'email', request.body.address)),
    );
    app.post(
      '/me/methods/mobile-phone',
      {
        schema: {
          tags,
          summary: 'Add a mobile phone (E.164): sends an 8-digit code by text message',
          body: z.object({ phone }).strict(),
          response: { 202: started, ...errors },
        },
      },
      async (request, reply) => reply.code(202).send(await service.startCode(request.principal!, 'mobilePhone', request.body.phone)),
    );
    app.post(
      '/me/methods/office-phone',
      {
        schema: {
          tags,
          summary: 'Add an office phone (E.164): calls it with an 8-digit code',
          body: z.object({ phone }).strict(),
          response: { 202: started, ...errors },
        },
      },
      async (request, reply) => reply.code(202).send(await service.startCode(request.principal!, 'officePhone', request.body.phone)),
    );
    app.post(
      '/me/methods/authenticator-app',
      {
        schema: {
          tags,
          summary: 'Add an authenticator app: a new TOTP secret as QR code and text, confirmed by a first code',
          response: {
            201: z.object({ verificationId: z.string(), secret: z.string(), otpauthUri: z.string(), qrCodeSvg: z.string(), expiresAt: z.string() }),
            ...errors,
          },
        },
      },
      async (request, reply) => {
        reply.header('cache-control', 'no-store');
        return reply.code(201).send(await service.startAuthenticator(request.principal!));
      },
    );
    app.post(
      '/me/methods/verifications/:verificationId',
      {
        schema: {
          tags,
          summary: 'Confirm a new method with its code',
          params: z.object({ verificationId: z.string().max(64) }),
          body: z.object({ code: z.string().min(1).max(32) }).strict(),
          response: { 201: z.object({ method }), ...errors },
        },
      },
      async (request, reply) => {
        const { method, session: rotated } = await service.confirm(request.principal!, request.params.verificationId, request.body.code, request.context);
        // A new authenticator app proved in this session: the session's new token (SE1; issue 17).
        if (rotated)
          setSessionCookies(reply, session.cookies, {
            token: rotated.token,
            csrfToken: session.csrfTokenFor(request.principal!.session.id),
            expires: rotated.expiresAt,
          });
        return reply.code(201).send({ method });
      },
    );
    app.get(
      '/me/methods/security-questions',
      {
        schema: {
          tags,
          summary: 'The questions to choose from, how many to answer, and which I answered',
          response: {
            200: z.object({
              questions: z.array(z.object({ id: z.string(), text: z.string(), custom: z.boolean() })),
              required: z.number(),
              registeredIds: z.array(z.string()),
            }),
            401: problemJson,
          },
        },
      },
      async (request) => service.questions(request.principal!, request.locale),
    );
    app.put(
      '/me/methods/security-questions',
      {
        schema: {
          tags,
          summary: 'Register security questions (replaces earlier answers)',
          body: z
            .object({
              answers: z
                .array(z.object({ questionId: z.string().max(64), answer: z.string().max(200) }).strict())
                .min(1)
                .max(5),
            })
            .strict(),
          response: { 200: z.object({ registered: z.number() }), ...errors },
        },
      },
      async (request) => service.setQuestions(request.principal!, request.body, request.context),
    );
    app.delete(
      '/me/methods/:id',
      {
        schema: {
          tags,
          summary: 'Remove a method (or `security-questions`); needs fresh proof (step-up)',
          params: z.object({ id: z.string().max(64) }),
          response: { 204: z.null(), ...errors },
        },
      },
      async (request, reply) => {
        await service.remove(request.principal!, request.params.id, request.context);
        return reply.code(204).send(null);
      },
    );
    app.post(
      '/me/methods/confirm',
      { schema: { tags, summary: 'My security info is still correct (the reconfirm prompt)', response: { 204: z.null(), 401: problemJson } } },
      async (request, reply) => {
        await service.confirmCurrent(request.principal!, request.context);
        return reply.code(204).send(null);
      },
    );
  };
