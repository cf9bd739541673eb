/**
 * The soak benchmark's server, run as a child process (`fork` with IPC) so that the RSS measured
 * is the server's own, not the load generator's. It starts the real server (`startRecoveryServer`:
 * SQLite in a temporary directory, 127.0.0.1, an ephemeral port, the reset portal set up), adds a
 * Global Administrator for the admin reads, sends `{ port, names, admin }` to the parent, and
 * closes (removing its data) when told `close` or when the parent goes away.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { newId } from '../../src/server/core/crypto.js';
import { startRecoveryServer } from './recovery.js';
import { BENCH_PASSWORD } from './server.js';

export interface SoakServerReady {
  port: number;
  names: Record<'eligible' | 'outOfScope' | 'unregistered' | 'disabled', string[]>;
  admin: string;
  password: string;
  /** The limits the server runs with, for the report. */
  limits: Record<string, number>;
}

/** The answer to `stats`: the server's event-loop delay and CPU time since the last `stats`. */
export interface SoakServerStats {
  type: 'stats';
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
  cpuMs: number;
  /** V8 heap in use right after a forced full GC (the child runs with --expose-gc), MiB: what a JavaScript leak grows. */
  heapAfterGcMib: number;
}

const perClass = Number(process.env.SOAK_PER_CLASS ?? '1500');
/**
 * Limits set explicitly for the benchmark: all load comes from 127.0.0.1, so the per-address
 * limits are raised (they still run, and cost what they cost); the per-account limits stay at
 * their defaults and the load is spread over enough accounts never to reach them.
 */
const limits = {
  rateLimitSignInPerIp: 1_000_000,
  rateLimitSignInPerAccount: 30,
  rateLimitRecoveryPerIp: 1_000_000,
  rateLimitRecoverySendsPerIp: 1_000_000,
  rateLimitRecoveryVerifiesPerIp: 1_000_000,
};

const server = await startRecoveryServer(perClass, limits);
const now = server.runtime.clock.now();
const admin = 'soak.admin@contoso.example';
await server.runtime.repos.users.insert({
  id: newId(),
  userPrincipalName: admin,
  displayName: 'Soak Admin',
  passwordHash: await server.runtime.hasher.hash(BENCH_PASSWORD),
  forceChangePassword: false,
  roles: ['global-administrator'],
  now,
});

let closing = false;
const close = () => {
  if (closing) return;
  closing = true;
  server.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
const loopDelay = monitorEventLoopDelay({ resolution: 10 });
loopDelay.enable();
let cpu = process.cpuUsage();
process.on('message', (message) => {
  if (message === 'close') close();
  if (message === 'stats') {
    const used = process.cpuUsage(cpu);
    cpu = process.cpuUsage();
    (globalThis as { gc?: () => void }).gc?.();
    const stats: SoakServerStats = {
      type: 'stats',
      loopDelayP99Ms: loopDelay.percentile(99) / 1e6,
      loopDelayMaxMs: loopDelay.max / 1e6,
      cpuMs: (used.user + used.system) / 1000,
      heapAfterGcMib: process.memoryUsage().heapUsed / 1024 / 1024,
    };
    loopDelay.reset();
    process.send!(stats);
  }
});
process.on('disconnect', close);
const ready: SoakServerReady = {
  port: server.port,
  names: { eligible: server.names.eligible, outOfScope: server.names.outOfScope, unregistered: server.names.unregistered, disabled: server.names.disabled },
  admin,
  password: BENCH_PASSWORD,
  limits,
};
process.send!(ready);
