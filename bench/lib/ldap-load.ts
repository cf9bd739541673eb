/**
 * The directory benchmark's load generator, run as a child process (`fork` with IPC, one job per
 * message) so its CPU is not the server's: closed loops against slapd (binds, Password Modify) or
 * Latchkey (`POST /api/v1/auth/sign-in`), each bounded in count and time, on 127.0.0.1 only.
 * Answers every job with a {@link LdapLoadResult}; exits when the parent goes away.
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Client } from 'ldapts';
import { HttpClient, runLoad } from './http-load.js';

export type LdapLoadJob =
  /** Connect, simple bind as a user, unbind: what a sign-in by bind costs the directory (a connection of its own each time). */
  | { mode: 'bind'; url: string; dns: string[]; password: string; connections: number; warmupMs: number; durationMs: number; maxOps: number }
  /** Rebind on one kept connection per loop: the directory's bind rate without TCP set-up (a note only). */
  | { mode: 'rebind'; url: string; dns: string[]; password: string; connections: number; warmupMs: number; durationMs: number; maxOps: number }
  /** RFC 3062 Password Modify by the service account: a fresh random password for the next user of `dns` each time (round robin). */
  | { mode: 'passwd'; url: string; dns: string[]; bindDn: string; bindPassword: string; connections: number; durationMs: number; maxOps: number }
  /** Latchkey's sign-in at `connections` keep-alive connections, random users of `usernames`. */
  | { mode: 'sign-in'; port: number; usernames: string[]; password: string; connections: number; warmupMs: number; durationMs: number; maxOps: number };

export interface LdapLoadResult {
  ok: number;
  errors: number;
  windowMs: number;
  /** CPU of this process in the window (the load generator's own cost), ms. */
  cpuMs: number;
  sampleError?: string;
  statuses?: Record<string, number>;
  /** Median latency of the measured exchanges (sign-in only), ms. */
  latencyP50Ms?: number;
}

const PASSWORD_MODIFY = '1.3.6.1.4.1.4203.1.11.1';

/** BER: a context-specific primitive [tag] OCTET STRING. */
function octets(tag: number, value: string): Buffer {
  const body = Buffer.from(value, 'utf8');
  return Buffer.concat([Buffer.from([0x80 | tag]), berLength(body.length), body]);
}
function berLength(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v >>= 8) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}
/** PasswdModifyRequestValue ::= SEQUENCE { userIdentity [0], newPasswd [2] } (RFC 3062). */
export function passwordModifyValue(dn: string, newPassword: string): Buffer {
  const body = Buffer.concat([octets(0, dn), octets(2, newPassword)]);
  return Buffer.concat([Buffer.from([0x30]), berLength(body.length), body]);
}

async function closedLoops(
  connections: number,
  warmupMs: number,
  durationMs: number,
  maxOps: number,
  op: (loop: number, i: number) => Promise<void>,
): Promise<LdapLoadResult> {
  const start = performance.now();
  const windowStart = start + warmupMs;
  const windowEnd = windowStart + durationMs;
  let sent = 0;
  let cpu0: NodeJS.CpuUsage | null = warmupMs === 0 ? process.cpuUsage() : null;
  const result: LdapLoadResult = { ok: 0, errors: 0, windowMs: durationMs, cpuMs: 0 };
  const loop = async (n: number) => {
    while (performance.now() < windowEnd && sent < maxOps) {
      const i = sent++;
      let error: unknown = null;
      try {
        await op(n, i);
      } catch (err) {
        error = err;
      }
      const done = performance.now();
      cpu0 ??= done >= windowStart ? process.cpuUsage() : null;
      if (done < windowStart || done > windowEnd) continue;
      if (error === null) result.ok++;
      else {
        result.errors++;
        result.sampleError ??= error instanceof Error ? error.message : JSON.stringify(error);
      }
    }
  };
  await Promise.all(Array.from({ length: connections }, (_, n) => loop(n)));
  const end = performance.now();
  if (cpu0) {
    const c = process.cpuUsage(cpu0);
    result.cpuMs = (c.user + c.system) / 1000;
  }
  if (sent >= maxOps) result.windowMs = Math.max(1, Math.min(end, windowEnd) - windowStart);
  return result;
}

async function runJob(job: LdapLoadJob): Promise<LdapLoadResult> {
  const pick = <T>(xs: T[]) => xs[Math.floor(Math.random() * xs.length)]!;
  if (job.mode === 'bind') {
    return closedLoops(job.connections, job.warmupMs, job.durationMs, job.maxOps, async () => {
      const client = new Client({ url: job.url, timeout: 10_000, connectTimeout: 10_000 });
      try {
        await client.bind(pick(job.dns), job.password);
      } finally {
        await client.unbind().catch(() => undefined);
      }
    });
  }
  if (job.mode === 'rebind') {
    const clients = Array.from({ length: job.connections }, () => new Client({ url: job.url, timeout: 10_000, connectTimeout: 10_000 }));
    try {
      return await closedLoops(job.connections, job.warmupMs, job.durationMs, job.maxOps, (n) => clients[n]!.bind(pick(job.dns), job.password));
    } finally {
      await Promise.all(clients.map((c) => c.unbind().catch(() => undefined)));
    }
  }
  if (job.mode === 'passwd') {
    const clients = Array.from({ length: job.connections }, () => new Client({ url: job.url, timeout: 10_000, connectTimeout: 10_000 }));
    try {
      await Promise.all(clients.map((c) => c.bind(job.bindDn, job.bindPassword)));
      return await closedLoops(job.connections, 0, job.durationMs, job.maxOps, async (n, i) => {
        await clients[n]!.exop(PASSWORD_MODIFY, passwordModifyValue(job.dns[i % job.dns.length]!, `Raw-${randomBytes(9).toString('base64url')}-9a`));
      });
    } finally {
      await Promise.all(clients.map((c) => c.unbind().catch(() => undefined)));
    }
  }
  const client = new HttpClient('127.0.0.1', job.port, job.connections);
  try {
    const load = await runLoad({
      client,
      path: '/api/v1/auth/sign-in',
      connections: job.connections,
      warmupMs: job.warmupMs,
      durationMs: job.durationMs,
      maxRequests: job.maxOps,
      okStatus: 200,
      body: () => JSON.stringify({ username: pick(job.usernames), password: job.password }),
    });
    const sorted = [...load.latenciesMs].sort((a, b) => a - b);
    const latencyP50Ms = sorted[Math.floor(sorted.length / 2)] ?? 0;
    return {
      ok: load.ok,
      errors: load.errors,
      windowMs: load.windowMs,
      cpuMs: load.cpuMs,
      sampleError: load.sampleError,
      statuses: load.statusCounts,
      latencyP50Ms,
    };
  } finally {
    client.close();
  }
}

if (process.send) {
  process.on('message', (job: LdapLoadJob) => {
    runJob(job).then(
      (result) => process.send!(result),
      (err: unknown) => process.send!({ ok: 0, errors: 1, windowMs: 1, cpuMs: 0, sampleError: err instanceof Error ? err.message : String(err) }),
    );
  });
  process.on('disconnect', () => process.exit(0));
}
