/**
 * Issue 16, "measure from outside": the server runs in its own process (`latchkey serve`, the
 * real CLI), the load generator in another (`bench/lib/external/load-child.ts`), and this process
 * only seeds, measures the raw argon2id rate while the server is idle, reads the server's RSS from
 * /proc and judges. Every issue-16 target is one row with PASS/FAIL and the ratio over a baseline
 * measured in the same run: the raw argon2id rate for the hash endpoints, `/healthz` for the others.
 *
 * `npm run bench -- external [--quick] [--workers N]`: `--workers N` starts the server with
 * LATCHKEY_WORKERS=N (without it the server's own default applies).
 */
import {
  seedDataDir,
  startServerProcess,
  LoadChild,
  type LoadReport,
  type LoadSpec,
  type ScenarioSpec,
  type Seeded,
  type ServerProcess,
} from './lib/external/index.js';
import { overloadRows } from './lib/external/overload.js';
import { aggregate, BENCHMARK, scenarioRows } from './lib/external/report.js';
import { judgeAtLeast, judgeAtMost } from './lib/external/stats.js';
import { measureRawArgon2, type RawArgon2Rate } from './lib/raw-argon2.js';
import { settings } from './lib/settings.js';
import { round } from './lib/stats.js';
import type { Result } from './lib/types.js';

/** Better Auth's reset request from outside (issue 16's table), 559 req/s; the non-hash target is 5× it. */
const BETTER_AUTH_RESET_RPS = 559;
const NON_HASH_TARGET = 5 * BETTER_AUTH_RESET_RPS;

export async function run(): Promise<Result[]> {
  const s = settings.external;
  const workers = workersArg();
  const seeded = await seedDataDir({ users: s.users, recoveryAccounts: s.recoveryAccounts, directoryUsers: s.directoryUsers });
  let server: ServerProcess | undefined;
  let child: LoadChild | undefined;
  try {
    const started = performance.now();
    server = await startServerProcess({ env: seeded.serverEnv, ...(workers ? { workers } : {}) });
    const startSeconds = (performance.now() - started) / 1000;
    child = await LoadChild.start();
    const results = await measure(server, child, seeded);
    const rss = server.rss();
    results.unshift({
      benchmark: BENCHMARK,
      metric: 'server peak RSS (whole run)',
      value: round((server.peakRssMib * 1_048_576) / 1_000_000, 0),
      unit: 'MB',
      note: `VmHWM summed over ${rss.processes.length} process(es) at the end (${rss.peaks.join(', ')}); ${workers ? `LATCHKEY_WORKERS=${workers}` : 'LATCHKEY_WORKERS not set'}; ${seeded.totalUsers} users seeded in ${round(seeded.seedSeconds, 1)} s; server ready in ${round(startSeconds, 1)} s`,
    });
    return results;
  } finally {
    await child?.close();
    await server?.stop();
    seeded.remove();
  }
}

async function measure(server: ServerProcess, child: LoadChild, seeded: Seeded): Promise<Result[]> {
  const s = settings.external;
  const spec = (scenario: ScenarioSpec, warmupMs = s.sliceWarmupMs, durationMs = s.sliceMs): LoadSpec => ({
    baseUrls: [server.baseUrl],
    connections: s.connections,
    warmupMs,
    durationMs,
    maxRequests: s.maxRequests,
    scenario,
  });
  const healthz: ScenarioSpec = { kind: 'get', path: '/healthz' };
  const signIn: ScenarioSpec = { kind: 'sign-in', usernames: seeded.signIn, password: seeded.password };
  const captcha = { secret: seeded.secret, maxNumber: seeded.captchaMaxNumber };
  const fail = (name: string) => (r: LoadReport) => {
    if (!server.alive()) throw new Error(`the server died during ${name}: ${server.output().slice(-1_000)}`);
    return r;
  };
  await child.run(spec(healthz, 0, s.initialWarmupMs / 2));
  await child.run(spec(signIn, 0, s.initialWarmupMs));

  /** Hash scenarios: raw argon2 slice (server idle), then a load slice, `slices` times. */
  const hashSlices = async (name: string, scenario: ScenarioSpec) => {
    const raws: RawArgon2Rate[] = [];
    const loads: LoadReport[] = [];
    for (let i = 0; i < s.slices; i++) {
      raws.push(await measureRawArgon2({ warmupMs: 0, durationMs: s.rawSliceMs }));
      loads.push(await child.run(spec(scenario)).then(fail(name)));
    }
    const raw = raws.reduce((t, r) => t + r.verifies, 0) / raws.reduce((t, r) => t + r.seconds, 0);
    return { raw, load: aggregate(loads) };
  };
  /** Non-hash scenarios: a /healthz slice, then a load slice, `slices` times. */
  const healthzAll: LoadReport[] = [];
  const nonHashSlices = async (name: string, scenario: ScenarioSpec) => {
    const bases: LoadReport[] = [];
    const loads: LoadReport[] = [];
    for (let i = 0; i < s.slices; i++) {
      bases.push(await child.run(spec(healthz, s.sliceWarmupMs, s.baselineMs)).then(fail('healthz')));
      loads.push(await child.run(spec(scenario)).then(fail(name)));
    }
    healthzAll.push(...bases);
    return { healthz: aggregate(bases).rps, load: aggregate(loads) };
  };

  const results: Result[] = [];
  const nonHash = (name: string, r: { healthz: number; load: ReturnType<typeof aggregate> }, min: number, p99Max?: number, why = '') =>
    results.push(
      ...scenarioRows({
        name,
        load: r.load,
        figure: {
          metric: 'requests/s',
          value: r.load.rps,
          unit: '/s',
          judgement: judgeAtLeast(r.load.rps, min),
          note: `${r.load.ok} OK in ${round(r.load.windowS, 1)} s${why}`,
        },
        baseline: { label: 'GET /healthz', value: r.healthz, unit: '/s' },
        ...(p99Max !== undefined ? { p99: judgeAtMost(r.load.latency.p99, p99Max, 'ms') } : {}),
      }),
    );

  const si = await hashSlices('sign-in', signIn);
  const siRatio = si.load.rps / si.raw;
  results.push(
    ...scenarioRows({
      name: 'sign-in',
      load: si.load,
      figure: {
        metric: 'ratio over raw argon2id',
        value: siRatio,
        unit: '',
        judgement: judgeAtLeast(siRatio, 0.92),
        note: `${round(si.load.rps, 1)} sign-ins/s`,
      },
      baseline: { label: 'raw argon2id verifies/s', value: si.raw, unit: '/s' },
    }),
  );
  const cp = await hashSlices('change-password', {
    kind: 'change-password',
    usernames: seeded.change,
    password: seeded.password,
    sessionsPerSecond: s.changeSessionsPerSecond,
  });
  const cpRatio = cp.load.rps / (cp.raw / 2);
  results.push(
    ...scenarioRows({
      name: 'change-password',
      load: cp.load,
      figure: {
        metric: 'ratio over raw/2',
        value: cpRatio,
        unit: '',
        judgement: judgeAtLeast(cpRatio, 0.9),
        note: `${round(cp.load.rps, 1)} changes/s (a verify and a hash each; sessions signed in before each slice)`,
      },
      baseline: { label: 'raw argon2id verifies/s', value: cp.raw, unit: '/s' },
    }),
  );

  nonHash(
    'recovery-start',
    await nonHashSlices('recovery-start', { kind: 'recovery-start', names: seeded.eligible, captcha, solveForRps: s.solveForRps }),
    2_500,
    20,
  );
  nonHash(
    'recovery-send',
    await nonHashSlices('recovery-send', {
      kind: 'recovery-send',
      names: seeded.eligible,
      captcha,
      flows: s.sendFlowsPerSlice,
      maxSendsPerName: s.maxSendsPerName,
    }),
    NON_HASH_TARGET,
    undefined,
    `; target 5 × Better Auth's reset request (${BETTER_AUTH_RESET_RPS}/s)`,
  );
  const me = await nonHashSlices('me', { kind: 'get', path: '/api/v1/me', sessions: { usernames: seeded.signIn, password: seeded.password, count: 16 } });
  nonHash('GET /api/v1/me', me, NON_HASH_TARGET, undefined, `; target 5 × Better Auth's reset request (${BETTER_AUTH_RESET_RPS}/s)`);
  const list = await nonHashSlices('users-list', {
    kind: 'get',
    path: '/api/v1/users?limit=100',
    sessions: { usernames: [seeded.admin], password: seeded.password, count: 4 },
  });
  nonHash(`GET /api/v1/users?limit=100 (${seeded.totalUsers} users)`, list, 1_000, 50, '; a User Administrator, 4 sessions');

  const base = aggregate(healthzAll);
  results.unshift({
    benchmark: BENCHMARK,
    metric: `baseline GET /healthz requests/s (${s.connections} conns)`,
    value: round(base.rps, 1),
    unit: '/s',
    note: `every non-hash slice's neighbour; p99 ${round(base.latency.p99, 1)} ms; ${base.errors} errors; load child CPU ${round(base.childCpuMsPerRequest, 3)} ms/request`,
  });
  const o = s.overload;
  results.push(
    ...(await overloadRows({
      server,
      child,
      usernames: seeded.signIn,
      password: seeded.password,
      connections: o.connections,
      timeoutMs: o.timeoutMs,
      recoveryMaxMs: o.recoveryMaxMs,
      healthzRps: base.rps,
    })),
  );
  return results;
}

/** `--workers N`: LATCHKEY_WORKERS for the server (`--workers=N` is bulk-reset's job-runner option). */
function workersArg(): number | undefined {
  const i = process.argv.indexOf('--workers');
  if (i < 0) return undefined;
  const n = Number(process.argv[i + 1]);
  if (!Number.isInteger(n) || n < 1) throw new Error('--workers: expected a whole number of server processes, at least 1');
  return n;
}
