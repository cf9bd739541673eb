import type { Config } from '../../config/schema.js';
import type { Principal, RequestContext } from '../../core/identity.js';
import { addSeconds, type Clock } from '../../core/clock.js';
import { hmac, newId, randomToken, safeEqual, sha256 } from '../../core/crypto.js';
import { AppError } from '../../core/errors.js';
import type { Repos, Transact } from '../../db/repos.js';
import type { PasswordHasher } from '../passwords/hasher.js';
import { normalizePassword } from '../passwords/input.js';
import { permissionsOf, type RoleId } from '../../../shared/roles.js';
import type { User } from '../../core/identity.js';
import { isValidEmail, isValidUpn } from '../users/validation.js';
import type { SecretVerifier } from '../lockout/verify.js';
import type { SignInReason } from '../../../shared/reports.js';
import type { Session, SessionScope } from '../../core/identity.js';
import type { MfaAssessment, MfaPolicy } from '../mfa/policy.js';
import type { Locale } from '../../i18n/index.js';
import { unfamiliarAfterFailures } from './suspicious.js';

export type PasswordChangeReason = 'must_change' | 'expired' | null;

export interface SignInResult {
  user: User;
  roles: RoleId[];
  token: string;
  csrfToken: string;
  session: Session;
  passwordChangeReason: PasswordChangeReason;
  /** The browser's device id for the familiar-device cookie (new when it had none). */
  deviceId: string;
  /** Set when the session is at the MFA step (scope 'mfa'): what the user must do next (issue 17). */
  mfa: MfaAssessment | null;
}

/** A session at the MFA step lasts this long; finishing MFA gives it the full lifetime (issue 17). */
export const MFA_STEP_SECONDS = 600;

export interface AuthServiceDeps {
  repos: Repos;
  transact: Transact;
  hasher: PasswordHasher;
  verifier: SecretVerifier;
  clock: Clock;
  config: Pick<Config, 'sessionIdleSeconds' | 'sessionAbsoluteSeconds'>;
  secret: string;
  /** Whether a user's password has expired; supplied by the expiry policy. */
  isPasswordExpired?: (user: User, now: Date) => Promise<boolean>;
  /** Sign-in MFA (issue 17): who is asked for a second factor. Absent: nobody is. */
  mfaPolicy?: Pick<MfaPolicy, 'assess'>;
  /** N6 notices in the organisation's language when the user has none. */
  defaultLocale?: () => Promise<Locale>;
  mailQueued?: () => void;
}

/** Refresh last_seen_at at most this often, so an active session costs one write a minute, not one per request. */
const TOUCH_INTERVAL_MS = 60_000;

export function createAuthService(deps: AuthServiceDeps) {
  const { repos, transact, hasher, verifier, clock, config, secret } = deps;

  const csrfTokenFor = (sessionId: string) => hmac(secret, `csrf:${sessionId}`);

  return {
    /**
     * Verifies a user principal name or email and password and opens a session. Unknown,
     * disabled and password-less accounts do the same hash work as a wrong password and get the
     * same answer (ASVS 6.3.8; checklist R1, R2).
     * @param previousToken the session token the browser sent along, ended when the new session opens
     * @throws AppError auth.invalid_credentials, server.busy
     */
    async signIn(
      input: { username: string; password: string },
      ctx: RequestContext,
      previousToken?: string,
      /** The browser's "don't ask again" MFA cookie, if any. */
      rememberToken?: string,
      /** Aborts when the client goes away: a verification still queued is dropped (issue 16, overload). */
      signal?: AbortSignal,
    ): Promise<SignInResult> {
      // A full hash queue turns the sign-in away before any database work: 503 at once, the same for every name.
      hasher.admit?.();
      const now = clock.now();
      const username = input.username.trim();
      const password = normalizePassword(input.password);
      // One compiled statement: the user, roles, temporary-password expiry and MFA facts (issue 16, lever 1).
      const account = await repos.users.findForSignIn(username);
      const user = account?.user;
      let familiar = false;
      const log = (result: 'success' | 'failure', reason: SignInReason) =>
        repos.signIns.record({
          occurredAt: now,
          userId: user?.id ?? null,
          identifier: user?.userPrincipalName ?? triedIdentifier(username),
          result,
          reason,
          familiar,
          ipAddress: ctx.ipAddress,
          userAgent: ctx.userAgent,
          correlationId: ctx.correlationId,
        });
      const fail = async (reason: SignInReason): Promise<never> => {
        await log('failure', reason);
        throw new AppError('auth.invalid_credentials');
      };
      // Over-long input is refused before any hashing (checklist I5); that reveals nothing about the account.
      if (password === null) {
        familiar = await verifier.isFamiliar(user ?? null, ctx.deviceId);
        return fail('password_too_long');
      }
      // The one gate: rate limits, the smart-lockout claim, the hash (or a directory user's bind) and its settlement (L7, C3).
      const verdict = await verifier
        .verify({ user: user ?? null, name: username, password, ctx, ...(signal ? { signal } : {}) })
        .catch(async (err: unknown) => {
          // The directory did not answer: no verdict, nothing counted; 503, not "wrong password" (issue 14).
          if (err instanceof AppError && (err.code === 'directory.unavailable' || err.code === 'directory.misconfigured'))
            await log('failure', 'directory_unavailable');
          throw err;
        });
      familiar = verdict.familiar;
      if (verdict.outcome === 'rate_limited') {
        await log('failure', 'rate_limited');
        throw verdict.error;
      }
      if (!user || verdict.outcome === 'unknown') return fail('unknown_user');
      if (verdict.outcome === 'locked') return fail('locked');
      if (verdict.outcome === 'wrong') return fail('wrong_password');
      if (verdict.outcome === 'disabled' || !user.accountEnabled) return fail('disabled');
      // A generated temporary password unused past its lifetime fails like a wrong one; the sign-in log says why (checklist A4, R1).
      const temporaryUntil = account.temporaryUntil;
      if (temporaryUntil && temporaryUntil <= now) return fail('temporary_password_expired');

      // A directory user's must-change and expiry are the directory's (its verdict on the bind; issue 14).
      const fromDirectory = verdict.outcome === 'ok' ? (verdict.directoryChange ?? null) : null;
      const expired = !user.forceChangePassword && !user.onPremises && (await deps.isPasswordExpired?.(user, now)) === true;
      const passwordChangeReason: PasswordChangeReason = user.forceChangePassword ? 'must_change' : (fromDirectory ?? (expired ? 'expired' : null));
      const roles = account.roles;
      // MFA first, before anything else the session could do, even a forced change (Graph; checklist A2).
      const assessment = (await deps.mfaPolicy?.assess(user, roles, { token: rememberToken, deviceId: ctx.deviceId }, account.mfa)) ?? null;
      const mfa = assessment?.required ? assessment : null;
      const scope: SessionScope = mfa ? 'mfa' : passwordChangeReason ? 'change_password' : 'full';
      const token = randomToken();
      const deviceId = ctx.deviceId ?? randomToken();
      const session: Session = {
        id: newId(),
        userId: user.id,
        scope,
        createdAt: now,
        lastSeenAt: now,
        expiresAt: addSeconds(now, mfa ? Math.min(MFA_STEP_SECONDS, config.sessionAbsoluteSeconds) : config.sessionAbsoluteSeconds),
        ipAddress: ctx.ipAddress,
        userAgent: ctx.userAgent?.slice(0, 512) ?? null,
        authenticatedAt: now,
        mfaAt: null,
      };
      const rehash = verdict.outcome === 'ok' && verdict.needsRehash ? await hasher.hash(password) : null;
      const defaultLocale = familiar ? null : await deps.defaultLocale?.();
      let noticeQueued = false;
      await transact(async (tx) => {
        if (rehash) await tx.users.setPasswordHash(user.id, rehash, now, { changed: false });
        // The directory wants a new password: mirror it on the user, so /me, Active users and the next
        // sign-in agree with the directory until the change (the one write path clears it).
        if (fromDirectory === 'must_change' && !user.forceChangePassword) await tx.users.setFlags(user.id, { forceChangePassword: true }, now);
        // The session this browser held before ends: a sign-in never leaves the old token valid (SE1, ASVS 7.2.4).
        const previous =
          previousToken && previousToken.length >= 16 && previousToken.length <= 128 ? await tx.sessions.findByTokenHash(sha256(previousToken)) : undefined;
        if (previous) await tx.sessions.deleteForUser(previous.userId, previous.id);
        await tx.sessions.insert({ ...session, tokenHash: sha256(token) });
        // A browser becomes familiar only once sign-in is complete (after MFA when it is asked for).
        if (!mfa) await tx.signIns.rememberDevice(user.id, sha256(deviceId), now);
        // N6: the right password from a browser never seen before, after failed sign-ins.
        if (defaultLocale) noticeQueued = await unfamiliarAfterFailures(tx, user, ctx, now, defaultLocale);
        await tx.signIns.record({
          occurredAt: now,
          userId: user.id,
          identifier: user.userPrincipalName,
          // Interrupted for MFA (Entra logs it as error 50074); the completed sign-in is logged when MFA is done.
          result: mfa ? 'failure' : 'success',
          reason: mfa ? 'mfa_required' : (passwordChangeReason ?? 'success'),
          familiar,
          ipAddress: ctx.ipAddress,
          userAgent: ctx.userAgent,
          correlationId: ctx.correlationId,
        });
      });
      if (noticeQueued) deps.mailQueued?.();
      return { user, roles, token, csrfToken: csrfTokenFor(session.id), session, passwordChangeReason, deviceId, mfa };
    },

    /**
     * Resolves a session token to its user, enforcing the idle and absolute timeouts and the
     * user's sessions-valid-from time (checklist SE4, SE6). Returns null for anything invalid.
     */
    async authenticate(token: string): Promise<Principal | null> {
      if (token.length < 16 || token.length > 128) return null;
      const now = clock.now();
      // Session, user and roles in one compiled statement (issue 16, lever 1: none of it built per request).
      const found = await repos.sessions.findWithUser(sha256(token));
      if (!found) return null;
      const { session, user, roles } = found;
      const idleDeadline = session.lastSeenAt.getTime() + config.sessionIdleSeconds * 1000;
      if (now >= session.expiresAt || now.getTime() >= idleDeadline) {
        await repos.sessions.deleteForUser(session.userId, session.id);
        return null;
      }
      if (!user || !user.accountEnabled || session.createdAt < user.sessionsValidFrom) return null;
      if (now.getTime() - session.lastSeenAt.getTime() >= TOUCH_INTERVAL_MS) {
        await repos.sessions.touch(session.id, now);
        session.lastSeenAt = now;
      }
      return { user, session, roles, permissions: permissionsOf(roles) };
    },

    /** Whether `token` is the CSRF token of this session (constant-time; ASVS 3.5.1). */
    verifyCsrf(sessionId: string, token: string | undefined): boolean {
      return typeof token === 'string' && safeEqual(token, csrfTokenFor(sessionId));
    },

    csrfTokenFor,

    async signOut(principal: Principal, ctx: RequestContext): Promise<void> {
      const now = clock.now();
      await transact(async (tx) => {
        await tx.sessions.deleteForUser(principal.user.id, principal.session.id);
        await tx.audit.append(
          {
            action: 'user.sign_out',
            outcome: 'success',
            actorId: principal.user.id,
            actorName: principal.user.userPrincipalName,
            targetId: principal.user.id,
            targetName: principal.user.userPrincipalName,
            ...ctx,
          },
          now,
        );
      });
    },

    listSessions(userId: string): Promise<Session[]> {
      return repos.sessions.listForUser(userId);
    },

    /**
     * Ends one of the principal's own sessions; another user's session id is "not found".
     * @throws AppError sessions.not_found
     */
    async endSession(principal: Principal, sessionId: string, ctx: RequestContext): Promise<void> {
      const now = clock.now();
      await transact(async (tx) => {
        const deleted = await tx.sessions.deleteForUser(principal.user.id, sessionId);
        if (!deleted) throw new AppError('sessions.not_found');
        await tx.audit.append(
          {
            action: 'user.session_revoked',
            outcome: 'success',
            actorId: principal.user.id,
            actorName: principal.user.userPrincipalName,
            targetId: principal.user.id,
            targetName: principal.user.userPrincipalName,
            ...ctx,
            details: { sessionId },
          },
          now,
        );
      });
    },
  };
}

export type AuthService = ReturnType<typeof createAuthService>;

/**
 * The identifier an unknown-user attempt tried, kept for the sign-in log only when it looks like
 * one: people type passwords into the username field, and no password may be stored (checklist S4, AU3).
 */
function triedIdentifier(username: string): string | null {
  return isValidUpn(username) || isValidEmail(username) ? username.slice(0, 256) : null;
}
