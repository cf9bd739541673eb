import assert from 'node:assert/strict';
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { loadConfig } from './config/load.js';
import { newId } from './core/crypto.js';
import { MFA_SETTINGS_KEY, mfaOffForTests } from './features/mfa/settings.js';
import { openRuntime } from './runtime.js';
import { assertPostgresInCi, testEngines } from './testing/databases.js';

// Issue 16, LATCHKEY_WORKERS: the real `latchkey serve` with two workers, on SQLite (WAL) and on
// PostgreSQL. The primary prints the first-run password once; both workers serve; a settings change
// on one is seen by the other at once; a killed worker is replaced; SIGTERM closes all and exits 0.
assertPostgresInCi();

const root = fileURLToPath(new URL('../../', import.meta.url));
const tsx = import.meta.resolve('tsx');
const ADMIN = 'cluster-admin@contoso.example';
const PASSWORD = 'Quartz-Lantern-Meadow-42!';

interface Answer {
  status: number;
  body: string;
  headers: Record<string, string | string[] | undefined>;
}

/** One request on a connection of its own (agent: false), so the primary hands it to the next worker. */
function call(base: string, method: string, url: string, options: { body?: unknown; headers?: Record<string, string> } = {}): Promise<Answer> {
  const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
  return new Promise((resolve, reject) => {
    const req = request(
      new URL(url, base),
      { method, agent: false, headers: { ...(payload ? { 'content-type': 'application/json' } : {}), ...options.headers } },
      (res) => {
        let body = '';
        res.setEncoding('utf8').on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/** The child's JSON log lines with a message, and the plain lines (what `out` prints). */
function logLines(stdout: string): { msg: string; pid: number; worker?: number; req?: { url?: string } }[] {
  // Complete lines only: the last one may still be arriving.
  return stdout
    .split('\n')
    .slice(0, -1)
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as { msg: string; pid: number; worker?: number; req?: { url?: string } });
}

/** Polls `check` on the child's output; a bounded wait (a failure names what never came). */
async function until<T>(what: string, check: () => T | undefined | false, child: { stdout: () => string }): Promise<T> {
  for (let i = 0; i < 1200; i++) {
    const value = check();
    if (value) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`never saw ${what}:\n${child.stdout()}`);
}

/** A database of its own on the test cluster (the server reads LATCHKEY_DATABASE_URL as it is). */
async function scratchDatabase(baseUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `latchkey_workers_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`create database ${name}`).finally(() => admin.end());
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: baseUrl });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`).finally(() => client.end());
    },
  };
}

/** `/proc/<pid>` exists: the process is alive (or not yet reaped). */
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

for (const engine of testEngines()) {
  describe(`LATCHKEY_WORKERS=2: one port, two processes (${engine})`, () => {
    test('first-run password once, both workers serve, settings agree at once, a dead worker is replaced, SIGTERM exits 0', async () => {
      const dataDir = mkdtempSync(path.join(tmpdir(), 'latchkey-workers-'));
      const scratch = engine === 'postgres' ? await scratchDatabase(process.env.LATCHKEY_TEST_POSTGRES_URL!) : null;
      const env: Record<string, string> = {
        LATCHKEY_DATA_DIR: dataDir,
        LATCHKEY_WORKERS: '2',
        LATCHKEY_LOG_LEVEL: 'info',
        LATCHKEY_METRICS_ENABLED: 'true',
        LATCHKEY_METRICS_PORT: '0',
        LATCHKEY_SECRET: 'cluster-test-secret-0123456789-0123456789',
        ...(scratch ? { LATCHKEY_DATABASE_URL: scratch.url } : {}),
      };
      const childEnv: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('LATCHKEY_')));
      const child: ChildProcessByStdio<null, Readable, Readable> = spawn(
        process.execPath,
        ['--import', tsx, path.join(root, 'src/cli/main.ts'), 'serve', '--port', '0'],
        {
          cwd: root,
          env: { ...childEnv, ...env },
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
      child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
      const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
        child.on('exit', (code, signal) => resolve({ code, signal })),
      );
      const out = { stdout: () => `${stdout}\n${stderr}` };
      const workerPids = () =>
        logLines(stdout)
          .filter((l) => l.msg === 'worker started')
          .map((l) => l.worker!);
      try {
        const base = await until('the URL to sign in at', () => /(http:\/\/[^\s]+) and sign in/.exec(stdout)?.[1], out);
        assert.equal((await call(base, 'GET', '/readyz')).status, 200);
        const [first, second] = await until('two workers', () => (workerPids().length === 2 ? workerPids() : undefined), out);
        // The URL is printed once the first worker listens; the other may still be starting.
        const listeningPids = () =>
          new Set(
            logLines(stdout)
              .filter((l) => l.msg === 'worker listening')
              .map((l) => l.worker),
          );
        await until('both workers listening', () => (listeningPids().size === 2 ? true : undefined), out);
        assert.ok(first !== child.pid && second !== child.pid && first !== second);

        // Set-up straight in the database (as a fixture would): an admin with a known password, MFA off for it.
        const config = loadConfig({ LATCHKEY_DATA_DIR: dataDir, ...(scratch ? { LATCHKEY_DATABASE_URL: scratch.url } : {}) });
        const runtime = await openRuntime(config);
        try {
          await runtime.repos.settings.put(MFA_SETTINGS_KEY, mfaOffForTests, null, runtime.clock.now());
          await runtime.repos.users.insert({
            id: newId(),
            userPrincipalName: ADMIN,
            displayName: 'Cluster Admin',
            mail: ADMIN,
            givenName: null,
            surname: null,
            accountEnabled: true,
            preferredLanguage: null,
            department: null,
            jobTitle: null,
            passwordHash: await runtime.hasher.hash(PASSWORD),
            forceChangePassword: false,
            roles: ['global-administrator'],
            now: runtime.clock.now(),
          });
        } finally {
          await runtime.close();
        }
        const signIn = await call(base, 'POST', '/api/v1/auth/sign-in', { body: { username: ADMIN, password: PASSWORD } });
        assert.equal(signIn.status, 200, signIn.body);
        const cookie = ([] as string[])
          .concat(signIn.headers['set-cookie'] ?? [])
          .map((c) => c.split(';')[0])
          .join('; ');
        const auth = { cookie, 'x-csrf-token': (JSON.parse(signIn.body) as { csrfToken: string }).csrfToken };
        const threshold = async () =>
          (JSON.parse((await call(base, 'GET', '/api/v1/settings/smart-lockout', { headers: auth })).body) as { lockoutThreshold: number }).lockoutThreshold;

        // Both workers cache the document (requests on new connections alternate between them)...
        const servedBefore = logLines(stdout).filter((l) => l.msg === 'request completed').length;
        const before = await Promise.all(Array.from({ length: 8 }, () => threshold()));
        assert.deepEqual(new Set(before), new Set([10]));
        // ...then one of them saves a change, and every read after it, on either worker, sees it at once.
        const saved = await call(base, 'PUT', '/api/v1/settings/smart-lockout', { headers: auth, body: { lockoutThreshold: 7, lockoutDurationSeconds: 60 } });
        assert.equal(saved.status, 200, saved.body);
        for (let i = 0; i < 12; i++) assert.equal(await threshold(), 7, `read ${i} after the save`);
        const served = await until(
          'the requests logged',
          () => {
            const lines = logLines(stdout).filter((l) => l.msg === 'request completed');
            return lines.length >= servedBefore + 21 ? lines.slice(servedBefore) : undefined;
          },
          out,
        );
        assert.deepEqual(new Set(served.map((l) => l.pid)), new Set([first, second]), 'both workers answered');

        // A worker killed outright is replaced, and the service goes on.
        process.kill(first!, 'SIGKILL');
        const replacement = await until('a new worker', () => workerPids()[2], out);
        await until('the new worker listening', () => (listeningPids().has(replacement) ? true : undefined), out);
        assert.ok(logLines(stdout).some((l) => l.msg === 'worker died; starting a new one' && l.worker === first));
        // Requests keep being answered meanwhile, and the replacement takes its share once it listens.
        const replacementServed = () => logLines(stdout).some((l) => l.msg === 'request completed' && l.pid === replacement);
        for (let i = 0; i < 1200 && !replacementServed(); i++) {
          assert.equal((await call(base, 'GET', '/readyz')).status, 200);
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        assert.ok(replacementServed(), 'the replacement serves');
        for (let i = 0; i < 6; i++) assert.equal((await call(base, 'GET', '/readyz')).status, 200);
        assert.equal(await threshold(), 7);

        // /metrics (the primary's own listener) sums the live workers: every /readyz they logged is counted.
        const metricsAt = /(http:\/\/[^\s]+\/metrics)/.exec(stdout)?.[1];
        assert.ok(metricsAt, 'the metrics URL is printed');
        const live = new Set([second, replacement]);
        const tally = async () => {
          const metrics = await call(metricsAt, 'GET', metricsAt);
          assert.equal(metrics.status, 200);
          const counted = Number(/latchkey_http_request_duration_seconds_count\{method="GET",route="\/readyz",status="200"\} (\d+)/.exec(metrics.body)?.[1]);
          const logged = logLines(stdout).filter((l) => l.msg === 'request completed' && live.has(l.pid) && l.req?.url === '/readyz');
          return { counted, logged: logged.length, both: logged.some((l) => l.pid === second) && logged.some((l) => l.pid === replacement) };
        };
        // The log lines reach this test through a pipe, a moment after the metrics are counted.
        let sums = await tally();
        for (let i = 0; i < 50 && sums.counted !== sums.logged; i++) {
          await new Promise((resolve) => setTimeout(resolve, 100));
          sums = await tally();
        }
        assert.deepEqual(sums, { counted: sums.logged, logged: sums.logged, both: true });

        // The first-run password was printed once in all (not by the workers, not by the replacement).
        assert.equal(stdout.split('Temporary password (shown once').length - 1, 1, stdout);
        assert.equal(stdout.split('and sign in.').length - 1, 1);

        child.kill('SIGTERM');
        const end = await exited;
        assert.deepEqual(end, { code: 0, signal: null }, stderr);
        for (const pid of [second!, replacement]) await until(`worker ${pid} gone`, () => !alive(pid) || void 0, out);
      } finally {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
        for (const pid of workerPids()) if (alive(pid)) process.kill(pid, 'SIGKILL');
        await scratch?.drop();
        rmSync(dataDir, { recursive: true, force: true });
      }
    });
  });
}
