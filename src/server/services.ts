import { randomInt } from 'node:crypto';
import { availableParallelism } from 'node:os';
import type { Config } from './config/schema.js';
import type { Clock } from './core/clock.js';
import { unseal } from './core/crypto.js';
import type { User } from './core/identity.js';
import type { Repos, Transact } from './db/repos.js';
import { createResetJobs } from './features/admin-reset/jobs.js';
import { createAdminResetService } from './features/admin-reset/service.js';
import { resetResultTemplates } from './features/admin-reset/email-result-template.js';
import { createAuthService } from './features/auth/service.js';
import { createScheduler } from './features/jobs/scheduler.js';
import { retentionJobs } from './features/jobs/retention.js';
import { createLockoutService } from './features/lockout/service.js';
import { lockoutSettingsDocument } from './features/lockout/settings.js';
import { createSecretVerifier } from './features/lockout/verify.js';
import { accountTemplates } from './features/notifications/templates.js';
import { createDevMailboxTransport, createSmtpTransport, type MailTransport } from './features/notifications/transport.js';
import { createOutboxWorker } from './features/notifications/worker.js';
import { createPasswordChangeService } from './features/password-change/service.js';
import { createPasswordLinkService } from './features/password-links/service.js';
import { createPasswordWriter, type PasswordWrittenHook } from './features/passwords/apply.js';
import type { PasswordHasher } from './features/passwords/hasher.js';
import { createPasswordPolicy } from './features/policy/engine.js';
import { createBreachedCheck } from './features/policy/breached/check.js';
import { expiryStatus } from './features/policy/expiry.js';
import { sendExpiryReminders } from './features/policy/expiry-reminders.js';
import { createPolicyService, policySettingsCaches } from './features/policy/service.js';
import { createRateLimiter } from './features/rate-limit/service.js';
import { createCaptcha } from './features/recovery/captcha.js';
import { recoveryTemplates } from './features/recovery/mail-templates.js';
import { createRecoveryService } from './features/recovery/service.js';
import { ssprSettingsDocument } from './features/recovery/settings.js';
import { createRecoveryThrottle, portalLimits } from './features/recovery/throttle.js';
import { createAuthority } from './features/roles/authority.js';
import { createSecurityInfoService } from './features/security-info/service.js';
import { createSettingsService } from './features/settings/service.js';
import { mfaTemplates } from './features/mfa/mail-templates.js';
import { mfaSettingsDocument } from './features/mfa/settings.js';
import { createMfaServices, forgetMfaOnPasswordWrite } from './features/auth/mfa-services.js';
import { createStepUp } from './features/step-up/wiring.js';
import type { SecondFactors } from './features/mfa/port.js';
import type { PasskeyAssertions } from './features/passkeys/port.js';
import { relyingParty } from './features/passkeys/relying-party.js';
import { createPasskeyService } from './features/passkeys/service.js';
import { createSmsProvider } from './features/sms/provider.js';
import { createUserAdminService, type UserChangeHook } from './features/users/admin.js';
import { createUsersService } from './features/users/service.js';
import { createGraphServices } from './services-graph.js';
import { createDirectoryConnectorFromConfig } from './features/directory/connector.js';
import type { DirectoryConnector } from './core/directory.js';
import { createDirectorySyncService, displayUrl } from './features/directory/sync-service.js';
import { isLocale, type Locale } from './i18n/index.js';

/** What every entry point has: the server, the CLI and the tests. */
export interface ServiceDeps {
  config: Config;
  repos: Repos;
  transact: Transact;
  hasher: PasswordHasher;
  clock: Clock;
  secret: string;
  /** Where mail goes; default: SMTP when configured, else the dev mailbox. */
  mailTransport?: MailTransport | undefined;
  /** Where the dev mailbox prints messages (the console when serving; nowhere in tests and the CLI). */
  devMailboxPrint?: ((text: string) => void) | undefined;
  /** The server's own origin for links in mail when no public URL is set (its bound port is known only once listening). */
  linkOrigin?: () => string;
  /** Problems in background work (mail delivery, jobs); default: ignored. */
  log?: { warn(details: object, message: string): void; error(details: object, message: string): void };
  /** The on-premises directory (issue 14); undefined = from the configuration (null when none is configured), null = none. */
  directory?: DirectoryConnector | null;
}

/**
 * Every service of Latchkey, wired ONCE for every entry point: `app.ts` adds HTTP on top, the
 * CLI calls the same services, so the console and the API can't drift (ADR 0002). Nothing here
 * starts: the server starts the outbox worker, bulk jobs and scheduler when it is ready; the CLI
 * never does, so its mail waits in the outbox for a server.
 */
export function createServices(deps: ServiceDeps) {
  const { config, repos, transact, hasher, clock, secret } = deps;
  const log = deps.log ?? { warn: () => {}, error: () => {} };
  const mailQueued = () => outboxWorker.kick();
  const directory: DirectoryConnector | null = deps.directory !== undefined ? deps.directory : createDirectoryConnectorFromConfig(config, { log }); // issue 14; null = all users local

  // Known-breached passwords (checklist P5): the range service when a URL is set, else an imported list.
  const breached = createBreachedCheck({
    url: config.breachedPasswordsUrl,
    timeoutMs: config.breachedPasswordsTimeoutMs,
    store: () => repos.breachedPasswords,
    log,
  });
  const policy = createPasswordPolicy({ repos, hasher, breached });
  const defaultLocale = async (): Promise<Locale> => {
    const language = (await repos.organization.get())?.defaultLanguage;
    return isLocale(language) ? language : config.defaultLanguage;
  };
  const organizationName = async () => (await repos.organization.get())?.name ?? config.organizationName;
  const passwordExpiry = async (user: User, now: Date) => expiryStatus(user, await policy.policySettings(), now);
  const authority = createAuthority({ repos, clock });
  // Every settings document is read and saved through one service (ADR 0003); the policy engine keeps its own caches.
  const settings = createSettingsService({ repos, transact, clock, caches: policySettingsCaches(policy), stepUp: { demand: (p) => stepUpGate.demand(p) } });
  const lockoutConfig = settings.cached(lockoutSettingsDocument);
  const ssprConfig = settings.cached(ssprSettingsDocument);

  const recoveryThrottle = createRecoveryThrottle({ repos, clock });
  /** A new password by any path ends open reset flows and clears the reset counters (checklist R8c; reference §7.11). */
  const endRecovery: PasswordWrittenHook = async (tx, user, at) => {
    await recoveryThrottle.reset(tx, user.id);
    await tx.recovery.failOpenFlows(user.id, 'superseded', at);
  };
  /** Any later password write ends a generated temporary password's mark (checklist A4). */
  const endTemporary: PasswordWrittenHook = (tx, user) => tx.temporaryPasswords.clear(user.id);
  const onWritten = [endRecovery, endTemporary, forgetMfaOnPasswordWrite];
  const writer = createPasswordWriter({ transact, hasher, clock, policy, defaultLocale, onWritten, directory });

  const transport =
    deps.mailTransport ??
    (config.smtpUrl
      ? createSmtpTransport(config.smtpUrl, config.mailFrom ?? `Latchkey <no-reply@${config.defaultDomain}>`)
      : createDevMailboxTransport(repos.outbox, { now: () => clock.now(), ...(deps.devMailboxPrint ? { print: deps.devMailboxPrint } : {}) }));
  const sms = createSmsProvider(config, { outbox: repos.outbox, now: () => clock.now(), ...(deps.devMailboxPrint ? { print: deps.devMailboxPrint } : {}) });
  const publicUrl = config.publicUrl?.replace(/\/$/, '') ?? null;
  const outboxWorker = createOutboxWorker({
    repos,
    transact,
    clock,
    transport,
    sms,
    pollMs: config.outboxPollMs,
    templates: { ...accountTemplates, ...recoveryTemplates, ...mfaTemplates, ...resetResultTemplates },
    messageIdDomain: config.defaultDomain,
    mailContext: async () => ({
      organizationName: await organizationName(),
      publicUrl,
      linkOrigin: publicUrl ?? deps.linkOrigin?.() ?? `http://${config.host}:${config.port}`,
      timeZone: config.timeZone,
      unseal: (sealed: string) => unseal(secret, 'mail-payload', sealed),
    }),
    onError: (err, message) => log.warn({ err, outboxId: message?.id, template: message?.template }, 'mail delivery failed'),
  });

  const lockout = createLockoutService({ repos, transact, clock, secret, settings: () => lockoutConfig.get() });
  const rateLimiter = createRateLimiter({ repos, clock });
  // The one gate for every typed password: rate limits, lockout claim, hash or a directory user's bind (sign-in, change, re-authentication).
  const verifier = createSecretVerifier({ repos, hasher, lockout, rateLimiter, secret, limits: config, directory, clock });
  const auth = createAuthService({
    repos,
    transact,
    hasher,
    verifier,
    clock,
    config,
    secret,
    isPasswordExpired: async (user, now) => (await passwordExpiry(user, now)).expired,
    mfaPolicy: { assess: (...args) => mfa.mfaPolicy.assess(...args) },
    defaultLocale,
    mailQueued,
  });
  // Sign-in MFA's second factors (features/mfa): the authenticator app and passkeys, with TOTP replay protection and the MFA lock.
  const mfaConfig = settings.cached(mfaSettingsDocument);
  const mfa = createMfaServices({
    ...{ repos, transact, clock, secret, config, rateLimiter, defaultLocale, mailQueued, organizationName, settings: () => mfaConfig.get() },
    ...{ isPasswordExpired: async (user: User, now: Date) => (await passwordExpiry(user, now)).expired, csrfTokenFor: auth.csrfTokenFor },
    passkeys: () => stepUpPasskeys(),
  });
  const stepUpFactors = (): SecondFactors | null => mfa.secondFactors;
  const stepUpPasskeys = (): PasskeyAssertions | null => passkeys.assertions;
  // Step-up (issue 17): fresh proof before sensitive actions, demanded by each service that does one.
  const { gate: stepUpGate, service: stepUp } = createStepUp({
    ...{ repos, clock, verifier, maxAgeSeconds: config.stepUpMaxAgeSeconds, secondFactors: stepUpFactors, passkeys: stepUpPasskeys },
    csrfTokenFor: (sessionId) => auth.csrfTokenFor(sessionId),
  });
  const users = createUsersService({ repos, transact, hasher, clock, policy });
  // Role and address changes end set-password links and cancel bulk jobs in their own transaction (issue 12, findings 4 and 5).
  const onUserChange: UserChangeHook[] = [(tx, change) => links.onUserChange(tx, change), (tx, change) => resetJobs.onUserChange(tx, change)];
  const userAdmin = createUserAdminService({ repos, transact, clock, authority, onUserChange, stepUp: stepUpGate, defaultLocale });
  // Directory sync (issue 14): on demand and on the schedule; a user it disables is signed out and their links end, as with an admin's disable.
  const directorySync = createDirectorySyncService({
    ...{ repos, transact, clock, directory, onUserChange, log },
    settings: {
      kind: config.directoryKind,
      url: displayUrl(config.directoryUrl),
      baseDn: config.directoryBaseDn ?? null,
      syncIntervalMinutes: config.directorySyncIntervalMinutes,
      defaultDomain: config.defaultDomain,
    },
  });
  const policyService = createPolicyService({ repos, policy });
  const passwordChange = createPasswordChangeService({ repos, clock, verifier, writer, mailQueued });
  const adminReset = createAdminResetService({
    repos,
    transact,
    clock,
    policy,
    authority,
    writer,
    mailQueued,
    stepUp: stepUpGate,
    temporaryPasswordTtlSeconds: config.temporaryPasswordTtlSeconds,
    secret,
    defaultLocale,
    directory,
  });
  const resetJobs = createResetJobs({
    repos,
    transact,
    clock,
    secret,
    adminReset,
    authority,
    stepUp: stepUpGate,
    concurrency: config.hashConcurrency ?? availableParallelism(),
    leaseSeconds: config.jobLeaseSeconds,
    passwordTtlSeconds: config.resetJobPasswordTtlSeconds,
    mailQueued,
    onError: (err) => log.error({ err }, 'password reset job failed'),
  });
  const links = createPasswordLinkService({
    repos,
    transact,
    clock,
    policy,
    authority,
    writer,
    secret,
    lifetimeSeconds: config.passwordLinkHours * 3600,
    defaultLocale,
    mailQueued,
    stepUp: stepUpGate,
  });
  const securityInfo = createSecurityInfoService({
    repos,
    transact,
    clock,
    hasher,
    stepUp: stepUpGate,
    rateLimiter,
    secret,
    settings: () => ssprConfig.get(),
    organizationName,
    defaultLocale,
    mailQueued,
  });
  // Passkeys (issue 17): the relying party from the public URL, else this server's own address as localhost (docs/passkeys.md).
  const passkeys = createPasskeyService({
    repos,
    transact,
    clock,
    relyingParty: () => relyingParty(publicUrl, deps.linkOrigin?.() ?? `http://${config.host}:${config.port}`),
    stepUp: stepUpGate,
    organizationName,
    defaultLocale,
    mailQueued,
  });
  const recovery = createRecoveryService({
    passkeys: passkeys.assertions,
    repos,
    transact,
    clock,
    hasher,
    writer,
    checkPassword: (user, password, locale) => policyService.checkFor(user, password, locale),
    captcha: createCaptcha({ secret, clock, maxNumber: config.recoveryCaptchaMaxNumber }),
    rateLimiter,
    secret,
    limits: portalLimits(config),
    settings: () => ssprConfig.get(),
    defaultLocale,
    // Delivery starts a moment after the response, not on its heels: a real code's delivery
    // would otherwise make the answer to an account that can reset measurably slower (R2).
    mailQueued: () => void setTimeout(mailQueued, 20 + randomInt(30)).unref(),
    // "Unlock without resetting" for directory users (issue 14, reference §7.10).
    directory,
  });
  const scheduler = createScheduler(
    [
      {
        name: 'password-expiry-reminders',
        everyMs: 15 * 60_000,
        run: () => sendExpiryReminders({ repos, transact, clock, policy, defaultLocale }).then((n) => n && mailQueued()),
      },
      { name: 'password-reset-flows', everyMs: 15 * 60_000, run: () => recovery.prune() },
      { name: 'rate-limit-counters', everyMs: 60 * 60_000, run: () => rateLimiter.prune() },
      { name: 'reset-job-passwords', everyMs: 5 * 60_000, run: () => resetJobs.expirePasswords() },
      ...retentionJobs({ repos, clock, config }),
      // Full when the last full run is a day old, else incremental (deletes are only found by full runs; docs/cli.md).
      ...(directory && config.directorySyncIntervalMinutes > 0
        ? [{ name: 'directory-sync', everyMs: config.directorySyncIntervalMinutes * 60_000, run: () => directorySync.scheduled() }]
        : []),
    ],
    (job, err) => log.error({ err, job }, 'job failed'),
  );

  return {
    policy,
    breached,
    defaultLocale,
    passwordExpiry,
    authority,
    settings,
    lockoutConfig,
    ssprConfig,
    writer,
    transport,
    outboxWorker,
    lockout,
    verifier,
    rateLimiter,
    auth,
    stepUpGate,
    stepUp,
    users,
    userAdmin,
    ...createGraphServices({ repos, transact, clock, secret, authority, adminReset, userAdmin, stepUp: stepUpGate, defaultLocale, mailQueued }), // issue 15
    policyService,
    passwordChange,
    adminReset,
    resetJobs,
    links,
    securityInfo,
    recovery,
    passkeys,
    scheduler,
    directorySync,
    mfaConfig,
    directory,
    ...mfa,
  };
}

export type Services = ReturnType<typeof createServices>;
