import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { buildApp } from '../src/server/app.js';
import { newId } from '../src/server/core/crypto.js';
import { cpuWindow } from './lib/http-load.js';
import { openBenchRuntime, seedDirectory } from './lib/directory.js';
import { adminMfaOff, rawSigningPerSecond, registerApp } from './lib/graph-setup.js';
import { settings } from './lib/settings.js';
import { percentile, round } from './lib/stats.js';
import type { Result } from './lib/types.js';

/*
 * The Graph surface at 100,000 users (issue 15; on demand: `npm run bench -- graph`). Over HTTP on
 * 127.0.0.1, every figure beside a baseline measured in the same run:
 *   GET /graph/v1.0/users?$top=100 with an app token   vs  GET /api/v1/users?limit=100 as a signed-in admin
 *   $search="displayName:…" (ConsistencyLevel: eventual) vs  /api/v1/users?search=…          (target p99 < 50 ms)
 *   paging through @odata.nextLink                      vs  the admin API's cursor
 *   client-credentials tokens per second                vs  raw RS256 signing with jose in this process
 * The server has no request limits here (token and sign-in limits off); loops are bounded in count and time.
 */

const t = (ms: number) => (settings.quick ? Math.round(ms / 4) : ms);
const S = { users: 100_000, connections: 8, warmupMs: t(1_000), durationMs: t(5_000), maxRequests: 200_000, searches: settings.quick ? 60 : 200, pages: 200 };
const ADMIN = 'graph.bench.admin@contoso.example';
const PASSWORD = 'Bench-correct-horse-battery-staple-42';
const TARGET_SEARCH_P99_MS = 50;
const b = 'graph';

interface Exchange {
  status: number;
  ms: number;
  body: string;
}

/** One request on a keep-alive agent (no TLS: the application is measured, not the handshake). */
function exchange(agent: http.Agent, port: number, method: 'GET' | 'POST', path: string, headers: Record<string, string>, body?: string): Promise<Exchange> {
  return new Promise((resolve) => {
    const started = performance.now();
    const req = http.request({ host: '127.0.0.1', port, method, path, agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - started, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', () => resolve({ status: 0, ms: performance.now() - started, body: '' }));
    });
    req.setTimeout(30_000, () => req.destroy(new Error('timeout')));
    req.on('error', () => resolve({ status: 0, ms: performance.now() - started, body: '' }));
    req.end(body);
  });
}

interface Load {
  perSecond: number;
  p50: number;
  p99: number;
  errors: number;
  sample?: string;
  cpuMsPerOk: number;
}

/** Closed loop: `connections` loops send, wait, send again; only exchanges ending inside the measured window count. */
async function closedLoop(connections: number, call: () => Promise<Exchange>, okStatus = 200): Promise<Load> {
  const start = performance.now();
  const windowStart = start + S.warmupMs;
  const windowEnd = windowStart + S.durationMs;
  const latencies: number[] = [];
  let ok = 0;
  let errors = 0;
  let sent = 0;
  let sample: string | undefined;
  const cpu = cpuWindow(S.warmupMs, S.warmupMs + S.durationMs);
  const loop = async () => {
    while (performance.now() < windowEnd && sent < S.maxRequests) {
      sent++;
      const x = await call();
      const done = performance.now();
      if (done < windowStart || done > windowEnd) continue;
      latencies.push(x.ms);
      if (x.status === okStatus) ok++;
      else {
        errors++;
        sample ??= `${x.status} ${x.body.slice(0, 200)}`;
      }
    }
  };
  await Promise.all(Array.from({ length: connections }, loop));
  const cpuMs = cpu.stop();
  return {
    perSecond: ok / (S.durationMs / 1000),
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    errors,
    sample,
    cpuMsPerOk: cpuMs / Math.max(1, ok),
  };
}

/** One request at a time over `items`; latencies of the 200s. */
async function oneByOne<T>(items: readonly T[], call: (item: T) => Promise<Exchange>): Promise<{ times: number[]; errors: number; sample?: string }> {
  const times: number[] = [];
  let errors = 0;
  let sample: string | undefined;
  const started = performance.now();
  for (const item of items) {
    if (performance.now() - started > t(40_000)) break;
    const x = await call(item);
    if (x.status === 200) times.push(x.ms);
    else {
      errors++;
      sample ??= `${x.status} ${x.body.slice(0, 200)}`;
    }
  }
  return { times, errors, sample };
}

const ratioNote = (graph: number, base: number) => `ratio ${round(graph / base, 3)} of the baseline`;

/** Seeds, serves and measures (see the comment at the top). */
export async function run(): Promise<Result[]> {
  const bench = await openBenchRuntime({
    port: 0,
    host: '127.0.0.1',
    rateLimitSignInPerIp: 0,
    rateLimitSignInPerAccount: 0,
    rateLimitTokenPerClient: 0,
    rateLimitTokenPerIp: 0,
    // Graph's per-app throttle (429 beyond it) would be measured instead of the surface.
    graphRequestsPerAppPerMinute: 0,
  });
  const { runtime, config } = bench;
  const results: Result[] = [];
  const agent = new http.Agent({ keepAlive: true, maxSockets: S.connections, maxFreeSockets: S.connections });
  try {
    const seedStarted = performance.now();
    const users = await seedDirectory(runtime, S.users, null, 15);
    await runtime.repos.users.insert({
      id: newId(),
      userPrincipalName: ADMIN,
      displayName: 'Graph Bench Admin',
      mail: ADMIN,
      accountEnabled: true,
      passwordHash: await runtime.hasher.hash(PASSWORD),
      forceChangePassword: false,
      roles: ['user-administrator'],
      now: runtime.clock.now(),
    });
    const creds = await registerApp(runtime);
    await adminMfaOff(runtime);
    const seedSeconds = (performance.now() - seedStarted) / 1000;
    const tenant = (await runtime.repos.organization.get())!.id;

    const built = await buildApp({ config, db: runtime.db, hasher: runtime.hasher, secret: runtime.secret, clock: runtime.clock });
    try {
      await built.app.listen({ host: '127.0.0.1', port: 0 });
      const port = (built.app.server.address() as { port: number }).port;
      const get = (path: string, headers: Record<string, string>) => exchange(agent, port, 'GET', path, { accept: 'application/json', ...headers });

      // Credentials: a session cookie for the admin API, a client-credentials token for Graph.
      const cookieRes = await fetch(`http://127.0.0.1:${port}/api/v1/auth/sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: ADMIN, password: PASSWORD }),
      });
      if (cookieRes.status !== 200) throw new Error(`sign-in: ${cookieRes.status} ${await cookieRes.text()}`);
      const cookie = cookieRes.headers
        .getSetCookie()
        .map((c) => c.split(';')[0])
        .join('; ');
      const tokenForm = new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: creds.clientId,
        client_secret: creds.clientSecret,
        scope: 'https://graph.microsoft.com/.default',
      }).toString();
      const tokenPath = `/${tenant}/oauth2/v2.0/token`;
      const tokenCall = () => exchange(agent, port, 'POST', tokenPath, { 'content-type': 'application/x-www-form-urlencoded' }, tokenForm);
      const first = await tokenCall();
      if (first.status !== 200) throw new Error(`token: ${first.status} ${first.body}`);
      const bearer = { authorization: `Bearer ${(JSON.parse(first.body) as { access_token: string }).access_token}` };
      const session = { cookie };

      // 1. List throughput and latency, 8 connections.
      const apiList = await closedLoop(S.connections, () => get('/api/v1/users?limit=100', session));
      const graphList = await closedLoop(S.connections, () => get('/graph/v1.0/users?$top=100', bearer));
      results.push(
        {
          benchmark: b,
          metric: `admin API GET /api/v1/users?limit=100 (baseline, ${S.users} users)`,
          value: round(apiList.perSecond, 1),
          unit: 'req/s',
          note: `p50 ${round(apiList.p50, 1)} ms, p99 ${round(apiList.p99, 1)} ms, ${S.connections} connections; ${apiList.errors} errors; seeded in ${round(seedSeconds, 1)} s`,
        },
        {
          benchmark: b,
          metric: 'Graph GET /users?$top=100 (app token)',
          value: round(graphList.perSecond, 1),
          unit: 'req/s',
          note: `${ratioNote(graphList.perSecond, apiList.perSecond)}; ${round(graphList.cpuMsPerOk, 2)} ms CPU/req vs ${round(apiList.cpuMsPerOk, 2)}; ${graphList.errors} errors${graphList.sample ? ` (${graphList.sample})` : ''}`,
        },
        {
          benchmark: b,
          metric: 'Graph GET /users?$top=100 p99',
          value: round(graphList.p99, 1),
          unit: 'ms',
          note: `p50 ${round(graphList.p50, 1)} ms; baseline p99 ${round(apiList.p99, 1)} ms`,
        },
      );

      // 2. Search, one request at a time (latency, not throughput).
      const terms = Array.from({ length: S.searches }, (_, i) => users[(i * 7919) % users.length]!.displayName.split(' ')[0]!.slice(0, 3 + (i % 3)));
      const apiSearch = await oneByOne(terms, (term) => get(`/api/v1/users?search=${encodeURIComponent(term)}&limit=100`, session));
      const graphSearch = await oneByOne(terms, (term) =>
        get(`/graph/v1.0/users?$search=${encodeURIComponent(`"displayName:${term}"`)}&$top=100&$count=true`, { ...bearer, consistencylevel: 'eventual' }),
      );
      const searchP99 = percentile(graphSearch.times, 99);
      results.push(
        {
          benchmark: b,
          metric: 'admin API search p99 (baseline)',
          value: round(percentile(apiSearch.times, 99), 2),
          unit: 'ms',
          note: `${apiSearch.times.length} terms; ${apiSearch.errors} errors`,
        },
        {
          benchmark: b,
          metric: 'Graph $search="displayName:…" p99',
          value: round(searchP99, 2),
          unit: 'ms',
          target: `< ${TARGET_SEARCH_P99_MS} ms`,
          pass: graphSearch.errors === 0 && searchP99 < TARGET_SEARCH_P99_MS,
          note: `p50 ${round(percentile(graphSearch.times, 50), 2)} ms, with $count; ${ratioNote(searchP99, percentile(apiSearch.times, 99))} (latency); ${graphSearch.errors} errors${graphSearch.sample ? ` (${graphSearch.sample})` : ''}`,
        },
      );

      // 3. Paging: follow @odata.nextLink / the admin API's cursor for up to S.pages pages of 100.
      const walk = async (firstPath: string, headers: Record<string, string>, next: (body: Record<string, unknown>) => string | null) => {
        const times: number[] = [];
        let path: string | null = firstPath;
        while (path && times.length < S.pages) {
          const x = await get(path, headers);
          if (x.status !== 200) throw new Error(`paging ${path}: ${x.status} ${x.body.slice(0, 200)}`);
          times.push(x.ms);
          path = next(JSON.parse(x.body) as Record<string, unknown>);
        }
        return times;
      };
      const apiPages = await walk('/api/v1/users?limit=100', session, (body) =>
        typeof body.nextCursor === 'string' ? `/api/v1/users?limit=100&cursor=${encodeURIComponent(body.nextCursor)}` : null,
      );
      const graphPages = await walk('/graph/v1.0/users?$top=100', bearer, (body) => {
        const link = body['@odata.nextLink'];
        if (typeof link !== 'string') return null;
        const url = new URL(link);
        return url.pathname + url.search;
      });
      const mean = (xs: number[]) => xs.reduce((a, x) => a + x, 0) / Math.max(1, xs.length);
      results.push({
        benchmark: b,
        metric: `Graph paging through @odata.nextLink (${graphPages.length} pages of 100)`,
        value: round(mean(graphPages), 2),
        unit: 'ms/page',
        note: `p99 ${round(percentile(graphPages, 99), 2)} ms; admin API cursor ${round(mean(apiPages), 2)} ms/page over ${apiPages.length} pages: ${ratioNote(mean(apiPages), mean(graphPages))} (speed)`,
      });

      // 4. Client-credentials tokens per second against raw RS256 signing.
      const tokens = await closedLoop(S.connections, tokenCall);
      const raw = await rawSigningPerSecond(S.durationMs, S.maxRequests);
      results.push(
        { benchmark: b, metric: 'raw RS256 JWT signing with jose (baseline, one loop)', value: round(raw, 1), unit: 'tokens/s' },
        {
          benchmark: b,
          metric: 'client-credentials token issuance',
          value: round(tokens.perSecond, 1),
          unit: 'tokens/s',
          note: `${ratioNote(tokens.perSecond, raw)}; ${round(tokens.cpuMsPerOk, 2)} ms CPU/token; p50 ${round(tokens.p50, 1)} ms, p99 ${round(tokens.p99, 1)} ms, ${S.connections} connections; ${tokens.errors} errors${tokens.sample ? ` (${tokens.sample})` : ''}`,
        },
      );
    } finally {
      await built.app.close();
    }
    return results;
  } finally {
    agent.destroy();
    await bench.close();
  }
}
