/** The overload target: 2,000 connections each sending one sign-in at once against the running server. */
import { HttpClient } from '../http-load.js';
import { round, sleep } from '../stats.js';
import type { Result } from '../types.js';
import type { LoadChild } from './load.js';
import { BENCHMARK } from './report.js';
import type { ServerProcess } from './server-process.js';
import { judgeAtLeast, judgeAtMost, judgeBelow } from './stats.js';

const MB = 1_000_000 / 1_048_576;

export interface OverloadOptions {
  server: ServerProcess;
  child: LoadChild;
  usernames: string[];
  password: string;
  connections: number;
  timeoutMs: number;
  recoveryMaxMs: number;
  /** /healthz requests per second measured in the same run, for the fair bound of a 503. */
  healthzRps: number;
}

/**
 * Fires the burst, then signs in once at a time until one succeeds. The 503 bound is the time the
 * server needs to answer the whole burst with a trivial route (connections / healthz rate, at
 * least 100 ms): every connection arrives at once, so the last refusal waits behind all the
 * others on the event loop however cheap a refusal is; waiting for a hash it must not.
 */
export async function overloadRows(o: OverloadOptions): Promise<Result[]> {
  const peakReset = o.server.resetPeak();
  const burst = await o.child.burst({
    baseUrls: [o.server.baseUrl],
    connections: o.connections,
    usernames: o.usernames,
    password: o.password,
    timeoutMs: o.timeoutMs,
  });
  const after = performance.now();
  let recoveredMs = Number.NaN;
  let lastStatus = 0;
  const url = new URL(o.server.baseUrl);
  const probe = new HttpClient(url.hostname, Number(url.port), 1, 5_000);
  try {
    while (performance.now() - after < o.recoveryMaxMs && o.server.alive()) {
      const ex = await probe.post('/api/v1/auth/sign-in', JSON.stringify({ username: o.usernames[0], password: o.password }));
      lastStatus = ex.status;
      if (ex.status === 200) {
        recoveredMs = performance.now() - after;
        break;
      }
      await sleep(50);
    }
  } finally {
    probe.close();
  }
  const alive = o.server.alive();
  if (alive) o.server.rss();
  const peakMb = o.server.peakRssMib / MB;
  const counts = burst.statusCounts;
  const unexpected = Object.entries(counts)
    .filter(([code]) => !['200', '401', '503'].includes(code))
    .reduce((t, [, n]) => t + n, 0);
  const l503 = burst.latencyByStatus['503'];
  const l200 = burst.latencyByStatus['200'];
  const bound = Math.max(100, Math.round((o.connections / o.healthzRps) * 1000));
  const p99of503 = l503?.p99 ?? Number.NaN;
  const statuses = Object.entries(counts)
    .map(([code, n]) => `${code === '0' ? 'transport' : code}×${n}`)
    .join(', ');
  const p503 = judgeAtMost(p99of503, bound, 'ms');
  const rss = judgeBelow(peakMb, 400, 'MB');
  const up = judgeAtLeast(alive ? 1 : 0, 1);
  const recovered = judgeAtMost(recoveredMs, 1_000, 'ms');
  const b = BENCHMARK;
  const name = `overload (${o.connections} sign-ins at once)`;
  return [
    {
      benchmark: b,
      metric: `${name}: answers other than 200/401/503`,
      value: unexpected,
      unit: '',
      target: '0',
      pass: unexpected === 0,
      note: `statuses: ${statuses} in ${round(burst.elapsedMs / 1000, 1)} s${burst.sampleError ? `; first error: ${burst.sampleError}` : ''}; TCP connect p50 ${round(burst.connect.p50, 0)} ms, p99 ${round(burst.connect.p99, 0)} ms`,
    },
    {
      benchmark: b,
      metric: `${name}: 503 latency p99`,
      value: round(p99of503, 1),
      unit: 'ms',
      target: p503.target,
      pass: p503.pass && burst.missingRetryAfter === 0,
      note: `${l503?.count ?? 0} × 503, p50 ${round(l503?.p50 ?? Number.NaN, 1)} ms, from the socket's connect; bound = ${o.connections} / healthz ${round(o.healthzRps, 0)}/s; ${burst.missingRetryAfter} without Retry-After; 200 × ${l200?.count ?? 0}, p99 ${round(l200?.p99 ?? Number.NaN, 0)} ms`,
    },
    {
      benchmark: b,
      metric: `${name}: server peak RSS`,
      value: round(peakMb, 0),
      unit: 'MB',
      target: rss.target,
      pass: rss.pass,
      note: `VmHWM summed over the server's processes${peakReset ? ', reset just before the burst' : ' (could not reset: peak of the whole run)'}; ${o.server.rss().processes.length} processes`,
    },
    { benchmark: b, metric: `${name}: server still running`, value: alive ? 1 : 0, unit: '', target: up.target, pass: up.pass },
    {
      benchmark: b,
      metric: `${name}: first sign-in after the burst`,
      value: round(recoveredMs, 0),
      unit: 'ms',
      target: recovered.target,
      pass: recovered.pass,
      note: Number.isFinite(recoveredMs) ? 'from the last answer of the burst to a 200' : `no 200 within ${o.recoveryMaxMs} ms (last status ${lastStatus})`,
    },
  ];
}
