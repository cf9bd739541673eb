import SQLite from 'better-sqlite3';
import { HttpClient, runLoad, statusSummary, type LoadResult } from './lib/http-load.js';
import { sampledProfile } from './lib/recovery-profile.js';
import { startRecoveryServer, type RecoveryBenchServer } from './lib/recovery.js';
import { settings } from './lib/settings.js';
import { median, percentile, round } from './lib/stats.js';
import type { Result } from './lib/types.js';

// Issue 16: at least 2,500 requests/s with p99 <= 20 ms, measured from outside (about 4.5 x Better Auth's reset request).
const TARGET_RPS = 2_500;
const TARGET_P99_MS = 20;
const PATH = '/api/v1/recovery/flows';

/**
 * Reset portal throughput: the first step, `POST /api/v1/recovery/flows`, at 32 keep-alive
 * connections against the real server on SQLite (127.0.0.1, port 0), half of the names unknown
 * (each a new one) and half seeded accounts of the four existing classes, each request with its
 * own CAPTCHA solved before its slice (solving is not timed). The baseline is the same server's
 * `GET /healthz` at the same concurrency through the same load generator, in slices alternating
 * with the flow slices, so both share whatever else the machine is doing.
 *
 * `--profile` (`npm run bench -- recovery-throughput --profile`) adds where the time goes: every
 * SQLite statement a start runs (count per request, µs of execution each), over requests one at a
 * time, and the server's main thread at 32 connections under the V8 sampling profiler by category.
 */
export async function run(): Promise<Result[]> {
  const s = settings.recoveryThroughput;
  const profile = process.argv.includes('--profile');
  const server = await startRecoveryServer(s.perClass);
  const client = new HttpClient(server.host, server.port, s.connections);
  const flows: LoadResult[] = [];
  const baselines: LoadResult[] = [];
  let capped = 0;
  let cappedSlices: number;
  let eligibility: string;
  const extra: Result[] = [];
  try {
    const existing = [server.names.eligible, server.names.disabled, server.names.outOfScope, server.names.unregistered].flat();
    let unknown = 0;
    const username = (i: number) =>
      i % 2 === 0 ? `nobody.t${String(unknown++).padStart(6, '0')}@contoso.example` : existing[Math.floor(Math.random() * existing.length)]!;
    // One solution per request, solved while the server is idle; the cap ends a slice early if the server outruns it.
    const solveFor = (warmupMs: number, durationMs: number) => server.solveCaptchas(Math.ceil((s.solveForRps * (warmupMs + durationMs)) / 1000));
    const flowLoadWith = async (captchas: string[], warmupMs: number, durationMs: number) => {
      const load = await runLoad({
        client,
        path: PATH,
        connections: s.connections,
        warmupMs,
        durationMs,
        maxRequests: captchas.length,
        okStatus: 201,
        body: (i) => JSON.stringify({ username: username(i), captcha: captchas[i]! }),
      });
      if (load.sent >= captchas.length) capped++;
      return load;
    };
    const flowLoad = async (warmupMs: number, durationMs: number) => flowLoadWith(await solveFor(warmupMs, durationMs), warmupMs, durationMs);
    const healthLoad = (warmupMs: number, durationMs: number) =>
      runLoad({
        client,
        method: 'GET',
        path: '/healthz',
        connections: s.connections,
        warmupMs,
        durationMs,
        maxRequests: 10_000_000,
        okStatus: 200,
        body: () => '',
      });

    await healthLoad(0, s.initialWarmupMs / 2);
    await flowLoad(0, s.initialWarmupMs);
    capped = 0;
    for (let i = 0; i < s.slices; i++) {
      // runLoad returns once every request in flight has answered: each slice starts on an idle server.
      baselines.push(await healthLoad(s.sliceWarmupMs, s.baselineMs));
      flows.push(await flowLoad(s.sliceWarmupMs, s.sliceMs));
    }
    eligibility = (await server.flowsByEligibility()).text;
    cappedSlices = capped;
    if (profile)
      extra.push(
        ...(await statementCensus(server, s.censusRequests, username)),
        ...(await sampledProfile(await solveFor(0, s.sliceMs), (captchas) => flowLoadWith(captchas, 0, s.sliceMs))),
      );
  } finally {
    client.close();
    await server.close();
  }

  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  const ok = sum(flows.map((l) => l.ok));
  const all = sum(flows.map((l) => l.ok + l.errors));
  const windowS = sum(flows.map((l) => l.windowMs)) / 1000;
  const rps = ok / windowS;
  const baseOk = sum(baselines.map((l) => l.ok));
  const baseS = sum(baselines.map((l) => l.windowMs)) / 1000;
  const baseRps = baseOk / baseS;
  const cpuPerFlow = sum(flows.map((l) => l.cpuMs)) / Math.max(1, all);
  const cpuPerHealth = sum(baselines.map((l) => l.cpuMs)) / Math.max(1, sum(baselines.map((l) => l.ok + l.errors)));
  const lat = flows.flatMap((l) => l.latenciesMs);
  const p99 = percentile(lat, 99);
  const errors = sum(flows.map((l) => l.errors));
  const { statuses, sampleError } = statusSummary(flows);
  const b = 'recovery-throughput';
  return [
    {
      benchmark: b,
      metric: `POST /recovery/flows requests/s (${s.connections} conns)`,
      value: round(rps, 1),
      unit: '/s',
      target: `>= ${TARGET_RPS}`,
      pass: rps >= TARGET_RPS && errors === 0,
      note: `${ok} × 201 in ${round(windowS, 1)} s over ${flows.length} slices (${flows.map((l) => round(l.ok / (l.windowMs / 1000), 0)).join(', ')}); half unknown names, half of ${4 * s.perClass} seeded accounts${cappedSlices ? `; CAPTCHA supply ran out in ${cappedSlices} slice(s), window shortened` : ''}`,
    },
    {
      benchmark: b,
      metric: `baseline GET /healthz requests/s (${s.connections} conns)`,
      value: round(baseRps, 1),
      unit: '/s',
      note: `same server, same load generator, slices interleaved (${baselines.map((l) => round(l.ok / (l.windowMs / 1000), 0)).join(', ')}); ${sum(baselines.map((l) => l.errors))} non-200; cores used ${round(sum(baselines.map((l) => l.cpuMs)) / 1000 / baseS, 2)}`,
    },
    {
      benchmark: b,
      metric: 'ratio flows / healthz',
      value: round(rps / baseRps, 3),
      unit: '',
      note: 'the load generator shares the event loop with the server: healthz is the ceiling of this setup',
    },
    {
      benchmark: b,
      metric: 'process CPU per request: flows / healthz',
      value: round(cpuPerFlow, 3),
      unit: 'ms',
      note: `healthz ${round(cpuPerHealth, 3)} ms (load generator included in both); a start costs ${round(cpuPerFlow - cpuPerHealth, 3)} ms more than a trivial route; cores used ${round(sum(flows.map((l) => l.cpuMs)) / 1000 / windowS, 2)}`,
    },
    {
      benchmark: b,
      metric: 'latency p50',
      value: round(percentile(lat, 50), 1),
      unit: 'ms',
      note: `p95 ${round(percentile(lat, 95), 1)} ms, max ${round(Math.max(...lat), 1)} ms`,
    },
    { benchmark: b, metric: 'latency p99', value: round(p99, 1), unit: 'ms', target: `<= ${TARGET_P99_MS} ms`, pass: p99 <= TARGET_P99_MS },
    {
      benchmark: b,
      metric: 'errors (non-201)',
      value: errors,
      unit: '',
      target: '0',
      pass: errors === 0,
      note: `${errors ? `statuses: ${statuses}; first: ${sampleError ?? ''}` : `statuses: ${statuses}`}; flows recorded: ${eligibility}`,
    },
    ...extra,
  ];
}

type Census = Map<string, { n: number; ns: bigint; max: bigint; each: number[] }>;

/**
 * Counts and times every SQLite statement the server runs (better-sqlite3's `run`/`all`/`get`
 * wrapped on the shared Statement prototype, `prepare` on the Database's) while `n` starts go
 * one at a time on one connection. Execution time only: Kysely's query building is not in it.
 */
async function statementCensus(server: RecoveryBenchServer, n: number, username: (i: number) => string): Promise<Result[]> {
  const captchas = await server.solveCaptchas(n);
  const one = new HttpClient(server.host, server.port, 1);
  const probe = new SQLite(':memory:');
  type Fn = (...args: unknown[]) => unknown;
  const stmtProto = Object.getPrototypeOf(probe.prepare('select 1')) as Record<'run' | 'all' | 'get', Fn>;
  const dbProto = SQLite.prototype as unknown as Record<'prepare', Fn>;
  probe.close();
  const census: Census = new Map();
  const originals = { run: stmtProto.run, all: stmtProto.all, get: stmtProto.get };
  const originalPrepare = dbProto.prepare;
  const record = (sqlText: string, t0: bigint) => {
    const e = census.get(sqlText) ?? { n: 0, ns: 0n, max: 0n, each: [] };
    const took = process.hrtime.bigint() - t0;
    e.each.push(Number(took) / 1e3);
    e.n++;
    e.ns += took;
    if (took > e.max) e.max = took;
    census.set(sqlText, e);
  };
  const latencies: number[] = [];
  let failed = 0;
  try {
    for (const name of ['run', 'all', 'get'] as const) {
      const original = originals[name];
      stmtProto[name] = function (this: { source: string }, ...args: unknown[]) {
        const t0 = process.hrtime.bigint();
        try {
          return original.apply(this, args);
        } finally {
          record(this.source, t0);
        }
      };
    }
    dbProto.prepare = function (this: unknown, ...args: unknown[]) {
      const t0 = process.hrtime.bigint();
      try {
        return originalPrepare.apply(this, args);
      } finally {
        record(`(prepare) ${String(args[0])}`, t0);
      }
    };
    for (let i = 0; i < n; i++) {
      const ex = await one.post(PATH, JSON.stringify({ username: username(i), captcha: captchas[i]! }));
      if (ex.status !== 201) failed++;
      latencies.push(ex.latencyMs);
    }
  } finally {
    Object.assign(stmtProto, originals);
    dbProto.prepare = originalPrepare;
    one.close();
  }
  // Statements of the server's background jobs (outbox and job pollers) run now and then: one row for all of them.
  const all = [...census].sort((a, b) => Number(b[1].ns - a[1].ns));
  const rows = all.filter(([, e]) => e.n / n >= 0.05);
  const rare = all.filter(([, e]) => e.n / n < 0.05);
  const perReq = (x: number) => x / n;
  const totalN = rows.reduce((t, [, e]) => t + e.n, 0);
  const totalMs = rows.reduce((t, [, e]) => t + Number(e.ns) / 1e6, 0);
  const short = (sqlText: string) => sqlText.replace(/\s+/g, ' ').replace(/"/g, '').slice(0, 110);
  return [
    {
      benchmark: 'recovery-throughput',
      metric: 'profile: SQLite statements per start',
      value: round(perReq(totalN), 2),
      unit: '',
      note: `${round(perReq(totalMs), 3)} ms (mean) of SQLite execution per start, of a median ${round(median(latencies), 2)} ms (one connection, ${n} starts, half unknown, ${failed} non-201)`,
    },
    ...rows.map(([sqlText, e]) => ({
      benchmark: 'recovery-throughput',
      metric: `profile: ${short(sqlText)}`,
      value: round(Number(e.ns) / 1e3 / e.n, 1),
      unit: 'µs mean',
      note: `${round(perReq(e.n), 2)} per start; median ${round(median(e.each), 1)} µs, p90 ${round(percentile(e.each, 90), 1)} µs, slowest ${round(Number(e.max) / 1e3, 0)} µs; ${round(Number(e.ns) / 1e3 / n, 1)} µs per start`,
    })),
    ...(rare.length
      ? [
          {
            benchmark: 'recovery-throughput',
            metric: `profile: ${rare.length} other statements (background pollers)`,
            value: round(rare.reduce((t, [, e]) => t + Number(e.ns), 0) / 1e3 / n, 1),
            unit: 'µs/start',
            note: rare.map(([q, e]) => `${short(q).slice(0, 40)}… ×${e.n}`).join('; '),
          },
        ]
      : []),
  ];
}
