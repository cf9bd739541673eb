/**
 * Durations and counts of every benchmark. `--quick` (e.g. `npm run bench -- --quick`) divides
 * the times by four for a smoke run; its figures are noisier and not the ones to quote.
 */
const quick = process.argv.includes('--quick');
const t = (ms: number) => (quick ? Math.round(ms / 4) : ms);

export const settings = {
  quick,
  argon2: { warmupMs: t(1_000), durationMs: t(8_000), maxVerifies: 100_000 },
  /**
   * Sign-in load and raw argon2 alternate in `slices` rounds (raw, then sign-in), so both share
   * whatever else the machine is doing: 4 × 2 s of raw verifies, 4 × 2.5 s of measured sign-ins.
   */
  signIn: {
    users: 1_000,
    connections: 32,
    initialWarmupMs: t(2_000),
    slices: quick ? 2 : 4,
    rawSliceMs: t(2_000),
    sliceWarmupMs: t(500),
    sliceMs: t(2_500),
    maxRequests: 100_000,
  },
  /**
   * Bulk reset: `users` seeded, one job over all of them; the raw hash rate is measured just before
   * and just after the job (`rawMs` each). `maxMs` bounds the job however slow the machine is.
   */
  bulkReset: { users: quick ? 2_000 : 10_000, instantUsers: quick ? 500 : 2_000, rawWarmupMs: 500, rawMs: t(6_000), maxMs: 600_000 },
  /**
   * User search: `users` seeded (100,000 even with --quick: the target is about that size);
   * `searches` random terms within `maxMs` (the HTTP ones within half of it); paging to `deepPage`.
   */
  userSearch: { users: 100_000, searches: quick ? 150 : 500, httpSearches: quick ? 50 : 200, deepPage: 1_000, pageSize: 50, maxMs: t(40_000) },
  enumeration: { users: 1_000, warmupPairs: quick ? 5 : 20, pairs: quick ? 50 : 200, maxMs: t(90_000) },
  /**
   * Reset portal by timing: five account classes, `pool` names each, one request per class per
   * round, in a shuffled order. The `pool` warm-up rounds give every name its first
   * send (measured apart: an account's first undeliverable send of the day writes a notice); no
   * name gets more than (pool + rounds) / pool = 6 sends, under the 10 per 10 minutes that lock.
   */
  recoveryEnumeration: { pool: quick ? 10 : 40, rounds: quick ? 50 : 200, maxMs: t(120_000) },
  /**
   * Reset portal throughput: `POST /recovery/flows` at 32 connections alternating with a
   * `GET /healthz` baseline slice, `slices` times; CAPTCHAs solved before each slice, enough for
   * `solveForRps` requests per second (the cap shortens the window if the server is faster).
   */
  recoveryThroughput: {
    perClass: 250,
    connections: 32,
    initialWarmupMs: t(1_000),
    slices: quick ? 2 : 3,
    baselineMs: t(2_000),
    sliceWarmupMs: t(500),
    sliceMs: t(2_500),
    solveForRps: 4_000,
    censusRequests: quick ? 100 : 400,
  },
  /**
   * External run (`bench/external.ts`): the server and the load generator in processes of their
   * own. Hash scenarios alternate `slices` times with a raw argon2 slice measured in the
   * orchestrator while the server is idle; non-hash scenarios alternate with a `/healthz` slice.
   * `users` sign in and as many have their password changed; `recoveryAccounts` eligible reset
   * accounts (each name is sent at most `maxSendsPerName` codes: 10 in 10 minutes lock it);
   * `directoryUsers` in all for the user list (100,000 even with --quick: the target is about that size).
   */
  external: {
    connections: 32,
    users: 1_000,
    recoveryAccounts: 3_000,
    directoryUsers: 100_000,
    initialWarmupMs: t(2_000),
    slices: quick ? 2 : 3,
    rawSliceMs: t(2_000),
    baselineMs: t(2_000),
    sliceWarmupMs: t(500),
    sliceMs: t(3_000),
    maxRequests: 2_000_000,
    /** Sessions (change-password) and CAPTCHAs (flows) prepared per slice, for this many per second. */
    changeSessionsPerSecond: 90,
    solveForRps: 5_000,
    sendFlowsPerSlice: quick ? 600 : 1_500,
    maxSendsPerName: 8,
    overload: { connections: 2_000, timeoutMs: 30_000, recoveryMaxMs: 10_000 },
  },
  /** First load: cold loads of /sign-in, alternating with a plain-HTML baseline (the median of each is reported). */
  firstLoad: { loads: quick ? 3 : 9 },
} as const;
