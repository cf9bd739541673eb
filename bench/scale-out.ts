import { availableParallelism } from 'node:os';
import { createScratchDatabase } from '../e2e/support/nodes.js';
import { LoadChild, seedDataDir, startServerProcess, summarise, type LoadReport, type ScenarioSpec, type ServerProcess } from './lib/external/index.js';
import { settings } from './lib/settings.js';
import { round } from './lib/stats.js';
import type { Result } from './lib/types.js';
import { benchPostgres, cpuSeconds } from './scale-out/postgres.js';

const b = 'scale-out';
const NODE_COUNTS = [1, 2, 3] as const;
const quick = settings.quick;
/** The load generator setting: 32 connections, spread round-robin over the nodes under test. */
const s = {
  connections: 32,
  warmupMs: quick ? 500 : 2_000,
  durationMs: quick ? 2_000 : 8_000,
  maxRequests: 400_000,
  /** ABC then CBA: each node count measured `rounds` times, in both orders, so a drift of the machine's other load evens out. */
  rounds: quick ? 1 : 2,
  solveForRps: 5_000,
};

interface Point {
  ok: number;
  windowMs: number;
  errors: number;
  latencies: number[];
  /** Server CPU seconds per node during the windows (how evenly the load spread). */
  cpu: number[];
}

/**
 * Issue 16, "Scale-out proof": 1, 2 and 3 Latchkey nodes (each `latchkey serve`, one process,
 * LATCHKEY_WORKERS=1) on ONE PostgreSQL, with the external load generator (bench/lib/external, a
 * child process) spreading its connections over the nodes. Non-hash endpoints only (GET /healthz as
 * the baseline, GET /api/v1/me, POST /api/v1/recovery/flows with a solved CAPTCHA): hashing is
 * CPU-bound and scales with cores, not with nodes on one machine. Reports requests/s and p99 per
 * node count and the ratios over one node. On one machine the curve flattens at the cores: every
 * node, PostgreSQL and the load child share them (the note says how many there are).
 */
export async function run(): Promise<Result[]> {
  const pg = await benchPostgres();
  const database = await createScratchDatabase(pg.url, 'latchkey_bench_scale');
  const nodes: ServerProcess[] = [];
  let load: LoadChild | undefined;
  let seeded: Awaited<ReturnType<typeof seedDataDir>> | undefined;
  try {
    seeded = await seedDataDir({ users: 200, recoveryAccounts: 500, databaseUrl: database.url });
    const started = await Promise.allSettled(
      NODE_COUNTS.map((_, i) => startServerProcess({ env: seeded!.serverEnv, workers: 1, label: `node ${i}`, readyTimeoutMs: 120_000 })),
    );
    for (const r of started) if (r.status === 'fulfilled') nodes.push(r.value);
    const failed = started.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
    load = await LoadChild.start();
    const captcha = { secret: seeded.secret, maxNumber: seeded.captchaMaxNumber };
    const scenarios: [string, ScenarioSpec][] = [
      ['GET /healthz (baseline)', { kind: 'get', path: '/healthz' }],
      ['GET /api/v1/me', { kind: 'get', path: '/api/v1/me', sessions: { usernames: seeded.signIn, password: seeded.password, count: 32 } }],
      ['POST /api/v1/recovery/flows', { kind: 'recovery-start', names: seeded.eligible, captcha, solveForRps: s.solveForRps }],
    ];
    const results: Result[] = [];
    for (const [name, scenario] of scenarios) {
      const points = new Map<number, Point>(NODE_COUNTS.map((n) => [n, { ok: 0, windowMs: 0, errors: 0, latencies: [], cpu: Array<number>(n).fill(0) }]));
      const order = Array.from({ length: s.rounds }, (_, r) => (r % 2 === 0 ? [...NODE_COUNTS] : [...NODE_COUNTS].reverse())).flat();
      for (const n of order) {
        const under = nodes.slice(0, n);
        const cpuBefore = under.map((node) => cpuSeconds(node.pid));
        const report: LoadReport = await load.run({
          baseUrls: under.map((node) => node.baseUrl),
          connections: s.connections,
          warmupMs: s.warmupMs,
          durationMs: s.durationMs,
          maxRequests: s.maxRequests,
          scenario,
          prepareMaxMs: 120_000,
        });
        if (report.sampleError) throw new Error(`${name}, ${n} node(s): ${report.sampleError}`);
        const point = points.get(n)!;
        point.ok += report.ok;
        point.windowMs += report.windowMs;
        point.errors += report.errors;
        point.latencies.push(...report.latenciesMs);
        // The CPU of the whole run (warm-up and preparation included): for the spread, not the rate.
        under.forEach((node, i) => (point.cpu[i]! += cpuSeconds(node.pid) - cpuBefore[i]!));
      }
      const rps = (n: number) => (points.get(n)!.ok * 1000) / points.get(n)!.windowMs;
      for (const n of NODE_COUNTS) {
        const point = points.get(n)!;
        const latency = summarise(point.latencies);
        results.push({
          benchmark: b,
          metric: `${name}, ${n} node${n > 1 ? 's' : ''}: requests/s`,
          value: round(rps(n), 0),
          unit: 'req/s',
          note: `p99 ${round(latency.p99, 1)} ms, ${point.errors} errors, server CPU s per node ${point.cpu.map((c) => round(c, 1)).join(' / ')}`,
        });
      }
      for (const n of NODE_COUNTS.slice(1)) {
        const cores = availableParallelism();
        const metric = `${name}: ${n} nodes / 1 node`;
        if (!(rps(1) > 0)) {
          results.push({
            benchmark: b,
            metric,
            value: 0,
            unit: '×',
            note: 'no ratio: one node answered nothing inside the window (machine too busy; run without --quick)',
          });
          continue;
        }
        const ratio = rps(n) / rps(1);
        // Up to the cores the curve should rise; past them it can only hold (or fall).
        const judged = n <= cores ? { target: '> 1.0 (up to the cores)', pass: ratio > 1 } : {};
        results.push({
          benchmark: b,
          metric,
          value: round(ratio, 2),
          unit: '×',
          ...judged,
          note: `${cores} cores shared by every node, PostgreSQL and the load child`,
        });
      }
    }
    results.push({
      benchmark: b,
      metric: 'set-up',
      value: NODE_COUNTS.at(-1)!,
      unit: 'nodes',
      note: `one PostgreSQL (${pg.source}), LATCHKEY_WORKERS=1 per node, ${s.connections} connections round-robin over the nodes, ${s.rounds} round(s) of ${s.durationMs / 1000} s per point`,
    });
    return results;
  } finally {
    await load?.close();
    await Promise.all(nodes.map((node) => node.stop()));
    seeded?.remove();
    await database.drop();
    await pg.close();
  }
}
