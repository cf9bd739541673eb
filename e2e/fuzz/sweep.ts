import type { Oracle, Verdict } from './oracle.js';
import { Rng } from './random.js';
import { injectOptions, send, urlOf, validRequest } from './request.js';
import type { OpenApiDoc, Operation } from './spec.js';
import { pctEncode } from './values.js';
import type { World } from './world.js';

export interface SweepFailure extends Verdict {
  op: string;
  where: string;
  request: string;
}

/** Every string leaf of a JSON value, as setters. */
function stringLeaves(value: unknown, path = 'body', out: { path: string; set: (v: string) => void }[] = []) {
  if (value && typeof value === 'object') {
    for (const [key, x] of Object.entries(value)) {
      const at = `${path}.${key}`;
      if (typeof x === 'string') out.push({ path: at, set: (v) => ((value as Record<string, unknown>)[key] = v) });
      else stringLeaves(x, at, out);
    }
  }
  return out;
}

/**
 * Systematic rather than random: each hostile value in turn in every path parameter, every
 * query parameter and every string of a valid body, of every operation, as a Global
 * Administrator (who gets furthest); integer query parameters at their declared bounds.
 */
export async function sweep(world: World, doc: OpenApiDoc, ops: Operation[], judge: Oracle, values: readonly string[]): Promise<SweepFailure[]> {
  const failures: SweepFailure[] = [];
  const victims = await world.victimUpns();
  let n = 0;
  for (const op of ops) {
    const template = validRequest(world, doc, op, new Rng(n), 'global-administrator', victims);
    const slots: string[] = [
      ...op.pathParams.map((p) => `path.${p.name}`),
      ...op.queryParams.map((p) => `query.${p.name}`),
      ...stringLeaves(template.body).map((l) => l.path),
    ];
    for (const slot of slots) {
      // Integer query parameters get the bounds the document declares (valid, so never a 5xx) instead.
      const param = op.queryParams.find((p) => `query.${p.name}` === slot);
      const bounds = param?.schema.type === 'integer' ? [param.schema.minimum, param.schema.maximum].filter((b) => b !== undefined).map(String) : null;
      for (const value of bounds ?? values) {
        const req = validRequest(world, doc, op, new Rng(n++), 'global-administrator', victims);
        const [kind, name] = [slot.slice(0, slot.indexOf('.')), slot.slice(slot.indexOf('.') + 1)];
        if (kind === 'path') req.path[name] = pctEncode(value);
        else if (kind === 'query') req.query = [...req.query.filter(([k]) => k !== name), [name, pctEncode(value)]];
        else {
          const leaf = stringLeaves(req.body).find((l) => l.path === slot);
          if (!leaf) continue;
          leaf.set(value);
        }
        req.mutation = `sweep:${slot}`;
        const inject = injectOptions(world, op, req);
        const res = await send(world, inject);
        const verdict = judge(op, { statusCode: res.statusCode, headers: res.headers, body: res.body });
        if (verdict)
          failures.push({ ...verdict, op: op.key, where: slot, request: `${req.method} ${urlOf(op, req)} ${String(inject.payload ?? '').slice(0, 300)}` });
      }
    }
    await world.repair();
  }
  return failures;
}
