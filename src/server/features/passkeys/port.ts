import type { AuthenticationResponseJSON, PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';

/**
 * What sign-in (MFA, passwordless) and the reset portal need from passkeys (issue 17). The passkeys
 * feature implements it; auth and recovery depend on this interface only, so neither imports the
 * other's internals.
 *
 * A challenge is bound to `binding` (a session id for sign-in MFA, a fresh random id for
 * passwordless sign-in, a flow id at the reset portal), stored hashed, single use and short-lived:
 * `verifyAssertion` consumes it whether or not the assertion verifies (R5, R6).
 */
export interface PasskeyAssertions {
  /**
   * Options for `navigator.credentials.get()`. `userId` set: only that user's credentials are
   * allowed (MFA, portal); null: a discoverable-credential ceremony (passwordless sign-in).
   */
  assertionOptions(input: { userId: string | null; binding: string; now: Date }): Promise<PublicKeyCredentialRequestOptionsJSON>;
  /**
   * Verifies an assertion against the challenge issued for `binding` (origin, RP id, user
   * verification, signature, counter) and records the use. `userId` set: the credential must be
   * that user's. @returns the credential's user, or null when anything is wrong (no detail: R1).
   */
  verifyAssertion(input: {
    userId: string | null;
    binding: string;
    response: AuthenticationResponseJSON;
    now: Date;
  }): Promise<{ userId: string; credentialId: string } | null>;
  /** How many passkeys the user has registered. */
  count(userId: string): Promise<number>;
}
