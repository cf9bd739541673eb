import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import type { Runtime } from '../src/server/runtime.js';
import { principalFor, resetServicesFor } from '../src/cli/lib/runtime.js';
import { newId } from '../src/server/core/crypto.js';
import { categorizeBySteps, profileMainThread, type Step } from './lib/profile.js';
import { openBenchRuntime, seedDirectory } from './lib/directory.js';
import { measureRawArgon2Hash, type RawArgon2HashRate } from './lib/raw-argon2.js';
import { settings } from './lib/settings.js';
import { slotMeter } from './lib/slot-meter.js';
import { round, sleep } from './lib/stats.js';
import type { Result } from './lib/types.js';

const TARGET_RATIO = 1.1;
const TARGET_RSS_MB = 400;
const ADMIN = 'bench.admin@contoso.example';
const PASSWORD = 'Bench-correct-horse-battery-staple-42';

/**
 * What a reset does, for the profile of `--profile`: a sample goes to the innermost of these found
 * on its stack (so the policy's banned-word check inside `generateAccepted` is the policy's, not
 * the service's), else to the generic categories of lib/profile.ts.
 */
const RESET_STEPS: Step[] = [
  ['policy: banned-password check (evaluateBanned)', (u) => u.includes('/features/policy/banned/')],
  ['policy: composition rules, settings', (u) => u.includes('/features/policy/')],
  ['password generator (generatePassword)', (u) => u.endsWith('/passwords/generate.ts')],
  ['mail: outbox row, template', (u) => u.includes('/features/notifications/')],
  ['seal / unseal (AES-GCM) and ids', (u) => u.endsWith('/core/crypto.ts')],
  ['audit append', (u) => u.includes('/features/audit/')],
  ['job runner and job store', (u) => u.includes('/features/admin-reset/job')],
  ['admin-reset service', (u) => u.endsWith('/admin-reset/service.ts')],
  ['users store (find, roles, replacePassword)', (u) => u.includes('/features/users/')],
  ['sessions, lockout, history', (u) => /\/features\/(auth|lockout)\//.test(u) || u.includes('password-history')],
  ['hasher queue (limiter, hash call)', (u) => u.endsWith('/passwords/hasher.ts') || u.endsWith('/core/limiter.ts')],
];

/**
 * Bulk password reset: one job over every seeded user (10,000; `--quick` 2,000), started as a
 * Global Administrator and run to completion in this process with the server's own services
 * (`resetServicesFor`, wired as src/server/app.ts wires them), against the raw argon2id *hash*
 * rate measured in the same run (just before and just after the job; a reset costs one hash).
 *
 * Reported: elapsed seconds from `jobs.create` to the job's completion, users/s, the raw rate,
 * the ratio elapsed / (users / raw rate) (target <= 1.10), the same ratio per CPU-second, and the
 * peak RSS sampled every 100 ms during the job (target < 400 MB).
 *
 * Diagnostics: how full the runner kept the hash pool (time-average of hashes in flight), and a
 * second, smaller job with an instant hasher, whose CPU per user is what a reset costs besides
 * the hash. `--profile` (`npm run bench -- bulk-reset --profile`) samples the main thread during
 * that second job with the V8 profiler and splits its time by step. `--workers=N` runs the job
 * with N users in flight instead of the server's hash concurrency (to try a runner setting).
 */
export async function run(): Promise<Result[]> {
  const s = settings.bulkReset;
  const profile = process.argv.includes('--profile');
  const bench = await openBenchRuntime();
  const { runtime } = bench;
  const b = 'bulk-reset';
  try {
    // Seed: the users (one shared hash) and the admin who resets them.
    const seedStarted = performance.now();
    const sharedHash = await runtime.hasher.hash(PASSWORD);
    const users = await seedDirectory(runtime, s.users, sharedHash);
    const outcome = await runtime.repos.users.insert({
      id: newId(),
      userPrincipalName: ADMIN,
      displayName: 'Bench Admin',
      mail: ADMIN,
      accountEnabled: true,
      passwordHash: sharedHash,
      forceChangePassword: false,
      roles: ['global-administrator'],
      now: runtime.clock.now(),
    });
    if (outcome !== 'created') throw new Error(`seeding ${ADMIN}: ${outcome}`);
    const seedSeconds = (performance.now() - seedStarted) / 1000;

    const errors: unknown[] = [];
    // The server's hasher, counting the hashes in flight: how full the runner keeps the hash pool.
    const slots = slotMeter(runtime.config.hashConcurrency ?? availableParallelism());
    const metered: Runtime = { ...runtime, hasher: { ...runtime.hasher, hash: (password: string) => slots.track(() => runtime.hasher.hash(password)) } };
    // `--workers=N`: users in flight in the job runner (the server uses the hash concurrency).
    const workersArg = process.argv.find((a) => a.startsWith('--workers='));
    const workers = workersArg ? Math.max(1, Number(workersArg.slice('--workers='.length)) || 1) : undefined;
    const { jobs, policy } = await resetServicesFor(metered, { onError: (err) => errors.push(err), ...(workers ? { concurrency: workers } : {}) });
    const actor = await principalFor(runtime, ADMIN, 'users:reset-password');
    // Load the banned-password lists and settings before the clock starts, as a running server has.
    await policy.evaluate('Warm-up-password-91!', { userPrincipalName: ADMIN }, 'preview');

    const rawBefore = await measureRawArgon2Hash({ warmupMs: s.rawWarmupMs, durationMs: s.rawMs });

    // Memory: the process's RSS every 100 ms while the job runs.
    const rssBefore = process.memoryUsage().rss;
    let peakRss = rssBefore;
    let peakHeap = process.memoryUsage().heapUsed;
    const sampler = setInterval(() => {
      const m = process.memoryUsage();
      peakRss = Math.max(peakRss, m.rss);
      peakHeap = Math.max(peakHeap, m.heapUsed);
    }, 100);

    const work = async () => {
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      jobs.start();
      const created = await jobs.create(
        actor,
        { userIds: users.map((u) => u.id) },
        { autoGenerate: true, forceChangePasswordNextSignIn: true },
        { ipAddress: null, userAgent: null, correlationId: null },
      );
      // The pool is measured from here: creating the job hashes nothing.
      slots.start();
      const tCreated = performance.now();
      let status = 'running';
      while (status !== 'completed' && performance.now() - t0 < s.maxMs) {
        await sleep(50);
        status = (await runtime.repos.resetJobs.get(created.id))?.status ?? 'missing';
      }
      const t1 = performance.now();
      const cpu = process.cpuUsage(cpu0);
      slots.stop();
      await jobs.stop();
      return {
        id: created.id,
        total: created.total,
        createSeconds: (tCreated - t0) / 1000,
        seconds: (t1 - t0) / 1000,
        cpuMs: (cpu.user + cpu.system) / 1000,
        completed: status === 'completed',
      };
    };
    const job = await work();
    clearInterval(sampler);
    const maxRssKb = process.resourceUsage().maxRSS;

    const rawAfter = await measureRawArgon2Hash({ warmupMs: s.rawWarmupMs, durationMs: s.rawMs });
    const counts = await runtime.repos.resetJobs.counts(job.id);
    const raws: RawArgon2HashRate[] = [rawBefore, rawAfter];
    const rawRate = raws.reduce((n, r) => n + r.hashes, 0) / raws.reduce((n, r) => n + r.seconds, 0);
    const rawCpuPerHash =
      raws.reduce((n, r) => n + r.cpuMs, 0) /
      Math.max(
        1,
        raws.reduce((n, r) => n + r.hashes, 0),
      );
    const ideal = counts.reset / rawRate;
    const ratio = job.seconds / ideal;
    const cpuPerUser = job.cpuMs / Math.max(1, counts.reset);
    const cpuRatio = cpuPerUser / rawCpuPerHash;
    const peakMb = peakRss / 2 ** 20;
    const p = rawBefore.params;
    const results: Result[] = [
      {
        benchmark: b,
        metric: `elapsed, ${job.total} users`,
        value: round(job.seconds, 2),
        unit: 's',
        note: `${job.completed ? 'completed' : `NOT COMPLETED within ${s.maxMs / 1000} s`}: ${counts.reset} reset, ${counts.skipped} skipped, ${counts.failed} failed, ${counts.pending} pending; job created in ${round(job.createSeconds, 2)} s; seeded in ${round(seedSeconds, 1)} s`,
      },
      { benchmark: b, metric: 'users/s', value: round(counts.reset / job.seconds, 1), unit: '/s' },
      {
        benchmark: b,
        metric: 'raw argon2id hashes/s (same run)',
        value: round(rawRate, 1),
        unit: '/s',
        note: `before ${round(rawBefore.perSecond, 1)}, after ${round(rawAfter.perSecond, 1)}; ${rawBefore.concurrency} concurrent, m=${p.memoryKib} t=${p.iterations} p=${p.parallelism}`,
      },
      {
        benchmark: b,
        metric: 'ratio elapsed / (users / raw rate)',
        value: round(ratio, 3),
        unit: '',
        target: `<= ${TARGET_RATIO}`,
        pass: job.completed && ratio <= TARGET_RATIO,
        note: `ideal ${round(ideal, 2)} s`,
      },
      {
        benchmark: b,
        metric: 'ratio per CPU-second',
        value: round(cpuRatio, 3),
        unit: '',
        target: `<= ${TARGET_RATIO}`,
        pass: job.completed && cpuRatio <= TARGET_RATIO,
        note: `${round(cpuPerUser, 2)} ms CPU per user vs ${round(rawCpuPerHash, 2)} ms per raw hash; cores used: job ${round(job.cpuMs / 1000 / job.seconds, 2)}, raw ${round(raws.reduce((n, r) => n + r.cpuMs, 0) / 1000 / raws.reduce((n, r) => n + r.seconds, 0), 2)}`,
      },
      {
        benchmark: b,
        metric: 'peak RSS during the job',
        value: round(peakMb, 1),
        unit: 'MB',
        target: `< ${TARGET_RSS_MB} MB`,
        pass: peakMb < TARGET_RSS_MB,
        note: `${round(rssBefore / 2 ** 20, 1)} MB before; peak heap ${round(peakHeap / 2 ** 20, 1)} MB; process maxRSS so far ${round(maxRssKb / 1024, 1)} MB`,
      },
      {
        benchmark: b,
        metric: 'errors reported by the job runner',
        value: errors.length,
        unit: '',
        target: '0',
        pass: errors.length === 0,
        ...(errors.length ? { note: String((errors[0] as Error)?.message ?? errors[0]) } : {}),
      },
    ];
    results.splice(5, 0, {
      benchmark: b,
      metric: 'hash slots busy during the job',
      value: round(slots.utilization() * 100, 1),
      unit: '%',
      note: `from job created to complete: time-average of hashes running over ${slots.concurrency} slots, ${workers ?? slots.concurrency} users in flight${workers ? ' (--workers)' : ''}; below ~97% the runner leaves the hash pool idle`,
    });

    // Diagnostic: the same work with an instant hasher shows what a reset costs besides the hash.
    const sample = users.slice(0, Math.min(users.length, s.instantUsers));
    const instant: Runtime = { ...runtime, hasher: { ...runtime.hasher, hash: async () => sharedHash } };
    const diag = await resetServicesFor(instant, { onError: (err) => errors.push(err) });
    const instantRun = async () => {
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      diag.jobs.start();
      const created = await diag.jobs.create(
        actor,
        { userIds: sample.map((u) => u.id) },
        { autoGenerate: true, forceChangePasswordNextSignIn: true },
        { ipAddress: null, userAgent: null, correlationId: null },
      );
      while ((await runtime.repos.resetJobs.get(created.id))?.status !== 'completed' && performance.now() - t0 < s.maxMs) await sleep(20);
      const cpu = process.cpuUsage(cpu0);
      await diag.jobs.stop();
      return { seconds: (performance.now() - t0) / 1000, cpuMs: (cpu.user + cpu.system) / 1000 };
    };
    const instantResult = profile ? await profileMainThread(instantRun) : { value: await instantRun(), profile: undefined };
    const overheadMs = instantResult.value.cpuMs / sample.length;
    results.push(
      {
        benchmark: b,
        metric: 'CPU per user besides the hash (instant hasher)',
        value: round(overheadMs, 2),
        unit: 'ms',
        note: `${sample.length} users reset again with a hasher that returns at once: ${round(sample.length / instantResult.value.seconds, 0)} users/s${profile ? ' (profiled)' : ''}`,
      },
      {
        benchmark: b,
        metric: 'best ratio at that cost, (a + o) / a',
        value: round((rawCpuPerHash + overheadMs) / rawCpuPerHash, 3),
        unit: '',
        target: `<= ${TARGET_RATIO}`,
        pass: (rawCpuPerHash + overheadMs) / rawCpuPerHash <= TARGET_RATIO,
        note: `a = ${round(rawCpuPerHash, 2)} ms CPU per raw hash, o = ${round(overheadMs, 2)} ms; the floor of the ratio on a CPU-bound machine`,
      },
    );
    if (instantResult.profile) {
      for (const c of categorizeBySteps(instantResult.profile, RESET_STEPS)) {
        if (c.share < 0.015) continue;
        results.push({
          benchmark: b,
          metric: `main thread (instant hasher): ${c.category}`,
          value: round(c.share * 100, 1),
          unit: '%',
          note: `${round(c.ms / sample.length, 3)} ms per user`,
        });
      }
    }
    return results;
  } finally {
    await bench.close();
  }
}
