import type { Config } from '../../config/schema.js';
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
  /** Emails, texts and calls: at most 10 in 10 minutes (a token bucket, like the address limits: no window edge to double up on). */
  sends: { max: 10, windowMs: 10 * 60_000 },
  /** Code, app and question validations: at most 5 per hour. */
  validations: { max: 5, windowMs: HOUR },
  /** Failed proofs: 5 within 24 hours. */
  failures: { max: 5, windowMs: DAY },
  lockMs: DAY,
} as const;

/**
 * Messages per account (checklist R11: inbox and SMS flooding, toll fraud): at most 3 in 15
 * minutes and 10 in 24 hours by default, stricter than Entra's 10 in 10 minutes. A message over
 * either is not sent; the portal answers 429 `request.rate_limited` (the same for every account
 * and every unknown name) and the audit log records `recovery.rate_limit_exceeded`.
 */
export const messageWindows = { quarterHour: 15 * 60_000, day: DAY } as const;
export type MessageLimit = { window: keyof typeof messageWindows; max: number };

/** The reset portal's limits from the configuration: per client address, and messages per account (R11). */
export function portalLimits(config: Config) {
  return {
    flowsPerIp: config.rateLimitRecoveryPerIp,
    sendsPerIp: config.rateLimitRecoverySendsPerIp,
    verifiesPerIp: config.rateLimitRecoveryVerifiesPerIp,
    messagesPerAccount: config.rateLimitRecoveryMessagesPerAccount,
    messagesPerAccountPerDay: config.rateLimitRecoveryMessagesPerAccountPerDay,
  };
}

/** Every rate-limit bucket of a subject, cleared by a completed reset or an admin's unlock. */
const BUCKETS = ['send', 'validate', 'day', 'contact', 'msg-quarterHour', 'msg-day'];

export function createRecoveryThrottle(deps: { repos: Repos; clock: Clock }) {
  const { repos, clock } = deps;

  async function lock(subject: string, reason: string): Promise<never> {
    await repos.recovery.lock(subject, new Date(clock.now().getTime() + recoveryLimits.lockMs), reason);
    throw new AppError('recovery.locked');
  }

  /** Counts one event in the subject's current fixed window with one atomic upsert (the once-a-day notice, contact requests). @returns the events so far. */
  async function hit(subject: string, bucket: 'day' | 'contact', windowMs: number): Promise<number> {
    const nowSeconds = Math.floor(clock.now().getTime() / 1000);
    const windowSeconds = windowMs / 1000;
    return repos.recovery.hitWindow(`recovery-${bucket}:${subject}`, nowSeconds - (nowSeconds % windowSeconds));
  }

  /**
   * Takes one of `max` tokens that refill over `windowMs` (GCRA, one atomic upsert): concurrent
   * requests can't exceed the limit between them (R6, R9), and no window edge lets 2 × max through
   * (issue 12 finding 3). An empty bucket locks the subject.
   */
  async function take(subject: string, bucket: 'send' | 'validate', rule: { max: number; windowMs: number }, reason: string): Promise<void> {
    const key = `recovery-${bucket}:${subject}`;
    const burstUs = rule.windowMs * 1000;
    if (!(await repos.recovery.takeToken(key, burstUs / rule.max, clock.now().getTime() * 1000, burstUs))) await lock(subject, reason);
  }

  return {
    /** @throws AppError recovery.locked */
    async assertNotLocked(subject: string): Promise<void> {
      if (await repos.recovery.lockedUntil(subject, clock.now())) throw new AppError('recovery.locked');
    },
    /** @throws AppError recovery.locked when this is the 11th message in the 10-minute window */
    countSend: (subject: string) => take(subject, 'send', recoveryLimits.sends, 'sends'),
    /** @throws AppError recovery.locked when this is the 6th validation in the hour's window */
    countValidation: (subject: string) => take(subject, 'validate', recoveryLimits.validations, 'validations'),
    /**
     * Counts one message to the subject against the per-account limits (R11). Each limit is a
     * token bucket taken with one atomic upsert, so concurrent sends can't pass it between them.
     * @param onExceeded audits the refusal (in every case alike: real account or unknown name)
     * @throws AppError request.rate_limited with Retry-After when a limit is reached
     */
    async countMessage(subject: string, limits: readonly MessageLimit[], onExceeded: (limit: MessageLimit) => Promise<void>): Promise<void> {
      for (const limit of limits) {
        if (limit.max <= 0) continue;
        const key = `recovery-msg-${limit.window}:${subject}`;
        const burstUs = messageWindows[limit.window] * 1000;
        const intervalUs = burstUs / limit.max;
        const nowUs = clock.now().getTime() * 1000;
        if (await repos.recovery.takeToken(key, intervalUs, nowUs, burstUs)) continue;
        await onExceeded(limit);
        const arrival = (await repos.rateLimits.arrivals([key])).get(key) ?? nowUs;
        const seconds = Math.max(1, Math.ceil((arrival + intervalUs - burstUs - nowUs) / 1e6));
        throw new AppError('request.rate_limited', { headers: { 'retry-after': String(seconds) }, params: { seconds } });
      }
    },
    /** Records a failed proof; the 5th in 24 hours locks (the current request already failed). */
    async countFailure(subject: string): Promise<void> {
      const now = clock.now();
      await repos.recovery.recordAttempt(newId(), subject, 'failure', now);
      const failures = await repos.recovery.countAttempts(subject, 'failure', new Date(now.getTime() - recoveryLimits.failures.windowMs));
      if (failures >= recoveryLimits.failures.max) await repos.recovery.lock(subject, new Date(now.getTime() + recoveryLimits.lockMs), 'failures');
    },
    /** Whether this is the subject's first message of the (UTC) day: the "you can't reset" notice goes out at most once a day. */
    firstSendToday: async (subject: string) => (await hit(subject, 'day', DAY)) === 1,
    /** *Contact your administrator* at most 3 times per account per hour. */
    contactAllowed: async (subject: string) => (await hit(subject, 'contact', HOUR)) <= 3,
    /** After a successful reset every counter and lock of the subject is cleared (reference §7.11). */
    async reset(tx: Repos, subject: string): Promise<void> {
      await tx.recovery.clearAttempts(subject);
      await tx.rateLimits.clear(BUCKETS.map((bucket) => `recovery-${bucket}:${subject}`));
      await tx.recovery.unlock(subject);
    },
  };
}

/**
 * Clears one subject's self-service reset counters and lock (what `reset` does after a completed
 * reset), for an admin's unlock of the account (issue 12, finding 3). Runs in the caller's transaction.
 */
export async function clearRecoveryCounters(tx: Repos, subject: string): Promise<void> {
  await tx.recovery.clearAttempts(subject);
  await tx.rateLimits.clear(BUCKETS.map((bucket) => `recovery-${bucket}:${subject}`));
  await tx.recovery.unlock(subject);
}
