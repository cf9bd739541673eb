import type { Config } from '../../config/schema.js';
import type { Clock } from '../../core/clock.js';
import type { User } from '../../core/identity.js';
import type { Repos, Transact } from '../../db/repos.js';
import type { Locale } from '../../i18n/index.js';
import { createMfaPolicy } from '../mfa/policy.js';
import { createSecondFactors } from '../mfa/second-factors.js';
import type { MfaSettings } from '../mfa/settings.js';
import type { PasskeyAssertions } from '../passkeys/port.js';
import type { PasswordWrittenHook } from '../passwords/apply.js';
import type { RateLimiter } from '../rate-limit/service.js';
import { createPasswordless } from './passwordless.js';
import { createSignInMfa } from './sign-in-mfa.js';

export interface MfaServicesDeps {
  repos: Repos;
  transact: Transact;
  clock: Clock;
  secret: string;
  config: Pick<Config, 'sessionAbsoluteSeconds'>;
  rateLimiter: RateLimiter;
  defaultLocale: () => Promise<Locale>;
  mailQueued: () => void;
  organizationName: () => Promise<string>;
  /** The MFA policy document's hot-path reader. */
  settings: () => Promise<MfaSettings>;
  isPasswordExpired: (user: User, now: Date) => Promise<boolean>;
  /** The passkeys feature, once wired. */
  passkeys: () => PasskeyAssertions | null | undefined;
  csrfTokenFor: (sessionId: string) => string;
}

/**
 * Sign-in MFA's services (issue 17), wired once for services.ts: the second factors (also step-up's),
 * the policy (who is asked), the MFA step of sign-in and passwordless passkey sign-in.
 */
export function createMfaServices(deps: MfaServicesDeps) {
  const passkeys = () => deps.passkeys() ?? undefined;
  const { repos, transact, clock, secret, config, rateLimiter, defaultLocale, mailQueued, settings, isPasswordExpired, csrfTokenFor } = deps;
  const secondFactors = createSecondFactors({ repos, transact, clock, secret, rateLimiter, passkeys, defaultLocale, mailQueued });
  const mfaPolicy = createMfaPolicy({ repos, clock, settings, factors: secondFactors, passkeysAvailable: () => passkeys() !== undefined });
  const signInMfa = createSignInMfa({
    ...{ repos, transact, clock, secret, config, rateLimiter, defaultLocale, mailQueued, settings, isPasswordExpired, passkeys, csrfTokenFor },
    organizationName: deps.organizationName,
    factors: secondFactors,
    policy: mfaPolicy,
  });
  const passwordless = createPasswordless({ repos, transact, clock, config, rateLimiter, isPasswordExpired, passkeys, settings, csrfTokenFor });
  return { secondFactors, mfaPolicy, signInMfa, passwordless };
}

/** A new password by any path forgets the user's "don't ask again" devices and ends a pending change-with-MFA (issue 17). */
export const forgetMfaOnPasswordWrite: PasswordWrittenHook = async (tx, user) => {
  await tx.mfa.forgetDevices(user.id);
  await tx.mfa.setForceMfaBeforeChange(user.id, false);
};
