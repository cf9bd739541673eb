import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createTestApp, type TestApp } from '../testing/test-app.js';

const PASSWORD = 'Correct-Horse-42';

describe('HTTP surface', () => {
  let t: TestApp;
  let admin: { cookie: string; csrf: string };
  let webRoot: string;
  before(async () => {
    webRoot = mkdtempSync(path.join(tmpdir(), 'latchkey-web-'));
    mkdirSync(path.join(webRoot, 'assets'));
    writeFileSync(path.join(webRoot, 'index.html'), '<!doctype html><title>Latchkey</title><div id="root"></div>');
    writeFileSync(path.join(webRoot, 'assets', 'app-abc123.js'), 'console.log(1)');
    t = await createTestApp({ config: { webRoot } });
    await t.createUser({ userPrincipalName: 'admin@contoso.example', password: PASSWORD, roles: ['global-administrator'] });
    admin = await t.signIn('admin@contoso.example', PASSWORD);
  });
  after(() => t.close());

  const send = (method: string, url: string, opts: { payload?: string | object; headers?: Record<string, string>; auth?: boolean } = {}) =>
    t.app.inject({
      method: method as 'GET',
      url,
      ...(opts.payload !== undefined ? { payload: opts.payload } : {}),
      headers: { ...(opts.auth === false ? {} : { cookie: admin.cookie, 'x-csrf-token': admin.csrf }), ...opts.headers },
    });

  const expectProblem = (res: Awaited<ReturnType<typeof send>>, status: number, code: string) => {
    assert.equal(res.statusCode, status, `${code}: ${res.body}`);
    assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
    const body = res.json();
    assert.equal(body.code, code);
    assert.equal(body.status, status);
    assert.ok(body.title && body.type && body.instance);
    return body;
  };

  describe('bad input gets a 4xx problem, never a 500', () => {
    const json = { 'content-type': 'application/json' };
    const cases: [string, string, string | object | undefined, Record<string, string>, number, string][] = [
      ['POST', '/api/v1/auth/sign-in', '{"username": "a", ', json, 400, 'request.malformed'],
      ['POST', '/api/v1/auth/sign-in', '', json, 400, 'request.malformed'],
      ['POST', '/api/v1/auth/sign-in', '[]', json, 400, 'request.validation_failed'],
      ['POST', '/api/v1/auth/sign-in', 'null', json, 400, 'request.validation_failed'],
      ['POST', '/api/v1/auth/sign-in', { username: 1, password: true }, {}, 400, 'request.validation_failed'],
      ['POST', '/api/v1/auth/sign-in', { username: 'a' }, {}, 400, 'request.validation_failed'],
      ['POST', '/api/v1/auth/sign-in', { username: 'a', password: 'b', admin: true }, {}, 400, 'request.validation_failed'],
      ['POST', '/api/v1/auth/sign-in', { username: { $ne: null }, password: 'b' }, {}, 400, 'request.validation_failed'],
      ['POST', '/api/v1/auth/sign-in', 'username=a&password=b', { 'content-type': 'application/x-www-form-urlencoded' }, 415, 'request.unsupported_media_type'],
      ['POST', '/api/v1/auth/sign-in', 'x', { 'content-type': 'text/plain' }, 415, 'request.unsupported_media_type'],
      ['POST', '/api/v1/auth/sign-in', JSON.stringify({ username: 'a', password: 'p'.repeat(70_000) }), json, 413, 'request.too_large'],
      ['PATCH', '/api/v1/me', { preferredLanguage: 'de' }, {}, 400, 'request.validation_failed'],
      ['PATCH', '/api/v1/me', {}, {}, 400, 'request.validation_failed'],
      ['GET', '/api/v1/users?limit=0', undefined, {}, 400, 'request.validation_failed'],
      ['GET', '/api/v1/users?limit=abc', undefined, {}, 400, 'request.validation_failed'],
      ['GET', '/api/v1/users?limit=201', undefined, {}, 400, 'request.validation_failed'],
      ['GET', '/api/v1/users?bogus=1', undefined, {}, 400, 'request.validation_failed'],
      ['GET', '/api/v1/users/not-a-uuid', undefined, {}, 400, 'request.validation_failed'],
      ['GET', `/api/v1/users/${'x'.repeat(300)}`, undefined, {}, 400, 'request.bad_url'],
      ['GET', '/api/v1/users/%E0%A4%A', undefined, {}, 400, 'request.bad_url'],
      ['GET', '/api/v1/users/00000000-0000-4000-8000-000000000000', undefined, {}, 404, 'users.not_found'],
      ['DELETE', '/api/v1/me/sessions/not-a-uuid', undefined, {}, 400, 'request.validation_failed'],
      ['DELETE', '/api/v1/me/sessions/00000000-0000-4000-8000-000000000000', undefined, {}, 404, 'sessions.not_found'],
      ['GET', '/api/v1/nothing-here', undefined, {}, 404, 'request.not_found'],
      ['PUT', '/api/v1/me', {}, {}, 404, 'request.not_found'],
    ];
    for (const [method, url, payload, headers, status, code] of cases) {
      test(`${method} ${url.slice(0, 60)} ${typeof payload === 'string' ? payload.slice(0, 30) : JSON.stringify(payload)?.slice(0, 40)} -> ${status} ${code}`, async () => {
        expectProblem(await send(method, url, { ...(payload !== undefined ? { payload } : {}), headers }), status, code);
      });
    }

    test('validation problems list every issue, localised', async () => {
      const res = await send('POST', '/api/v1/auth/sign-in', { payload: {}, headers: { 'accept-language': 'nl' }, auth: false });
      const body = expectProblem(res, 400, 'request.validation_failed');
      assert.deepEqual(body.issues.map((i: { path: string }) => i.path).sort(), ['password', 'username']);
      assert.equal(body.issues[0].code, 'field.required');
      assert.equal(body.issues[0].message, 'Dit veld is verplicht.');
      assert.equal(body.title, 'Een deel van de gegevens die u hebt ingevoerd, is niet geldig.');
    });
  });

  test('unauthenticated and unauthorised requests are refused before the body is read', async () => {
    expectProblem(await send('GET', '/api/v1/users', { auth: false }), 401, 'auth.unauthenticated');
    expectProblem(
      await send('GET', '/api/v1/me/sessions', { auth: false, headers: { cookie: 'latchkey_session=forged-token-value-1234567890' } }),
      401,
      'auth.unauthenticated',
    );
    await t.createUser({ userPrincipalName: 'plain@contoso.example', password: PASSWORD });
    const plain = await t.signIn('plain@contoso.example', PASSWORD);
    expectProblem(await t.app.inject({ method: 'GET', url: '/api/v1/users', headers: { cookie: plain.cookie } }), 403, 'auth.forbidden');
  });

  test('security headers: CSP without inline script, no-referrer, nosniff, frame-ancestors, no-store (T3-T5)', async () => {
    // The last two are answered by the router before any hook (undecodable, over-long path parameter).
    for (const url of ['/api/v1/me', '/sign-in', '/api/docs', '/api/v1/users/%zz', `/api/v1/users/${'x'.repeat(300)}`]) {
      const res = await send('GET', url);
      const csp = String(res.headers['content-security-policy']);
      assert.match(csp, /script-src 'self'(;|$)/, url);
      assert.doesNotMatch(csp, /script-src[^;]*unsafe-inline/);
      assert.match(csp, /frame-ancestors 'none'/);
      assert.match(csp, /object-src 'none'/);
      assert.match(csp, /base-uri 'none'/);
      assert.equal(res.headers['referrer-policy'], 'no-referrer');
      assert.equal(res.headers['x-content-type-options'], 'nosniff');
      assert.equal(res.headers['cache-control'], 'no-store', url);
      assert.ok(res.headers['x-request-id']);
      assert.equal(res.headers['strict-transport-security'], undefined, 'no HSTS over plain HTTP');
    }
    const asset = await send('GET', '/assets/app-abc123.js');
    assert.equal(asset.statusCode, 200);
    assert.match(String(asset.headers['cache-control']), /immutable/);
  });

  test('HSTS and __Host- cookies when the public URL is HTTPS (T2, SE3)', async () => {
    const tls = await createTestApp({ config: { publicUrl: 'https://passwords.contoso.example' } });
    try {
      await tls.createUser({ userPrincipalName: 'x@contoso.example', password: PASSWORD });
      const res = await tls.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { username: 'x@contoso.example', password: PASSWORD } });
      assert.match(String(res.headers['strict-transport-security']), /max-age=31536000; includeSubDomains/);
      const cookie = res.cookies.find((c) => c.name === '__Host-latchkey_session');
      assert.ok(cookie && cookie.secure && cookie.httpOnly && cookie.path === '/' && !cookie.domain);
    } finally {
      await tls.close();
    }
  });

  test('the web app is served with an SPA fallback; unknown API paths are problems', async () => {
    for (const url of ['/', '/sign-in', '/admin/users', '/account/security?x=1']) {
      const res = await send('GET', url);
      assert.equal(res.statusCode, 200, url);
      assert.match(res.body, /<div id="root">/);
    }
    expectProblem(await send('GET', '/api/v2/whatever'), 404, 'request.not_found');
    expectProblem(await send('GET', '/assets/missing.js'), 404, 'request.not_found');
  });

  test('OpenAPI 3.1 document and reference page', async () => {
    const res = await send('GET', '/api/openapi.json', { auth: false });
    assert.equal(res.statusCode, 200);
    const doc = res.json();
    assert.equal(doc.openapi, '3.1.0');
    for (const p of [
      '/api/v1/auth/sign-in',
      '/api/v1/auth/sign-out',
      '/api/v1/me',
      '/api/v1/me/sessions',
      '/api/v1/me/sessions/{id}',
      '/api/v1/users',
      '/api/v1/users/{id}',
    ]) {
      assert.ok(doc.paths[p], `OpenAPI lacks ${p}`);
    }
    assert.ok(doc.paths['/api/v1/auth/sign-in'].post.requestBody);
    const page = await send('GET', '/api/docs', { auth: false });
    assert.match(page.body, /Latchkey API/);
    assert.doesNotMatch(page.body, /<script/i);
  });

  test('health and readiness (metrics: metrics.test.ts, on a listener of their own)', async () => {
    assert.deepEqual((await send('GET', '/healthz', { auth: false })).json(), { status: 'ok' });
    assert.deepEqual((await send('GET', '/readyz', { auth: false })).json(), { status: 'ready', database: 'sqlite' });
  });
});
