import { HttpClient } from './lib/http-load.js';
import { startBenchServer } from './lib/server.js';
import { settings } from './lib/settings.js';
import { mean, median, percentile, round } from './lib/stats.js';
import type { Result } from './lib/types.js';

const TARGET_MS = 5;

/**
 * Account enumeration by timing: the sign-in time of an unknown user against a known user with a
 * wrong password, on one connection, one request at a time, interleaved (A B, B A, A B, …) so
 * drift and ordering effects cancel. Both must answer 401; the medians must be within 5 ms.
 */
export async function run(): Promise<Result[]> {
  const s = settings.enumeration;
  // Many attempts come for one locked account: the per-account limit is lifted so it stays a lockout, not a 429.
  const server = await startBenchServer({ users: s.users, config: { rateLimitSignInPerAccount: 1_000_000 } });
  const client = new HttpClient(server.host, server.port, 1);
  const unknown: number[] = [];
  const known: number[] = [];
  /** Issue 7: a locked account must answer like a wrong password, after the same work. */
  const locked: number[] = [];
  /** known − unknown within each interleaved pair: drift cancels pair by pair. */
  const paired: number[] = [];
  const unexpected: Record<string, number> = {};
  try {
    const lockedUser = server.usernames[0]!;
    const pick = () => server.usernames[1 + Math.floor(Math.random() * (server.usernames.length - 1))]!;
    // Lock one account: ten different wrong passwords reach the default threshold.
    for (let i = 0; i < 10; i++) await client.post('/api/v1/auth/sign-in', JSON.stringify({ username: lockedUser, password: `lock-${i}` }));
    let n = 0;
    const attempt = async (kind: 'unknown' | 'known' | 'locked', record: boolean) => {
      n++;
      const body =
        kind === 'unknown'
          ? { username: `nobody${String(n).padStart(5, '0')}@contoso.example`, password: server.password }
          : kind === 'locked'
            ? { username: lockedUser, password: server.password }
            : { username: pick(), password: `${server.password}-wrong` };
      const ex = await client.post('/api/v1/auth/sign-in', JSON.stringify(body));
      if (ex.status !== 401) unexpected[`${kind}:${ex.status}`] = (unexpected[`${kind}:${ex.status}`] ?? 0) + 1;
      if (record) (kind === 'unknown' ? unknown : kind === 'known' ? known : locked).push(ex.latencyMs);
      return ex.latencyMs;
    };
    const deadline = performance.now() + s.maxMs;
    for (let i = 0; i < s.warmupPairs + s.pairs && performance.now() < deadline; i++) {
      const record = i >= s.warmupPairs;
      const order = i % 2 === 0 ? (['unknown', 'known'] as const) : (['known', 'unknown'] as const);
      const first = await attempt(order[0], record);
      const second = await attempt(order[1], record);
      if (record) paired.push(order[0] === 'known' ? first - second : second - first);
      await attempt('locked', record);
    }
  } finally {
    client.close();
    await server.close();
  }
  const mu = median(unknown);
  const mk = median(known);
  const diff = Math.abs(mu - mk);
  const b = 'enumeration';
  const odd = Object.entries(unexpected)
    .map(([k, v]) => `${k}×${v}`)
    .join(', ');
  return [
    {
      benchmark: b,
      metric: 'median unknown user',
      value: round(mu, 2),
      unit: 'ms',
      note: `n=${unknown.length}, mean ${round(mean(unknown), 2)}, p90 ${round(percentile(unknown, 90), 2)}`,
    },
    {
      benchmark: b,
      metric: 'median known user, wrong password',
      value: round(mk, 2),
      unit: 'ms',
      note: `n=${known.length}, mean ${round(mean(known), 2)}, p90 ${round(percentile(known, 90), 2)}`,
    },
    {
      benchmark: b,
      metric: '|difference of medians|',
      value: round(diff, 2),
      unit: 'ms',
      target: `<= ${TARGET_MS} ms`,
      pass: diff <= TARGET_MS && odd === '',
      note: odd ? `non-401 answers: ${odd}` : 'every answer 401',
    },
    {
      benchmark: b,
      metric: 'median locked account (right password)',
      value: round(median(locked), 2),
      unit: 'ms',
      note: `n=${locked.length}, mean ${round(mean(locked), 2)}`,
    },
    {
      benchmark: b,
      metric: '|locked − wrong password| medians',
      value: round(Math.abs(median(locked) - mk), 2),
      unit: 'ms',
      target: `<= ${TARGET_MS} ms`,
      pass: Math.abs(median(locked) - mk) <= TARGET_MS && odd === '',
    },
    {
      benchmark: b,
      metric: 'median paired difference known − unknown',
      value: round(median(paired), 2),
      unit: 'ms',
      note: `n=${paired.length} interleaved pairs; a positive value means the known user is slower`,
    },
  ];
}
