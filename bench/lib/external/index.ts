/**
 * The external benchmark's building blocks (issue 16, "measure from outside"): the server runs in
 * its own process, the load generator in another, and the orchestrator (the `npm run bench`
 * process) only seeds, starts, measures RSS and judges. `bench/external.ts` uses them for the
 * issue-16 target table; `scale-out` reuses them for several nodes on one PostgreSQL.
 *
 * API (all loops bounded in count and time, everything on 127.0.0.1):
 *
 * - `seedDataDir({ users, directoryUsers?, recoveryPerClass?, databaseUrl? })` → `Seeded`: a data
 *   directory (SQLite, or PostgreSQL when `databaseUrl` is given) with the organisation, `users`
 *   sign-in users (`user00000@contoso.example`…, one shared password), a User Administrator, the
 *   reset portal set up for `recoveryPerClass` eligible accounts, and `directoryUsers` extra users
 *   (100,000 for the list target). `seeded.serverEnv` is the LATCHKEY_* environment a server on it
 *   needs (data dir, database URL, the fixed secret, raised per-address limits); `seeded.remove()`
 *   deletes the directory.
 * - `startServerProcess({ env, port?, workers?, label? })` → `ServerProcess`: spawns the real CLI,
 *   `node --import tsx src/cli/main.ts serve`, with exactly `env` as its LATCHKEY_* settings (none
 *   inherited) on 127.0.0.1 and `port` (a free one when not given), waits for `/readyz`. It has
 *   `pid`, `port`, `baseUrl`, `rss()` (VmRSS and peak VmHWM summed over the process tree, MiB),
 *   `peakRssMib` (the highest seen by the 250 ms sampler), `resetPeak()` (a new peak from now on, via
 *   /proc/<pid>/clear_refs), `alive()`, `kill(signal)` (the whole
 *   tree, e.g. SIGKILL for a node crash), and `stop()` (SIGTERM, then SIGKILL after 10 s).
 *   `workers` sets LATCHKEY_WORKERS (only when given: older servers refuse the unknown setting).
 * - `freePort()`: a free TCP port on 127.0.0.1.
 * - `configEnv({ rateLimitSignInPerIp: 1_000_000, … })`: config keys to LATCHKEY_* variables.
 * - `LoadChild.start()` → a load generator in a child process (`fork`, tsx). `child.run(spec)` runs
 *   one `LoadSpec` ({ baseUrls: string[] (connections spread round-robin over them), connections,
 *   warmupMs, durationMs, maxRequests, scenario }) and resolves to a `LoadReport` ({ ok, errors,
 *   statusCounts, latency { p50, p90, p99, max }, rps, windowMs, sent, cpuMs (the child's),
 *   sampleError, capped }). Scenarios (`ScenarioSpec`): `get` (any GET path, optionally with
 *   sessions signed in first: /healthz, /api/v1/me, /api/v1/users), `sign-in`, `change-password`,
 *   `recovery-start`, `recovery-send`. `child.burst(spec)` is the overload test (one sign-in per
 *   connection, all at once). `child.close()` ends it.
 * - Pure helpers (unit-tested in stats.test.ts): `summarise(latencies)`, `parseProcStatus(text)`,
 *   `parseChildren(text)`, `judgeAtLeast/judgeAtMost`; `aggregate(reports)` (report.ts) merges slices.
 */
export { seedDataDir, type Seeded, type SeedOptions } from './seed.js';
export { startServerProcess, freePort, configEnv, type ServerProcess, type ServerProcessOptions } from './server-process.js';
export { LoadChild } from './load.js';
export type { LoadSpec, LoadReport, ScenarioSpec, BurstSpec, BurstReport } from './protocol.js';
export { summarise, parseProcStatus, parseChildren, judgeAtLeast, judgeAtMost } from './stats.js';
export { processTreeRss } from './rss.js';
