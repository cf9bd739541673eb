import { existsSync } from 'node:fs';
import path from 'node:path';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import type { Config } from './config/schema.js';
import { systemClock, type Clock } from './core/clock.js';
import { newId, unseal } from './core/crypto.js';
import { AppError } from './core/errors.js';
import { sendProblem } from './http/problem.js';
import type { DbHandle } from './db/kysely.js';
import { createPasswordServices } from './services.js';
import { createRepos, createTransact } from './db/repos.js';
import { authRoutes } from './features/auth/routes.js';
import { createAuthService } from './features/auth/service.js';
import type { PasswordHasher } from './features/passwords/hasher.js';
import { usersRoutes } from './features/users/routes.js';
import { expiryStatus } from './features/policy/expiry.js';
import { createPasswordChangeService } from './features/password-change/service.js';
import { passwordChangeRoutes } from './features/password-change/routes.js';
import { mailRoutes } from './features/notifications/routes.js';
import { createDevMailboxTransport, createSmtpTransport, type MailTransport } from './features/notifications/transport.js';
import { createOutboxWorker } from './features/notifications/worker.js';
import { accountTemplates } from './features/notifications/templates.js';
import { recoveryTemplates } from './features/recovery/mail-templates.js';
import { createScheduler } from './features/jobs/scheduler.js';
import { createSettingsService } from './features/settings/service.js';
import { settingsRoutes } from './features/settings/routes.js';
import { createLockoutService } from './features/lockout/service.js';
import { lockoutSettingsDocument } from './features/lockout/settings.js';
import { createSecretVerifier } from './features/lockout/verify.js';
import { reportsRoutes } from './features/reports/routes.js';
import { createRateLimiter } from './features/rate-limit/service.js';
import { adminResetRoutes } from './features/admin-reset/routes.js';
import { resetJobRoutes } from './features/admin-reset/job-routes.js';
import { createUserAdminService } from './features/users/admin.js';
import { createPasswordLinkService } from './features/password-links/service.js';
import { passwordLinkRoutes } from './features/password-links/routes.js';
import { userAdminRoutes } from './features/users/admin-routes.js';
import { randomInt } from 'node:crypto';
import { sendExpiryReminders } from './features/policy/expiry-reminders.js';
import type { User } from './core/identity.js';
import { createPolicyService, policySettingsCaches } from './features/policy/service.js';
import { passwordPolicyDocument, passwordProtectionDocument } from './features/policy/settings.js';
import { policyRoutes } from './features/policy/routes.js';
import { cookieNames, registerAuth } from './http/auth.js';
import { registerErrorHandling } from './http/errors.js';
import { loggerOptions } from './http/logging.js';
import { registerMetrics } from './http/metrics.js';
import { registerOpenApi } from './http/openapi.js';
import { registerHealth } from './http/health.js';
import { registerSecurityHeaders } from './http/security-headers.js';
import type { Limiter } from './core/limiter.js';
import { createSmsProvider } from './features/sms/provider.js';
import { ssprSettingsDocument } from './features/recovery/settings.js';
import { createCaptcha } from './features/recovery/captcha.js';
import { createRecoveryService } from './features/recovery/service.js';
import { recoveryRoutes } from './features/recovery/routes.js';
import { groupRoutes } from './features/recovery/settings-routes.js';
import { createSecurityInfoService } from './features/security-info/service.js';
import { securityInfoRoutes } from './features/security-info/routes.js';
import { passwordResetReportRoutes } from './features/reports/password-reset-routes.js';

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
}

/** Builds the application: plugins, services and routes, without listening (tests use inject). */
export async function buildApp(deps: AppDeps) {
  const { config, db } = deps;
  const clock = deps.clock ?? systemClock;
  const secure = config.publicUrl?.startsWith('https://') ?? false;
  const app = Fastify({
    ...(deps.logger ? { loggerInstance: deps.logger as unknown as FastifyBaseLogger } : { logger: loggerOptions(config.logLevel) }),
    bodyLimit: config.bodyLimitBytes,
    trustProxy: config.trustedProxies.length ? config.trustedProxies : false,
    genReqId: (req) => {
      const incoming = req.headers['x-request-id'];
      return typeof incoming === 'string' && /^[A-Za-z0-9._-]{8,64}$/.test(incoming) ? incoming : newId();
    },
    routerOptions: { maxParamLength: 200 },
    // One log line per request, written on response (http/logging.ts), instead of two.
    logController: new LogController({ disableRequestLogging: true }),
    // Errors the router raises before any hook (bad URL encoding, over-long path parameters).
    frameworkErrors: (error, request, reply) => sendProblem(request, reply, new AppError('request.malformed', { cause: error })),
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
  const passwords = createPasswordServices({ config, repos, transact, hasher: deps.hasher, clock, secret: deps.secret, mailQueued: () => outboxWorker.kick(), onJobError: (err) => app.log.error({ err }, 'password reset job failed') });
  const { policy, users, defaultLocale, authority, writer: passwordWriter, adminReset, resetJobs } = passwords;
  const passwordExpiry = async (user: User, now: Date) => expiryStatus(user, await policy.policySettings(), now);
  // Every settings document is read and saved through one service (ADR 0003); the policy engine keeps its own caches.
  const settingsService = createSettingsService({ repos, transact, clock, caches: policySettingsCaches(policy) });
  const lockoutConfig = settingsService.cached(lockoutSettingsDocument);
  const lockout = createLockoutService({ repos, transact, clock, secret: deps.secret, settings: () => lockoutConfig.get() });
  const verifier = createSecretVerifier({ repos, hasher: deps.hasher, lockout });
  const rateLimiter = createRateLimiter({ repos, clock });
  const auth = createAuthService({ repos, transact, hasher: deps.hasher, verifier, rateLimiter, clock, config, secret: deps.secret, isPasswordExpired: async (user, now) => (await passwordExpiry(user, now)).expired });
  const policyService = createPolicyService({ repos, policy });
  const organizationName = async () => (await repos.organization.get())?.name ?? config.organizationName;
  /** The port actually bound (config.port may be 0); links in mail need it when no public URL is set. */
  const listeningPort = () => {
    const address = app.server.address();
    return typeof address === 'object' && address ? address.port : config.port;
  };
  const transport =
    deps.mailTransport ??
    (config.smtpUrl
      ? createSmtpTransport(config.smtpUrl, config.mailFrom ?? `Latchkey <no-reply@${config.defaultDomain}>`)
      : createDevMailboxTransport(repos.outbox, { now: () => clock.now(), ...(deps.devMailboxPrint ? { print: deps.devMailboxPrint } : {}) }));
  const sms = createSmsProvider(config, { outbox: repos.outbox, now: () => clock.now(), ...(deps.devMailboxPrint ? { print: deps.devMailboxPrint } : {}) });
  const outboxWorker = createOutboxWorker({
    repos,
    transact,
    clock,
    transport,
    sms,
    pollMs: config.outboxPollMs,
    templates: { ...accountTemplates, ...recoveryTemplates },
    messageIdDomain: config.defaultDomain,
    mailContext: async () => ({
      organizationName: await organizationName(),
      publicUrl: config.publicUrl?.replace(/\/$/, '') ?? null,
      linkOrigin: config.publicUrl?.replace(/\/$/, '') ?? `http://${config.host}:${listeningPort()}`,
      timeZone: config.timeZone,
      unseal: (sealed: string) => unseal(deps.secret, 'mail-payload', sealed),
    }),
    onError: (err, message) => app.log.warn({ err, outboxId: message?.id, template: message?.template }, 'mail delivery failed'),
  });
  const passwordChange = createPasswordChangeService({ repos, clock, verifier, writer: passwordWriter, mailQueued: () => outboxWorker.kick() });
  const ssprConfig = settingsService.cached(ssprSettingsDocument);
  const securityInfo = createSecurityInfoService({ repos, transact, clock, hasher: deps.hasher, verifier, rateLimiter, secret: deps.secret, settings: () => ssprConfig.get(), organizationName, defaultLocale, mailQueued: () => outboxWorker.kick() });
  const recovery = createRecoveryService({
    repos,
    transact,
    clock,
    hasher: deps.hasher,
    writer: passwordWriter,
    captcha: createCaptcha({ secret: deps.secret, clock, maxNumber: config.recoveryCaptchaMaxNumber }),
    rateLimiter,
    secret: deps.secret,
    limits: { flowsPerIp: config.rateLimitRecoveryPerIp, sendsPerIp: config.rateLimitRecoverySendsPerIp, verifiesPerIp: config.rateLimitRecoveryVerifiesPerIp },
    settings: () => ssprConfig.get(),
    defaultLocale,
    // Delivery starts a moment after the response, not on its heels: a real code's delivery
    // would otherwise make the answer to an account that can reset measurably slower (R2).
    mailQueued: () => void setTimeout(() => outboxWorker.kick(), 20 + randomInt(30)).unref(),
  });
  const scheduler = createScheduler(
    [
      { name: 'password-expiry-reminders', everyMs: 15 * 60_000, run: () => sendExpiryReminders({ repos, transact, clock, policy, defaultLocale }).then((n) => n && outboxWorker.kick()) },
      { name: 'expired-sessions', everyMs: 60 * 60_000, run: () => repos.sessions.deleteExpired(clock.now(), config.sessionIdleSeconds) },
      { name: 'password-reset-flows', everyMs: 15 * 60_000, run: () => recovery.prune() },
      { name: 'rate-limit-counters', everyMs: 60 * 60_000, run: () => rateLimiter.prune() },
      { name: 'audit-retention', everyMs: 6 * 60 * 60_000, run: () => repos.audit.deleteOlderThan(new Date(clock.now().getTime() - config.auditRetentionDays * 86_400_000)) },
    ],
    (job, err) => app.log.error({ err, job }, 'job failed'),
  );
  app.addHook('onReady', async () => {
    outboxWorker.start();
    resetJobs.start();
    if (config.jobsEnabled) scheduler.start();
  });
  app.addHook('onClose', async () => {
    await resetJobs.stop();
    await scheduler.stop();
    await outboxWorker.stop();
  });
  const cookies = cookieNames(secure);

  registerSecurityHeaders(app as unknown as FastifyInstance, { https: secure });
  await app.register(fastifyCookie);
  const webRoot = path.resolve(config.webRoot);
  const hasWeb = existsSync(path.join(webRoot, 'index.html'));
  // Before any route plugin: error handlers are inherited when a plugin's context is created.
  registerErrorHandling(app, hasWeb ? (url) => !url.startsWith('/api/') && !url.startsWith('/assets/') : null);
  const metrics = registerMetrics(app, { enabled: config.metricsEnabled, ...(deps.hasher.limiter ? { hashLimiter: deps.hasher.limiter } : {}) });
  registerAuth(app, { auth, cookies, defaultLocale: config.defaultLanguage, allowedOrigins: config.publicUrl ? [new URL(config.publicUrl).origin] : [] });
  await registerOpenApi(app);
  registerHealth(app, db);

  await app.register(
    async (api) => {
      await api.register(authRoutes({ auth, users, cookies, passwordExpiry, clock, organization: () => repos.organization.get() }));
      await api.register(usersRoutes(users));
      await api.register(policyRoutes(policyService));
      await api.register(settingsRoutes(settingsService, [passwordPolicyDocument, passwordProtectionDocument]));
      await api.register(passwordChangeRoutes({ service: passwordChange, cookies }));
      await api.register(mailRoutes({ repos, transport }));
      await api.register(reportsRoutes({ repos }));
      const links = createPasswordLinkService({ repos, transact, clock, policy, authority, writer: passwordWriter, secret: deps.secret, lifetimeSeconds: config.passwordLinkHours * 3600, defaultLocale, mailQueued: () => outboxWorker.kick() });
      await api.register(adminResetRoutes(adminReset, links));
      await api.register(passwordLinkRoutes(links));
      await api.register(resetJobRoutes(resetJobs));
      await api.register(userAdminRoutes({ users, admin: createUserAdminService({ repos, transact, clock, authority }), repos }));
      await api.register(securityInfoRoutes(securityInfo));
      await api.register(recoveryRoutes(recovery));
      await api.register(settingsRoutes(settingsService, [ssprSettingsDocument]));
      await api.register(groupRoutes({ repos }));
      await api.register(passwordResetReportRoutes({ repos, clock, settings: () => ssprConfig.get() }));
      await api.register(settingsRoutes(settingsService, [lockoutSettingsDocument]));
    },
    { prefix: '/api/v1' },
  );

  if (hasWeb) {
    await app.register(fastifyStatic, {
      root: webRoot,
      wildcard: false,
      cacheControl: false,
      setHeaders: (res, file) => {
        if (file.includes(`${path.sep}assets${path.sep}`)) res.setHeader('cache-control', 'public, max-age=31536000, immutable');
      },
    });
  }

  return { app: app as unknown as FastifyInstance, services: { auth, users, policy: policyService, passwordChange, lockout, adminReset, resetJobs, recovery, securityInfo }, lockoutConfig, ssprConfig, policy, outboxWorker, repos, transact, clock, metrics };
}

export type BuiltApp = Awaited<ReturnType<typeof buildApp>>;
