/** All time comes from a Clock, so expiry, lockout and throttles are testable. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/**
 * A clock tests move by hand. A `ticking` clock also advances with real time (for browser tests,
 * where cookies and sessions must age as the browser sees them).
 */
export class ManualClock implements Clock {
  private current: number;
  private readonly startedAt = Date.now();
  constructor(
    start: Date | string = '2026-01-01T00:00:00.000Z',
    private readonly options: { ticking?: boolean } = {},
  ) {
    this.current = new Date(start).getTime();
  }
  now(): Date {
    return new Date(this.current + (this.options.ticking ? Date.now() - this.startedAt : 0));
  }
  advance(ms: number): void {
    this.current += ms;
  }
  set(at: Date | string): void {
    this.current = new Date(at).getTime();
  }
}

/** ISO-8601 UTC with milliseconds: the one timestamp format in storage (sorts as text). */
export function iso(date: Date): string {
  return date.toISOString();
}

export function addSeconds(date: Date, seconds: number): Date {
  return new Date(date.getTime() + seconds * 1000);
}
