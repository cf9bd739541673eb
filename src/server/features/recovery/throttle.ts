import type { Clock } from '../../core/clock.js';
import { newId } from '../../core/crypto.js';
import { AppError } from '../../core/errors.js';
import type { Repos } from '../../db/repos.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * Entra's limits per account (reference §7.11), counted per subject: the user, or a keyed hash
 * of an unknown name, so unknown names are throttled exactly like real ones. Crossing any limit
 * locks self-service reset for that subject for 24 hours; a completed reset clears everything.
 */
export const recoveryLimits = {
  /** Emails, texts and calls: at most 10 in 10 minutes. */
  sends: { max: 10, windowMs: 10 * 60_000 },
  /** Code, app and question validations: at most 5 per hour. */
  validations: { max: 5, windowMs: HOUR },
  /** Failed proofs: 5 within 24 hours. */
  failures: { max: 5, windowMs: DAY },
  lockMs: DAY,
} as const;

export function createRecoveryThrottle(deps: { repos: Repos; clock: Clock }) {
  const { repos, clock } = deps;

  async function lock(subject: string, reason: string): Promise<never> {
    await repos.recovery.lock(subject, new Date(clock.now().getTime() + recoveryLimits.lockMs), reason);
    throw new AppError('recovery.locked');
  }

  /** Counts one event and locks when it goes over `max` in the window. */
  async function count(subject: string, kind: 'validate', rule: { max: number; windowMs: number }, reason: string): Promise<void> {
    const now = clock.now();
    const recent = await repos.recovery.countAttempts(subject, kind, new Date(now.getTime() - rule.windowMs));
    if (recent >= rule.max) await lock(subject, reason);
    await repos.recovery.recordAttempt(newId(), subject, kind, now);
  }

  return {
    /** @throws AppError recovery.locked */
    async assertNotLocked(subject: string): Promise<void> {
      if (await repos.recovery.lockedUntil(subject, clock.now())) throw new AppError('recovery.locked');
    },
    /**
     * Checks the message limit before a send; the caller records the send (as `send`, or as
     * `notice` for the "you can't reset" mail) in its transaction.
     * @throws AppError recovery.locked when this would be the 11th message in 10 minutes
     */
    async checkSend(subject: string): Promise<void> {
      const since = new Date(clock.now().getTime() - recoveryLimits.sends.windowMs);
      if ((await repos.recovery.countAttempts(subject, ['send', 'notice'], since)) >= recoveryLimits.sends.max) await lock(subject, 'sends');
    },
    /** @throws AppError recovery.locked when this would be the 6th validation in an hour */
    countValidation: (subject: string) => count(subject, 'validate', recoveryLimits.validations, 'validations'),
    /** Records a failed proof; the 5th in 24 hours locks (the current request already failed). */
    async countFailure(subject: string): Promise<void> {
      const now = clock.now();
      await repos.recovery.recordAttempt(newId(), subject, 'failure', now);
      const failures = await repos.recovery.countAttempts(subject, 'failure', new Date(now.getTime() - recoveryLimits.failures.windowMs));
      if (failures >= recoveryLimits.failures.max) await repos.recovery.lock(subject, new Date(now.getTime() + recoveryLimits.lockMs), 'failures');
    },
    /** The "you can't reset your password" notice goes to an account at most once a day. */
    async noticeDue(subject: string): Promise<boolean> {
      return (await repos.recovery.countAttempts(subject, 'notice', new Date(clock.now().getTime() - DAY))) === 0;
    },
    /** *Contact your administrator* at most 3 times per account per hour. */
    async contactAllowed(subject: string): Promise<boolean> {
      return (await repos.recovery.countAttempts(subject, 'contact', new Date(clock.now().getTime() - HOUR))) < 3;
    },
    /** After a successful reset every counter and lock of the subject is cleared (reference §7.11). */
    async reset(tx: Repos, subject: string): Promise<void> {
      await tx.recovery.clearAttempts(subject);
      await tx.recovery.unlock(subject);
    },
  };
}
