/**
 * Proofs for session claims in docs/security.md that had no test of their own (issue 17):
 * T7 (sign-out clears client state), T6 (no CORS for foreign origins) and SE1 (a new session
 * token at sign-in; the old one is void after a password change).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { randomToken } from '../../core/crypto.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { testEngines } from '../../testing/databases.js';

const PASSWORD = 'Correct-Horse-42';
const NEW = 'Fjord&Kiwi*8372-Moss';
const EVIL = 'https://evil.example';

for (const engine of testEngines()) {
  describe(`session proofs: T6, T7, SE1 (${engine})`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp({ engine, config: { publicUrl: 'https://passwords.contoso.example' } });
      for (const name of ['t7', 't6', 'se1', 'se1-change', 'se1-twice'])
        await t.createUser({ userPrincipalName: `${name}@contoso.example`, password: PASSWORD, roles: name === 't6' ? ['user-administrator'] : [] });
    });
    after(() => t.close());

    const me = (cookie: string) => t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } });
    const sessionCookie = (res: { cookies: { name: string; value: string }[] }) => res.cookies.find((c) => c.name.endsWith('latchkey_session'));

    test('sign-out answers Clear-Site-Data, expires the cookies and ends the session server-side (T7, SE4)', async () => {
      const { cookie, csrf } = await t.signIn('t7@contoso.example', PASSWORD);
      assert.equal((await me(cookie)).statusCode, 200);
      const out = await t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-out', headers: { cookie, 'x-csrf-token': csrf } });
      assert.equal(out.statusCode, 204);
      const directives = String(out.headers['clear-site-data'] ?? '')
        .split(',')
        .map((d) => d.trim());
      assert.ok(directives.includes('"cache"'), `Clear-Site-Data names "cache": ${String(out.headers['clear-site-data'])}`);
      assert.ok(directives.includes('"storage"'), 'Clear-Site-Data names "storage"');
      // Cookies are cleared by expiring them (the equivalent the checklist allows): both session cookies, in the past.
      const expired = out.cookies.filter((c) => c.value === '' && c.expires !== undefined && c.expires.getTime() <= Date.now());
      assert.ok(
        expired.some((c) => c.name.endsWith('latchkey_session')),
        'the session cookie is expired',
      );
      assert.ok(
        expired.some((c) => c.name.endsWith('latchkey_csrf')),
        'the CSRF cookie is expired',
      );
      assert.equal((await me(cookie)).statusCode, 401, 'the session is gone');
      assert.equal((await t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-out', headers: { cookie, 'x-csrf-token': csrf } })).statusCode, 401);
    });

    test('no CORS: a foreign origin gets no Access-Control-Allow-Origin, a preflight is not granted (T6)', async () => {
      const { cookie, csrf } = await t.signIn('t6@contoso.example', PASSWORD);
      const simple = [
        await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie, origin: EVIL } }),
        await t.app.inject({ method: 'GET', url: '/api/v1/users', headers: { cookie, origin: EVIL } }),
        await t.app.inject({
          method: 'POST',
          url: '/api/v1/auth/sign-in',
          payload: { username: 't6@contoso.example', password: PASSWORD },
          headers: { origin: EVIL },
        }),
        await t.app.inject({
          method: 'PATCH',
          url: '/api/v1/me',
          payload: { preferredLanguage: 'nl' },
          headers: { cookie, 'x-csrf-token': csrf, origin: EVIL },
        }),
      ];
      for (const res of simple) {
        assert.equal(res.headers['access-control-allow-origin'], undefined, `${res.statusCode} ${res.body.slice(0, 80)}`);
        assert.equal(res.headers['access-control-allow-credentials'], undefined);
      }
      assert.equal(simple[3]!.json().code, 'auth.csrf_failed', 'a foreign Origin cannot change state (C5)');
      for (const [url, method] of [
        ['/api/v1/auth/sign-in', 'POST'],
        ['/api/v1/me/change-password', 'POST'],
        ['/api/v1/users', 'GET'],
        ['/api/v1/me', 'PATCH'],
      ] as const) {
        const preflight = await t.app.inject({
          method: 'OPTIONS',
          url,
          headers: { origin: EVIL, 'access-control-request-method': method, 'access-control-request-headers': 'content-type, x-csrf-token' },
        });
        assert.ok(preflight.statusCode >= 400 && preflight.statusCode < 500, `preflight to ${url} refused: ${preflight.statusCode}`);
        for (const header of [
          'access-control-allow-origin',
          'access-control-allow-methods',
          'access-control-allow-headers',
          'access-control-allow-credentials',
        ])
          assert.equal(preflight.headers[header], undefined, `${header} on the preflight to ${url}`);
      }
    });

    test('sign-in issues a fresh token: a token planted before sign-in is neither kept nor valid (SE1, session fixation)', async () => {
      const planted = randomToken();
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/sign-in',
        payload: { username: 'se1@contoso.example', password: PASSWORD },
        headers: { cookie: `__Host-latchkey_session=${planted}; latchkey_session=${planted}` },
      });
      assert.equal(res.statusCode, 200, res.body);
      const issued = sessionCookie(res);
      assert.ok(issued, 'a session cookie is set');
      assert.notEqual(issued.value, planted);
      assert.equal((await me(`${issued.name}=${planted}`)).statusCode, 401, 'the planted token is no session');
      assert.equal((await me(`${issued.name}=${issued.value}`)).statusCode, 200);
    });

    test('signing in again with a live session cookie ends that session: the old token gets 401 (SE1, ASVS 7.2.4)', async () => {
      const first = await t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { username: 'se1@contoso.example', password: PASSWORD } });
      const old = sessionCookie(first)!;
      assert.equal((await me(`${old.name}=${old.value}`)).statusCode, 200);
      const again = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/sign-in',
        payload: { username: 'se1@contoso.example', password: PASSWORD },
        headers: { cookie: `${old.name}=${old.value}` },
      });
      assert.equal(again.statusCode, 200, again.body);
      const fresh = sessionCookie(again)!;
      assert.notEqual(fresh.value, old.value);
      assert.equal((await me(`${old.name}=${old.value}`)).statusCode, 401, 'the session presented at sign-in is over');
      assert.equal((await me(`${fresh.name}=${fresh.value}`)).statusCode, 200);
    });

    test('each sign-in gives a new token (SE1)', async () => {
      const tokens = new Set<string>();
      for (let i = 0; i < 5; i++) {
        const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { username: 'se1-twice@contoso.example', password: PASSWORD } });
        tokens.add(sessionCookie(res)!.value);
      }
      assert.equal(tokens.size, 5);
    });

    test('after a password change the old token is void; signing in again gives a new one (SE1, SE4)', async () => {
      const old = await t.signIn('se1-change@contoso.example', PASSWORD);
      const other = await t.signIn('se1-change@contoso.example', PASSWORD);
      const changed = await t.app.inject({
        method: 'POST',
        url: '/api/v1/me/change-password',
        payload: { currentPassword: PASSWORD, newPassword: NEW },
        headers: { cookie: old.cookie, 'x-csrf-token': old.csrf },
      });
      assert.equal(changed.statusCode, 204, changed.body);
      assert.equal((await me(old.cookie)).statusCode, 401, 'the token that made the change is void');
      assert.equal((await me(other.cookie)).statusCode, 401, 'every other token too');
      const fresh = await t.signIn('se1-change@contoso.example', NEW);
      assert.notEqual(fresh.cookie, old.cookie);
      assert.equal((await me(fresh.cookie)).statusCode, 200);
    });
  });
}
