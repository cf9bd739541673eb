import { randomBytes } from 'node:crypto';
import { sha256 } from '../../core/crypto.js';
import type { PasskeyStore, ChallengePurpose } from './store.js';

/** How long a ceremony may take from options to answer (WebAuthn's recommended timeout is 5 minutes). */
export const CHALLENGE_SECONDS = 300;

/**
 * WebAuthn challenges (checklist R5, R6; issue 17): 32 random bytes, handed to the browser in the
 * options and kept only as their SHA-256, bound to what they were issued for, five minutes long,
 * and redeemed once: the store's delete is the claim.
 */
export function createChallenges(store: () => PasskeyStore) {
  return {
    /** A new challenge for `purpose` bound to `binding`: the raw bytes for the options. */
    async issue(purpose: ChallengePurpose, binding: string, now: Date): Promise<Uint8Array<ArrayBuffer>> {
      const bytes = new Uint8Array(randomBytes(32));
      const challenge = Buffer.from(bytes).toString('base64url');
      await store().putChallenge({
        challengeHash: sha256(challenge),
        purpose,
        binding,
        createdAt: now,
        expiresAt: new Date(now.getTime() + CHALLENGE_SECONDS * 1000),
      });
      return bytes;
    },

    /**
     * Redeems the challenge a client answered (read from its clientDataJSON).
     * @returns the challenge (base64url) when it was issued for `purpose` and `binding`, is unexpired
     *   and unused, and this call is the one that used it; else null.
     */
    async redeem(purpose: ChallengePurpose, binding: string, clientDataJSON: string, now: Date): Promise<string | null> {
      const challenge = challengeOf(clientDataJSON);
      if (!challenge) return null;
      return (await store().takeChallenge({ challengeHash: sha256(challenge), purpose, binding, now })) ? challenge : null;
    },
  };
}

export type Challenges = ReturnType<typeof createChallenges>;

/** The challenge a client signed, from its base64url clientDataJSON; null when it can't be read. */
export function challengeOf(clientDataJSON: string): string | null {
  try {
    const data: unknown = JSON.parse(Buffer.from(clientDataJSON, 'base64url').toString('utf8'));
    const challenge = data && typeof data === 'object' && 'challenge' in data ? data.challenge : null;
    return typeof challenge === 'string' && /^[A-Za-z0-9_-]{16,128}$/.test(challenge) ? challenge : null;
  } catch {
    return null;
  }
}
