import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { envName } from '../../../src/server/config/schema.js';
import { sleep } from '../stats.js';
import { processTreeRss, processTree, resetTreePeak, type TreeRss } from './rss.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export interface ServerProcessOptions {
  /** The LATCHKEY_* settings of the server (e.g. `seeded.serverEnv`); no LATCHKEY_* variable is inherited. */
  env: Record<string, string>;
  /** TCP port on 127.0.0.1; a free one when not given. */
  port?: number;
  /** LATCHKEY_WORKERS, set only when given (a server without that setting refuses it). */
  workers?: number;
  /** `built` (the default): dist/, as `npm start` runs it; `source`: src/ through tsx. */
  entry?: 'built' | 'source';
  /** How long to wait for /readyz, ms (default 90 s: the first start migrates). */
  readyTimeoutMs?: number;
  /** For error messages: `server`, `node 2`… */
  label?: string;
}

export interface ServerProcess {
  pid: number;
  port: number;
  baseUrl: string;
  /** RSS of the server's process tree now. */
  rss(): TreeRss;
  /** The highest VmHWM sum seen so far (sampled every 250 ms and on every `rss()`), MiB. */
  readonly peakRssMib: number;
  /** Starts a new peak: every process's VmHWM back to its RSS now, `peakRssMib` to 0. @returns false when the kernel refused. */
  resetPeak(): boolean;
  alive(): boolean;
  /** Signals every process of the tree (its process group), e.g. SIGKILL to crash a node. */
  kill(signal: NodeJS.Signals): void;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves when the main process has exited. */
  stop(graceMs?: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** The last lines the server printed (stdout and stderr), for error messages. */
  output(): string;
}

/** Config keys to LATCHKEY_* variables, e.g. `{ rateLimitSignInPerIp: 1e6 }` → `{ LATCHKEY_RATE_LIMIT_SIGN_IN_PER_IP: '1000000' }`. */
export function configEnv(config: Record<string, string | number | boolean>): Record<string, string> {
  return Object.fromEntries(Object.entries(config).map(([k, v]) => [envName(k), String(v)]));
}

/** A TCP port that was free on 127.0.0.1 a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

const running = new Set<ChildProcess>();
// A benchmark that throws or is interrupted must not leave servers behind.
process.once('exit', () => {
  for (const child of running) killGroup(child, 'SIGKILL');
});

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // The group is gone already.
  }
}

let build: Promise<string> | undefined;

/**
 * The server as `npm start` runs it: compiled by `npm run build:server` into dist/ (once per bench
 * run, so the figures are of this tree). Run through tsx instead, each process held about 100 MiB
 * more (the TypeScript loader and its source maps) and started slower, which is not what ships.
 */
export function builtServer(): Promise<string> {
  build ??= new Promise((resolve, reject) => {
    const tsc = spawn('npm', ['run', '--silent', 'build:server'], { cwd: repoRoot, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    tsc.stderr.on('data', (c: Buffer) => (err += c.toString('utf8')));
    tsc.once('exit', (code) =>
      code === 0 ? resolve(path.join(repoRoot, 'dist', 'cli', 'main.js')) : reject(new Error(`npm run build:server failed (${code}): ${err.slice(-2_000)}`)),
    );
  });
  return build;
}

/**
 * Starts the real server as `npm start` does (`node dist/cli/main.js serve`, built first; or from
 * the sources through tsx with `entry: 'source'`) in a process group of its own, on 127.0.0.1, and
 * waits until `/readyz` answers 200.
 */
export async function startServerProcess(options: ServerProcessOptions): Promise<ServerProcess> {
  const port = options.port ?? (await freePort());
  const label = options.label ?? 'server';
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('LATCHKEY_')));
  const env: NodeJS.ProcessEnv = {
    ...inherited,
    LATCHKEY_LOG_LEVEL: 'silent',
    ...options.env,
    LATCHKEY_HOST: '127.0.0.1',
    LATCHKEY_PORT: String(port),
    ...(options.workers !== undefined ? { LATCHKEY_WORKERS: String(options.workers) } : {}),
  };
  const entry = options.entry === 'source' ? ['--import', 'tsx', 'src/cli/main.ts', 'serve'] : [await builtServer(), 'serve'];
  const child = spawn(process.execPath, entry, {
    cwd: repoRoot,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let tail = '';
  const keep = (chunk: Buffer) => (tail = (tail + chunk.toString('utf8')).slice(-4_000));
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => {
      running.delete(child);
      resolve({ code, signal });
    }),
  );
  const pid = child.pid!;
  let peak = 0;
  const rss = () => {
    const r = processTreeRss(pid);
    if (r.hwmMib > peak) peak = r.hwmMib;
    return r;
  };
  const sampler = setInterval(() => {
    if (child.exitCode === null && child.signalCode === null) rss();
  }, 250);
  sampler.unref();
  void exited.then(() => clearInterval(sampler));
  const baseUrl = `http://127.0.0.1:${port}`;
  const server: ServerProcess = {
    pid,
    port,
    baseUrl,
    rss,
    get peakRssMib() {
      return peak;
    },
    resetPeak() {
      const done = resetTreePeak(pid);
      peak = 0;
      rss();
      return done;
    },
    alive: () => child.exitCode === null && child.signalCode === null,
    kill: (signal) => killGroup(child, signal),
    async stop(graceMs = 10_000) {
      if (server.alive()) rss();
      killGroup(child, 'SIGTERM');
      const timer = setTimeout(() => killGroup(child, 'SIGKILL'), graceMs);
      const result = await exited;
      clearTimeout(timer);
      // Workers that outlived their primary would keep the port: the group goes too.
      killGroup(child, 'SIGKILL');
      return result;
    },
    output: () => tail,
  };
  const deadline = performance.now() + (options.readyTimeoutMs ?? 90_000);
  while (!(await ready(baseUrl))) {
    if (!server.alive()) throw new Error(`${label} exited before it was ready: ${tail.trim().slice(-1_500)}`);
    if (performance.now() > deadline) {
      await server.stop(1_000);
      throw new Error(`${label} not ready on ${baseUrl} within ${options.readyTimeoutMs ?? 90_000} ms: ${tail.trim().slice(-1_500)}`);
    }
    await sleep(100);
  }
  return server;
}

function ready(baseUrl: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.get(`${baseUrl}/readyz`, { timeout: 2_000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
  });
}

export { processTree };
