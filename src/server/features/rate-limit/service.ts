import type { Clock } from '../../core/clock.js';
import { AppError } from '../../core/errors.js';
import type { Repos } from '../../db/repos.js';

export interface RateLimit {
  /** Requests allowed per window; 0 turns the limit off. */
  limit: number;
  windowSeconds: number;
}

export interface RateCheck {
  bucket: string;
  subject: string;
  rule: RateLimit;
}

/**
 * Database-backed token buckets (checklist L; ASVS 2.4.1), so they hold across servers. Each
 * limit is a bucket of `limit` tokens that refills one token every `windowSeconds / limit`
 * (GCRA): a burst of `limit` at once, never more than `limit` in a window plus what refilled
 * during it, and no fixed window edge to double up on (issue 12: 40 got through across a minute
 * boundary against a limit of 30). A refused request takes no token and answers 429
 * `request.rate_limited` with Retry-After until the next token.
 */
export function createRateLimiter(deps: { repos: Repos; clock: Clock }) {
  const { repos, clock } = deps;

  async function take(checks: RateCheck[]): Promise<void> {
    const active = checks.filter((c) => c.rule.limit > 0);
    if (!active.length) return;
    const nowUs = clock.now().getTime() * 1000;
    // One statement for all checks; they share one window length (the sign-in limits are per minute).
    const burstUs = active[0]!.rule.windowSeconds * 1e6;
    if (active.some((c) => c.rule.windowSeconds !== active[0]!.rule.windowSeconds)) throw new Error('rate limits checked together share one window');
    const buckets = active.map((c) => ({ key: `${c.bucket}:${c.subject}`, intervalUs: burstUs / c.rule.limit }));
    const taken = await repos.rateLimits.take(buckets, nowUs, burstUs);
    const refused = buckets.filter((b) => !taken.has(b.key));
    if (!refused.length) return;
    // The next token of the bucket that waits longest.
    const arrivals = await repos.rateLimits.arrivals(refused.map((b) => b.key));
    const waitUs = Math.max(...refused.map((b) => (arrivals.get(b.key) ?? nowUs) + Math.floor(b.intervalUs) - burstUs - nowUs));
    const retryAfter = Math.min(active[0]!.rule.windowSeconds, Math.max(1, Math.ceil(waitUs / 1e6)));
    throw new AppError('request.rate_limited', { headers: { 'retry-after': String(retryAfter) }, params: { seconds: retryAfter } });
  }

  return {
    /** @throws AppError request.rate_limited */
    consume: (bucket: string, subject: string, rule: RateLimit): Promise<void> => take([{ bucket, subject, rule }]),
    /**
     * Takes one token from each of several limits in one statement (sign-in is a hot path).
     * @throws AppError request.rate_limited when any bucket is empty
     */
    consumeAll: (checks: RateCheck[]): Promise<void> => take(checks),
    /** Forgets these buckets (an admin's unlock). */
    clear: (tx: Repos, keys: { bucket: string; subject: string }[]) => tx.rateLimits.clear(keys.map((k) => `${k.bucket}:${k.subject}`)),
    /** Drops counters untouched for more than a day (a full bucket needs no row). */
    prune(): Promise<number> {
      return repos.rateLimits.deleteWindowsBefore(Math.floor(clock.now().getTime() / 1000) - 86_400);
    },
  };
}

export type RateLimiter = ReturnType<typeof createRateLimiter>;
