import { HttpClient, runLoad, statusSummary, type LoadResult } from './lib/http-load.js';
import { measureRawArgon2, type RawArgon2Rate } from './lib/raw-argon2.js';
import { startBenchServer } from './lib/server.js';
import { settings } from './lib/settings.js';
import { percentile, round } from './lib/stats.js';
import type { Result } from './lib/types.js';

const TARGET_RATIO = 0.9;

/**
 * Sign-in throughput: `POST /api/v1/auth/sign-in` with valid credentials of random seeded users
 * at 32 keep-alive connections against the real server on SQLite, as requests per second and as
 * a ratio over the raw argon2id rate (same parameters) measured in the same run.
 *
 * The raw rate and the sign-in load are measured in alternating slices (raw, sign-in, raw,
 * sign-in, …) with the server idle during each raw slice, so a neighbour that takes CPU for a few
 * seconds weighs on both sides instead of skewing the ratio.
 *
 * `--log-level=<level>` (e.g. `npm run bench -- sign-in --log-level=info`) runs the server with
 * that pino level writing to /dev/null, to see what logging costs; the default is `silent`.
 */
export async function run(): Promise<Result[]> {
  const logLevel = logLevelArg();
  const s = settings.signIn;
  const server = await startBenchServer({ users: s.users, logLevel });
  const client = new HttpClient(server.host, server.port, s.connections);
  const raws: RawArgon2Rate[] = [];
  const loads: LoadResult[] = [];
  try {
    const { usernames, password } = server;
    const load = (warmupMs: number, durationMs: number) =>
      runLoad({
        client,
        path: '/api/v1/auth/sign-in',
        connections: s.connections,
        warmupMs,
        durationMs,
        maxRequests: s.maxRequests,
        okStatus: 200,
        body: () => JSON.stringify({ username: usernames[Math.floor(Math.random() * usernames.length)], password }),
      });
    await load(0, s.initialWarmupMs);
    for (let i = 0; i < s.slices; i++) {
      // runLoad returns only once every request in flight has answered: the server is idle here.
      raws.push(await measureRawArgon2({ warmupMs: 0, durationMs: s.rawSliceMs }));
      loads.push(await load(s.sliceWarmupMs, s.sliceMs));
    }
  } finally {
    client.close();
    await server.close();
  }

  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  const rawVerifies = sum(raws.map((r) => r.verifies));
  const rawSeconds = sum(raws.map((r) => r.seconds));
  const rawCpuS = sum(raws.map((r) => r.cpuMs)) / 1000;
  const ok = sum(loads.map((l) => l.ok));
  const windowS = sum(loads.map((l) => l.windowMs)) / 1000;
  const loadCpuS = sum(loads.map((l) => l.cpuMs)) / 1000;
  const errors = sum(loads.map((l) => l.errors));
  const rawRate = rawVerifies / rawSeconds;
  const rps = ok / windowS;
  const ratio = rps / rawRate;
  const sliceRatios = loads.map((l, i) => l.ok / (l.windowMs / 1000) / raws[i]!.perSecond);
  // Per CPU-second of this process (every thread): insensitive to how much CPU other work on the
  // machine left us, so it separates our own overhead from a noisy neighbour.
  const rawPerCpuS = rawVerifies / rawCpuS;
  const signInPerCpuS = ok / loadCpuS;
  const cpuRatio = signInPerCpuS / rawPerCpuS;
  const rawCores = rawCpuS / rawSeconds;
  const concurrency = raws[0]?.concurrency ?? 1;
  // Less than ~one core per verify in flight: something else was using the CPU.
  const contended = rawCores < 0.9 * concurrency;
  const lat = loads.flatMap((l) => l.latenciesMs);
  const { statuses, sampleError } = statusSummary(loads);
  const p = raws[0]?.params;
  const b = 'sign-in';
  const suffix = logLevel === 'silent' ? '' : ` [log ${logLevel}]`;
  return [
    {
      benchmark: b,
      metric: `requests/s (${s.connections} conns)${suffix}`,
      value: round(rps, 1),
      unit: '/s',
      note: `${ok} OK in ${round(windowS, 1)} s over ${loads.length} slices; ${s.users} users seeded`,
    },
    {
      benchmark: b,
      metric: 'raw argon2id verifications/s (interleaved)',
      value: round(rawRate, 1),
      unit: '/s',
      note: `${rawVerifies} verifies in ${round(rawSeconds, 1)} s, ${concurrency} concurrent${p ? `, m=${p.memoryKib} t=${p.iterations} p=${p.parallelism}` : ''}`,
    },
    {
      benchmark: b,
      metric: `ratio sign-in / raw argon2id${suffix}`,
      value: round(ratio, 3),
      unit: '',
      target: `>= ${TARGET_RATIO}`,
      pass: ratio >= TARGET_RATIO,
      note: `slices ${sliceRatios.map((r) => round(r, 2)).join(', ')}${contended ? '; CPU CONTENDED, see per-CPU-second ratio' : ''}`,
    },
    {
      benchmark: b,
      metric: `ratio per CPU-second${suffix}`,
      value: round(cpuRatio, 3),
      unit: '',
      target: `>= ${TARGET_RATIO}`,
      pass: cpuRatio >= TARGET_RATIO,
      note: `${round(signInPerCpuS, 1)} sign-ins vs ${round(rawPerCpuS, 1)} verifies per CPU-s; cores used: sign-in ${round(loadCpuS / windowS, 2)}, raw ${round(rawCores, 2)}`,
    },
    { benchmark: b, metric: `latency p50${suffix}`, value: round(percentile(lat, 50), 1), unit: 'ms' },
    { benchmark: b, metric: `latency p95${suffix}`, value: round(percentile(lat, 95), 1), unit: 'ms' },
    { benchmark: b, metric: `latency p99${suffix}`, value: round(percentile(lat, 99), 1), unit: 'ms' },
    {
      benchmark: b,
      metric: `errors (non-200)${suffix}`,
      value: errors,
      unit: '',
      target: '0',
      pass: errors === 0,
      note: errors ? `statuses: ${statuses}; first: ${sampleError ?? ''}` : `statuses: ${statuses}`,
    },
  ];
}

function logLevelArg(): 'silent' | 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' {
  const arg = process.argv.find((a) => a.startsWith('--log-level='));
  const level = arg?.slice('--log-level='.length) ?? 'silent';
  const levels = ['silent', 'fatal', 'error', 'warn', 'info', 'debug', 'trace'] as const;
  const found = levels.find((l) => l === level);
  if (!found) throw new Error(`--log-level: expected one of ${levels.join(', ')}`);
  return found;
}
