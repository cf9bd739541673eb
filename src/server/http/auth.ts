import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../core/errors.js';
import type { AuthService } from '../features/auth/service.js';
import { demand } from '../features/roles/authority.js';
import type { Principal, RequestContext } from '../core/identity.js';
import type { Permission } from '../../shared/roles.js';
import { isLocale, negotiateLocale, type Locale } from '../i18n/index.js';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
    locale: Locale;
    context: RequestContext;
  }
  interface FastifyContextConfig {
    /**
     * public: no session; session: a full session (default); password-change: also a session
     * limited to changing the password; mfa: only a session at the MFA step (scope 'mfa', issue 17).
     */
    auth?: 'public' | 'session' | 'password-change' | 'mfa';
    /** Also open to a session at the MFA step (sign-out, GET /me); every other route answers 403 auth.mfa_required. */
    allowMfaStep?: boolean;
    permission?: Permission;
  }
}

export interface CookieNames {
  session: string;
  csrf: string;
  /** Long-lived random id marking a browser that signed in before (smart lockout's familiar counter). */
  device: string;
  /** "Don't ask again for N days": a random token whose hash is bound to the user and this browser (issue 17). */
  mfaRemember: string;
  secure: boolean;
}

/** `__Host-` cookies when served over HTTPS (checklist SE3). */
export function cookieNames(secure: boolean): CookieNames {
  const prefix = secure ? '__Host-' : '';
  return {
    session: `${prefix}latchkey_session`,
    csrf: `${prefix}latchkey_csrf`,
    device: `${prefix}latchkey_device`,
    mfaRemember: `${prefix}latchkey_mfa_remember`,
    secure,
  };
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Resolves the locale and the signed-in principal of every request, then enforces the route's
 * `auth` and `permission` config and CSRF protection before the body is even parsed.
 */
export function registerAuth(app: FastifyInstance, deps: { auth: AuthService; cookies: CookieNames; defaultLocale: Locale; allowedOrigins: string[] }): void {
  app.decorateRequest('principal', null);
  app.decorateRequest('locale', deps.defaultLocale);
  app.decorateRequest('context', null as unknown as RequestContext);

  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    request.locale = negotiateLocale(request.headers['accept-language'], deps.defaultLocale);
    request.context = {
      ipAddress: request.ip ?? null,
      userAgent: request.headers['user-agent']?.slice(0, 512) ?? null,
      correlationId: request.id,
      deviceId: validDeviceId(request.cookies[deps.cookies.device]),
    };
    const token = request.cookies[deps.cookies.session];
    if (token) request.principal = await deps.auth.authenticate(token);
    const preferred = request.principal?.user.preferredLanguage;
    if (isLocale(preferred)) request.locale = preferred;

    const config = request.routeOptions.config;
    // Routes outside the API (static files, the SPA) and unmatched URLs carry no auth config.
    if (!request.routeOptions.url || !request.url.startsWith('/api/')) return;
    const mode = config.auth ?? 'session';
    if (mode === 'public') return;
    const principal = request.principal;
    if (!principal) {
      if (token) clearSessionCookies(reply, deps.cookies);
      throw new AppError('auth.unauthenticated');
    }
    // CSRF: a custom header holding the session-bound token, plus an Origin check (ASVS 3.5.1, 3.5.3; checklist C5).
    if (!SAFE_METHODS.has(request.method)) {
      const origin = request.headers.origin;
      if (origin !== undefined && !isSameOrigin(origin, request, deps.allowedOrigins)) throw new AppError('auth.csrf_failed');
      const header = request.headers['x-csrf-token'];
      if (!deps.auth.verifyCsrf(principal.session.id, typeof header === 'string' ? header : undefined)) throw new AppError('auth.csrf_failed');
    }
    // A session at the MFA step may only finish MFA, sign out and read /me (issue 17; checklist A2).
    if (principal.session.scope === 'mfa' && mode !== 'mfa' && !config.allowMfaStep) throw new AppError('auth.mfa_required');
    if (mode === 'mfa' && principal.session.scope !== 'mfa') throw new AppError('auth.forbidden');
    if (principal.session.scope === 'change_password' && mode !== 'password-change') throw new AppError('auth.password_change_required');
    // A route's declared permission is a first gate; the service decides again (ARCHITECTURE: authority in the service).
    if (config.permission) demand(principal, config.permission);
  });
}

function isSameOrigin(origin: string, request: FastifyRequest, allowed: string[]): boolean {
  if (allowed.includes(origin)) return true;
  const host = request.headers.host;
  return host !== undefined && (origin === `http://${host}` || origin === `https://${host}`);
}

function validDeviceId(value: string | undefined): string | null {
  return value && /^[A-Za-z0-9_-]{43}$/.test(value) ? value : null;
}

/** Marks this browser as familiar for smart lockout, for 400 days (the longest browsers keep a cookie). */
export function setDeviceCookie(reply: FastifyReply, cookies: CookieNames, deviceId: string): void {
  reply.setCookie(cookies.device, deviceId, { path: '/', secure: cookies.secure, sameSite: 'lax', httpOnly: true, maxAge: 400 * 86_400 });
}

/** Remembers MFA on this browser until `expires` (HttpOnly; only its hash is stored). */
export function setMfaRememberCookie(reply: FastifyReply, cookies: CookieNames, token: string, expires: Date): void {
  reply.setCookie(cookies.mfaRemember, token, { path: '/', secure: cookies.secure, sameSite: 'lax', httpOnly: true, expires });
}

export function setSessionCookies(reply: FastifyReply, cookies: CookieNames, values: { token: string; csrfToken: string; expires: Date }): void {
  const base = { path: '/', secure: cookies.secure, sameSite: 'lax' as const, expires: values.expires };
  reply.setCookie(cookies.session, values.token, { ...base, httpOnly: true });
  // Readable by the web app, which echoes it in X-CSRF-Token; useless without the HttpOnly session cookie.
  reply.setCookie(cookies.csrf, values.csrfToken, { ...base, httpOnly: false });
}

export function clearSessionCookies(reply: FastifyReply, cookies: CookieNames): void {
  reply.clearCookie(cookies.session, { path: '/', secure: cookies.secure, httpOnly: true, sameSite: 'lax' });
  reply.clearCookie(cookies.csrf, { path: '/', secure: cookies.secure, sameSite: 'lax' });
}
