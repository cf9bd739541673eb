import type { Clock } from '../../core/clock.js';
import { AppError } from '../../core/errors.js';
import type { Principal } from '../../core/identity.js';
import type { SecondFactorMethod } from '../mfa/port.js';
import type { StepUpGate } from './port.js';

/** A proof the step-up asks for: the password, and one of the account's second factors when it has any. */
export type StepUpProof = 'password' | SecondFactorMethod;

/** The header of a `403 auth.step_up_required` that names the proofs to give, e.g. `password, authenticatorApp, passkey`. */
export const STEP_UP_HEADER = 'latchkey-step-up';

export interface StepUpGateDeps {
  clock: Clock;
  /** The step-up window (config stepUpMaxAgeSeconds). */
  maxAgeSeconds: number;
  /** The account's second factors (the mfa feature's SecondFactors.methodsOf). */
  methodsOf: (userId: string) => Promise<SecondFactorMethod[]>;
}

/**
 * The step-up gate (issue 17; NIST 800-63B-4 §5.2 re-authentication; ASVS 7.5.1 / 7.5.3): a
 * sensitive action goes ahead only when the session's password proof, and its second-factor
 * proof when the account has MFA, are younger than the window. Sign-in stamps both, so right
 * after a sign-in (with MFA) nothing is asked again. The console's principal carries fresh
 * stamps (src/cli/lib/runtime.ts): the operator at the host is not asked.
 */
export function createStepUpGate(deps: StepUpGateDeps): StepUpGate & { proofsFor: (userId: string) => Promise<StepUpProof[]> } {
  const windowMs = deps.maxAgeSeconds * 1000;
  const fresh = (at: Date | null, now: Date) => at !== null && now.getTime() - at.getTime() < windowMs;

  /** What a step-up asks this user for: always the password, plus their second factors (any one of them). */
  async function proofsFor(userId: string): Promise<StepUpProof[]> {
    return ['password', ...(await deps.methodsOf(userId))];
  }

  return {
    proofsFor,
    async demand(principal: Principal): Promise<void> {
      // An app acting as itself (client credentials, issue 15) has no person to ask again: each token is a
      // fresh proof of the client's secret or key, and its authority is re-read on every request.
      if (principal.via?.kind === 'application') return;
      const now = deps.clock.now();
      const { session } = principal;
      const methods = await deps.methodsOf(principal.user.id);
      const passwordFresh = fresh(session.authenticatedAt, now);
      const mfaFresh = methods.length === 0 || fresh(session.mfaAt, now);
      if (passwordFresh && mfaFresh) return;
      throw new AppError('auth.step_up_required', { headers: { [STEP_UP_HEADER]: ['password', ...methods].join(', ') } });
    },
  };
}
