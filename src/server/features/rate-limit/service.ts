import type { Clock } from '../../core/clock.js';
import { AppError } from '../../core/errors.js';
import type { Repos } from '../../db/repos.js';

export interface RateLimit {
  /** Requests allowed per window; 0 turns the limit off. */
  limit: number;
  windowSeconds: number;
}

/**
 * Database-backed fixed-window limits (checklist L; ASVS 2.4.1), so they hold across servers.
 * A refused request answers 429 `request.rate_limited` with Retry-After to the window's end.
 */
export function createRateLimiter(deps: { repos: Repos; clock: Clock }) {
  return {
    /** @throws AppError request.rate_limited */
    async consume(bucket: string, subject: string, rule: RateLimit): Promise<void> {
      if (rule.limit <= 0) return;
      const now = Math.floor(deps.clock.now().getTime() / 1000);
      const windowStart = now - (now % rule.windowSeconds);
      const hits = await deps.repos.rateLimits.hit(`${bucket}:${subject}`, windowStart);
      if (hits > rule.limit) {
        const retryAfter = Math.max(1, windowStart + rule.windowSeconds - now);
        throw new AppError('request.rate_limited', { headers: { 'retry-after': String(retryAfter) }, params: { seconds: retryAfter } });
      }
    },
    /**
     * Counts one request against several limits in one statement (sign-in is a hot path).
     * @throws AppError request.rate_limited when any limit is exceeded
     */
    async consumeAll(checks: { bucket: string; subject: string; rule: RateLimit }[]): Promise<void> {
      const active = checks.filter((c) => c.rule.limit > 0);
      if (!active.length) return;
      const now = Math.floor(deps.clock.now().getTime() / 1000);
      // One window length for all (the sign-in limits are per minute); distinct keys per check.
      const window = active[0]!.rule.windowSeconds;
      const windowStart = now - (now % window);
      const hits = await deps.repos.rateLimits.hitMany(
        active.map((c) => `${c.bucket}:${c.subject}`),
        windowStart,
      );
      for (const c of active) {
        if ((hits.get(`${c.bucket}:${c.subject}`) ?? 0) > c.rule.limit) {
          const retryAfter = Math.max(1, windowStart + window - now);
          throw new AppError('request.rate_limited', { headers: { 'retry-after': String(retryAfter) }, params: { seconds: retryAfter } });
        }
      }
    },
    /** Drops counters of windows that ended more than a day ago. */
    prune(): Promise<number> {
      return deps.repos.rateLimits.deleteWindowsBefore(Math.floor(deps.clock.now().getTime() / 1000) - 86_400);
    },
  };
}

export type RateLimiter = ReturnType<typeof createRateLimiter>;
