import type { Clock } from '../../core/clock.js';
import type { RequestContext, User } from '../../core/identity.js';
import type { Repos, Transact } from '../../db/repos.js';
import type { Locale } from '../../i18n/index.js';
import { parties } from '../audit/store.js';
import type { PasskeyAssertions } from '../passkeys/port.js';
import type { RateLimit, RateLimiter } from '../rate-limit/service.js';
import { createTotpVerifier } from '../verification/verifiers.js';
import { queueSuspiciousActivity } from './notices.js';
import type { SecondFactorMethod, SecondFactorProof, SecondFactors } from './port.js';

/** Wrong second factors in a row before the MFA step locks (checklist L9, L7; the MFA cheat sheet). */
export const MFA_FAILURE_THRESHOLD = 5;
/** How long the MFA step stays locked. */
export const MFA_LOCK_SECONDS = 15 * 60;
/** Second-factor tries per account: a token bucket of 10 refilling over 5 minutes (checklist L; ASVS 2.4.1). */
export const MFA_RATE_LIMIT: RateLimit = { limit: 10, windowSeconds: 300 };

export interface SecondFactorsDeps {
  repos: Repos;
  transact: Transact;
  clock: Clock;
  secret: string;
  rateLimiter: RateLimiter;
  /** The passkeys feature (issue 17); absent: passkeys are not a method. */
  passkeys?: () => PasskeyAssertions | undefined;
  defaultLocale: () => Promise<Locale>;
  mailQueued: () => void;
}

/**
 * The second factors of sign-in MFA and step-up (`SecondFactors`, features/mfa/port.ts): the
 * authenticator app registered under Security info (TOTP, one use per time step: R23) and passkeys.
 *
 * `verify`, in order: the per-account token bucket (429 with Retry-After, before anything is
 * compared), a try claimed atomically against the threshold (concurrent guesses share it), the
 * comparison, then the settlement. At the threshold the MFA step locks for {@link MFA_LOCK_SECONDS},
 * an audit event is written and a notice mailed (N6). While locked every proof is "wrong": a
 * locked account answers exactly as a wrong code does (no oracle for the guesser).
 */
export function createSecondFactors(deps: SecondFactorsDeps): SecondFactors & {
  /** Whether the MFA step is locked now (for the admin centre and tests). */
  lockedUntil(userId: string): Promise<Date | null>;
} {
  const { repos, transact, clock } = deps;
  const totp = createTotpVerifier(deps.secret);

  async function check(user: User, proof: SecondFactorProof, now: Date, claimed: boolean): Promise<boolean> {
    if (proof.method === 'authenticatorApp') {
      const method = (await repos.securityInfo.methods(user.id)).find((m) => m.kind === 'authenticatorApp');
      // Without an app a random secret is checked: the same work, never a match.
      const step = await totp.check(method?.value, { code: proof.code, now });
      // The step is used once (R23): a replayed code, or one of an older step, is refused.
      return claimed && step !== null && !!method && (await repos.securityInfo.advanceTotpStep(method.id, step));
    }
    const passkeys = deps.passkeys?.();
    if (!passkeys) return false;
    // Consumes the challenge whether or not it verifies (R5, R6), locked or not.
    const result = await passkeys.verifyAssertion({ userId: user.id, binding: proof.binding, response: proof.response, now });
    return claimed && result !== null && result.userId === user.id;
  }

  return {
    async methodsOf(userId) {
      const methods: SecondFactorMethod[] = [];
      if ((await repos.securityInfo.methods(userId)).some((m) => m.kind === 'authenticatorApp')) methods.push('authenticatorApp');
      const passkeys = deps.passkeys?.();
      if (passkeys && (await passkeys.count(userId)) > 0) methods.push('passkey');
      return methods;
    },

    async verify(user, proof, ctx: RequestContext) {
      await deps.rateLimiter.consume('mfa-account', user.id, MFA_RATE_LIMIT);
      const now = clock.now();
      const attempt = await repos.mfa.claimAttempt(user.id, MFA_FAILURE_THRESHOLD, now);
      const ok = await check(user, proof, now, attempt !== null);
      if (ok) {
        await repos.mfa.settleSuccess(user.id);
        return true;
      }
      if (attempt !== null && attempt >= MFA_FAILURE_THRESHOLD) {
        const defaultLocale = await deps.defaultLocale();
        await transact(async (tx) => {
          await tx.mfa.lock(user.id, new Date(now.getTime() + MFA_LOCK_SECONDS * 1000));
          await tx.audit.append(
            { action: 'user.mfa_locked', outcome: 'failure', ...parties(user, user), ...ctx, details: { failures: attempt, method: proof.method } },
            now,
          );
          await queueSuspiciousActivity(tx, user, 'mfa-failures', ctx, { at: now, defaultLocale, failures: attempt });
        });
        deps.mailQueued();
      }
      return false;
    },

    lockedUntil: (userId) => repos.mfa.lockedUntil(userId, clock.now()),
  };
}
