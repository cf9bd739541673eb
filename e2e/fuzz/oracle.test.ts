import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createTestApp } from '../../src/server/testing/test-app.js';
import { checkConsistency } from './consistency.js';
import { createOracle } from './oracle.js';
import { operationsOf, type OpenApiDoc } from './spec.js';

// The fuzzer is only as good as its oracle: each rule must catch what it is there to catch.
test('the oracle refuses 5xx, undeclared statuses, bodies off their schema and 4xx without a catalogued problem', async () => {
  const app = await createTestApp();
  try {
    const doc = (await app.app.inject({ method: 'GET', url: '/api/openapi.json' })).json<OpenApiDoc>();
    const judge = createOracle(doc);
    const op = operationsOf(doc).find((o) => o.key === 'GET /api/v1/users/{id}')!;
    const secure = { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer' };
    const json = { ...secure, 'content-type': 'application/json; charset=utf-8' };
    const problem = { ...secure, 'content-type': 'application/problem+json; charset=utf-8' };
    const real = await app.createUser({ userPrincipalName: 'ga@contoso.example', password: 'Harbor-Quilt-Zebra-71!', roles: ['global-administrator'] });
    const ga = await app.signIn('ga@contoso.example', 'Harbor-Quilt-Zebra-71!');
    const ok = await app.app.inject({ method: 'GET', url: `/api/v1/users/${real.id}`, headers: { cookie: ga.cookie } });
    assert.equal(judge(op, { statusCode: ok.statusCode, headers: ok.headers, body: ok.body }), null, 'a real answer passes');

    const user = ok.json<Record<string, unknown>>();
    assert.equal(judge(op, { statusCode: 200, headers: { ...ok.headers, 'cache-control': 'max-age=60' }, body: ok.body })?.kind, 'missing-header');
    assert.equal(judge(op, { statusCode: 200, headers: json, body: JSON.stringify({ ...user, roles: ['emperor'] }) })?.kind, 'schema-mismatch');
    assert.equal(judge(op, { statusCode: 200, headers: json, body: JSON.stringify({ ...user, locked: 'no' }) })?.kind, 'schema-mismatch');
    assert.equal(judge(op, { statusCode: 201, headers: json, body: JSON.stringify(user) })?.kind, 'undeclared-status');
    assert.equal(judge(op, { statusCode: 500, headers: problem, body: '{}' })?.kind, 'server-error');
    assert.equal(judge(op, { statusCode: 502, headers: json, body: '' })?.kind, 'server-error');

    const notFound = { type: 'urn:latchkey:problem:users.not_found', title: 'x', status: 404, code: 'users.not_found', instance: 'urn:latchkey:request:1' };
    assert.equal(judge(op, { statusCode: 404, headers: problem, body: JSON.stringify(notFound) }), null);
    assert.equal(judge(op, { statusCode: 404, headers: json, body: JSON.stringify(notFound) })?.kind, 'not-problem-json');
    assert.equal(judge(op, { statusCode: 404, headers: problem, body: 'Not Found' })?.kind, 'not-problem-json');
    assert.equal(judge(op, { statusCode: 404, headers: problem, body: JSON.stringify({ ...notFound, code: undefined }) })?.kind, 'not-problem-json');
    assert.equal(judge(op, { statusCode: 404, headers: problem, body: JSON.stringify({ ...notFound, code: 'users.gone' }) })?.kind, 'unstable-code');
    assert.equal(judge(op, { statusCode: 404, headers: problem, body: JSON.stringify({ ...notFound, code: 'users.upn_taken' }) })?.kind, 'unstable-code');
    const conflict = { ...notFound, status: 409, code: 'users.upn_taken' };
    assert.equal(
      judge(op, { statusCode: 409, headers: problem, body: JSON.stringify(conflict) })?.kind,
      'undeclared-status',
      'a service code the operation does not declare',
    );
  } finally {
    await app.close();
  }
});

test('the consistency check finds a user without a hash, a plaintext session token, an unknown role and a lost last Global Administrator', async () => {
  const app = await createTestApp();
  try {
    const ga = await app.createUser({ userPrincipalName: 'ga@contoso.example', password: 'Harbor-Quilt-Zebra-71!', roles: ['global-administrator'] });
    await app.signIn('ga@contoso.example', 'Harbor-Quilt-Zebra-71!');
    assert.deepEqual(await checkConsistency(app.db.db, null), []);

    const db = app.db.db;
    await app.createUser({ userPrincipalName: 'nohash@contoso.example' });
    await db.updateTable('session').set({ token_hash: 'plain-token' }).execute();
    await db.insertInto('role_assignment').values({ user_id: ga.id, role_id: 'emperor', created_at: new Date().toISOString() }).execute();
    await db.updateTable('app_user').set({ account_enabled: 0 }).where('id', '=', ga.id).execute();
    const problems = (await checkConsistency(db, null)).join('\n');
    assert.match(problems, /nohash@contoso.example\) has no password hash/);
    assert.match(problems, /stores its token other than as a SHA-256/);
    assert.match(problems, /unknown role "emperor"/);
    assert.match(problems, /no enabled Global Administrator is left/);
  } finally {
    await app.close();
  }
});
