import type { PublicKeyCredentialRequestOptionsJSON, AuthenticationResponseJSON } from '@simplewebauthn/server';
import type { Config } from '../../config/schema.js';
import { addSeconds, type Clock } from '../../core/clock.js';
import { newId, randomToken, sha256 } from '../../core/crypto.js';
import { AppError } from '../../core/errors.js';
import type { RequestContext, Session, SessionScope, User } from '../../core/identity.js';
import type { Repos, Transact } from '../../db/repos.js';
import type { MfaSettings } from '../mfa/settings.js';
import type { PasskeyAssertions } from '../passkeys/port.js';
import type { RateLimit, RateLimiter } from '../rate-limit/service.js';
import type { RoleId } from '../../../shared/roles.js';
import type { PasswordChangeReason } from './service.js';

/** Passwordless ceremonies per address: options and assertions share one bucket (checklist L; ASVS 2.4.1). */
export const PASSWORDLESS_RATE_LIMIT: RateLimit = { limit: 20, windowSeconds: 60 };

export interface PasswordlessDeps {
  repos: Repos;
  transact: Transact;
  clock: Clock;
  config: Pick<Config, 'sessionAbsoluteSeconds'>;
  passkeys: () => PasskeyAssertions | undefined;
  settings: () => Promise<MfaSettings>;
  rateLimiter: RateLimiter;
  csrfTokenFor: (sessionId: string) => string;
  isPasswordExpired?: (user: User, now: Date) => Promise<boolean>;
}

export interface PasswordlessResult {
  user: User;
  roles: RoleId[];
  token: string;
  csrfToken: string;
  session: Session;
  passwordChangeReason: PasswordChangeReason;
  deviceId: string;
}

/**
 * Passwordless sign-in with a passkey (issue 17), where the organisation allows it: a
 * discoverable-credential ceremony bound to a fresh random id. A passkey is phishing-resistant
 * multi-factor (possession plus the authenticator's user verification), so the session gets
 * authenticated_at AND mfa_at. A disabled account, an unknown credential and a bad assertion all
 * answer 401 auth.invalid_credentials (R1).
 */
export function createPasswordless(deps: PasswordlessDeps) {
  const { repos, transact, clock } = deps;

  async function guard(ctx: RequestContext): Promise<PasskeyAssertions> {
    const passkeys = deps.passkeys();
    if (!passkeys || !(await deps.settings()).passwordless) throw new AppError('auth.passwordless_disabled');
    await deps.rateLimiter.consume('passwordless-ip', ctx.ipAddress ?? 'unknown', PASSWORDLESS_RATE_LIMIT);
    return passkeys;
  }

  return {
    /** Whether the sign-in page offers "Sign in with a passkey". */
    offered: async () => !!deps.passkeys() && (await deps.settings()).passwordless,

    /** Options for `navigator.credentials.get()` and the ceremony id to send back with the assertion. */
    async options(ctx: RequestContext): Promise<{ ceremonyId: string; options: PublicKeyCredentialRequestOptionsJSON }> {
      const passkeys = await guard(ctx);
      const ceremonyId = randomToken();
      return { ceremonyId, options: await passkeys.assertionOptions({ userId: null, binding: `passwordless:${ceremonyId}`, now: clock.now() }) };
    },

    /** @throws AppError auth.invalid_credentials, auth.passwordless_disabled, request.rate_limited */
    async signIn(
      input: { ceremonyId: string; response: AuthenticationResponseJSON },
      ctx: RequestContext,
      previousToken?: string,
    ): Promise<PasswordlessResult> {
      const passkeys = await guard(ctx);
      const now = clock.now();
      const verified = await passkeys.verifyAssertion({ userId: null, binding: `passwordless:${input.ceremonyId}`, response: input.response, now });
      const user = verified ? await repos.users.findById(verified.userId) : undefined;
      const familiar = user && ctx.deviceId ? await repos.signIns.isFamiliarDevice(user.id, sha256(ctx.deviceId)) : false;
      if (!user || !user.accountEnabled) {
        await repos.signIns.record({
          occurredAt: now,
          userId: user?.id ?? null,
          identifier: user?.userPrincipalName ?? null,
          result: 'failure',
          reason: user ? 'disabled' : 'unknown_user',
          familiar,
          ipAddress: ctx.ipAddress,
          userAgent: ctx.userAgent,
          correlationId: ctx.correlationId,
        });
        throw new AppError('auth.invalid_credentials');
      }
      const expired = !user.forceChangePassword && (await deps.isPasswordExpired?.(user, now)) === true;
      const passwordChangeReason: PasswordChangeReason = user.forceChangePassword ? 'must_change' : expired ? 'expired' : null;
      const scope: SessionScope = passwordChangeReason ? 'change_password' : 'full';
      const token = randomToken();
      const deviceId = ctx.deviceId ?? randomToken();
      const session: Session = {
        id: newId(),
        userId: user.id,
        scope,
        createdAt: now,
        lastSeenAt: now,
        expiresAt: addSeconds(now, deps.config.sessionAbsoluteSeconds),
        ipAddress: ctx.ipAddress,
        userAgent: ctx.userAgent?.slice(0, 512) ?? null,
        authenticatedAt: now,
        mfaAt: now,
      };
      await transact(async (tx) => {
        const previous =
          previousToken && previousToken.length >= 16 && previousToken.length <= 128 ? await tx.sessions.findByTokenHash(sha256(previousToken)) : undefined;
        if (previous) await tx.sessions.deleteForUser(previous.userId, previous.id);
        await tx.sessions.insert({ ...session, tokenHash: sha256(token) });
        await tx.signIns.rememberDevice(user.id, sha256(deviceId), now);
        await tx.signIns.record({
          occurredAt: now,
          userId: user.id,
          identifier: user.userPrincipalName,
          result: 'success',
          reason: passwordChangeReason ?? 'passwordless',
          familiar,
          ipAddress: ctx.ipAddress,
          userAgent: ctx.userAgent,
          correlationId: ctx.correlationId,
        });
      });
      const roles = (await repos.users.rolesOf([user.id])).get(user.id) ?? [];
      return { user, roles, token, csrfToken: deps.csrfTokenFor(session.id), session, passwordChangeReason, deviceId };
    },
  };
}

export type Passwordless = ReturnType<typeof createPasswordless>;
