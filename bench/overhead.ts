import http from 'node:http';
import { performance } from 'node:perf_hooks';
import type { PasswordHasher } from '../src/server/features/passwords/hasher.js';
import { HttpClient, runLoad } from './lib/http-load.js';
import { categorize, profileMainThread } from './lib/profile.js';
import { rawArgon2Rate } from './lib/raw-argon2.js';
import { BENCH_PASSWORD, startBenchServer } from './lib/server.js';
import { settings } from './lib/settings.js';
import { round } from './lib/stats.js';
import type { Result } from './lib/types.js';

/**
 * Where sign-in time goes besides argon2 (on demand: `npm run bench -- overhead`). The real
 * server runs with an instant hasher, so the main thread is the bottleneck and its cost per
 * sign-in shows; the same load against a bare node:http server gives the load generator's own
 * share. With a hash of `a` ms of CPU and `o` ms of other CPU per sign-in, the best ratio a
 * CPU-bound machine can reach is a / (a + o). A last, profiled run splits the main thread's time
 * into categories (SQLite, Kysely, crypto, helmet, metrics, logging, zod, …).
 */
export async function run(): Promise<Result[]> {
  const raw = await rawArgon2Rate();
  // CPU time, not wall time, per verification: what the hash costs whatever else runs on the machine.
  const argonCpuMs = raw.cpuMs / Math.max(1, raw.verifies);
  const results: Result[] = [];
  const b = 'overhead';
  const durationMs = settings.quick ? 1_500 : 5_000;
  const connections = settings.signIn.connections;

  const bare = await bareServerCost(connections, durationMs);
  results.push({
    benchmark: b,
    metric: 'load generator + bare node:http',
    value: round(bare, 3),
    unit: 'ms CPU/req',
    note: 'the client side of the benchmark, mostly',
  });

  let silentPerReq = Number.NaN;
  for (const logLevel of ['silent', 'info'] as const) {
    const server = await startBenchServer({ users: settings.signIn.users, logLevel, appHasher: instantHasher() });
    const client = new HttpClient(server.host, server.port, connections);
    try {
      const elu0 = performance.eventLoopUtilization();
      const load = await runLoad({
        client,
        path: '/api/v1/auth/sign-in',
        connections,
        warmupMs: 500,
        durationMs,
        maxRequests: 1_000_000,
        okStatus: 200,
        body: () => JSON.stringify({ username: server.usernames[Math.floor(Math.random() * server.usernames.length)], password: BENCH_PASSWORD }),
      });
      const elu = performance.eventLoopUtilization(elu0);
      const rps = load.ok / (load.windowMs / 1000);
      // CPU time, not 1000 / rps: on a machine shared with other work the wall clock lies.
      const cpuPerReq = load.cpuMs / Math.max(1, load.ok + load.errors);
      const perReq = cpuPerReq - bare;
      if (logLevel === 'silent') silentPerReq = perReq;
      results.push({
        benchmark: b,
        metric: `server per sign-in, no hash, log ${logLevel}`,
        value: round(perReq, 3),
        unit: 'ms CPU/req',
        note: `${round(rps, 0)} req/s with an instant hasher (${load.errors} errors); event loop ${round(elu.utilization * 100, 0)}% busy; process CPU ${round(cpuPerReq, 3)} ms/req incl. client`,
      });
      results.push({
        benchmark: b,
        metric: `best ratio at that cost, log ${logLevel}`,
        value: round(argonCpuMs / (argonCpuMs + perReq), 3),
        unit: '',
        note: `a / (a + o): argon2 a = ${round(argonCpuMs, 1)} ms CPU per verify, o = server CPU per sign-in (client excluded)`,
      });
    } finally {
      client.close();
      await server.close();
    }
  }
  results.push(...(await profiledBreakdown(silentPerReq, durationMs)));
  return results;
}

/** The instant-hasher load once more under the sampling profiler: shares of main-thread time. */
async function profiledBreakdown(serverMsPerReq: number, durationMs: number): Promise<Result[]> {
  const server = await startBenchServer({ users: settings.signIn.users, appHasher: instantHasher() });
  const client = new HttpClient(server.host, server.port, settings.signIn.connections);
  try {
    const body = () => JSON.stringify({ username: server.usernames[Math.floor(Math.random() * server.usernames.length)], password: BENCH_PASSWORD });
    const base = { client, path: '/api/v1/auth/sign-in', connections: settings.signIn.connections, maxRequests: 1_000_000, okStatus: 200, body };
    await runLoad({ ...base, warmupMs: 0, durationMs: 500 });
    const { value: load, profile } = await profileMainThread(() => runLoad({ ...base, warmupMs: 0, durationMs }));
    const shares = categorize(profile);
    const notServer = (c: string) => c.startsWith('(idle') || c.startsWith('profiler') || c.startsWith('load generator');
    const serverShare = shares.filter((x) => !notServer(x.category)).reduce((t, x) => t + x.share, 0);
    return shares
      .filter((x) => !notServer(x.category) && x.share >= 0.005)
      .map((x) => ({
        benchmark: 'overhead',
        metric: `main thread: ${x.category}`,
        value: round((100 * x.share) / serverShare, 1),
        unit: '%',
        note: `≈ ${round((serverMsPerReq * x.share) / serverShare, 3)} ms per sign-in (${load.ok} sign-ins profiled)`,
      }));
  } finally {
    client.close();
    await server.close();
  }
}

/** Accepts the seeded password for any user with a hash; costs nothing. */
function instantHasher(): PasswordHasher {
  return {
    params: { memoryKib: 19456, iterations: 2, parallelism: 1 },
    hash: async () => '$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaA',
    verify: async (stored, password) => ({ ok: stored !== null && password === BENCH_PASSWORD, needsRehash: false }),
  };
}

/** CPU ms per request of the load generator against a node:http server answering a sign-in-sized JSON. */
async function bareServerCost(connections: number, durationMs: number): Promise<number> {
  const body = JSON.stringify({
    user: { id: 'x'.repeat(26), userPrincipalName: 'user00001@contoso.example', displayName: 'Bench User 1', padding: 'x'.repeat(500) },
    passwordChangeRequired: false,
    passwordChangeReason: null,
    csrfToken: 'y'.repeat(43),
  });
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
      res.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const client = new HttpClient('127.0.0.1', port, connections);
  try {
    const load = await runLoad({
      client,
      path: '/',
      connections,
      warmupMs: 500,
      durationMs,
      maxRequests: 2_000_000,
      okStatus: 200,
      body: () => '{"username":"a","password":"b"}',
    });
    return load.cpuMs / Math.max(1, load.ok);
  } finally {
    client.close();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
