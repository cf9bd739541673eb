import { existsSync } from 'node:fs';
import path from 'node:path';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import fastifyCookie from '@fastify/cookie';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import type { Config } from './config/schema.js';
import { systemClock, type Clock } from './core/clock.js';
import { AppError } from './core/errors.js';
import { sendProblem } from './http/problem.js';
import type { DbHandle } from './db/kysely.js';
import { createServices } from './services.js';
import { createRepos, createTransact } from './db/repos.js';
import { authRoutes } from './features/auth/routes.js';
import { mfaRoutes } from './features/auth/mfa-routes.js';
import { mfaSettingsDocument } from './features/mfa/settings.js';
import type { PasswordHasher } from './features/passwords/hasher.js';
import { usersRoutes } from './features/users/routes.js';
import { passwordChangeRoutes } from './features/password-change/routes.js';
import { mailRoutes } from './features/notifications/routes.js';
import type { MailTransport } from './features/notifications/transport.js';
import { settingsRoutes } from './features/settings/routes.js';
import { lockoutSettingsDocument } from './features/lockout/settings.js';
import { reportsRoutes } from './features/reports/routes.js';
import { adminResetRoutes } from './features/admin-reset/routes.js';
import { resetJobRoutes } from './features/admin-reset/job-routes.js';
import { passwordLinkRoutes } from './features/password-links/routes.js';
import { userAdminRoutes } from './features/users/admin-routes.js';
import { passwordPolicyDocument, passwordProtectionDocument } from './features/policy/settings.js';
import { breachedPasswordsDocument } from './features/policy/breached/settings.js';
import { breachedRoutes } from './features/policy/breached/routes.js';
import { policyRoutes } from './features/policy/routes.js';
import { cookieNames, registerAuth } from './http/auth.js';
import { registerErrorHandling } from './http/errors.js';
import { registerInputGuard } from './http/input-guard.js';
import { loggerOptions, requestIdGenerator } from './http/logging.js';
import { registerMetrics } from './http/metrics.js';
import { registerOpenApi } from './http/openapi.js';
import { registerHealth } from './http/health.js';
import { registerSecurityHeaders, securityHeaders } from './http/security-headers.js';
import { registerStaticWeb } from './http/static-web.js';
import { readTlsPair, tlsFiles } from './http/tls.js';
import type { Limiter } from './core/limiter.js';
import { ssprSettingsDocument } from './features/recovery/settings.js';
import { recoveryRoutes } from './features/recovery/routes.js';
import { groupRoutes } from './features/recovery/settings-routes.js';
import { securityInfoRoutes } from './features/security-info/routes.js';
import { stepUpRoutes } from './features/step-up/routes.js';
import { passkeyRoutes } from './features/passkeys/routes.js';
import { passwordResetReportRoutes } from './features/reports/password-reset-routes.js';
import { directorySyncRoutes } from './features/directory/routes.js';
import { appRoutes } from './features/apps/routes.js';
import type { DirectoryConnector } from './core/directory.js';
import { registerGraph } from './graph/plugin.js';
import { graphModules } from './graph/modules.js';
import { registerOAuth } from './features/oauth/wiring.js';

export interface AppDeps {
  config: Config;
  /** Where mail goes; default: SMTP when configured, else the dev mailbox. */
  mailTransport?: MailTransport;
  /** Where the dev mailbox prints messages (the console when serving; nowhere in tests). */
  devMailboxPrint?: (text: string) => void;
  db: DbHandle;
  hasher: PasswordHasher & { limiter?: Limiter };
  secret: string;
  clock?: Clock;
  /** A pino logger to write to (tests pass one with a captured stream); default: stdout at config.logLevel. */
  logger?: Logger;
  /** Overrides the directory connector made from the configuration (issue 14); null = none. */
  directory?: DirectoryConnector | null;
}

/** Builds the application: plugins, services and routes, without listening (tests use inject). */
export async function buildApp(deps: AppDeps) {
  const { config, db } = deps;
  const clock = deps.clock ?? systemClock;
  // Issue 15: Latchkey may terminate TLS itself; then cookies are Secure/__Host- even without a public URL.
  const tls = tlsFiles(config);
  const secure = !!tls || (config.publicUrl?.startsWith('https://') ?? false);
  // The router answers some requests before any hook runs; they get the same headers.
  const headers = securityHeaders({ https: secure });
  const app = Fastify({
    ...(tls ? { https: readTlsPair(tls) } : {}),
    ...(deps.logger ? { loggerInstance: deps.logger as unknown as FastifyBaseLogger } : { logger: loggerOptions(config.logLevel) }),
    bodyLimit: config.bodyLimitBytes,
    trustProxy: config.trustedProxies.length ? config.trustedProxies : false,
    // A client's X-Request-Id only from a trusted proxy; else the server's own (issue 12 finding 11).
    genReqId: requestIdGenerator(config.trustedProxies),
    routerOptions: { maxParamLength: 200 },
    // One log line per request, written on response (http/logging.ts), instead of two.
    logController: new LogController({ disableRequestLogging: true }),
    // Errors the router raises before any hook (bad URL encoding, over-long path parameters).
    frameworkErrors: (error, request, reply) => {
      headers(request, reply);
      void sendProblem(request, reply, new AppError('request.bad_url', { cause: error }));
    },
  }).withTypeProvider<ZodTypeProvider>();
  // JSON bodies only: text/plain is a CORS "simple" type a foreign form could send (login CSRF).
  app.removeContentTypeParser('text/plain');
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  app.addHook('onResponse', async (request, reply) => {
    request.log.info({ req: request, res: reply, ms: Math.round(reply.elapsedTime * 10) / 10 }, 'request completed');
  });

  const repos = createRepos(db.db);
  const transact = createTransact(db.db);
  /** The port actually bound (config.port may be 0); links in mail need it when no public URL is set. */
  const listeningPort = () => {
    const address = app.server.address();
    return typeof address === 'object' && address ? address.port : config.port;
  };
  const services = createServices({
    config,
    repos,
    transact,
    hasher: deps.hasher,
    clock,
    secret: deps.secret,
    mailTransport: deps.mailTransport,
    devMailboxPrint: deps.devMailboxPrint,
    linkOrigin: () => `${tls ? 'https' : 'http'}://${config.host}:${listeningPort()}`,
    log: { warn: (details, message) => app.log.warn(details, message), error: (details, message) => app.log.error(details, message) },
    ...(deps.directory !== undefined ? { directory: deps.directory } : {}),
  });
  const { auth, users, policy, passwordExpiry, settings, lockoutConfig, ssprConfig, outboxWorker, resetJobs, scheduler } = services;
  app.addHook('onReady', async () => {
    outboxWorker.start();
    resetJobs.start();
    if (config.jobsEnabled) scheduler.start();
  });
  app.addHook('onClose', async () => {
    await resetJobs.stop();
    await scheduler.stop();
    // A background directory sync is interrupted (recorded as such) rather than cut off.
    await services.directorySync.stop();
    await outboxWorker.stop();
    await services.directory?.close();
  });
  const cookies = cookieNames(secure);

  registerSecurityHeaders(app, { https: secure });
  await app.register(fastifyCookie);
  const webRoot = path.resolve(config.webRoot);
  const hasWeb = existsSync(path.join(webRoot, 'index.html'));
  // Before any route plugin: error handlers are inherited when a plugin's context is created.
  registerErrorHandling(app, hasWeb ? (url) => !url.startsWith('/api/') && !url.startsWith('/assets/') : null);
  registerInputGuard(app);
  const metrics = registerMetrics(app, { ...(deps.hasher.limiter ? { hashLimiter: deps.hasher.limiter } : {}) });
  registerAuth(app, { auth, cookies, defaultLocale: config.defaultLanguage, allowedOrigins: config.publicUrl ? [new URL(config.publicUrl).origin] : [] });
  await registerOpenApi(app);
  registerHealth(app, db);

  await app.register(
    async (api) => {
      await api.register(authRoutes({ auth, users, cookies, passwordExpiry, clock, organization: () => repos.organization.get() }));
      // Sign-in MFA and passwordless passkeys (issue 17).
      await api.register(mfaRoutes({ mfa: services.signInMfa, passwordless: services.passwordless, cookies }));
      await api.register(settingsRoutes(settings, [mfaSettingsDocument]));
      await api.register(usersRoutes(users));
      await api.register(policyRoutes(services.policyService));
      await api.register(settingsRoutes(settings, [passwordPolicyDocument, passwordProtectionDocument]));
      await api.register(settingsRoutes(settings, [breachedPasswordsDocument]));
      await api.register(breachedRoutes(services.breached));
      await api.register(passwordChangeRoutes({ service: services.passwordChange, cookies }));
      await api.register(mailRoutes({ repos, transport: services.transport }));
      await api.register(reportsRoutes({ repos }));
      await api.register(adminResetRoutes(services.adminReset, services.links));
      await api.register(passwordLinkRoutes(services.links));
      await api.register(resetJobRoutes(resetJobs));
      await api.register(userAdminRoutes({ users, admin: services.userAdmin, repos }));
      await api.register(securityInfoRoutes(services.securityInfo, { cookies, csrfTokenFor: (sessionId) => auth.csrfTokenFor(sessionId) }));
      await api.register(stepUpRoutes({ service: services.stepUp, cookies }));
      await api.register(passkeyRoutes(services.passkeys));
      await api.register(recoveryRoutes(services.recovery));
      await api.register(settingsRoutes(settings, [ssprSettingsDocument]));
      await api.register(groupRoutes({ repos }));
      await api.register(passwordResetReportRoutes({ repos, clock, settings: () => ssprConfig.get() }));
      await api.register(settingsRoutes(settings, [lockoutSettingsDocument]));
      await api.register(directorySyncRoutes(services.directorySync));
      await api.register(appRoutes(services.apps));
    },
    { prefix: '/api/v1' },
  );

  // The Microsoft Graph-compatible surface (issue 15): bearer tokens from the OAuth server only.
  const tenantId = async () => (await repos.organization.get())?.id ?? '';
  // The OAuth 2.0 / OpenID Connect server at /{tenant}/oauth2/v2.0/... (features/oauth/wiring.ts).
  const oauth = await registerOAuth(app, { config, repos, clock, secret: deps.secret, rateLimiter: services.rateLimiter, auth, cookies });
  await registerGraph(app, { authenticate: (token) => oauth.authenticate(token), services, clock, config, tenantId, secret: deps.secret }, graphModules);

  if (hasWeb) {
    await registerStaticWeb(app, webRoot);
  }

  return {
    app: app as unknown as FastifyInstance,
    services: { ...services, policy: services.policyService },
    lockoutConfig,
    ssprConfig,
    policy,
    outboxWorker,
    repos,
    transact,
    clock,
    metrics,
  };
}

export type BuiltApp = Awaited<ReturnType<typeof buildApp>>;
