/**
 * Helpers for tests that run the real `latchkey` CLI in child processes against fresh SQLite data
 * directories (src/cli/*.test.ts, e2e/api). Test code only: it registers a node:test `after` hook.
 */
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { after } from 'node:test';
import { fileURLToPath } from 'node:url';
import SQLite from 'better-sqlite3';

/** The repository's root. */
export const root = fileURLToPath(new URL('../../', import.meta.url));
const main = path.join(root, 'src/cli/main.ts');
/** tsx's loader by URL: a child may run in its data dir, where a bare `tsx` does not resolve. */
const tsx = import.meta.resolve('tsx');

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A new empty directory, removed when the test file is done. */
export function freshDir(prefix = 'latchkey-cli-'): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}

/** The environment of a child: none of ours LATCHKEY_* settings, the given data dir, no logs. */
export function cliEnv(dataDir: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('LATCHKEY_')) env[k] = v;
  // One process unless a test asks for workers (LATCHKEY_WORKERS defaults to the cores): signals and pids then reach the server itself.
  return { ...env, LATCHKEY_DATA_DIR: dataDir, LATCHKEY_LOG_LEVEL: 'silent', LATCHKEY_WORKERS: '1', ...extra };
}

export interface StartOptions {
  /** More environment variables (LATCHKEY_*) for the child. */
  env?: Record<string, string>;
  /** The child's working directory (default: the repository's root). */
  cwd?: string;
}

export type CliChild = ChildProcessByStdio<null, Readable, Readable>;

/** Starts `latchkey <args>` on the data dir; stdout and stderr are piped. */
export function startCli(args: string[], dataDir: string, options: StartOptions = {}): CliChild {
  return spawn(process.execPath, ['--import', tsx, main, ...args], {
    cwd: options.cwd ?? root,
    env: cliEnv(dataDir, options.env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

export interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `latchkey <args>` to its end. `onStderr` sees all of stderr so far after every chunk (to
 * send a signal at the right moment, say).
 */
export function runCli(args: string[], dataDir: string, options: StartOptions & { onStderr?: (all: string, child: CliChild) => void } = {}): Promise<Run> {
  const child = startCli(args, dataDir, options);
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
  child.stderr.setEncoding('utf8').on('data', (c: string) => {
    stderr += c;
    options.onStderr?.(stderr, child);
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

/**
 * Waits until a started `latchkey serve` prints the URL to sign in at.
 * @returns the URL and stdout so far; rejects when the child exits first or after `timeoutMs` (if given).
 */
export function serverUrl(child: CliChild, timeoutMs?: number): Promise<{ url: string; stdout: string }> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    const timer = timeoutMs === undefined ? undefined : setTimeout(() => reject(new Error(`server did not start:\n${stdout}\n${stderr}`)), timeoutMs);
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    child.stdout.setEncoding('utf8').on('data', (c: string) => {
      stdout += c;
      const match = /(http:\/\/[^\s]+) and sign in/.exec(stdout);
      if (match) {
        clearTimeout(timer);
        resolve({ url: match[1]!, stdout });
      }
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`server exited early (${code ?? signal}):\n${stdout}\n${stderr}`));
    });
  });
}

/** The data dir's SQLite database, read-only. */
export function openDb(dataDir: string): SQLite.Database {
  return new SQLite(path.join(dataDir, 'latchkey.db'), { readonly: true });
}

/** The `n` column of a `select count(*) n ...` query. */
export const count = (db: SQLite.Database, sql: string, ...params: unknown[]) => Number((db.prepare(sql).get(...params) as { n: number }).n);
