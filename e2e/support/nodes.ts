/**
 * Several real Latchkey nodes on one PostgreSQL database (issue 16, "Scale-out proof"): each node is
 * `node --import tsx src/cli/main.ts serve` in a child process of its own, on its own loopback port,
 * with the same LATCHKEY_DATABASE_URL and LATCHKEY_SECRET, as a deployment behind a load balancer
 * runs them. Used by the e2e/scale-out suites and by `npm run bench -- scale-out`, so it imports no
 * test runner: callers stop what they start.
 */
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { configKeys } from '../../src/server/config/schema.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const main = path.join(root, 'src/cli/main.ts');
/** tsx's loader by URL, so the child finds it whatever its working directory. */
const tsx = import.meta.resolve('tsx');

/** A database of its own on the cluster `baseUrl` points at, dropped again by `drop()`. */
export interface ScratchDatabase {
  url: string;
  drop(): Promise<void>;
}

/**
 * Creates an empty database next to the one `baseUrl` names. A database rather than a schema:
 * the nodes read LATCHKEY_DATABASE_URL as it is (no search_path of their own), and no other suite's
 * schema drops can reach it.
 */
export async function createScratchDatabase(baseUrl: string, prefix = 'latchkey_scale'): Promise<ScratchDatabase> {
  const name = `${prefix}_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: baseUrl });
      await client.connect();
      try {
        // FORCE ends connections a killed node's pool may have left behind (PostgreSQL 13+).
        await client.query(`drop database if exists ${name} with (force)`);
      } finally {
        await client.end();
      }
    },
  };
}

/** A free TCP port on 127.0.0.1 (the node is then told to listen on it, so its URL is known up front). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export type NodeChild = ChildProcessByStdio<null, Readable, Readable>;

export interface LatchkeyNode {
  /** 0, 1, 2 …: which node this is, for messages. */
  index: number;
  url: string;
  child: NodeChild;
  /** Everything the node wrote to stdout and stderr so far (for failure messages). */
  output(): string;
  /** Resolves when the process has exited (at once when it already has). */
  exited: Promise<void>;
  /** Sends a signal and waits (at most 15 s) for the exit. */
  kill(signal: NodeJS.Signals): Promise<void>;
}

export interface NodeOptions {
  databaseUrl: string;
  secret: string;
  /** More LATCHKEY_* settings, the same for every node (as one deployment's configuration is). */
  env?: Record<string, string>;
  /** How long a node may take to answer /readyz (default 180 s: tsx compiles on the first start, and a shared machine can be slow). */
  readyTimeoutMs?: number;
}

/**
 * The environment of every node: none of this process's LATCHKEY_* settings, a data dir of its
 * own (nothing is written there when LATCHKEY_SECRET is set and the database is PostgreSQL), no
 * logs, and one process per node when the server has LATCHKEY_WORKERS (issue 16 lever 3): a node
 * here is one machine's worth of Latchkey, and the comparison is between nodes.
 */
function nodeEnv(options: NodeOptions, dataDir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('LATCHKEY_')) env[k] = v;
  const workers = (configKeys as readonly string[]).includes('workers') ? { LATCHKEY_WORKERS: '1' } : {};
  return {
    ...env,
    LATCHKEY_DATA_DIR: dataDir,
    LATCHKEY_LOG_LEVEL: 'silent',
    LATCHKEY_DATABASE_URL: options.databaseUrl,
    LATCHKEY_SECRET: options.secret,
    // The suites read the portal's codes from the dev mailbox, whatever NODE_ENV the caller runs under.
    LATCHKEY_DEV_MAILBOX: 'true',
    ...workers,
    ...options.env,
  };
}

/** Starts one node and waits until it answers /readyz; rejects (after killing it) when it exits or stays unready. */
export async function startNode(index: number, options: NodeOptions): Promise<LatchkeyNode> {
  const port = await freePort();
  const dataDir = mkdtempSync(path.join(tmpdir(), `latchkey-node${index}-`));
  const child = spawn(process.execPath, ['--import', tsx, main, 'serve', '--host', '127.0.0.1', '--port', String(port)], {
    cwd: root,
    env: nodeEnv(options, dataDir),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (c: string) => (output = (output + c).slice(-20_000)));
  child.stderr.setEncoding('utf8').on('data', (c: string) => (output = (output + c).slice(-20_000)));
  let alive = true;
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      alive = false;
      rmSync(dataDir, { recursive: true, force: true });
      resolve();
    }),
  );
  const url = `http://127.0.0.1:${port}`;
  const node: LatchkeyNode = {
    index,
    url,
    child,
    output: () => output,
    exited,
    async kill(signal) {
      if (alive) child.kill(signal);
      const timer = new Promise<void>((resolve) => setTimeout(resolve, 15_000).unref());
      await Promise.race([exited, timer]);
      if (alive) {
        child.kill('SIGKILL');
        await exited;
      }
    },
  };
  const deadline = Date.now() + (options.readyTimeoutMs ?? 180_000);
  for (;;) {
    if (!alive) throw new Error(`node ${index} exited before it was ready:\n${output}`);
    try {
      const res = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(2_000) });
      await res.arrayBuffer();
      if (res.status === 200) return node;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      await node.kill('SIGKILL');
      throw new Error(`node ${index} was not ready within ${options.readyTimeoutMs ?? 180_000} ms:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Starts `count` nodes at once; when one fails to start, the others are stopped too. */
export async function startNodes(count: number, options: NodeOptions): Promise<LatchkeyNode[]> {
  const started = await Promise.allSettled(Array.from({ length: count }, (_, i) => startNode(i, options)));
  const nodes = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const failed = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) {
    await stopNodes(nodes);
    throw failed.reason;
  }
  return nodes;
}

/** SIGTERM to every node still running (a graceful close), SIGKILL to any that hangs. */
export async function stopNodes(nodes: readonly LatchkeyNode[]): Promise<void> {
  await Promise.all(nodes.map((n) => n.kill('SIGTERM')));
}
