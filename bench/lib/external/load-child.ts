/**
 * The external load generator: a child process (`fork` from `LoadChild`) that receives a
 * `LoadSpec` or a `BurstSpec` over IPC, drives the servers at their base URLs over keep-alive
 * `node:http` connections, and answers with the figures. It shares no event loop and no CPU
 * accounting with the server or the orchestrator. It exits when the parent goes away.
 */
import http from 'node:http';
import { cpuWindow, HttpClient } from '../http-load.js';
import type { BurstReport, BurstSpec, FromChild, LoadReport, LoadSpec, ToChild } from './protocol.js';
import { prepare } from './scenarios.js';
import { summarise } from './stats.js';

function clientsFor(baseUrls: string[], connections: number): HttpClient[] {
  const perServer = Math.ceil(connections / baseUrls.length);
  return baseUrls.map((u) => {
    const url = new URL(u);
    return new HttpClient(url.hostname, Number(url.port), perServer);
  });
}

/** Closed loop: each connection sends its next request when the previous one answered. */
async function runLoad(spec: LoadSpec): Promise<LoadReport> {
  const clients = clientsFor(spec.baseUrls, spec.connections);
  try {
    const prepStart = performance.now();
    const prepared = await prepare(spec.scenario, clients, spec.warmupMs + spec.durationMs, prepStart + (spec.prepareMaxMs ?? 60_000));
    const prepareMs = performance.now() - prepStart;
    const start = performance.now();
    const windowStart = start + spec.warmupMs;
    const windowEnd = windowStart + spec.durationMs;
    const latencies: number[] = [];
    const statusCounts: Record<string, number> = {};
    let ok = 0;
    let errors = 0;
    let sent = 0;
    let capped = false;
    let lastCounted = windowStart;
    let sampleError: string | undefined;
    const cpu = cpuWindow(spec.warmupMs, spec.warmupMs + spec.durationMs);
    const loop = async (connection: number) => {
      const client = clients[connection % clients.length]!;
      while (performance.now() < windowEnd && sent < spec.maxRequests) {
        const pending = prepared.next(sent, client);
        if (!pending) {
          capped = true;
          return;
        }
        sent++;
        const ex = await pending;
        const done = performance.now();
        if (done < windowStart || done > windowEnd) continue;
        lastCounted = Math.max(lastCounted, done);
        latencies.push(ex.latencyMs);
        statusCounts[ex.status] = (statusCounts[ex.status] ?? 0) + 1;
        if (ex.status === prepared.okStatus) ok++;
        else {
          errors++;
          sampleError ??= ex.error ?? `${ex.status} ${ex.body.slice(0, 300)}`;
        }
      }
    };
    await Promise.all(Array.from({ length: spec.connections }, (_, c) => loop(c)));
    const cpuMs = cpu.stop();
    // A run cut short (request cap, material used up) is judged over the part of the window it covered.
    const cut = (capped || sent >= spec.maxRequests) && lastCounted < windowEnd;
    const windowMs = cut ? Math.max(1, lastCounted - windowStart) : spec.durationMs;
    return {
      ok,
      errors,
      statusCounts,
      latency: summarise(latencies),
      latenciesMs: latencies.map((x) => Math.round(x * 100) / 100),
      rps: ok / (windowMs / 1000),
      windowMs,
      sent,
      cpuMs,
      ...(sampleError ? { sampleError } : {}),
      capped: cut,
      prepareMs,
      prepareNote: prepared.note,
    };
  } finally {
    for (const c of clients) c.close();
  }
}

/** Every connection opens its socket and sends one sign-in at once; each answer is timed from its socket's connect. */
async function runBurst(spec: BurstSpec): Promise<BurstReport> {
  const agents = spec.baseUrls.map(() => new http.Agent({ keepAlive: false, maxSockets: spec.connections }));
  const statusCounts: Record<string, number> = {};
  const byStatus: Record<string, number[]> = {};
  const connects: number[] = [];
  let missingRetryAfter = 0;
  let sampleError: string | undefined;
  const started = performance.now();
  const one = (k: number) =>
    new Promise<void>((resolve) => {
      const url = new URL(spec.baseUrls[k % spec.baseUrls.length]!);
      const body = Buffer.from(JSON.stringify({ username: spec.usernames[k % spec.usernames.length], password: spec.password }));
      const t0 = performance.now();
      let from = t0;
      const done = (status: number, error?: string) => {
        const code = String(status);
        statusCounts[code] = (statusCounts[code] ?? 0) + 1;
        (byStatus[code] ??= []).push(performance.now() - from);
        if (error) sampleError ??= error;
        resolve();
      };
      const req = http.request(
        {
          host: url.hostname,
          port: Number(url.port),
          method: 'POST',
          path: '/api/v1/auth/sign-in',
          agent: agents[k % agents.length],
          headers: { 'content-type': 'application/json', 'content-length': body.length, accept: 'application/json' },
        },
        (res) => {
          res.resume();
          res.on('end', () => {
            if (res.statusCode === 503 && !res.headers['retry-after']) missingRetryAfter++;
            done(res.statusCode ?? 0);
          });
          res.on('error', (err) => done(0, err.message));
        },
      );
      req.on('socket', (socket) =>
        socket.once('connect', () => {
          from = performance.now();
          connects.push(from - t0);
        }),
      );
      req.setTimeout(spec.timeoutMs, () => req.destroy(new Error(`timeout after ${spec.timeoutMs} ms`)));
      req.on('error', (err) => done(0, err.message));
      req.end(body);
    });
  await Promise.all(Array.from({ length: spec.connections }, (_, k) => one(k)));
  const elapsedMs = performance.now() - started;
  for (const a of agents) a.destroy();
  const latencyByStatus = Object.fromEntries(Object.entries(byStatus).map(([code, xs]) => [code, summarise(xs)]));
  return { statusCounts, latencyByStatus, connect: summarise(connects), missingRetryAfter, elapsedMs, ...(sampleError ? { sampleError } : {}) };
}

const send = (message: FromChild) => process.send!(message);
process.on('message', (message: ToChild) => {
  const work = message.type === 'run' ? runLoad(message.spec) : runBurst(message.spec);
  work.then(
    (report) =>
      send(
        message.type === 'run'
          ? { type: 'result', id: message.id, report: report as LoadReport }
          : { type: 'burst-result', id: message.id, report: report as BurstReport },
      ),
    (err: unknown) => send({ type: 'error', id: message.id, message: err instanceof Error ? (err.stack ?? err.message) : String(err) }),
  );
});
process.on('disconnect', () => process.exit(0));
send({ type: 'ready' });
