import http from 'node:http';
import { performance } from 'node:perf_hooks';

/** One HTTP exchange: status (0 for a transport error), latency and the body when asked for. */
export interface Exchange {
  status: number;
  latencyMs: number;
  body: string;
  error?: string;
  /** The response's headers (absent on a transport error). */
  headers?: http.IncomingHttpHeaders;
}

/**
 * A minimal HTTP/1.1 client on a keep-alive agent: every call reuses one of `connections`
 * sockets, so the load generator measures the server, not TCP handshakes.
 */
export class HttpClient {
  readonly agent: http.Agent;
  constructor(
    private readonly host: string,
    private readonly port: number,
    connections: number,
    private readonly timeoutMs = 30_000,
  ) {
    this.agent = new http.Agent({ keepAlive: true, maxSockets: connections, maxFreeSockets: connections });
  }

  post(path: string, json: string): Promise<Exchange> {
    return this.request('POST', path, json);
  }

  get(path: string): Promise<Exchange> {
    return this.request('GET', path);
  }

  /** One exchange; a JSON body only when `json` is given; `headers` (a cookie, a CSRF token) are added. */
  request(method: 'GET' | 'POST', path: string, json?: string, headers: Record<string, string> = {}): Promise<Exchange> {
    return new Promise((resolve) => {
      const started = performance.now();
      const payload = json === undefined ? undefined : Buffer.from(json);
      const req = http.request(
        {
          host: this.host,
          port: this.port,
          method,
          path,
          agent: this.agent,
          headers: payload
            ? { 'content-type': 'application/json', 'content-length': payload.length, accept: 'application/json', ...headers }
            : { accept: 'application/json', ...headers },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              latencyMs: performance.now() - started,
              body: Buffer.concat(chunks).toString('utf8'),
              headers: res.headers,
            }),
          );
          res.on('error', (err) => resolve({ status: 0, latencyMs: performance.now() - started, body: '', error: err.message }));
        },
      );
      req.setTimeout(this.timeoutMs, () => req.destroy(new Error(`timeout after ${this.timeoutMs} ms`)));
      req.on('error', (err) => resolve({ status: 0, latencyMs: performance.now() - started, body: '', error: err.message }));
      req.end(payload);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

export interface LoadOptions {
  client: HttpClient;
  path: string;
  /** Concurrent request loops, one per keep-alive connection. */
  connections: number;
  /** Requests in this first period are sent but not counted. */
  warmupMs: number;
  /** The measured period after the warm-up. */
  durationMs: number;
  /** Hard cap on requests sent, warm-up included (every loop is bounded in count and time). */
  maxRequests: number;
  /** `POST` (the default) with `body`, or `GET` without one (a baseline route such as /healthz). */
  method?: 'GET' | 'POST';
  /** The JSON body of the i-th request (ignored for GET). */
  body: (i: number) => string;
  /** The status that counts as success; any other is an error. */
  okStatus: number;
}

export interface LoadResult {
  /** Successful responses completed within the measured window. */
  ok: number;
  /** Responses (or transport failures) completed within the window with another status. */
  errors: number;
  /** Status code -> count within the window, `0` for transport errors. */
  statusCounts: Record<string, number>;
  /** Latencies of every exchange completed within the window, ms. */
  latenciesMs: number[];
  /** The real length of the window, ms. */
  windowMs: number;
  /** Requests sent in total, warm-up and tail included. */
  sent: number;
  /** First error body seen, to tell the reader what went wrong. */
  sampleError?: string;
  /** CPU time (user + system, all threads of this process) used during the window, ms. */
  cpuMs: number;
}

/**
 * Closed-loop load: `connections` loops each send one request, wait for the answer, and send the
 * next, until the warm-up plus the measured time has passed or `maxRequests` have been sent.
 * Only exchanges that complete inside the measured window count.
 */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const start = performance.now();
  const windowStart = start + options.warmupMs;
  const windowEnd = windowStart + options.durationMs;
  let sent = 0;
  let firstCounted = Number.POSITIVE_INFINITY;
  let lastCounted = 0;
  const result: LoadResult = { ok: 0, errors: 0, statusCounts: {}, latenciesMs: [], windowMs: 0, sent: 0, cpuMs: 0 };
  const cpu = cpuWindow(options.warmupMs, options.warmupMs + options.durationMs);

  const loop = async () => {
    while (performance.now() < windowEnd && sent < options.maxRequests) {
      const i = sent++;
      const exchange = options.method === 'GET' ? await options.client.get(options.path) : await options.client.post(options.path, options.body(i));
      const done = performance.now();
      if (done < windowStart || done > windowEnd) continue;
      firstCounted = Math.min(firstCounted, done);
      lastCounted = Math.max(lastCounted, done);
      result.latenciesMs.push(exchange.latencyMs);
      result.statusCounts[exchange.status] = (result.statusCounts[exchange.status] ?? 0) + 1;
      if (exchange.status === options.okStatus) result.ok++;
      else {
        result.errors++;
        result.sampleError ??= exchange.error ?? `${exchange.status} ${exchange.body.slice(0, 300)}`;
      }
    }
  };
  await Promise.all(Array.from({ length: options.connections }, loop));
  result.cpuMs = cpu.stop();
  // The window is the planned one unless the request cap ended the run early.
  result.windowMs = sent >= options.maxRequests && lastCounted < windowEnd ? Math.max(1, lastCounted - windowStart) : options.durationMs;
  if (!Number.isFinite(firstCounted)) result.windowMs = options.durationMs;
  result.sent = sent;
  return result;
}

/**
 * CPU time of the whole process (every thread: the event loop, libuv's pool doing argon2, GC)
 * between two moments from now, ms. `stop()` returns it (or what was used so far, if early).
 */
export function cpuWindow(fromMs: number, toMs: number): { stop(): number } {
  let begin: NodeJS.CpuUsage | undefined;
  let used: number | undefined;
  const ms = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1000;
  const t1 = setTimeout(() => (begin = process.cpuUsage()), fromMs);
  const t2 = setTimeout(() => {
    if (begin) used = ms(process.cpuUsage(begin));
  }, toMs);
  return {
    stop() {
      clearTimeout(t1);
      clearTimeout(t2);
      return used ?? (begin ? ms(process.cpuUsage(begin)) : 0);
    },
  };
}

/**
 * What the loads' exchanges answered, for a note: `200×980, 429×20` (`transport` for transport
 * errors), and the first error seen, if any.
 */
export function statusSummary(loads: readonly LoadResult[]): { statuses: string; sampleError: string | undefined } {
  const statusCounts: Record<string, number> = {};
  for (const l of loads) for (const [code, n] of Object.entries(l.statusCounts)) statusCounts[code] = (statusCounts[code] ?? 0) + n;
  const statuses = Object.entries(statusCounts)
    .map(([code, n]) => `${code === '0' ? 'transport' : code}×${n}`)
    .join(', ');
  return { statuses, sampleError: loads.find((l) => l.sampleError)?.sampleError };
}
