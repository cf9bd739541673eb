import type { Principal } from '../../core/identity.js';

/**
 * Fresh proof for sensitive actions (issue 17, step-up; NIST 800-63B-4 §5.2 re-authentication): the
 * session's password proof, and its second-factor proof when the account has MFA, must be younger
 * than the step-up window. Services call `demand` before they act; the step-up feature implements it.
 */
export interface StepUpGate {
  /** @throws AppError auth.step_up_required when the proof is missing or too old. */
  demand(principal: Principal): Promise<void>;
}
