import QRCode from 'qrcode';
import type { PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import type { Config } from '../../config/schema.js';
import { addSeconds, type Clock } from '../../core/clock.js';
import { newId, randomToken, sha256 } from '../../core/crypto.js';
import { AppError } from '../../core/errors.js';
import type { Principal, RequestContext, SessionScope, User } from '../../core/identity.js';
import type { Repos, Transact } from '../../db/repos.js';
import type { Locale } from '../../i18n/index.js';
import { parties } from '../audit/store.js';
import type { MfaPolicy } from '../mfa/policy.js';
import type { MfaSettings } from '../mfa/settings.js';
import type { SecondFactorMethod, SecondFactorProof, SecondFactors } from '../mfa/port.js';
import type { PasskeyAssertions } from '../passkeys/port.js';
import type { RateLimiter } from '../rate-limit/service.js';
import { recordChange } from '../security-info/changes.js';
import { totpUri } from '../verification/methods.js';
import { createTotpVerifier } from '../verification/verifiers.js';
import type { PasswordChangeReason } from './service.js';

/** Wrong codes per sign-in registration before it is void (as Security info; checklist R9). */
const MAX_REGISTRATION_ATTEMPTS = 5;
const REGISTRATION_SECONDS = 600;
/** Registration starts per account: a new secret costs nothing, but each is a row (checklist L). */
const REGISTRATION_LIMIT = { limit: 10, windowSeconds: 600 };

export interface SignInMfaDeps {
  repos: Repos;
  transact: Transact;
  clock: Clock;
  secret: string;
  config: Pick<Config, 'sessionAbsoluteSeconds'>;
  factors: SecondFactors & { lockedUntil(userId: string): Promise<Date | null> };
  policy: Pick<MfaPolicy, 'remember'>;
  settings: () => Promise<MfaSettings>;
  passkeys: () => PasskeyAssertions | undefined;
  rateLimiter: RateLimiter;
  csrfTokenFor: (sessionId: string) => string;
  isPasswordExpired?: (user: User, now: Date) => Promise<boolean>;
  organizationName: () => Promise<string>;
  defaultLocale: () => Promise<Locale>;
  mailQueued: () => void;
}

export interface MfaUpgrade {
  token: string;
  csrfToken: string;
  expiresAt: Date;
  passwordChangeReason: PasswordChangeReason;
  /** The "don't ask again" cookie, when asked for and the policy allows it. */
  remember: { token: string; expiresAt: Date } | null;
}

/**
 * The MFA step of sign-in (issue 17; checklist A2, L9, SE1): a session of scope 'mfa' proves a
 * second factor (authenticator app or passkey), or registers an authenticator app first when the
 * policy requires MFA and the user has none (Entra's "More information required"). Success
 * rotates the session token and widens the scope; wrong proofs are throttled and lock the step.
 */
export function createSignInMfa(deps: SignInMfaDeps) {
  const { repos, transact, clock } = deps;
  const totp = createTotpVerifier(deps.secret);

  async function currentUser(principal: Principal): Promise<User> {
    const user = await repos.users.findById(principal.user.id);
    if (!user || !user.accountEnabled) throw new AppError('auth.unauthenticated');
    return user;
  }

  const logEvent = (
    tx: Repos,
    user: User,
    ctx: RequestContext,
    result: 'success' | 'failure',
    reason: Parameters<Repos['signIns']['record']>[0]['reason'],
    familiar: boolean,
  ) =>
    tx.signIns.record({
      occurredAt: clock.now(),
      userId: user.id,
      identifier: user.userPrincipalName,
      result,
      reason,
      familiar,
      ipAddress: ctx.ipAddress,
      userAgent: ctx.userAgent,
      correlationId: ctx.correlationId,
    });

  /** Widens the session with a NEW token (SE1), stamps mfa_at, logs the completed sign-in; `work` joins the transaction. */
  async function upgrade(
    principal: Principal,
    user: User,
    method: SecondFactorMethod,
    ctx: RequestContext,
    rememberDevice: boolean,
    work?: (tx: Repos) => Promise<void>,
  ): Promise<MfaUpgrade> {
    const now = clock.now();
    const expired = !user.forceChangePassword && (await deps.isPasswordExpired?.(user, now)) === true;
    const passwordChangeReason: PasswordChangeReason = user.forceChangePassword ? 'must_change' : expired ? 'expired' : null;
    const scope: SessionScope = passwordChangeReason ? 'change_password' : 'full';
    const token = randomToken();
    const expiresAt = addSeconds(principal.session.createdAt, deps.config.sessionAbsoluteSeconds);
    const familiar = ctx.deviceId ? await repos.signIns.isFamiliarDevice(user.id, sha256(ctx.deviceId)) : false;
    const remember = await transact(async (tx) => {
      await work?.(tx);
      if (!(await tx.sessions.recordProof(principal.session.id, { at: now, password: false, mfa: true, tokenHash: sha256(token), scope, expiresAt })))
        throw new AppError('auth.unauthenticated');
      if (ctx.deviceId) await tx.signIns.rememberDevice(user.id, sha256(ctx.deviceId), now);
      await logEvent(tx, user, ctx, 'success', passwordChangeReason ?? 'success', familiar);
      await tx.audit.append({ action: 'user.mfa_completed', outcome: 'success', ...parties(user, user), ...ctx, details: { method, rememberDevice } }, now);
      return rememberDevice && ctx.deviceId ? deps.policy.remember(tx, user.id, ctx.deviceId) : null;
    });
    return { token, csrfToken: deps.csrfTokenFor(principal.session.id), expiresAt, passwordChangeReason, remember };
  }

  return {
    /** What the MFA step offers this user: their second factors, or registration when they have none. */
    async state(principal: Principal): Promise<{ methods: SecondFactorMethod[]; registrationRequired: boolean; rememberDeviceDays: number }> {
      const methods = await deps.factors.methodsOf(principal.user.id);
      return { methods, registrationRequired: methods.length === 0, rememberDeviceDays: (await deps.settings()).rememberDeviceDays };
    },

    /** WebAuthn options for a passkey as second factor, bound to this session (single use, short-lived). */
    async passkeyOptions(principal: Principal): Promise<PublicKeyCredentialRequestOptionsJSON> {
      const passkeys = deps.passkeys();
      if (!passkeys) throw new AppError('auth.mfa_invalid');
      return passkeys.assertionOptions({ userId: principal.user.id, binding: principal.session.id, now: clock.now() });
    },

    /**
     * Proves the second factor. Wrong and locked answer alike (auth.mfa_invalid); the lock also
     * ends the session. @throws AppError auth.mfa_invalid, request.rate_limited
     */
    async complete(principal: Principal, proof: SecondFactorProof, rememberDevice: boolean, ctx: RequestContext): Promise<MfaUpgrade> {
      const user = await currentUser(principal);
      if (proof.method === 'passkey' && proof.binding !== principal.session.id) throw new AppError('auth.mfa_invalid');
      if (await deps.factors.verify(user, proof, ctx)) return upgrade(principal, user, proof.method, ctx, rememberDevice);
      const locked = (await deps.factors.lockedUntil(user.id)) !== null;
      const familiar = ctx.deviceId ? await repos.signIns.isFamiliarDevice(user.id, sha256(ctx.deviceId)) : false;
      await transact(async (tx) => {
        await logEvent(tx, user, ctx, 'failure', locked ? 'mfa_locked' : 'mfa_failed', familiar);
        // Locked: this attempt's session ends; the password must be proven again after the lock.
        if (locked) await tx.sessions.deleteForUser(user.id, principal.session.id);
      });
      throw new AppError('auth.mfa_invalid');
    },

    /**
     * Starts registering an authenticator app at sign-in, for a user the policy requires MFA of
     * who has no second factor yet. The secret is shown once (QR code and text).
     * @throws AppError auth.forbidden (already has a second factor), request.rate_limited
     */
    async startRegistration(principal: Principal) {
      const user = await currentUser(principal);
      if ((await deps.factors.methodsOf(user.id)).length) throw new AppError('auth.forbidden');
      await deps.rateLimiter.consume('mfa-registration', user.id, REGISTRATION_LIMIT);
      const now = clock.now();
      const id = newId();
      const { secret, sealed } = totp.challenge();
      const expiresAt = addSeconds(now, REGISTRATION_SECONDS);
      await transact(async (tx) => {
        await tx.securityInfo.dropVerifications(user.id, 'authenticatorApp');
        await tx.securityInfo.createVerification({ id, userId: user.id, kind: 'authenticatorApp', value: sealed, codeHash: null, createdAt: now, expiresAt });
      });
      const otpauthUri = totpUri(secret, await deps.organizationName(), user.userPrincipalName);
      const qrCodeSvg = await QRCode.toString(otpauthUri, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 });
      return { verificationId: id, secret, otpauthUri, qrCodeSvg, expiresAt: expiresAt.toISOString() };
    },

    /**
     * Completes the registration with the app's code: stores the method as Security info does
     * (audit, notice), marks the code's step used (R23), and finishes MFA in the same transaction.
     * @throws AppError security_info.verification_expired, security_info.code_invalid, auth.forbidden
     */
    async confirmRegistration(principal: Principal, verificationId: string, code: string, rememberDevice: boolean, ctx: RequestContext): Promise<MfaUpgrade> {
      const user = await currentUser(principal);
      if ((await deps.factors.methodsOf(user.id)).length) throw new AppError('auth.forbidden');
      const now = clock.now();
      const pending = await repos.securityInfo.findVerification(verificationId);
      if (!pending || pending.userId !== user.id || pending.kind !== 'authenticatorApp' || pending.usedAt || pending.expiresAt <= now)
        throw new AppError('security_info.verification_expired');
      const attempt = await repos.securityInfo.claimAttempt(pending.id, MAX_REGISTRATION_ATTEMPTS);
      if (attempt === null) throw new AppError('security_info.verification_expired');
      const step = await totp.check(pending.value, { code, now });
      if (step === null) throw new AppError(attempt >= MAX_REGISTRATION_ATTEMPTS ? 'security_info.verification_expired' : 'security_info.code_invalid');
      const defaultLocale = await deps.defaultLocale();
      const result = await upgrade(principal, user, 'authenticatorApp', ctx, rememberDevice, async (tx) => {
        if (!(await tx.securityInfo.consumeVerification(pending.id, now))) throw new AppError('security_info.verification_expired');
        // Registration at sign-in is for users with no second factor only: never a way around one.
        if ((await tx.securityInfo.methods(user.id)).some((m) => m.kind === 'authenticatorApp')) throw new AppError('auth.forbidden');
        const methodId = newId();
        await tx.securityInfo.putMethod({ id: methodId, userId: user.id, kind: 'authenticatorApp', value: pending.value }, now);
        await tx.securityInfo.advanceTotpStep(methodId, step);
        await recordChange(tx, clock, user, 'added', 'authenticatorApp', ctx, [], defaultLocale);
      });
      deps.mailQueued();
      return result;
    },
  };
}

export type SignInMfa = ReturnType<typeof createSignInMfa>;
