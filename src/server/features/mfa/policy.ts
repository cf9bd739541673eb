import type { Clock } from '../../core/clock.js';
import { randomToken, sha256 } from '../../core/crypto.js';
import type { User } from '../../core/identity.js';
import type { Repos } from '../../db/repos.js';
import type { RoleId } from '../../../shared/roles.js';
import type { SecondFactorMethod, SecondFactors } from './port.js';
import type { MfaSettings } from './settings.js';

/** Who is asked for a second factor at sign-in, and what they may use (issue 17; checklist A2). */
export interface MfaAssessment {
  /** Ask for a second factor before the session is full. */
  required: boolean;
  /** The user's registered second factors. */
  methods: SecondFactorMethod[];
  /** Required, but nothing registered: register an authenticator app first ("More information required"). */
  registrationRequired: boolean;
  /** The policy (not only a registered method) demands MFA of this user. */
  enforced: boolean;
}

/** What the policy decides on, when the caller read it already with the user (the sign-in look-up; issue 16). */
export interface MfaFacts {
  authenticatorApp: boolean;
  passkeys: number;
  forced: boolean;
}

export interface MfaPolicyDeps {
  repos: Repos;
  clock: Clock;
  settings: () => Promise<MfaSettings>;
  factors: Pick<SecondFactors, 'methodsOf'>;
  /**
   * Whether passkeys can be used as a second factor here (the passkeys feature is wired), as
   * `factors.methodsOf` decides it. Absent: facts read with the user are not used (methodsOf is asked).
   */
  passkeysAvailable?: () => boolean;
}

/**
 * Applies the MFA policy to one user at sign-in:
 * - the policy enforces MFA for holders of any admin role (`administrators: 'required'`, Entra's
 *   security defaults), for everyone or one group's members (`everyone: 'required'`), and after an
 *   admin reset with forceChangePasswordNextSignInWithMfa (Graph);
 * - otherwise a user who registered a second factor is asked for it, unless `everyone` is 'off'
 *   for them;
 * - a remembered device (the cookie token, bound to user and browser, younger than
 *   `rememberDeviceDays`) skips the prompt, except when the forced-change-with-MFA flag is set.
 */
export function createMfaPolicy(deps: MfaPolicyDeps) {
  const { repos, clock } = deps;

  async function levelFor(user: User, settings: MfaSettings): Promise<MfaSettings['everyone']> {
    if (!settings.groupId) return settings.everyone;
    return (await repos.mfa.inGroup(user.id, settings.groupId)) ? settings.everyone : 'optional';
  }

  async function isRemembered(userId: string, token: string | null | undefined, deviceId: string | null | undefined, settings?: MfaSettings): Promise<boolean> {
    const days = (settings ?? (await deps.settings())).rememberDeviceDays;
    if (!days || !token || !deviceId || token.length !== 43) return false;
    const now = clock.now();
    return repos.mfa.isRemembered({
      tokenHash: sha256(token),
      userId,
      deviceHash: sha256(deviceId),
      now,
      createdAfter: new Date(now.getTime() - days * 86_400_000),
    });
  }

  return {
    async assess(
      user: User,
      roles: readonly RoleId[],
      remembered: { token: string | null | undefined; deviceId: string | null | undefined },
      /** The user's second factors and forced-MFA flag as read with the user; absent: read here. */
      facts?: MfaFacts,
    ): Promise<MfaAssessment> {
      const settings = await deps.settings();
      const known = facts && deps.passkeysAvailable ? facts : undefined;
      const methods = known ? methodsFrom(known, deps.passkeysAvailable!()) : await deps.factors.methodsOf(user.id);
      const admin = roles.length > 0;
      const level = await levelFor(user, settings);
      const forced = known ? known.forced : await repos.mfa.forceMfaBeforeChange(user.id);
      const enforced = forced || (admin && settings.administrators === 'required') || level === 'required';
      const asked = enforced || (methods.length > 0 && level !== 'off');
      if (!asked) return { required: false, methods, registrationRequired: false, enforced };
      if (!forced && (await isRemembered(user.id, remembered.token, remembered.deviceId, settings)))
        return { required: false, methods, registrationRequired: false, enforced };
      return { required: true, methods, registrationRequired: methods.length === 0, enforced };
    },

    isRemembered,

    /**
     * "Don't ask again for N days" on this browser: a new random token whose hash is stored with
     * the user and the browser's device id. @returns the token for the cookie and its expiry, or
     * null when the policy turned remembering off.
     */
    async remember(tx: Repos, userId: string, deviceId: string): Promise<{ token: string; expiresAt: Date } | null> {
      const days = (await deps.settings()).rememberDeviceDays;
      if (!days) return null;
      const now = clock.now();
      const token = randomToken();
      const expiresAt = new Date(now.getTime() + days * 86_400_000);
      await tx.mfa.rememberDevice({ tokenHash: sha256(token), userId, deviceHash: sha256(deviceId), createdAt: now, expiresAt });
      return { token, expiresAt };
    },
  };
}

export type MfaPolicy = ReturnType<typeof createMfaPolicy>;

/** The second factors in the order `SecondFactors.methodsOf` lists them. */
function methodsFrom(facts: MfaFacts, passkeys: boolean): SecondFactorMethod[] {
  const methods: SecondFactorMethod[] = [];
  if (facts.authenticatorApp) methods.push('authenticatorApp');
  if (passkeys && facts.passkeys > 0) methods.push('passkey');
  return methods;
}
