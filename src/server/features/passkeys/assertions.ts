import { generateAuthenticationOptions, verifyAuthenticationResponse, type AuthenticatorTransportFuture } from '@simplewebauthn/server';
import type { Repos } from '../../db/repos.js';
import type { Challenges } from './challenges.js';
import { CHALLENGE_SECONDS } from './challenges.js';
import type { PasskeyAssertions } from './port.js';
import type { RelyingParty } from './relying-party.js';

export interface AssertionDeps {
  repos: Repos;
  challenges: Challenges;
  relyingParty: () => RelyingParty;
}

/**
 * Passkey assertions for sign-in MFA, passwordless sign-in, step-up and the reset portal
 * (features/passkeys/port.ts). User verification is required every time: a passkey is then a
 * multi-factor proof on its own (something you have, unlocked by something you know or are).
 */
export function createPasskeyAssertions(deps: AssertionDeps): PasskeyAssertions {
  const { repos, challenges } = deps;
  return {
    async assertionOptions({ userId, binding, now }) {
      const rp = deps.relyingParty();
      const allow = userId ? await repos.passkeys.list(userId) : [];
      const challenge = await challenges.issue('assertion', binding, now);
      return generateAuthenticationOptions({
        rpID: rp.id,
        challenge,
        timeout: CHALLENGE_SECONDS * 1000,
        userVerification: 'required',
        allowCredentials: allow.map((p) => ({ id: p.credentialId, transports: p.transports as AuthenticatorTransportFuture[] })),
      });
    },

    async verifyAssertion({ userId, binding, response, now }) {
      // The challenge is spent first, whatever follows (R5): a wrong assertion can't be retried.
      const challenge = await challenges.redeem('assertion', binding, response.response.clientDataJSON, now);
      if (!challenge) return null;
      const stored = await repos.passkeys.findByCredentialId(response.id);
      if (!stored) return null;
      const rp = deps.relyingParty();
      let verified: Awaited<ReturnType<typeof verifyAuthenticationResponse>>;
      try {
        verified = await verifyAuthenticationResponse({
          response,
          expectedChallenge: challenge,
          expectedOrigin: rp.origins,
          expectedRPID: rp.id,
          requireUserVerification: true,
          credential: {
            id: stored.credentialId,
            publicKey: new Uint8Array(Buffer.from(stored.publicKey, 'base64url')),
            counter: stored.counter,
            transports: stored.transports as AuthenticatorTransportFuture[],
          },
        });
      } catch {
        return null;
      }
      if (!verified.verified) return null;
      // Whose passkey it is, after the signature: the same work whoever the flow is for.
      if (userId !== null && stored.userId !== userId) return null;
      const handle = response.response.userHandle;
      if (handle && Buffer.from(handle, 'base64url').toString('utf8') !== stored.userId) return null;
      // A counter that did not move forward means a cloned authenticator (WebAuthn §6.1.1).
      if (!(await repos.passkeys.recordUse(stored.id, verified.authenticationInfo.newCounter, now))) return null;
      return { userId: stored.userId, credentialId: stored.credentialId };
    },

    count: (userId) => repos.passkeys.count(userId),
  };
}
