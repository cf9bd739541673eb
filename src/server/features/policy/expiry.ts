import type { User } from '../../core/identity.js';
import type { PasswordPolicySettings } from './settings.js';

const DAY_MS = 86_400_000;

export interface ExpiryStatus {
  /** When the password expires; null when it never does (policy, user flag, or no password). */
  expiresAt: Date | null;
  expired: boolean;
  /** Inside the notification window before expiry: remind the user (mail and a banner at sign-in). */
  remind: boolean;
  daysLeft: number | null;
}

/**
 * The expiry rule (reference §3): passwords expire `validityDays` after the last change unless
 * the policy says never or the user has DisablePasswordExpiration. An expired password still
 * signs in, but only to change it (sessions of other kinds are untouched, reference §10).
 */
export function expiryStatus(
  user: Pick<User, 'lastPasswordChangeAt' | 'disablePasswordExpiration' | 'passwordHash'>,
  policy: PasswordPolicySettings,
  now: Date,
): ExpiryStatus {
  const { expiration } = policy;
  if (expiration.neverExpire || user.disablePasswordExpiration || !user.passwordHash || !user.lastPasswordChangeAt) {
    return { expiresAt: null, expired: false, remind: false, daysLeft: null };
  }
  const expiresAt = new Date(user.lastPasswordChangeAt.getTime() + expiration.validityDays * DAY_MS);
  const left = expiresAt.getTime() - now.getTime();
  return {
    expiresAt,
    expired: left <= 0,
    remind: left > 0 && left <= expiration.notificationDays * DAY_MS,
    daysLeft: Math.max(0, Math.ceil(left / DAY_MS)),
  };
}
