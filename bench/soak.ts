import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { HttpClient } from './lib/http-load.js';
import { createSoakMix, SOAK_MIX, type SoakExchange } from './lib/soak-mix.js';
import { memoryVerdict, rssOf, type RssSample } from './lib/soak-memory.js';
import type { SoakServerReady, SoakServerStats } from './lib/soak-server.js';
import { settings } from './lib/settings.js';
import { median, percentile, round } from './lib/stats.js';
import type { Result } from './lib/types.js';

const CONNECTIONS = 100;
const WARMUP_MS = 60_000;
const RSS_EVERY_MS = 2_000;
/**
 * Per exchange. With 100 closed loops on a CPU-bound hash queue a request waits about
 * connections / hash rate per hash (a change needs three in a row), so the bound is generous.
 */
const REQUEST_TIMEOUT_MS = 120_000;
/** Every loop is bounded in count as well as in time. */
const MAX_OPERATIONS = 5_000_000;

/**
 * Soak (on demand: `npm run bench -- soak [--minutes N | --quick]`): the real server in a child
 * process on 127.0.0.1, `CONNECTIONS` closed loops for N minutes (default 10; `--quick`: 2) over
 * the mix of {@link SOAK_MIX}. Reports errors by status (429s apart), p99 latency and the server's
 * RSS per minute, and whether memory stayed flat after the first minute (see soak-memory.ts).
 */
export async function run(): Promise<Result[]> {
  const minutes = minutesArg() ?? (settings.quick ? 2 : 10);
  const durationMs = minutes * 60_000;
  const child = fork(fileURLToPath(new URL('./lib/soak-server.ts', import.meta.url)), [], {
    execArgv: ['--import', 'tsx', '--expose-gc'],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    env: { ...process.env, SOAK_PER_CLASS: '1500' },
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const ready = await new Promise<SoakServerReady>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('soak server did not start within 180 s')), 180_000);
    child.once('message', (m) => (clearTimeout(timer), resolve(m as SoakServerReady)));
    child.once('exit', (code) => (clearTimeout(timer), reject(new Error(`soak server exited (${code})`))));
  });
  const client = new HttpClient('127.0.0.1', ready.port, CONNECTIONS, REQUEST_TIMEOUT_MS);
  const exchanges: SoakExchange[] = [];
  const rss: RssSample[] = [];
  const perMinute: SoakServerStats[] = [];
  let t0 = performance.now();
  const mix = createSoakMix(client, ready, (e) => exchanges.push({ ...e, at: performance.now() - t0 }));
  let sampler: NodeJS.Timeout | undefined;
  try {
    await mix.prepare(4);
    exchanges.length = 0;
    t0 = performance.now();
    const end = t0 + durationMs;
    rss.push({ at: 0, mib: rssOf(child.pid!) });
    child.send('stats');
    child.on('message', (m: SoakServerStats) => void (m.type === 'stats' && performance.now() - t0 > 1_000 && perMinute.push(m)));
    sampler = setInterval(() => {
      rss.push({ at: performance.now() - t0, mib: rssOf(child.pid!) });
      if (rss.length % (60_000 / RSS_EVERY_MS) === 0) child.send('stats');
    }, RSS_EVERY_MS);
    let operations = 0;
    const loop = async () => {
      while (performance.now() < end && operations < MAX_OPERATIONS && child.exitCode === null) {
        operations++;
        await mix.next();
      }
    };
    await Promise.all(Array.from({ length: CONNECTIONS }, loop));
    clearInterval(sampler);
    if (perMinute.length < minutes) {
      child.send('stats');
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
    rss.push({ at: performance.now() - t0, mib: rssOf(child.pid!) });
  } finally {
    clearInterval(sampler);
    client.close();
    child.send('close');
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 30_000))]);
    if (child.exitCode === null) child.kill('SIGKILL');
  }
  return report(minutes, exchanges, rss, perMinute, ready);
}

function report(minutes: number, exchanges: SoakExchange[], rss: RssSample[], perMinute: SoakServerStats[], ready: SoakServerReady): Result[] {
  const b = 'soak';
  const results: Result[] = [];
  const errors = exchanges.filter((e) => e.outcome === 'error');
  const limited = exchanges.filter((e) => e.outcome === 'limited');
  const countBy = (list: SoakExchange[], key: (e: SoakExchange) => string) =>
    Object.entries(
      list.reduce<Record<string, number>>((acc, e) => {
        acc[key(e)] = (acc[key(e)] ?? 0) + 1;
        return acc;
      }, {}),
    )
      .sort((x, y) => y[1] - x[1])
      .map(([k, n]) => `${k} ×${n}`)
      .join(', ');
  const seconds = (minutes * 60_000) / 1000;
  results.push({
    benchmark: b,
    metric: `requests (${CONNECTIONS} connections, ${minutes} min)`,
    value: exchanges.length,
    unit: '',
    note: `${round(exchanges.length / seconds, 1)}/s; by step: ${countBy(exchanges, (e) => e.step)}; mix of operations ${JSON.stringify(SOAK_MIX)}`,
  });
  results.push({
    benchmark: b,
    metric: 'errors (any unexpected status, 429 apart)',
    value: errors.length,
    unit: '',
    target: '0',
    pass: errors.length === 0,
    note: errors.length ? `${countBy(errors, (e) => `${e.status === 0 ? 'transport' : e.status} ${e.step}`)}; first: ${errors[0]!.body ?? ''}` : 'none',
  });
  results.push({
    benchmark: b,
    metric: '429 rate limited (reported apart)',
    value: limited.length,
    unit: '',
    note: `${limited.length ? countBy(limited, (e) => e.step) : 'none'}; limits: ${Object.entries(ready.limits)
      .map(([k, v]) => `${k}=${v}`)
      .join(', ')}`,
  });
  const steps = [...new Set(exchanges.map((e) => e.step))];
  results.push({
    benchmark: b,
    metric: 'p99 by step, whole run',
    value: round(
      percentile(
        exchanges.map((e) => e.latencyMs),
        99,
      ),
      1,
    ),
    unit: 'ms',
    note: steps
      .map(
        (step) =>
          `${step} ${round(
            percentile(
              exchanges.filter((e) => e.step === step).map((e) => e.latencyMs),
              99,
            ),
            0,
          )}`,
      )
      .join(', '),
  });
  for (let m = 0; m < minutes; m++) {
    const inMinute = exchanges.filter((e) => e.at >= m * 60_000 && e.at < (m + 1) * 60_000);
    const rssIn = rss.filter((s) => s.at >= m * 60_000 && s.at < (m + 1) * 60_000 && Number.isFinite(s.mib)).map((s) => s.mib);
    const lat = inMinute.map((e) => e.latencyMs);
    results.push({
      benchmark: b,
      metric: `minute ${m + 1}: p99 latency`,
      value: round(percentile(lat, 99), 1),
      unit: 'ms',
      note: `${inMinute.length} requests (${round(inMinute.length / 60, 1)}/s), p50 ${round(percentile(lat, 50), 1)} ms, ${inMinute.filter((e) => e.outcome === 'error').length} errors, ${inMinute.filter((e) => e.outcome === 'limited').length} × 429${m === 0 ? ' (warm-up)' : ''}`,
    });
    results.push({
      benchmark: b,
      metric: `minute ${m + 1}: server RSS`,
      value: round(median(rssIn), 1),
      unit: 'MiB',
      note: `median of the minute; min ${round(Math.min(...rssIn), 1)}, max ${round(Math.max(...rssIn), 1)} over ${rssIn.length} samples${serverNote(perMinute[m])}`,
    });
  }
  const verdict = memoryVerdict(
    rss,
    perMinute.map((s) => s.heapAfterGcMib),
    WARMUP_MS,
    minutes * 60_000,
  );
  results.push({
    benchmark: b,
    metric: 'server RSS slope after minute 1',
    value: round(verdict.slopeMibPerMin, 2),
    unit: 'MiB/min',
    target: '<= 2, or within 2 SE',
    pass: !(verdict.slopeMibPerMin > 2 && !(verdict.slopeMibPerMin <= 2 * verdict.slopeSe)),
    note: `± ${round(verdict.slopeSe, 2)} (standard error)`,
  });
  results.push({
    benchmark: b,
    metric: 'server heap after GC, slope from minute 2',
    value: round(verdict.heapSlopeMibPerMin, 3),
    unit: 'MiB/min',
    target: '<= 0.5',
    pass: !(verdict.heapSlopeMibPerMin > 0.5),
  });
  results.push({
    benchmark: b,
    metric: 'memory verdict: flat',
    value: verdict.flat ? 1 : 0,
    unit: '',
    target: '1 (flat)',
    pass: verdict.flat,
    note: verdict.text,
  });
  return results;
}

/** What the server process itself saw in that minute: its CPU share and event-loop delay. */
function serverNote(stats: SoakServerStats | undefined): string {
  if (!stats) return '';
  return `; server CPU ${round(stats.cpuMs / 600, 0)}% of a core, event-loop delay p99 ${round(stats.loopDelayP99Ms, 0)} ms, max ${round(stats.loopDelayMaxMs, 0)} ms; heap after GC ${round(stats.heapAfterGcMib, 1)} MiB`;
}

/** `--minutes N` or `--minutes=N`. */
function minutesArg(): number | undefined {
  const args = process.argv;
  const i = args.findIndex((a) => a === '--minutes' || a.startsWith('--minutes='));
  if (i < 0) return undefined;
  const value = Number(args[i]!.includes('=') ? args[i]!.split('=')[1] : args[i + 1]);
  if (!Number.isInteger(value) || value < 2 || value > 120) throw new Error('--minutes takes a whole number from 2 to 120');
  return value;
}
