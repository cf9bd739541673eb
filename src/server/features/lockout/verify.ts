import type { Config } from '../../config/schema.js';
import { sha256 } from '../../core/crypto.js';
import { AppError } from '../../core/errors.js';
import type { RequestContext, User } from '../../core/identity.js';
import type { Repos } from '../../db/repos.js';
import type { PasswordHasher } from '../passwords/hasher.js';
import type { RateLimiter } from '../rate-limit/service.js';
import { accountSubject, familiarSubject, SIGN_IN_BUCKETS } from './buckets.js';
import type { LockoutService } from './service.js';

export type VerifyOutcome =
  | { outcome: 'ok'; needsRehash: boolean; familiar: boolean }
  | { outcome: 'wrong' | 'locked' | 'unknown'; familiar: boolean }
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
}

/**
 * THE gate for every password a user types: sign-in, the current password on change, and
 * re-authentication before changing security info (checklist C3, SE5, L1-L9). One function does,
 * in order: the rate limits (per address; per account for unfamiliar browsers, per account and
 * browser for familiar ones), the smart-lockout claim, the hash, and the claim's settlement, so
 * the three paths can't drift (issue 12, findings 1-3). Every path does the same hash work whether
 * the user exists, is locked or typed the wrong password (ASVS 6.3.8; R1, R2, L4).
 */
export function createSecretVerifier(deps: SecretGateDeps) {
  const { repos, hasher, lockout } = deps;

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
    }): Promise<VerifyOutcome> {
      const { user, password, ctx } = input;
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
        await hasher.verify(null, password ?? '');
        await lockout.shadow();
        return { outcome: user ? 'wrong' : 'unknown', familiar };
      }
      const tried = lockout.triedKey(user.id, user.passwordHash, password);
      const claim = await lockout.claim(user.id, familiar, tried);
      if (claim !== 'claimed') {
        // Locked (or the threshold already claimed), or a repeat of a recent wrong password: not
        // compared and not counted, but the same hash work (L4).
        await hasher.verify(null, password);
        await lockout.shadow(); // in place of the settlement
        return { outcome: claim === 'locked' ? 'locked' : 'wrong', familiar };
      }
      let verdict;
      try {
        verdict = await hasher.verify(user.passwordHash, password);
      } catch (err) {
        // Give the claim back (should that fail too, it lapses on its own) and report the first error.
        await lockout.release(user.id, familiar).catch(() => undefined);
        throw err;
      }
      const settled = await lockout.settle(user.id, familiar, tried, verdict.ok, ctx);
      return settled === 'ok' ? { outcome: 'ok', needsRehash: verdict.needsRehash, familiar } : { outcome: settled, familiar };
    },
  };

  function accountRule() {
    return { limit: deps.limits.rateLimitSignInPerAccount, windowSeconds: WINDOW_SECONDS };
  }
}

export type SecretVerifier = ReturnType<typeof createSecretVerifier>;
