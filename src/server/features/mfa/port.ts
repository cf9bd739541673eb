import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import type { RequestContext, User } from '../../core/identity.js';

/** The methods that count as a second factor at sign-in and for step-up (issue 17). */
export type SecondFactorMethod = 'authenticatorApp' | 'passkey';

export type SecondFactorProof =
  | { method: 'authenticatorApp'; code: string }
  /** `binding`: what the assertion's challenge was issued for (the session id). */
  | { method: 'passkey'; response: AuthenticationResponseJSON; binding: string };

/**
 * Second-factor checks shared by sign-in MFA and step-up; the mfa feature implements it.
 * `verify` applies TOTP replay protection (a step is used once), the MFA throttles and lockout, and
 * records the outcome; it never says more than right or wrong.
 */
export interface SecondFactors {
  /** The user's registered second factors (empty: none). */
  methodsOf(userId: string): Promise<SecondFactorMethod[]>;
  /** @returns whether the proof is right. @throws AppError on throttling or lockout (429). */
  verify(user: User, proof: SecondFactorProof, ctx: RequestContext): Promise<boolean>;
}
