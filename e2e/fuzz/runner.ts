import type { Engine } from '../../src/server/db/kysely.js';
import { checkConsistency } from './consistency.js';
import { knownFindingFor, knownFindings } from './known-findings.js';
import { mutate, type FuzzRequest } from './mutate.js';
import { createOracle, type FailureKind } from './oracle.js';
import { Rng } from './random.js';
import { collectionOf, injectOptions, isHashHeavy, send, urlOf, validRequest } from './request.js';
import { operationsOf, type OpenApiDoc, type Operation } from './spec.js';
import { createWorld, identityNames, type World } from './world.js';

export interface FuzzOptions {
  engine: Engine;
  requests: number;
  seed: number;
  /** Stop early (and say so) after this long. */
  timeLimitMs: number;
  batchSize?: number;
  /** Only operations whose key contains this text. */
  only?: string;
  log?: (line: string) => void;
}

export interface Failure {
  kind: FailureKind;
  op: string;
  message: string;
  count: number;
  /** The first request that showed it, to replay. */
  example: { batch: number; index: number; identity: string; mutation: string; method: string; url: string; body: string; status: number };
}

export interface OpStats {
  sent: number;
  ok: number;
  statuses: Map<number, number>;
  failures: number;
}

export interface FuzzReport {
  engine: Engine;
  seed: number;
  requests: number;
  harnessRequests: number;
  elapsedMs: number;
  stoppedByTime: boolean;
  operations: number;
  byOp: Map<string, OpStats>;
  failures: Failure[];
  failureCount: number;
  allowed: Map<string, number>;
  /** Milliseconds spent sending requests, checking the database and putting the users back. */
  timing: { requests: number; hashHeavy: number; consistency: number; repair: number };
}

/** Identifiers in a response that later requests can aim at. */
function harvest(world: World, op: Operation, body: string): void {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return;
  }
  const collection = collectionOf(op.path);
  const walk = (v: unknown, depth: number) => {
    if (depth > 5 || !v || typeof v !== 'object') return;
    if (Array.isArray(v)) return v.slice(0, 20).forEach((x) => walk(x, depth + 1));
    for (const [key, x] of Object.entries(v)) {
      if (typeof x === 'string' && x.length < 200) {
        if (key === 'id') world.remember(collection, x);
        else if (key === 'userId') world.remember('/api/v1/users', x);
        else if (key === 'verificationId') world.remember('verificationId', x);
      } else walk(x, depth + 1);
    }
  };
  walk(value, 0);
}

/** The error the server logged for a 5xx (its request id is in the problem's `instance`). */
function serverLogFor(world: World, body: string): string {
  const id = /urn:latchkey:request:([\w-]+)/.exec(body)?.[1];
  const line = id ? world.app.logs.find((l) => l.includes(id) && l.includes('"err"')) : undefined;
  if (!line) return '';
  try {
    const err = (JSON.parse(line) as { err?: { message?: string; code?: string } }).err;
    return ` | logged: ${err?.code ?? ''} ${err?.message ?? ''}`.slice(0, 400);
  } catch {
    return '';
  }
}

/** Replaces ids and numbers so one bug shows once however many requests hit it. */
const fingerprint = (op: string, kind: string, message: string) =>
  `${op}|${kind}|${message
    .replace(/[0-9a-f]{8}-[0-9a-f-]{27}/gi, '<id>')
    .replace(/\d+/g, 'N')
    .slice(0, 160)}`;

/**
 * Sends `requests` generated requests to every operation of /api/openapi.json, valid and mutated,
 * as every identity, judging each answer and checking the database after each batch.
 */
export async function runFuzz(options: FuzzOptions): Promise<FuzzReport> {
  const log = options.log ?? (() => {});
  const batchSize = options.batchSize ?? 250;
  const world = await createWorld(options.engine);
  const failures = new Map<string, Failure>();
  const allowed = new Map<string, number>();
  const byOp = new Map<string, OpStats>();
  let failureCount = 0;
  let sent = 0;
  const started = Date.now();
  let stoppedByTime = false;
  const timing = { requests: 0, hashHeavy: 0, consistency: 0, repair: 0 };
  try {
    const docRes = await world.app.app.inject({ method: 'GET', url: '/api/openapi.json' });
    const doc = docRes.json<OpenApiDoc>();
    const ops = operationsOf(doc).filter((op) => !options.only || op.key.includes(options.only));
    if (!ops.length) throw new Error(`no operation matches ${options.only}`);
    const judge = createOracle(doc);
    const heavy = new Set(ops.filter((op) => isHashHeavy(doc, op)).map((op) => op.key));
    // Every operation gets requests; those that hash a password get a quarter as many, so argon2 does not dominate.
    const weights = ops.map((op) => [heavy.has(op.key) ? 0.25 : 1, op] as const);
    for (const op of ops) byOp.set(op.key, { sent: 0, ok: 0, statuses: new Map(), failures: 0 });
    const root = new Rng(options.seed);
    const record = (kind: FailureKind, op: string, message: string, example: Failure['example']) => {
      const known = knownFindingFor(options.engine, op, kind, message, `${example.method} ${example.url} ${example.body}`);
      if (known) {
        allowed.set(known.id, (allowed.get(known.id) ?? 0) + 1);
        return;
      }
      failureCount++;
      const key = fingerprint(op, kind, message);
      const seen = failures.get(key);
      if (seen) seen.count++;
      else {
        failures.set(key, { kind, op, message, count: 1, example });
        log(
          `FAIL ${kind} ${op}: ${message}\n  replay: --seed ${options.seed} (batch ${example.batch}, request ${example.index}) as ${example.identity}, ${example.mutation}: ${example.method} ${example.url} ${example.body}`,
        );
      }
    };

    for (let batch = 0; sent < options.requests; batch++) {
      if (Date.now() - started > options.timeLimitMs) {
        stoppedByTime = true;
        break;
      }
      const batchRng = root.fork(batch);
      const batchStart = world.app.clock.now();
      const victims = await world.victimUpns();
      const n = Math.min(batchSize, options.requests - sent);
      for (let i = 0; i < n; i++) {
        const rng = batchRng.fork(i);
        // The first batch walks every operation once, so even a short run covers the whole document.
        const op = batch === 0 && i < ops.length ? ops[i]! : rng.weighted(weights);
        const identity = rng.pick(identityNames);
        const req: FuzzRequest = validRequest(world, doc, op, rng, identity, victims);
        if (rng.chance(heavy.has(op.key) ? 0.8 : 0.55)) mutate(rng, req, op.body !== null);
        const inject = injectOptions(world, op, req);
        const t0 = performance.now();
        const res = await send(world, inject);
        const took = performance.now() - t0;
        timing.requests += took;
        if (heavy.has(op.key)) timing.hashHeavy += took;
        sent++;
        const stats = byOp.get(op.key)!;
        stats.sent++;
        stats.statuses.set(res.statusCode, (stats.statuses.get(res.statusCode) ?? 0) + 1);
        if (res.statusCode < 300) stats.ok++;
        const verdict = judge(op, { statusCode: res.statusCode, headers: res.headers, body: res.body });
        if (verdict) {
          stats.failures++;
          if (verdict.kind === 'server-error') verdict.message += serverLogFor(world, res.body);
          const body = inject.payload === undefined ? '' : String(inject.payload).slice(0, 400);
          record(verdict.kind, op.key, verdict.message, {
            batch,
            index: i,
            identity,
            mutation: req.mutation,
            method: req.method,
            url: urlOf(op, req).slice(0, 400),
            body,
            status: res.statusCode,
          });
        } else if (res.statusCode < 300) harvest(world, op, res.body);
      }
      const t1 = performance.now();
      for (const problem of await checkConsistency(world.app.db.db, batchStart))
        record('db-inconsistent', '(database)', problem, { batch, index: n, identity: '-', mutation: '-', method: '-', url: '-', body: '', status: 0 });
      const t2 = performance.now();
      await world.repair();
      timing.consistency += t2 - t1;
      timing.repair += performance.now() - t2;
      world.app.clock.advance(20_000);
      if (batch % 40 === 39) log(`${options.engine}: ${sent} requests, ${failureCount} failures, ${Math.round(sent / ((Date.now() - started) / 1000))}/s`);
    }
    for (const problem of await checkConsistency(world.app.db.db, null))
      record('db-inconsistent', '(database)', problem, { batch: -1, index: 0, identity: '-', mutation: '-', method: '-', url: '-', body: '', status: 0 });
    return {
      engine: options.engine,
      seed: options.seed,
      requests: sent,
      harnessRequests: world.harnessRequests(),
      elapsedMs: Date.now() - started,
      stoppedByTime,
      operations: ops.length,
      byOp,
      failures: [...failures.values()],
      failureCount,
      allowed,
      timing,
    };
  } finally {
    await world.close();
  }
}

export function staleKnownFindings(report: FuzzReport): string[] {
  return knownFindings.filter((k) => (!k.engine || k.engine === report.engine) && !report.allowed.has(k.id)).map((k) => k.id);
}
