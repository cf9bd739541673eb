import type { Rng } from './random.js';
import { edgeNumbers, hostileKeys, hostileString, hugeString, oddUnicode, pctEncode, rawUrlParts } from './values.js';

/** A request as the runner sends it; `mutation` names what was done to the valid one. */
export interface FuzzRequest {
  opKey: string;
  method: string;
  /** Path template values, already percent-encoded. */
  path: Record<string, string>;
  /** Query pairs, already percent-encoded. */
  query: [string, string][];
  /** The JSON body (undefined: none). */
  body: unknown;
  /** Sent instead of JSON.stringify(body) when set. */
  rawBody?: Buffer;
  contentType?: string;
  identity: string;
  csrf: 'ok' | 'missing' | 'wrong';
  origin?: string;
  remoteAddress: string;
  mutation: string;
}

type Slot = { get(): unknown; set(v: unknown): void; remove(): void; schemaMax?: number };

/** Every place in a JSON value that can be replaced: the properties of objects and items of arrays. */
function slots(value: unknown, out: Slot[] = [], depth = 0): Slot[] {
  if (depth > 6 || value === null || typeof value !== 'object') return out;
  if (Array.isArray(value)) {
    value.forEach((item, i) => {
      out.push({ get: () => value[i], set: (v) => (value[i] = v), remove: () => value.splice(i, 1) });
      slots(item, out, depth + 1);
    });
  } else {
    const obj = value as Record<string, unknown>;
    for (const key of Object.keys(obj)) {
      out.push({ get: () => obj[key], set: (v) => (obj[key] = v), remove: () => delete obj[key] });
      slots(obj[key], out, depth + 1);
    }
  }
  return out;
}

function wrongTypeFor(rng: Rng, current: unknown): unknown {
  const options: unknown[] = [null, 0, -1, true, 'x', [], {}, [current], { value: current }, 1.5, '1', 'true', 'null'];
  return rng.pick(options.filter((o) => typeof o !== typeof current || Array.isArray(o) !== Array.isArray(current)));
}

function stringTo(rng: Rng, slot: Slot, make: () => string): boolean {
  if (typeof slot.get() === 'string' || rng.chance(0.3)) {
    slot.set(make());
    return true;
  }
  return false;
}

const BODY_MUTATIONS = [
  'wrong-type',
  'missing-field',
  'extra-field',
  'huge-string',
  'odd-unicode',
  'injection',
  'number-bounds',
  'array-for-object',
  'scalar-body',
  'malformed-json',
  'wrong-content-type',
  'no-body',
  'proto-keys',
  'deep-nesting',
  'invalid-utf8',
] as const;

/** Applies one body mutation in place; returns its name. */
function mutateBody(rng: Rng, req: FuzzRequest): string {
  const kind = rng.pick(BODY_MUTATIONS);
  const all = slots(req.body);
  const slot = all.length ? rng.pick(all) : null;
  switch (kind) {
    case 'wrong-type':
      if (slot) slot.set(wrongTypeFor(rng, slot.get()));
      else req.body = wrongTypeFor(rng, req.body);
      break;
    case 'missing-field':
      if (slot) slot.remove();
      else req.body = {};
      break;
    case 'extra-field':
      if (req.body && typeof req.body === 'object' && !Array.isArray(req.body))
        (req.body as Record<string, unknown>)[rng.pick(hostileKeys) || 'extra'] = hostileString(rng);
      else req.body = { extra: 1 };
      break;
    case 'huge-string':
      if (slot) slot.set(hugeString(rng, undefined));
      else req.body = { value: hugeString(rng, undefined) };
      break;
    case 'odd-unicode':
      if (!slot || !stringTo(rng, slot, () => rng.pick(oddUnicode))) req.body = rng.pick(oddUnicode);
      break;
    case 'injection':
      if (!slot || !stringTo(rng, slot, () => hostileString(rng))) req.body = { [hostileString(rng)]: hostileString(rng) };
      break;
    case 'number-bounds':
      if (slot) slot.set(rng.pick(edgeNumbers(undefined, undefined)));
      break;
    case 'array-for-object':
      if (slot && slot.get() && typeof slot.get() === 'object') slot.set(Array.isArray(slot.get()) ? { 0: 'x' } : [slot.get()]);
      else req.body = [req.body];
      break;
    case 'scalar-body':
      req.body = rng.pick<unknown>([null, 0, 'text', true, [], '']);
      break;
    case 'malformed-json':
      req.rawBody = Buffer.from(rng.pick(['{', '{"a":', '{"a":1,}', "{'a':1}", '[1,2', 'NaN', '\u0000', '{"a":1}{"b":2}', '{"__proto__":{"x":1}}']));
      break;
    case 'wrong-content-type':
      req.contentType = rng.pick([
        'text/plain',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
        'application/xml',
        'application/json; charset=utf-16',
        '',
      ]);
      break;
    case 'no-body':
      req.body = undefined;
      break;
    case 'proto-keys':
      req.rawBody = Buffer.from(
        JSON.stringify(req.body ?? {})
          .replace(/^\{/, rng.pick(['{"__proto__":{"isAdmin":true},', '{"constructor":{"prototype":{"x":1}},', '{"__proto__":null,']))
          .replace(/,\}$/, '}'),
      );
      break;
    case 'deep-nesting': {
      const depth = rng.pick([64, 1000, 5000]);
      req.rawBody = Buffer.from('{"a":'.repeat(depth) + '1' + '}'.repeat(depth));
      break;
    }
    case 'invalid-utf8': {
      const text = JSON.stringify(req.body ?? { value: 'x' });
      const at = Math.max(1, text.indexOf('"', 2) + 1);
      const bad = rng.pick([Buffer.from([0xc0, 0xaf]), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from([0xff]), Buffer.from([0xe2, 0x82])]);
      req.rawBody = Buffer.concat([Buffer.from(text.slice(0, at)), bad, Buffer.from(text.slice(at))]);
      break;
    }
  }
  return `body:${kind}`;
}

function mutatePath(rng: Rng, req: FuzzRequest): string {
  const names = Object.keys(req.path);
  if (!names.length) return mutateQuery(rng, req);
  const name = rng.pick(names);
  req.path[name] = rng.chance(0.6) ? rng.pick(rawUrlParts) : pctEncode(rng.chance(0.5) ? hostileString(rng) : rng.pick(oddUnicode) || 'x');
  if (req.path[name] === '') req.path[name] = '%20';
  return 'path:injection';
}

function mutateQuery(rng: Rng, req: FuzzRequest): string {
  const kind = rng.pick(['injection', 'extra', 'duplicate', 'bounds', 'proto'] as const);
  const pair = req.query.length ? rng.pick(req.query) : null;
  switch (kind) {
    case 'injection':
      if (pair) pair[1] = rng.chance(0.5) ? rng.pick(rawUrlParts) : pctEncode(hostileString(rng));
      else req.query.push(['q', rng.pick(rawUrlParts)]);
      break;
    case 'extra':
      req.query.push([pctEncode(rng.pick(hostileKeys) || 'x'), pctEncode(hostileString(rng))]);
      break;
    case 'duplicate':
      if (pair) req.query.push([pair[0], pair[1]]);
      break;
    case 'bounds':
      if (pair) pair[1] = pctEncode(String(rng.pick(edgeNumbers(undefined, undefined))));
      break;
    case 'proto':
      req.query.push([rng.pick(['__proto__[isAdmin]', 'constructor[prototype][x]', '__proto__.x', 'a[b][c][d][e]']), '1']);
      break;
  }
  return `query:${kind}`;
}

/** Mutates a valid request in place: its body, path, query or the CSRF/Origin the web app would send. */
export function mutate(rng: Rng, req: FuzzRequest, hasBody: boolean): void {
  const unsafe = req.method !== 'GET';
  const where = rng.weighted<'body' | 'path' | 'query' | 'csrf'>([
    [hasBody ? 6 : 0, 'body'],
    [2, 'path'],
    [req.query.length || req.method === 'GET' ? 3 : 1, 'query'],
    [unsafe && req.identity !== 'anonymous' ? 1 : 0, 'csrf'],
  ]);
  if (where === 'body') req.mutation = mutateBody(rng, req);
  else if (where === 'path') req.mutation = mutatePath(rng, req);
  else if (where === 'query') req.mutation = mutateQuery(rng, req);
  else {
    const kind = rng.pick(['missing', 'wrong', 'origin'] as const);
    if (kind === 'origin') req.origin = rng.pick(['https://evil.example', 'null', 'http://localhost.evil.example']);
    else req.csrf = kind;
    req.mutation = `csrf:${kind}`;
  }
}
