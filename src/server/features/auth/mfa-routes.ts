import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import { authenticationResponse } from '../passkeys/schemas.js';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { setDeviceCookie, setMfaRememberCookie, setSessionCookies, type CookieNames } from '../../http/auth.js';
import { problemJson } from '../../http/problem-schema.js';
import { toUserJson, userJson } from '../users/schemas.js';
import type { Passwordless } from './passwordless.js';
import type { MfaUpgrade, SignInMfa } from './sign-in-mfa.js';

const tags = ['Sign-in'];
const secondFactorMethods = z.array(z.enum(['authenticatorApp', 'passkey']));
const passwordChangeReason = z.enum(['must_change', 'expired']).nullable();
/** A WebAuthn assertion as @simplewebauthn/browser's startAuthentication returns it (the passkeys feature's schema). */
const assertion = authenticationResponse;
const rememberDevice = z.boolean().default(false).describe('"Don\'t ask again" on this browser for the policy\'s number of days (when on)');
const mfaBody = z.discriminatedUnion('method', [
  z.object({ method: z.literal('authenticatorApp'), code: z.string().min(1).max(32), rememberDevice }).strict(),
  z.object({ method: z.literal('passkey'), response: assertion, rememberDevice }).strict(),
]);
const upgraded = z.object({ csrfToken: z.string(), passwordChangeRequired: z.boolean(), passwordChangeReason });
const errors = { 400: problemJson, 401: problemJson, 403: problemJson, 429: problemJson };

export interface MfaRoutesDeps {
  mfa: SignInMfa;
  passwordless: Passwordless;
  cookies: CookieNames;
}

/**
 * Sign-in MFA (issue 17): the routes a session at the MFA step may call (`auth: 'mfa'`), and
 * passwordless passkey sign-in (public). Every success sets a NEW session cookie (SE1).
 */
export const mfaRoutes =
  (deps: MfaRoutesDeps): FastifyPluginAsyncZod =>
  async (app) => {
    const { mfa, passwordless, cookies } = deps;
    const finish = (reply: FastifyReply, result: MfaUpgrade) => {
      setSessionCookies(reply, cookies, { token: result.token, csrfToken: result.csrfToken, expires: result.expiresAt });
      if (result.remember) setMfaRememberCookie(reply, cookies, result.remember.token, result.remember.expiresAt);
      return { csrfToken: result.csrfToken, passwordChangeRequired: result.passwordChangeReason !== null, passwordChangeReason: result.passwordChangeReason };
    };

    app.get(
      '/auth/mfa',
      {
        config: { auth: 'mfa' },
        schema: {
          tags,
          summary: 'What the MFA step offers me: my second factors, or registering an authenticator app',
          response: {
            200: z.object({
              methods: secondFactorMethods,
              registrationRequired: z.boolean(),
              rememberDeviceDays: z.number().int().describe('0: no "don\'t ask again"'),
            }),
            401: problemJson,
            403: problemJson,
          },
        },
      },
      async (request) => mfa.state(request.principal!),
    );

    app.post(
      '/auth/mfa/passkey-options',
      {
        config: { auth: 'mfa' },
        schema: { tags, summary: 'WebAuthn options for a passkey as second factor, bound to this session', response: { 200: z.object({}).loose(), ...errors } },
      },
      async (request, reply) => {
        reply.header('cache-control', 'no-store');
        return (await mfa.passkeyOptions(request.principal!)) as unknown as Record<string, unknown>;
      },
    );

    app.post(
      '/auth/mfa',
      {
        config: { auth: 'mfa' },
        schema: {
          tags,
          summary: 'Finish sign-in with a second factor (authenticator app code or passkey assertion)',
          description:
            'Answers 200 with a new session cookie (the MFA-step token stops working): a full session, or one limited to changing the password when a change is due. A wrong or replayed code and a locked MFA step answer alike, 400 auth.mfa_invalid; after 5 wrong in a row the step locks for 15 minutes and this session ends. 429 request.rate_limited past 10 tries in 5 minutes.',
          body: mfaBody,
          response: { 200: upgraded, ...errors },
        },
      },
      async (request, reply) => {
        const p = request.principal!;
        const body = request.body;
        const proof =
          body.method === 'authenticatorApp'
            ? { method: 'authenticatorApp' as const, code: body.code }
            : { method: 'passkey' as const, response: body.response as unknown as AuthenticationResponseJSON, binding: p.session.id };
        return finish(reply, await mfa.complete(p, proof, body.rememberDevice, request.context));
      },
    );

    app.post(
      '/auth/mfa/authenticator',
      {
        config: { auth: 'mfa' },
        schema: {
          tags,
          summary: 'Start registering an authenticator app at sign-in (MFA required, none registered)',
          response: {
            200: z.object({ verificationId: z.string(), secret: z.string(), otpauthUri: z.string(), qrCodeSvg: z.string(), expiresAt: z.string() }),
            ...errors,
          },
        },
      },
      async (request, reply) => {
        reply.header('cache-control', 'no-store');
        return mfa.startRegistration(request.principal!);
      },
    );

    app.post(
      '/auth/mfa/authenticator/verify',
      {
        config: { auth: 'mfa' },
        schema: {
          tags,
          summary: 'Confirm the new authenticator app with its code; finishes sign-in',
          body: z.object({ verificationId: z.uuid(), code: z.string().min(1).max(32), rememberDevice }).strict(),
          response: { 200: upgraded, ...errors },
        },
      },
      async (request, reply) => {
        const { verificationId, code, rememberDevice: remember } = request.body;
        return finish(reply, await mfa.confirmRegistration(request.principal!, verificationId, code, remember, request.context));
      },
    );

    app.get(
      '/auth/passkey',
      {
        config: { auth: 'public' },
        schema: { tags, summary: 'Whether passwordless passkey sign-in is offered here', response: { 200: z.object({ passwordless: z.boolean() }) } },
      },
      async () => ({ passwordless: await passwordless.offered() }),
    );

    app.post(
      '/auth/passkey/options',
      {
        config: { auth: 'public' },
        schema: {
          tags,
          summary: 'Start a passwordless sign-in with a passkey (when the organisation allows it)',
          response: { 200: z.object({ ceremonyId: z.string(), options: z.object({}).loose() }), 403: problemJson, 429: problemJson },
        },
      },
      async (request, reply) => {
        reply.header('cache-control', 'no-store');
        const result = await passwordless.options(request.context);
        return { ceremonyId: result.ceremonyId, options: result.options as unknown as Record<string, unknown> };
      },
    );

    app.post(
      '/auth/passkey',
      {
        config: { auth: 'public' },
        schema: {
          tags,
          summary: 'Sign in with a passkey, without a password',
          description: 'A passkey is multi-factor: the session is full at once. Any failure answers 401 auth.invalid_credentials.',
          body: z.object({ ceremonyId: z.string().min(16).max(64), response: assertion }).strict(),
          response: {
            200: z.object({ user: userJson, passwordChangeRequired: z.boolean(), passwordChangeReason, csrfToken: z.string() }),
            ...errors,
          },
        },
      },
      async (request, reply) => {
        const { ceremonyId, response } = request.body;
        const result = await passwordless.signIn({ ceremonyId, response }, request.context, request.cookies[cookies.session]);
        setSessionCookies(reply, cookies, { token: result.token, csrfToken: result.csrfToken, expires: result.session.expiresAt });
        if (result.deviceId !== request.context.deviceId) setDeviceCookie(reply, cookies, result.deviceId);
        return {
          user: toUserJson({ ...result.user, roles: result.roles }),
          passwordChangeRequired: result.passwordChangeReason !== null,
          passwordChangeReason: result.passwordChangeReason,
          csrfToken: result.csrfToken,
        };
      },
    );
  };
