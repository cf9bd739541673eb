import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { buildApp } from '../../src/server/app.js';
import { loadConfig } from '../../src/server/config/load.js';
import type { Config } from '../../src/server/config/schema.js';
import { newId } from '../../src/server/core/crypto.js';
import { loggerOptions } from '../../src/server/http/logging.js';
import type { PasswordHasher } from '../../src/server/features/passwords/hasher.js';
import { openRuntime, type Runtime } from '../../src/server/runtime.js';

export const BENCH_DOMAIN = 'contoso.example';
export const BENCH_PASSWORD = 'Bench-correct-horse-battery-staple-42';

export interface BenchServerOptions {
  /** Seeded users, `user00000@contoso.example` …; all share one password hash. */
  users: number;
  /**
   * `silent` (the default, what the figures use), or a pino level whose lines are written to
   * /dev/null, to measure what logging costs without flooding the console.
   */
  logLevel?: Config['logLevel'];
  /** Extra configuration overrides. */
  config?: Record<string, unknown>;
  /**
   * A hasher for the app instead of the runtime's argon2 one (the overhead benchmark passes an
   * instant one to see what everything but the hash costs). Seeding always uses argon2.
   */
  appHasher?: PasswordHasher;
}

export interface BenchServer {
  host: string;
  port: number;
  config: Config;
  runtime: Runtime;
  usernames: string[];
  password: string;
  /** Seconds spent seeding (one hash plus the inserts). */
  seedSeconds: number;
  close(): Promise<void>;
}

/**
 * The real server: `openRuntime` + `buildApp` + `listen` on 127.0.0.1 and an ephemeral port, on
 * a SQLite database in a fresh temporary directory that `close()` removes.
 */
export async function startBenchServer(options: BenchServerOptions): Promise<BenchServer> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'latchkey-bench-'));
  const logLevel = options.logLevel ?? 'silent';
  // Environment ignored on purpose: the benchmark runs the defaults (argon2 m=19456, t=2, p=1).
  // The load comes from one address: the per-address limit is raised so the limiter still runs (and costs what it costs) without refusing.
  const config = loadConfig({}, { dataDir, logLevel, port: 0, host: '127.0.0.1', rateLimitSignInPerIp: 1_000_000, ...options.config });
  let runtime: Runtime | undefined;
  try {
    runtime = await openRuntime(config);
    const logger = logLevel === 'silent' ? undefined : pino(loggerOptions(logLevel), pino.destination({ dest: '/dev/null', sync: true }));
    const built = await buildApp({
      config,
      db: runtime.db,
      hasher: options.appHasher ?? runtime.hasher,
      secret: runtime.secret,
      clock: runtime.clock,
      ...(logger ? { logger } : {}),
    });
    const seedStarted = performance.now();
    const usernames = await seed(runtime, options.users);
    const seedSeconds = (performance.now() - seedStarted) / 1000;
    await built.app.listen({ host: '127.0.0.1', port: 0 });
    const address = built.app.server.address();
    if (!address || typeof address !== 'object') throw new Error('server has no TCP address');
    const rt = runtime;
    return {
      host: '127.0.0.1',
      port: address.port,
      config,
      runtime: rt,
      usernames,
      password: BENCH_PASSWORD,
      seedSeconds,
      async close() {
        await built.app.close();
        await rt.close();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await runtime?.close();
    rmSync(dataDir, { recursive: true, force: true });
    throw err;
  }
}

/** The organisation, then `count` enabled users with one shared hash, in one transaction. */
async function seed(runtime: Runtime, count: number): Promise<string[]> {
  const now = runtime.clock.now();
  const hash = await runtime.hasher.hash(BENCH_PASSWORD);
  const usernames = Array.from({ length: count }, (_, i) => `user${String(i).padStart(5, '0')}@${BENCH_DOMAIN}`);
  await runtime.transact(async (tx) => {
    await tx.organization.create({ id: newId(), name: 'Contoso (benchmark)', defaultLanguage: 'en', domain: BENCH_DOMAIN }, now);
    for (const [i, upn] of usernames.entries()) {
      const outcome = await tx.users.insert({
        id: newId(),
        userPrincipalName: upn,
        displayName: `Bench User ${i}`,
        givenName: 'Bench',
        surname: `User ${i}`,
        mail: upn,
        department: ['Sales', 'Finance', 'Engineering', 'Support'][i % 4]!,
        jobTitle: 'Employee',
        accountEnabled: true,
        preferredLanguage: 'en',
        passwordHash: hash,
        forceChangePassword: false,
        roles: [],
        now,
      });
      if (outcome !== 'created') throw new Error(`seeding ${upn}: ${outcome}`);
    }
  });
  return usernames;
}
