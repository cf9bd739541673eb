import { sha256 } from '../../core/crypto.js';
import type { Repos } from '../../db/repos.js';
import type { PasswordHasher } from '../passwords/hasher.js';
import type { User } from '../../core/identity.js';
import type { LockoutService } from './service.js';

export type VerifyOutcome = { outcome: 'ok'; needsRehash: boolean } | { outcome: 'wrong' } | { outcome: 'locked' } | { outcome: 'unknown' };

/** Stands in for a user id when there is no user, so both paths run the same queries. */
const NO_USER = '00000000-0000-0000-0000-000000000000';

/**
 * Verifies a password a user typed, with smart lockout: the one gate for sign-in, the current
 * password on change and re-authentication. Every path does the same hash work and the same
 * reads, whether the user exists, is locked or typed the wrong password (ASVS 6.3.8).
 */
export function createSecretVerifier(deps: { repos: Repos; hasher: PasswordHasher; lockout: LockoutService }) {
  const { repos, hasher, lockout } = deps;
  return {
    /** Whether this browser signed in successfully as this user before (its device cookie). */
    async isFamiliar(user: User | null, deviceId: string | null | undefined): Promise<boolean> {
      if (!deviceId) return false;
      return repos.signIns.isFamiliarDevice(user?.id ?? NO_USER, sha256(deviceId));
    },

    /**
     * @param password the NFC-normalised password, or null when it was refused as over-long (then
     *   the dummy hash is verified, so the work stays the same).
     */
    async verify(user: User | null, password: string | null, familiar: boolean): Promise<VerifyOutcome> {
      const locked = await lockout.isLocked(user?.id ?? NO_USER, familiar);
      const verdict = await hasher.verify(password === null ? null : (user?.passwordHash ?? null), password ?? '');
      if (!user) return { outcome: 'unknown' };
      // A locked account answers like a wrong password, and attempts while locked do not count (reference §9).
      if (locked) return { outcome: 'locked' };
      if (!verdict.ok) {
        if (password !== null) await lockout.recordFailure(user.id, familiar, password);
        return { outcome: 'wrong' };
      }
      await lockout.recordSuccess(user.id, familiar);
      return { outcome: 'ok', needsRehash: verdict.needsRehash };
    },
  };
}

export type SecretVerifier = ReturnType<typeof createSecretVerifier>;
