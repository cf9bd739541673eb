import { performance } from 'node:perf_hooks';
import type { Config } from '../../config/schema.js';
import type { Clock } from '../../core/clock.js';
import { sha256 } from '../../core/crypto.js';
import { AppError } from '../../core/errors.js';
import type { RequestContext, User } from '../../core/identity.js';
import type { Repos } from '../../db/repos.js';
import type { PasswordHasher } from '../passwords/hasher.js';
import type { RateLimiter } from '../rate-limit/service.js';
import { accountSubject, familiarSubject, SIGN_IN_BUCKETS } from './buckets.js';
import type { LockoutService } from './service.js';
import type { BindVerdict, DirectoryConnector } from '../../core/directory.js';
import { createHashLatency } from './hash-latency.js';

export type VerifyOutcome =
  /** `directoryChange`: the directory accepted the password but wants a new one (issue 14): the forced-change step. */
  | { outcome: 'ok'; needsRehash: boolean; familiar: boolean; directoryChange?: 'must_change' | 'expired' }
  /** `inDirectory`: the directory itself refused (its lock, a disabled account); the password was not judged. */
  | { outcome: 'wrong' | 'locked' | 'unknown'; familiar: boolean; inDirectory?: boolean }
  /** A directory user whose account the directory disables (issue 14); the password was not judged. */
  | { outcome: 'disabled'; familiar: boolean; inDirectory: true }
  /** Refused before any hashing; `error` is the 429 to answer with. */
  | { outcome: 'rate_limited'; familiar: boolean; error: AppError };

/** Stands in for a user id when there is no user, so both paths run the same queries. */
const NO_USER = '00000000-0000-0000-0000-000000000000';
const WINDOW_SECONDS = 60;

export interface SecretGateDeps {
  repos: Repos;
  hasher: PasswordHasher;
  lockout: LockoutService;
  rateLimiter: RateLimiter;
  secret: string;
  limits: Pick<Config, 'rateLimitSignInPerIp' | 'rateLimitSignInPerAccount'>;
  /** The directory (issue 14): the password authority of users with `onPremises`. Null or absent: none configured. */
  directory?: DirectoryConnector | null;
  /** When the directory's lock was seen (directory_locked_at); the wall clock when absent. */
  clock?: Clock;
}

/**
 * THE gate for every password a user types: sign-in, the current password on change, and
 * re-authentication before changing security info (checklist C3, SE5, L1-L9). One function does,
 * in order: the rate limits (per address; per account for unfamiliar browsers, per account and
 * browser for familiar ones), the smart-lockout claim, the hash, and the claim's settlement, so
 * the three paths can't drift (issue 12, findings 1-3). Every path does the same hash work whether
 * the user exists, is locked or typed the wrong password (ASVS 6.3.8; R1, R2, L4).
 *
 * A directory user (issue 14) is compared by a bind as the user instead of a hash: the directory
 * is the authority and Latchkey keeps no copy. Everything in front stays, so a spray is stopped
 * by the rate limits and the lockout claim before it reaches the directory; the bind's answer is
 * padded to the hash's recent time (hash-latency.ts).
 * @throws AppError directory.unavailable (the claim is given back, nothing counted), directory.misconfigured
 */
export function createSecretVerifier(deps: SecretGateDeps) {
  const { repos, hasher, lockout } = deps;
  const latency = createHashLatency();
  const hash = (stored: string | null, password: string, signal?: AbortSignal) => latency.timed(() => hasher.verify(stored, password, signal));

  /** Whether this browser signed in successfully as this user before (its device cookie). */
  async function isFamiliar(user: User | null, deviceId: string | null | undefined): Promise<boolean> {
    if (!deviceId) return false;
    return repos.signIns.isFamiliarDevice(user?.id ?? NO_USER, sha256(deviceId));
  }

  return {
    isFamiliar,

    /**
     * @param input.password the NFC-normalised password, or null when it was refused as over-long
     *   (then the dummy hash is verified, so the work stays the same, and nothing is counted).
     * @param input.name what was typed as the user name (the account bucket of an unknown name).
     */
    async verify(input: {
      user: User | null;
      name?: string;
      password: string | null;
      ctx: Pick<RequestContext, 'ipAddress' | 'deviceId'> & Partial<Pick<RequestContext, 'userAgent' | 'correlationId'>>;
      /** The request's; a verification still queued when its client goes is dropped (the claim is given back). */
      signal?: AbortSignal;
    }): Promise<VerifyOutcome> {
      const { user, password, ctx, signal } = input;
      const familiar = await isFamiliar(user, ctx.deviceId);
      try {
        // Before any hashing (ASVS 2.4.1). A familiar browser has its own bucket: strangers from
        // any number of addresses can't drain it (Entra's familiar/unfamiliar split).
        await deps.rateLimiter.consumeAll([
          { bucket: SIGN_IN_BUCKETS.ip, subject: ctx.ipAddress ?? 'unknown', rule: { limit: deps.limits.rateLimitSignInPerIp, windowSeconds: WINDOW_SECONDS } },
          familiar && user && ctx.deviceId
            ? { bucket: SIGN_IN_BUCKETS.familiar, subject: familiarSubject(user.id, ctx.deviceId), rule: accountRule() }
            : { bucket: SIGN_IN_BUCKETS.account, subject: accountSubject(deps.secret, user?.id ?? null, input.name ?? ''), rule: accountRule() },
        ]);
      } catch (err) {
        if (err instanceof AppError && err.code === 'request.rate_limited') return { outcome: 'rate_limited', familiar, error: err };
        throw err;
      }
      if (!user || password === null) {
        // The same reads as a claim and a settlement, and the same hash work as a comparison.
        await lockout.shadow();
        await hash(null, password ?? '', signal);
        await lockout.shadow();
        return { outcome: user ? 'wrong' : 'unknown', familiar };
      }
      if (user.onPremises) return verifyByBind(user, user.onPremises.distinguishedName, password, familiar, ctx);
      const tried = lockout.triedKey(user.id, user.passwordHash, password);
      const claim = await lockout.claim(user.id, familiar, tried);
      if (claim !== 'claimed') {
        // Locked (or the threshold already claimed), or a repeat of a recent wrong password: not
        // compared and not counted, but the same hash work (L4).
        await hash(null, password, signal);
        await lockout.shadow(); // in place of the settlement
        return { outcome: claim === 'locked' ? 'locked' : 'wrong', familiar };
      }
      let verdict;
      try {
        verdict = await hash(user.passwordHash, password, signal);
      } catch (err) {
        // Give the claim back (should that fail too, it lapses on its own) and report the first error.
        await lockout.release(user.id, familiar).catch(() => undefined);
        throw err;
      }
      const settled = await lockout.settle(user.id, familiar, tried, verdict.ok, ctx);
      return settled === 'ok' ? { outcome: 'ok', needsRehash: verdict.needsRehash, familiar } : { outcome: settled, familiar };
    },
  };

  /**
   * The directory user's comparison: claim, bind as the user, settle, in the gate's order (L7).
   * The tried key binds the DN in place of the hash (there is none); a password reset through
   * Latchkey clears the remembered wrong ones with the rest of the lockout state.
   */
  async function verifyByBind(user: User, dn: string, password: string, familiar: boolean, ctx: Parameters<typeof lockout.settle>[4]): Promise<VerifyOutcome> {
    const directory = deps.directory;
    // A directory user while no directory is configured: refused as an outage of configuration, never compared with anything else.
    if (!directory) throw new AppError('directory.misconfigured');
    // Before the first hash was timed there is no floor to pad to: time one dummy verification, once.
    if (latency.floorMs === null) await hash(null, password);
    const tried = lockout.triedKey(user.id, `directory:${dn}`, password);
    const claim = await lockout.claim(user.id, familiar, tried);
    // Only the comparison is padded, in its place between claim and settlement: the statements around it are the hash path's.
    const started = performance.now();
    if (claim !== 'claimed') {
      // Locked by Latchkey (or a recent wrong password again): the directory is not asked (L4, L7).
      await latency.padFrom(started);
      await lockout.shadow();
      return { outcome: claim === 'locked' ? 'locked' : 'wrong', familiar };
    }
    let verdict: BindVerdict;
    try {
      verdict = await directory.verifyBind(dn, password);
      await latency.padFrom(started);
    } catch (err) {
      // An outage is no verdict: the claim goes back and nothing is counted (the caller answers 503).
      await lockout.release(user.id, familiar).catch(() => undefined);
      throw err;
    }
    let outcome: VerifyOutcome;
    if (verdict === 'locked' || verdict === 'disabled') {
      // The directory refused without judging the password: not counted as a wrong one.
      await lockout.release(user.id, familiar);
      if (verdict === 'locked' && !user.onPremises?.lockedAt) await repos.directoryLocks.setDirectoryLock(user.id, deps.clock?.now() ?? new Date());
      outcome = verdict === 'locked' ? { outcome: 'locked', familiar, inDirectory: true } : { outcome: 'disabled', familiar, inDirectory: true };
    } else {
      const right = verdict !== 'wrong';
      const settled = await lockout.settle(user.id, familiar, tried, right, ctx);
      if (settled === 'ok' && user.onPremises?.lockedAt) await repos.directoryLocks.setDirectoryLock(user.id, null);
      outcome =
        settled === 'ok'
          ? { outcome: 'ok', needsRehash: false, familiar, ...(verdict === 'must_change' || verdict === 'expired' ? { directoryChange: verdict } : {}) }
          : { outcome: settled, familiar };
    }
    return outcome;
  }

  function accountRule() {
    return { limit: deps.limits.rateLimitSignInPerAccount, windowSeconds: WINDOW_SECONDS };
  }
}

export type SecretVerifier = ReturnType<typeof createSecretVerifier>;
