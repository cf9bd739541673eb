import assert from 'node:assert/strict';
import { test } from 'node:test';
import Fastify from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { registerErrorHandling } from './errors.js';
import { findNul, registerInputGuard } from './input-guard.js';

// Issue 12 fuzzing, finding F1: U+0000 in any text reached PostgreSQL (which refuses it) and came
// back as a 500. The guard refuses it in path parameters, query and body, keys included (checklist I7).
test('findNul finds U+0000 in strings and keys at any depth, and nothing in clean values', () => {
  assert.equal(findNul({ a: ['x', { b: 'y\u0000' }] }, ''), 'a.1.b');
  assert.equal(findNul({ ['k\u0000']: 1 }, 'query'), 'query.k\u0000');
  assert.equal(findNul('\u0000', 'params'), 'params');
  assert.equal(findNul({ a: ['x', { b: 'y', c: 1, d: null, e: true }], f: '\u202E\uD800' }, ''), null);
  let deep: unknown = 'a\u0000';
  for (let i = 0; i < 10_000; i++) deep = { d: deep };
  assert.doesNotThrow(() => findNul(deep, ''), 'a deep body does not exhaust the stack');
});

test('a request with U+0000 in its path, query or body is a 400 problem before the route runs', async () => {
  const app = Fastify().withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandling(app, null);
  registerInputGuard(app);
  let reached = 0;
  app.post(
    '/api/things/:id',
    {
      schema: { params: z.object({ id: z.string() }), querystring: z.object({ q: z.string().optional() }), body: z.object({ name: z.string() }).passthrough() },
    },
    async () => ({ reached: ++reached }),
  );
  await app.ready();
  const send = (url: string, payload: unknown) => app.inject({ method: 'POST', url, payload: payload as object });
  assert.equal((await send('/api/things/1?q=x', { name: 'ok \u202E é' })).statusCode, 200);
  for (const [url, payload, path] of [
    ['/api/things/a%00b', { name: 'x' }, 'id'],
    ['/api/things/1?q=a%00', { name: 'x' }, 'q'],
    ['/api/things/1', { name: 'a\u0000b' }, 'name'],
    ['/api/things/1', { name: 'x', nested: [{ ['k\u0000']: 1 }] }, 'nested.0.k\u0000'],
  ] as const) {
    const res = await send(url, payload);
    assert.equal(res.statusCode, 400, url);
    assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
    const problem = res.json<{ code: string; issues: { path: string; code: string }[] }>();
    assert.equal(problem.code, 'request.validation_failed');
    assert.deepEqual(
      problem.issues.map((i) => [i.path, i.code]),
      [[path, 'field.invalid']],
    );
  }
  assert.equal(reached, 1, 'no request with U+0000 reached the route');
  await app.close();
});
