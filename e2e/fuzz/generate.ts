import type { Rng } from './random.js';
import { deref, type OpenApiDoc, type Schema } from './spec.js';
import { randomUuid, word } from './values.js';

/** Supplies realistic values by property name (existing ids, user names, passwords), or undefined. */
export type Hints = (name: string, schema: Schema) => unknown;

export interface GenContext {
  rng: Rng;
  doc: OpenApiDoc;
  hints: Hints;
  now: Date;
}

const MAX_DEPTH = 8;

/** A value the schema accepts (as far as the JSON schema says; the service may still refuse it). */
export function generate(ctx: GenContext, schema: Schema, name = '', depth = 0): unknown {
  const s = deref(ctx.doc, schema);
  const hinted = name ? ctx.hints(name, s) : undefined;
  if (hinted !== undefined) return hinted;
  if (s.const !== undefined) return s.const;
  if (s.enum) return ctx.rng.pick(s.enum);
  const branches = s.anyOf ?? s.oneOf;
  if (branches) return generate(ctx, ctx.rng.pick(branches), name, depth + 1);
  if (s.allOf?.length) return generate(ctx, s.allOf[0]!, name, depth + 1);
  if (s.default !== undefined && ctx.rng.chance(0.2)) return s.default;
  switch (typeOf(s)) {
    case 'null':
      return null;
    case 'boolean':
      return ctx.rng.chance(0.5);
    case 'integer':
      return integer(ctx.rng, s);
    case 'number':
      return integer(ctx.rng, s) + (ctx.rng.chance(0.3) ? 0.5 : 0);
    case 'array':
      return array(ctx, s, name, depth);
    case 'object':
      return object(ctx, s, depth);
    default:
      return string(ctx, s);
  }
}

export function typeOf(s: Schema): string {
  if (Array.isArray(s.type)) return s.type.find((t) => t !== 'null') ?? 'null';
  if (s.type) return s.type;
  if (s.properties) return 'object';
  if (s.items) return 'array';
  return 'string';
}

function integer(rng: Rng, s: Schema): number {
  const min = s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + 1 : 0);
  const max = s.maximum ?? (s.exclusiveMaximum !== undefined ? s.exclusiveMaximum - 1 : Math.max(min, 1000));
  if (rng.chance(0.2)) return min;
  if (rng.chance(0.2)) return max;
  return rng.int(min, Math.min(max, min + 100_000));
}

function array(ctx: GenContext, s: Schema, name: string, depth: number): unknown[] {
  if (depth > MAX_DEPTH) return [];
  const min = s.minItems ?? 0;
  const max = Math.min(s.maxItems ?? 4, min + 4);
  const n = ctx.rng.int(min, Math.max(min, max));
  const item = s.items ?? { type: 'string' };
  return Array.from({ length: n }, () => generate(ctx, item, singular(name), depth + 1));
}

/** `userIds` items are hinted as `userId`, `userPrincipalNames` as `userPrincipalName`. */
function singular(name: string): string {
  return name.endsWith('s') ? name.slice(0, -1) : name;
}

function object(ctx: GenContext, s: Schema, depth: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (depth > MAX_DEPTH) return out;
  const required = new Set(s.required ?? []);
  for (const [key, prop] of Object.entries(s.properties ?? {})) {
    if (required.has(key) || ctx.rng.chance(0.6)) out[key] = generate(ctx, prop, key, depth + 1);
  }
  if (!s.properties && s.additionalProperties && typeof s.additionalProperties === 'object') {
    for (let i = ctx.rng.int(0, 3); i > 0; i--) out[word(ctx.rng) + i] = generate(ctx, s.additionalProperties, '', depth + 1);
  }
  return out;
}

function string(ctx: GenContext, s: Schema): string {
  const { rng } = ctx;
  if (s.format === 'uuid') return randomUuid(rng);
  if (s.format === 'date-time') return new Date(ctx.now.getTime() + rng.int(-90, 30) * 86_400_000).toISOString();
  if (s.format === 'email') return `${word(rng)}${rng.int(1, 999)}@contoso.example`;
  const min = s.minLength ?? 0;
  const max = Math.min(s.maxLength ?? 24, Math.max(min, 24));
  const length = rng.int(min, Math.max(min, max));
  const alphabet = rng.chance(0.8) ? 'abcdefghijklmnopqrstuvwxyz0123456789 -' : 'ÅéßøΩжあ😀-._';
  const chars = Array.from(alphabet);
  let out = '';
  while (out.length < length) {
    const c = rng.pick(chars);
    if (out.length + c.length > length) break;
    out += c;
  }
  while (out.length < min) out += 'a';
  if (s.pattern && !new RegExp(s.pattern, 'u').test(out)) return rng.chance(0.5) ? randomUuid(rng) : out;
  return out;
}
