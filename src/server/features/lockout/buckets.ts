import { hmac, sha256 } from '../../core/crypto.js';
import type { Repos } from '../../db/repos.js';
import { identifierKey } from '../users/model.js';
import { clearRecoveryCounters } from '../recovery/throttle.js';

/**
 * The rate-limit buckets every typed password counts against (sign-in, re-authentication and the
 * current password on change share them; checklist C3, L1). Entra counts familiar and unfamiliar
 * locations apart, and so do these: strangers drain the account's bucket, never the one of a
 * browser the owner signed in from before (issue 12, finding 3).
 */
export const SIGN_IN_BUCKETS = {
  /** Per client address. */
  ip: 'sign-in:ip',
  /** Per account, for unfamiliar browsers: the user id, or a keyed hash of an unknown name. */
  account: 'sign-in:account',
  /** Per account and familiar browser (its device cookie, hashed). */
  familiar: 'sign-in:familiar',
} as const;

/**
 * The account bucket's subject: the user's id when the name is an account, so every alias of it
 * (user principal name, mail, any case) shares one allowance (L6); otherwise a keyed hash of the
 * normalised name, so unknown names are limited exactly like real ones (no enumeration, R1) and
 * never stored in clear.
 */
export function accountSubject(secret: string, userId: string | null, name: string): string {
  return userId ?? `name:${hmac(secret, `sign-in-name:${identifierKey(name.trim())}`)}`;
}

export const familiarSubject = (userId: string, deviceId: string): string => `${userId}:${sha256(deviceId)}`;

/**
 * An admin's unlock: clears every lock and throttle of the account (issue 12, finding 3): the
 * smart-lockout row (both classes, the hard lock, claims in flight), the account's rate-limit
 * bucket, the buckets of all its familiar browsers, the self-service reset counters and lock, and
 * the sign-in MFA lock and its bucket (issue 17). Runs in the caller's transaction.
 */
export async function clearAccountThrottles(tx: Repos, userId: string): Promise<void> {
  await tx.lockout.clear(userId);
  await tx.mfa.unlock(userId);
  await tx.rateLimits.clear([`${SIGN_IN_BUCKETS.account}:${userId}`, `mfa-account:${userId}`]);
  await tx.rateLimits.clearPrefix(`${SIGN_IN_BUCKETS.familiar}:${userId}:`);
  await clearRecoveryCounters(tx, userId);
}
