import { predefinedQuestionIds } from '../../src/server/features/recovery/questions.js';
import { roleDisplayNames, roleIds } from '../../src/shared/roles.js';
import { generate, typeOf, type GenContext } from './generate.js';
import type { FuzzRequest } from './mutate.js';
import type { Rng } from './random.js';
import { deref, type OpenApiDoc, type Operation, type Schema } from './spec.js';
import { password, pctEncode, randomUuid, word } from './values.js';
import { PASSWORD, type World } from './world.js';

/** The collection a path's ids belong to: `/api/v1/users/{id}/unlock` → `/api/v1/users`. */
export function collectionOf(path: string): string {
  const at = path.indexOf('/{');
  return at < 0 ? path : path.slice(0, at);
}

const HASHED = new Set(['password', 'newPassword', 'currentPassword', 'answers', 'passwordProfile']);

/** Operations whose valid requests cost an argon2id hash: a body property holds a password or answers. */
export function isHashHeavy(doc: OpenApiDoc, op: Operation): boolean {
  const seen = new Set<Schema>();
  const has = (schema: Schema | undefined): boolean => {
    if (!schema || seen.has(schema)) return false;
    seen.add(schema);
    const s = deref(doc, schema);
    if (Object.keys(s.properties ?? {}).some((k) => HASHED.has(k))) return true;
    return [...Object.values(s.properties ?? {}), ...(s.anyOf ?? []), ...(s.oneOf ?? []), s.items].some((x) => has(x));
  };
  return has(op.body ?? undefined) || (op.method === 'POST' && op.path === '/api/v1/users');
}

const randomToken = (rng: Rng) =>
  Array.from({ length: 43 }, () => rng.pick(Array.from('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'))).join('');

const addresses = ['203.0.113.7', '198.51.100.23', '192.0.2.200', '2001:db8::1', '2001:db8::beef', '10.1.2.3', '172.16.9.9', '127.0.0.1'];

/** Realistic values by property name: existing ids and names, passwords, the signed-in user's own password. */
function hintsFor(world: World, rng: Rng, identity: string, victims: string[]) {
  const pool = (name: string) => world.pools.get(name) ?? [];
  const fromPool = (name: string, fallback: () => string) => (pool(name).length && rng.chance(0.8) ? rng.pick(pool(name)) : fallback());
  return (name: string, schema: Schema): unknown => {
    if (name === 'answers' && rng.chance(0.5)) {
      // Three distinct predefined questions: what registration asks for by default.
      const ids = [...predefinedQuestionIds].sort(() => rng.float() - 0.5).slice(0, 3);
      return ids.map((questionId) => ({ questionId, answer: `${word(rng)} ${word(rng)}` }));
    }
    if (schema.enum || schema.const !== undefined || typeOf(schema) !== 'string') return undefined;
    switch (name) {
      case 'role':
        return rng.chance(0.8) ? rng.pick(roleIds) : roleDisplayNames[rng.pick(roleIds)];
      case 'passwordPolicies':
        return rng.pick(['DisablePasswordExpiration', 'DisableStrongPassword', 'DisablePasswordExpiration, DisableStrongPassword', '']);
      case 'username':
        return rng.chance(0.6) && victims.length ? rng.pick(victims) : `${word(rng)}${rng.int(1, 99)}@contoso.example`;
      case 'userPrincipalName':
        if (rng.chance(0.2) && victims.length) return rng.pick(victims);
        return `fz${rng.int(1, 1e9)}@${rng.chance(0.9) ? 'contoso.example' : 'fabrikam.example'}`;
      case 'userId':
        return fromPool('/api/v1/users', () => randomUuid(rng));
      case 'groupId':
        return fromPool('/api/v1/groups', () => randomUuid(rng));
      case 'currentPassword':
        return identity !== 'anonymous' && rng.chance(0.6) ? PASSWORD : password(rng);
      case 'password':
        // The seeded users' password now and then, so that sign-ins also succeed.
        return rng.chance(0.3) ? PASSWORD : password(rng);
      case 'newPassword':
        return password(rng);
      case 'mail':
      case 'address':
      case 'otherMail':
        return `${word(rng)}${rng.int(1, 999)}@${rng.pick(['contoso.example', 'fabrikam.example', 'example.org'])}`;
      case 'mobilePhone':
      case 'phone':
      case 'businessPhone':
        return rng.pick(['+31 6 12345678', '+1 425 555 0100', '+44 20 7946 0958', '0612345678', '+31 20 555 0123']);
      case 'captcha':
        return world.captchas.length && rng.chance(0.7) ? world.captchas.pop() : undefined;
      case 'code':
        return fromPool('code', () => String(rng.int(0, 99_999_999)).padStart(8, '0'));
      case 'token':
        return fromPool('token', () => randomToken(rng));
      case 'questionId':
        return rng.chance(0.9) ? rng.pick(predefinedQuestionIds) : `custom-${rng.int(0, 9)}`;
      case 'answer':
        return `${word(rng)} ${word(rng)}`;
      default:
        return undefined;
    }
  };
}

function pathValue(world: World, rng: Rng, op: Operation, name: string, schema: Schema, ctx: GenContext): string {
  const collection = name === 'id' ? collectionOf(op.path) : name;
  if (collection === '/api/v1/role-assignments' && rng.chance(0.8)) {
    const users = world.pools.get('/api/v1/users') ?? [];
    if (users.length) return `${rng.pick(roleIds)}.${rng.pick(users)}`;
  }
  const known = world.pools.get(collection) ?? [];
  if (known.length && rng.chance(0.8)) return rng.pick(known);
  return String(generate(ctx, schema, ''));
}

/** A request the document says is valid for `op`, sent as `identity`. */
export function validRequest(world: World, doc: OpenApiDoc, op: Operation, rng: Rng, identity: string, victims: string[]): FuzzRequest {
  const ctx: GenContext = { rng, doc, hints: hintsFor(world, rng, identity, victims), now: world.app.clock.now() };
  const path: Record<string, string> = {};
  for (const p of op.pathParams) path[p.name] = pctEncode(pathValue(world, rng, op, p.name, p.schema, ctx));
  const query: [string, string][] = [];
  for (const p of op.queryParams) {
    if (!p.required && !rng.chance(0.4)) continue;
    const value = generate(ctx, p.schema, p.name);
    query.push([p.name, pctEncode(String(value))]);
  }
  const body = op.body ? generate(ctx, op.body, '') : undefined;
  return { opKey: op.key, method: op.method, path, query, body, identity, csrf: 'ok', remoteAddress: rng.pick(addresses), mutation: 'valid' };
}

export function urlOf(op: Operation, req: FuzzRequest): string {
  const path = op.path.replace(/\{(\w+)\}/g, (_, name: string) => req.path[name] ?? '');
  const query = req.query.map(([k, v]) => `${k}=${v}`).join('&');
  return query ? `${path}?${query}` : path;
}

/** The inject options for a request: cookies and the CSRF header as the web app sends them. */
export function injectOptions(world: World, op: Operation, req: FuzzRequest) {
  const headers: Record<string, string> = { 'user-agent': 'latchkey-fuzz' };
  const who = world.identities.get(req.identity);
  if (who) {
    headers.cookie = who.cookie;
    if (req.csrf === 'ok') headers['x-csrf-token'] = who.csrf;
    else if (req.csrf === 'wrong') headers['x-csrf-token'] = who.csrf.slice(0, -2) + 'xx';
  }
  if (req.origin) headers.origin = req.origin;
  let payload: string | Buffer | undefined;
  if (req.rawBody) payload = req.rawBody;
  else if (req.body !== undefined) payload = JSON.stringify(req.body);
  if (payload !== undefined) {
    if (req.contentType === undefined) headers['content-type'] = 'application/json';
    else if (req.contentType) headers['content-type'] = req.contentType;
  }
  return { method: req.method as 'GET', url: urlOf(op, req), headers, payload, remoteAddress: req.remoteAddress };
}

/** An answer, or a 599 standing for a connection the server dropped without answering (always a failure). */
export async function send(
  world: World,
  options: ReturnType<typeof injectOptions>,
): Promise<{ statusCode: number; headers: Record<string, string | string[] | number | undefined>; body: string }> {
  try {
    const res = await world.app.app.inject(options);
    return { statusCode: res.statusCode, headers: res.headers, body: res.body };
  } catch (error) {
    return { statusCode: 599, headers: {}, body: `no answer: ${(error as Error).message}` };
  }
}
