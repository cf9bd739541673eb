import type { LoadResult } from './http-load.js';
import { categorize, profileMainThread } from './profile.js';
import { round } from './stats.js';
import type { Result } from './types.js';

/** One more flow slice at 32 connections under the V8 sampling profiler: the main thread's time per start by category. */
export async function sampledProfile(captchas: string[], load: (captchas: string[]) => Promise<LoadResult>): Promise<Result[]> {
  const { value: done, profile } = await profileMainThread(() => load(captchas));
  const shares = categorize(profile);
  const requests = Math.max(1, done.ok + done.errors);
  const hidden = (c: string) => c.startsWith('(idle') || c.startsWith('profiler');
  return [
    ...shares
      .filter((x) => !hidden(x.category) && x.share >= 0.005)
      .map((x) => ({
        benchmark: 'recovery-throughput',
        metric: `profile, main thread: ${x.category}`,
        value: round(x.ms / requests, 3),
        unit: 'ms/start',
        note: `${round(100 * x.share, 1)} % of sampled time (${requests} starts at 32 connections, load generator included: it shares the main thread)`,
      })),
    ...byLatchkeyFunction(profile)
      .filter((x) => x.share >= 0.01)
      .slice(0, 15)
      .map((x) => ({
        benchmark: 'recovery-throughput',
        metric: `profile, under Latchkey function: ${x.fn}`,
        value: round(x.ms / requests, 3),
        unit: 'ms/start',
        note: `${round(100 * x.share, 1)} % of sampled time: its own code and the libraries it calls synchronously (query building included; SQLite execution after an await is not)`,
      })),
  ];
}

type CpuProfile = Awaited<ReturnType<typeof profileMainThread>>['profile'];

/**
 * Busy main-thread time by the innermost Latchkey function on the stack (file:function), so a
 * step such as loadProfile is charged with the Kysely building and crypto it calls synchronously.
 */
function byLatchkeyFunction(profile: CpuProfile): Array<{ fn: string; share: number; ms: number }> {
  type Node = CpuProfile['nodes'][number];
  const byId = new Map<number, Node>(profile.nodes.map((x) => [x.id, x]));
  const parent = new Map<number, number>();
  for (const x of profile.nodes) for (const c of x.children ?? []) parent.set(c, x.id);
  const totals = new Map<string, number>();
  let busy = 0;
  profile.samples.forEach((id, i) => {
    const micros = profile.timeDeltas[i] ?? 0;
    const leaf = byId.get(id)!.callFrame.functionName;
    if (leaf === '(idle)' || leaf === '(program)') return;
    let key = '(no Latchkey frame: HTTP, Fastify, the load generator, SQLite after an await, GC)';
    for (let x: number | undefined = id; x !== undefined; x = parent.get(x)) {
      const f = byId.get(x)!.callFrame;
      if (f.url.includes('/src/server/')) {
        key = `${f.url.slice(f.url.indexOf('/src/server/') + '/src/server/'.length)}:${f.functionName || '(anonymous)'}`;
        break;
      }
    }
    totals.set(key, (totals.get(key) ?? 0) + micros);
    busy += micros;
  });
  return [...totals].map(([fn, micros]) => ({ fn, share: micros / Math.max(1, busy), ms: micros / 1000 })).sort((a, b) => b.share - a.share);
}
