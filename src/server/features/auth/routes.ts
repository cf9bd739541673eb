import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { clearSessionCookies, setDeviceCookie, setSessionCookies, type CookieNames } from '../../http/auth.js';
import { abandonedSignal } from '../../http/abandoned.js';
import { roleIds, permissions } from '../../../shared/roles.js';
import { toUserJson, userJson } from '../users/schemas.js';
import { problemJson } from '../../http/problem-schema.js';
import type { UsersService } from '../users/service.js';
import type { AuthService } from './service.js';
import type { Clock } from '../../core/clock.js';
import type { ExpiryStatus } from '../policy/expiry.js';
import type { Organization } from '../organization/store.js';
import type { User } from '../../core/identity.js';

const passwordChangeReason = z.enum(['must_change', 'expired']).nullable();
const passwordExpiryJson = z
  .object({
    expiresDateTime: z.string().nullable().describe('null: the password never expires'),
    daysLeft: z.number().int().nullable(),
    remind: z.boolean().describe('inside the notification window: show a reminder'),
  })
  .meta({ id: 'PasswordExpiry' });
const sessionJson = z
  .object({
    id: z.string(),
    createdDateTime: z.string(),
    lastSeenDateTime: z.string(),
    expiresDateTime: z.string(),
    ipAddress: z.string().nullable(),
    userAgent: z.string().nullable(),
    current: z.boolean(),
  })
  .meta({ id: 'Session' });

export interface AuthRoutesDeps {
  auth: AuthService;
  users: UsersService;
  cookies: CookieNames;
  clock: Clock;
  passwordExpiry: (user: User, now: Date) => Promise<ExpiryStatus>;
  organization: () => Promise<Organization | undefined>;
}

export const authRoutes =
  (deps: AuthRoutesDeps): FastifyPluginAsyncZod =>
  async (app) => {
    const { auth, users, cookies } = deps;
    const expiryJson = async (user: User) => {
      const status = await deps.passwordExpiry(user, deps.clock.now());
      return { expiresDateTime: status.expiresAt?.toISOString() ?? null, daysLeft: status.daysLeft, remind: status.remind };
    };

    app.post(
      '/auth/sign-in',
      {
        config: { auth: 'public' },
        schema: {
          tags: ['Sign-in'],
          summary: 'Sign in with user principal name or email and password',
          description:
            'Every failure (unknown user, wrong password, disabled account) answers 401 auth.invalid_credentials after the same work. When the account must use MFA (issue 17) the answer has mfaRequired: true, the methods to choose from (or registrationRequired: true) and a session that may only finish MFA (POST /auth/mfa), sign out and read /me.',
          body: z.object({ username: z.string().min(1).max(256), password: z.string().min(1).max(1024) }).strict(),
          response: {
            200: z.object({
              user: userJson,
              passwordChangeRequired: z.boolean(),
              passwordChangeReason,
              passwordExpiry: passwordExpiryJson,
              csrfToken: z.string(),
              mfaRequired: z.boolean(),
              methods: z.array(z.enum(['authenticatorApp', 'passkey'])).describe('the second factors to choose from at the MFA step'),
              registrationRequired: z.boolean().describe('MFA is required and none is registered: register an authenticator app first'),
            }),
            400: problemJson,
            401: problemJson,
            // Over the address, account or familiar-browser limit (with Retry-After).
            429: problemJson,
            503: problemJson,
          },
        },
      },
      async (request, reply) => {
        const result = await auth.signIn(
          request.body,
          request.context,
          request.cookies[cookies.session],
          request.cookies[cookies.mfaRemember],
          abandonedSignal(reply),
        );
        setSessionCookies(reply, cookies, { token: result.token, csrfToken: result.csrfToken, expires: result.session.expiresAt });
        if (result.deviceId !== request.context.deviceId) setDeviceCookie(reply, cookies, result.deviceId);
        return {
          user: toUserJson({ ...result.user, roles: result.roles }),
          passwordChangeRequired: result.passwordChangeReason !== null,
          passwordChangeReason: result.passwordChangeReason,
          passwordExpiry: await expiryJson(result.user),
          csrfToken: result.csrfToken,
          mfaRequired: result.mfa !== null,
          methods: result.mfa?.methods ?? [],
          registrationRequired: result.mfa?.registrationRequired ?? false,
        };
      },
    );

    app.post(
      '/auth/sign-out',
      {
        config: { auth: 'password-change', allowMfaStep: true },
        schema: { tags: ['Sign-in'], summary: 'Sign out (ends this session)', response: { 204: z.null(), 401: problemJson, 403: problemJson } },
      },
      async (request, reply) => {
        await auth.signOut(request.principal!, request.context);
        clearSessionCookies(reply, cookies);
        // Clear client-side state too (checklist T7).
        reply.header('clear-site-data', '"cache", "storage"');
        return reply.code(204).send(null);
      },
    );

    app.get(
      '/me',
      {
        config: { auth: 'password-change', allowMfaStep: true },
        schema: {
          tags: ['My account'],
          summary: 'The signed-in user, roles, permissions and session',
          response: {
            200: z.object({
              user: userJson,
              roles: z.array(z.enum(roleIds)),
              permissions: z.array(z.enum(permissions)),
              passwordChangeRequired: z.boolean(),
              passwordChangeReason,
              passwordExpiry: passwordExpiryJson,
              mfaRequired: z.boolean().describe('this session is at the MFA step (GET /auth/mfa says what it offers)'),
              organization: z.object({ displayName: z.string() }),
              csrfToken: z.string(),
              session: z.object({ id: z.string(), createdDateTime: z.string(), expiresDateTime: z.string() }),
            }),
            401: problemJson,
          },
        },
      },
      async (request) => {
        const p = request.principal!;
        const limited = p.session.scope === 'change_password';
        const mfaStep = p.session.scope === 'mfa';
        return {
          user: toUserJson({ ...p.user, roles: p.roles }),
          roles: p.roles,
          permissions: limited || mfaStep ? [] : p.permissions,
          mfaRequired: mfaStep,
          passwordChangeRequired: limited,
          passwordChangeReason: limited ? (p.user.forceChangePassword ? ('must_change' as const) : ('expired' as const)) : null,
          passwordExpiry: await expiryJson(p.user),
          organization: { displayName: (await deps.organization())?.name ?? '' },
          csrfToken: auth.csrfTokenFor(p.session.id),
          session: { id: p.session.id, createdDateTime: p.session.createdAt.toISOString(), expiresDateTime: p.session.expiresAt.toISOString() },
        };
      },
    );

    app.patch(
      '/me',
      {
        config: { auth: 'password-change' },
        schema: {
          tags: ['My account'],
          summary: 'Update my preferences',
          body: z.object({ preferredLanguage: z.enum(['en', 'nl']) }).strict(),
          response: { 200: z.object({ user: userJson }), 400: problemJson, 401: problemJson, 403: problemJson },
        },
      },
      async (request) => {
        const p = request.principal!;
        await users.setPreferredLanguage(p, request.body.preferredLanguage);
        return { user: toUserJson({ ...p.user, preferredLanguage: request.body.preferredLanguage, roles: p.roles }) };
      },
    );

    app.get(
      '/me/sessions',
      {
        schema: {
          tags: ['My account'],
          summary: 'My open sessions',
          response: { 200: z.object({ items: z.array(sessionJson) }), 401: problemJson, 403: problemJson },
        },
      },
      async (request) => {
        const p = request.principal!;
        const sessions = await auth.listSessions(p.user.id);
        return {
          items: sessions.map((s) => ({
            id: s.id,
            createdDateTime: s.createdAt.toISOString(),
            lastSeenDateTime: s.lastSeenAt.toISOString(),
            expiresDateTime: s.expiresAt.toISOString(),
            ipAddress: s.ipAddress,
            userAgent: s.userAgent,
            current: s.id === p.session.id,
          })),
        };
      },
    );

    app.delete(
      '/me/sessions/:id',
      {
        schema: {
          tags: ['My account'],
          summary: 'End one of my sessions',
          params: z.object({ id: z.uuid() }).strict(),
          response: { 204: z.null(), 400: problemJson, 401: problemJson, 403: problemJson, 404: problemJson },
        },
      },
      async (request, reply) => {
        const p = request.principal!;
        await auth.endSession(p, request.params.id, request.context);
        if (request.params.id === p.session.id) clearSessionCookies(reply, cookies);
        return reply.code(204).send(null);
      },
    );
  };
