import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import { authenticationResponse } from '../passkeys/schemas.js';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { setSessionCookies, type CookieNames } from '../../http/auth.js';
import { problemJson } from '../../http/problem-schema.js';
import type { StepUpInput, StepUpService } from './service.js';

const tags = ['Sign-in'];
const password = z.string().min(1).max(1024);
const proofs = z.array(z.enum(['password', 'authenticatorApp', 'passkey']));
/** A WebAuthn assertion as @simplewebauthn/browser's startAuthentication returns it (the passkeys feature's schema). */
const assertion = authenticationResponse;
const body = z.union([
  z.object({ password, method: z.literal('passkey'), response: assertion }).strict(),
  z.object({ password, method: z.literal('authenticatorApp').optional(), code: z.string().min(1).max(32).optional() }).strict(),
]);

/**
 * Step-up (issue 17): `GET /auth/step-up` says what a step-up asks for, `POST /auth/step-up`
 * gives it and rotates the session token (SE1). A full session only (the route default).
 */
export const stepUpRoutes =
  (deps: { service: StepUpService; cookies: CookieNames }): FastifyPluginAsyncZod =>
  async (app) => {
    const { service, cookies } = deps;
    app.get(
      '/auth/step-up',
      {
        schema: {
          tags,
          summary: 'What a step-up asks me for: my password, then any one of the listed second factors',
          response: { 200: z.object({ methods: proofs, maxAgeSeconds: z.number().int() }), 401: problemJson, 403: problemJson },
        },
      },
      async (request) => service.proofs(request.principal!),
    );
    app.post(
      '/auth/step-up/passkey-options',
      {
        schema: {
          tags,
          summary: 'WebAuthn options for a passkey step-up, bound to this session (single use, short-lived)',
          response: { 200: z.object({}).loose(), 401: problemJson, 403: problemJson, 404: problemJson },
        },
      },
      async (request, reply) => {
        reply.header('cache-control', 'no-store');
        return (await service.passkeyOptions(request.principal!)) as unknown as Record<string, unknown>;
      },
    );
    app.post(
      '/auth/step-up',
      {
        schema: {
          tags,
          summary: 'Verify my identity again for sensitive actions (password, plus a second factor when I have MFA)',
          description:
            'Answers 200 with a new session cookie (the old token stops working) and the CSRF token. Any wrong part answers 401 auth.invalid_credentials; the password goes through the sign-in rate limits and smart lockout.',
          body,
          response: {
            200: z.object({ csrfToken: z.string(), freshUntil: z.string() }),
            400: problemJson,
            401: problemJson,
            403: problemJson,
            429: problemJson,
            503: problemJson,
          },
        },
      },
      async (request, reply) => {
        const input = request.body as StepUpInput & { response?: AuthenticationResponseJSON };
        const result = await service.stepUp(request.principal!, input, request.context);
        setSessionCookies(reply, cookies, { token: result.token, csrfToken: result.csrfToken, expires: result.expiresAt });
        reply.header('cache-control', 'no-store');
        return { csrfToken: result.csrfToken, freshUntil: result.freshUntil.toISOString() };
      },
    );
  };
