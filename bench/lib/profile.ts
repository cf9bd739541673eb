import { Session } from 'node:inspector/promises';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
export interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Samples the main thread's CPU profile while `work` runs. */
export async function profileMainThread<T>(work: () => Promise<T>): Promise<{ value: T; profile: CpuProfile }> {
  const session = new Session();
  session.connect();
  try {
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 250 });
    await session.post('Profiler.start');
    const value = await work();
    const { profile } = (await session.post('Profiler.stop')) as unknown as { profile: CpuProfile };
    return { value, profile };
  } finally {
    session.disconnect();
  }
}

type Frame = ProfileNode['callFrame'];

/** The sampled time (µs) of each node itself, and the lookups to walk up from a node to the root. */
function selfTimes(profile: CpuProfile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const selfTime = new Map<number, number>();
  profile.samples.forEach((id, i) => selfTime.set(id, (selfTime.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  return { byId, parent, selfTime };
}

/**
 * Where main-thread time went, by category. Each sample goes to its nearest package frame (the
 * first frame up from the leaf outside V8 and Node's internals), so a hook that calls the rest of
 * the pipeline from inside itself is not charged for it.
 */
const rules: Array<[string, (leaf: Frame, owner: Frame | undefined, stack: Frame[]) => boolean]> = [
  ['(idle: waiting for I/O or the hash pool)', (f) => f.functionName === '(idle)'],
  ['garbage collection', (f) => f.functionName === '(garbage collector)'],
  ['profiler itself (not the server)', (_f, _o, s) => s.some((c) => c.url === 'node:inspector' || c.url.endsWith('/profile.ts'))],
  [
    'load generator (client side of the benchmark)',
    (_f, _o, s) => s.some((c) => c.url.endsWith('/http-load.ts') || c.url === 'node:_http_client' || c.url === 'node:_http_agent'),
  ],
  [
    'SQLite: prepare statement (no statement cache)',
    (f, o) => f.functionName === 'Statement' || (o?.url.includes('better-sqlite3') === true && o.functionName === 'prepare'),
  ],
  [
    'SQLite: BEGIN/COMMIT',
    (_f, _o, s) => s.some((c) => (c.functionName === 'commitTransaction' || c.functionName === 'beginTransaction') && c.url.includes('sqlite-driver')),
  ],
  ['SQLite: execute statements', (_f, o) => o !== undefined && (o.url.includes('sqlite-driver') || o.url.includes('better-sqlite3'))],
  ['Kysely: build and compile queries', (_f, o) => o?.url.includes('/kysely/') === true],
  ['crypto: session token, CSRF HMAC, sha256, ids', (_f, o) => o?.url.endsWith('core/crypto.ts') === true],
  ['metrics (prom-client)', (_f, o) => o?.url.includes('prom-client') === true],
  ['security headers (helmet)', (_f, o) => o?.url.includes('helmet') === true],
  ['logging (pino)', (_f, o) => o !== undefined && /\/(pino|@pinojs|pino-std-serializers|sonic-boom|fast-redact)\//.test(o.url)],
  ['zod: body validation and response serialisation', (_f, o) => o !== undefined && (o.url.includes('/zod/') || o.url.includes('fastify-type-provider-zod'))],
  [
    'cookies (@fastify/cookie)',
    (_f, o) => o !== undefined && (o.url.includes('@fastify/cookie') || o.url.includes('/cookie/') || o.url.includes('cookie-signature')),
  ],
  ['Latchkey code (services, stores, hooks)', (_f, o) => o?.url.includes('/src/server/') === true],
  [
    'Fastify (routing, hooks, reply)',
    (_f, o) => o !== undefined && /fastify|find-my-way|avvio|light-my-request|fast-json-stringify|secure-json-parse|process-warning|toad-cache/.test(o.url),
  ],
  ['Node HTTP server, streams, sockets', (_f, o, s) => o === undefined && s.some((c) => c.url.startsWith('node:'))],
  ['V8 / native, other', () => true],
];

/** Shares of sampled main-thread time per category (0..1), largest first. */
export function categorize(profile: CpuProfile): Array<{ category: string; share: number; ms: number }> {
  const { byId, parent, selfTime } = selfTimes(profile);
  const totals = new Map<string, number>();
  let all = 0;
  for (const [id, micros] of selfTime) {
    const stack: Frame[] = [];
    for (let x: number | undefined = id; x !== undefined; x = parent.get(x)) stack.push(byId.get(x)!.callFrame);
    const leaf = stack[0]!;
    const owner = stack.find((c) => c.url !== '' && !c.url.startsWith('node:'));
    const category = rules.find(([, match]) => match(leaf, owner, stack))![0];
    totals.set(category, (totals.get(category) ?? 0) + micros);
    all += micros;
  }
  return [...totals].map(([category, micros]) => ({ category, share: micros / Math.max(1, all), ms: micros / 1000 })).sort((a, b) => b.share - a.share);
}

/** A step of the work under test: its name, and whether a call frame (url, function name) belongs to it. */
export type Step = [string, (url: string, fn: string) => boolean];

/**
 * The main thread's time by the steps of the work under test: each sample goes to the innermost
 * frame of a step found on its stack (so that a step called from inside another is its own), else
 * to the generic categories of `categorize`. Database time gets a line of its own per step.
 */
export function categorizeBySteps(profile: CpuProfile, steps: readonly Step[]): Array<{ category: string; share: number; ms: number }> {
  const { byId, parent, selfTime } = selfTimes(profile);
  const totals = new Map<string, number>();
  const leftovers: CpuProfile = { nodes: profile.nodes, samples: [], timeDeltas: [] };
  let all = 0;
  for (const [id, micros] of selfTime) {
    all += micros;
    const leaf = byId.get(id)!.callFrame;
    let category: string | undefined;
    if (leaf.functionName !== '(idle)' && leaf.functionName !== '(garbage collector)') {
      let step: string | undefined;
      for (let x: number | undefined = id; x !== undefined && !step; x = parent.get(x)) {
        const f = byId.get(x)!.callFrame;
        step = steps.find(([, match]) => match(f.url, f.functionName))?.[0];
      }
      // Database time is charged to the step that ran the query, as its own line.
      const isDb = /better-sqlite3|sqlite-driver|\/kysely\//.test(leaf.url) || leaf.functionName === 'Statement' || leaf.functionName === 'prepare';
      if (step) category = isDb ? `SQLite + Kysely in: ${step}` : step;
    }
    if (category) totals.set(category, (totals.get(category) ?? 0) + micros);
    else {
      leftovers.samples.push(id);
      leftovers.timeDeltas.push(micros);
    }
  }
  for (const c of categorize(leftovers)) totals.set(c.category, (totals.get(c.category) ?? 0) + c.ms * 1000);
  return [...totals].map(([category, micros]) => ({ category, share: micros / Math.max(1, all), ms: micros / 1000 })).sort((a, b) => b.share - a.share);
}
