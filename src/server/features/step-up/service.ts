import type { AuthenticationResponseJSON, PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import type { Clock } from '../../core/clock.js';
import { randomToken, sha256 } from '../../core/crypto.js';
import { AppError } from '../../core/errors.js';
import type { Principal, RequestContext, User } from '../../core/identity.js';
import type { Repos } from '../../db/repos.js';
import { parties } from '../audit/store.js';
import type { SecretVerifier } from '../lockout/verify.js';
import type { SecondFactorProof, SecondFactors } from '../mfa/port.js';
import type { PasskeyAssertions } from '../passkeys/port.js';
import { normalizePassword } from '../passwords/input.js';
import type { StepUpProof } from './gate.js';

/** The body of `POST /auth/step-up`: the password, plus one second factor when the account has MFA. */
export type StepUpInput =
  | { password: string; method?: 'authenticatorApp' | undefined; code?: string | undefined }
  | { password: string; method: 'passkey'; response: AuthenticationResponseJSON };

export interface StepUpServiceDeps {
  repos: Repos;
  clock: Clock;
  verifier: SecretVerifier;
  /** The mfa feature's second factors; null while it is not wired (then no account has MFA). */
  secondFactors: () => SecondFactors | null;
  /** The passkeys feature; null while it is not wired. */
  passkeys: () => PasskeyAssertions | null;
  /** The session's CSRF token (auth service): an HMAC of the session id, so rotation keeps it. */
  csrfTokenFor: (sessionId: string) => string;
  proofsFor: (userId: string) => Promise<StepUpProof[]>;
  maxAgeSeconds: number;
}

export interface SteppedUp {
  /** The session's new token (SE1): the caller sets the cookie. */
  token: string;
  csrfToken: string;
  expiresAt: Date;
  /** Until when sensitive actions need nothing more. */
  freshUntil: Date;
}

/** What a passkey assertion for step-up is bound to: this session, for this purpose only (R5). */
export const stepUpBinding = (sessionId: string) => `step-up:${sessionId}`;

/**
 * Re-authentication for sensitive actions (issue 17, step-up). The password goes through THE
 * password gate (rate limits, smart-lockout claim, same hash work: C3, L7); the second factor
 * through SecondFactors (TOTP replay, MFA throttles). Any wrong part answers the same
 * `auth.invalid_credentials`, so a stolen session learns nothing about which part was wrong.
 * Success stamps both proofs in the session and gives it a new token (SE1, ASVS 7.2.4).
 */
export function createStepUpService(deps: StepUpServiceDeps) {
  const { repos, clock } = deps;

  async function audit(user: User, outcome: 'success' | 'failure', ctx: RequestContext, details: Record<string, string | boolean>) {
    await repos.audit.append({ action: 'user.step_up', outcome, ...parties(user, user), ...ctx, details }, clock.now());
  }

  async function currentUser(principal: Principal): Promise<User> {
    const user = await repos.users.findById(principal.user.id);
    if (!user || !user.accountEnabled) throw new AppError('auth.unauthenticated');
    return user;
  }

  function secondFactorOf(input: StepUpInput, sessionId: string): SecondFactorProof | null {
    if (input.method === 'passkey') return { method: 'passkey', response: input.response, binding: stepUpBinding(sessionId) };
    if (input.code !== undefined) return { method: 'authenticatorApp', code: input.code };
    return null;
  }

  return {
    /** The proofs a step-up asks this user for: `password`, then any one of the second factors. */
    async proofs(principal: Principal): Promise<{ methods: StepUpProof[]; maxAgeSeconds: number }> {
      return { methods: await deps.proofsFor(principal.user.id), maxAgeSeconds: deps.maxAgeSeconds };
    },

    /**
     * Passkey options for a step-up, bound to the session (single use, short-lived).
     * @throws AppError security_info.method_not_found when the user has no passkey
     */
    async passkeyOptions(principal: Principal): Promise<PublicKeyCredentialRequestOptionsJSON> {
      const passkeys = deps.passkeys();
      if (!passkeys || (await passkeys.count(principal.user.id)) === 0) throw new AppError('security_info.method_not_found');
      return passkeys.assertionOptions({ userId: principal.user.id, binding: stepUpBinding(principal.session.id), now: clock.now() });
    },

    /**
     * Checks fresh proof and rotates the session token.
     * @throws AppError request.validation_failed (no second factor given for an MFA account), auth.invalid_credentials, request.rate_limited
     */
    async stepUp(principal: Principal, input: StepUpInput, ctx: RequestContext): Promise<SteppedUp> {
      const user = await currentUser(principal);
      const factors = deps.secondFactors();
      const methods = factors ? await factors.methodsOf(user.id) : [];
      const proof = secondFactorOf(input, principal.session.id);
      // Before any hashing: an MFA account must send a second factor too (nothing is counted).
      if (methods.length && !proof) throw new AppError('request.validation_failed', { issues: [{ path: 'code', code: 'field.required' }] });
      const verdict = await deps.verifier.verify({ user, password: normalizePassword(input.password), ctx });
      if (verdict.outcome === 'rate_limited') {
        await audit(user, 'failure', ctx, { reason: 'rate_limited' });
        throw verdict.error;
      }
      if (verdict.outcome !== 'ok') {
        await audit(user, 'failure', ctx, { reason: verdict.outcome === 'locked' ? 'locked' : 'wrong_password' });
        throw new AppError('auth.invalid_credentials');
      }
      let mfa = false;
      if (methods.length && proof && factors) {
        if (!methods.includes(proof.method) || !(await factors.verify(user, proof, ctx))) {
          await audit(user, 'failure', ctx, { reason: 'wrong_second_factor', method: proof.method });
          throw new AppError('auth.invalid_credentials');
        }
        mfa = true;
      }
      const now = clock.now();
      const token = randomToken();
      if (!(await repos.sessions.recordProof(principal.session.id, { at: now, password: true, mfa, tokenHash: sha256(token) })))
        throw new AppError('auth.unauthenticated');
      await audit(user, 'success', ctx, mfa && proof ? { method: proof.method } : { method: 'password' });
      return {
        token,
        csrfToken: deps.csrfTokenFor(principal.session.id),
        expiresAt: principal.session.expiresAt,
        freshUntil: new Date(now.getTime() + deps.maxAgeSeconds * 1000),
      };
    },
  };
}

export type StepUpService = ReturnType<typeof createStepUpService>;
