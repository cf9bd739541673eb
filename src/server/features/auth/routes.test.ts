import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { testEngines } from '../../testing/databases.js';

const PASSWORD = 'Correct-Horse-42';

for (const engine of testEngines()) {
  describe(`sign-in and sessions (${engine})`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp({ engine });
      await t.createUser({ userPrincipalName: 'adele@contoso.example', displayName: 'Adele Vance', password: PASSWORD, roles: ['user-administrator'] });
      await t.createUser({ userPrincipalName: 'megan@contoso.example', displayName: 'Megan Bowen', password: PASSWORD });
      await t.createUser({ userPrincipalName: 'disabled@contoso.example', password: PASSWORD, accountEnabled: false });
      await t.createUser({ userPrincipalName: 'newbie@contoso.example', password: PASSWORD, mustChangePassword: true });
    });
    after(() => t.close());

    const signIn = (payload: unknown, headers: Record<string, string> = {}) =>
      t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: payload as object, headers });

    test('signs in by UPN, case-insensitively, and by email', async () => {
      for (const username of ['adele@contoso.example', 'ADELE@Contoso.Example', ' adele@contoso.example ']) {
        const res = await signIn({ username, password: PASSWORD });
        assert.equal(res.statusCode, 200, res.body);
        const body = res.json();
        assert.equal(body.user.userPrincipalName, 'adele@contoso.example');
        assert.equal(body.passwordChangeRequired, false);
        assert.deepEqual(body.user.roles, ['user-administrator']);
      }
    });

    test('sets HttpOnly SameSite=Lax session cookie and a readable CSRF cookie (SE3)', async () => {
      const res = await signIn({ username: 'megan@contoso.example', password: PASSWORD });
      const session = res.cookies.find((c) => c.name === 'latchkey_session');
      const csrf = res.cookies.find((c) => c.name === 'latchkey_csrf');
      assert.ok(session && csrf);
      assert.equal(session.httpOnly, true);
      assert.equal(session.sameSite, 'Lax');
      assert.equal(session.path, '/');
      assert.notEqual(csrf.httpOnly, true);
      assert.ok(Buffer.from(session.value, 'base64url').length >= 32, 'token carries at least 256 bits (SE2)');
      assert.equal(res.headers['cache-control'], 'no-store');
    });

    test('every failure is the same 401 auth.invalid_credentials (R1)', async () => {
      const bodies = [];
      for (const payload of [
        { username: 'adele@contoso.example', password: 'wrong-password' },
        { username: 'nobody@contoso.example', password: PASSWORD },
        { username: 'disabled@contoso.example', password: PASSWORD },
        { username: 'adele@contoso.example', password: 'x'.repeat(300) },
      ]) {
        const res = await signIn(payload);
        assert.equal(res.statusCode, 401);
        assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
        const { instance: _instance, ...rest } = res.json();
        bodies.push(JSON.stringify(rest));
        assert.equal(res.cookies.length, 0);
      }
      assert.equal(new Set(bodies).size, 1, 'byte-identical bodies apart from the request id');
    });

    test('the error title follows Accept-Language', async () => {
      const res = await signIn({ username: 'x@contoso.example', password: 'nope' }, { 'accept-language': 'nl-NL,nl;q=0.9,en;q=0.5' });
      assert.match(res.json().title, /Uw account of wachtwoord is onjuist/);
    });

    test('GET /me needs a session, and works with one', async () => {
      assert.equal((await t.app.inject({ method: 'GET', url: '/api/v1/me' })).json().code, 'auth.unauthenticated');
      const { cookie } = await t.signIn('adele@contoso.example', PASSWORD);
      const me = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } });
      assert.equal(me.statusCode, 200);
      assert.ok(me.json().permissions.includes('users:read'));
    });

    test('state changes need the CSRF header; a wrong one or a foreign Origin is refused (C5)', async () => {
      const { cookie, csrf } = await t.signIn('megan@contoso.example', PASSWORD);
      const patch = (headers: Record<string, string>) =>
        t.app.inject({ method: 'PATCH', url: '/api/v1/me', payload: { preferredLanguage: 'nl' }, headers: { cookie, ...headers } });
      assert.equal((await patch({})).json().code, 'auth.csrf_failed');
      assert.equal((await patch({ 'x-csrf-token': csrf + 'x' })).json().code, 'auth.csrf_failed');
      assert.equal((await patch({ 'x-csrf-token': csrf, origin: 'https://evil.example' })).json().code, 'auth.csrf_failed');
      const other = await t.signIn('adele@contoso.example', PASSWORD);
      assert.equal((await patch({ 'x-csrf-token': other.csrf })).json().code, 'auth.csrf_failed', 'a token of another session');
      const ok = await patch({ 'x-csrf-token': csrf });
      assert.equal(ok.statusCode, 200);
      assert.equal(ok.json().user.preferredLanguage, 'nl');
    });

    test('sign-out ends the session server-side (SE4)', async () => {
      const { cookie, csrf } = await t.signIn('megan@contoso.example', PASSWORD);
      const out = await t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-out', headers: { cookie, 'x-csrf-token': csrf } });
      assert.equal(out.statusCode, 204);
      assert.equal((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } })).statusCode, 401);
    });

    test('a user lists and ends own sessions but not another user’s (SE7)', async () => {
      const a = await t.signIn('megan@contoso.example', PASSWORD);
      const b = await t.signIn('megan@contoso.example', PASSWORD);
      const list = await t.app.inject({ method: 'GET', url: '/api/v1/me/sessions', headers: { cookie: a.cookie } });
      const items = list.json().items as { id: string; current: boolean }[];
      assert.ok(items.length >= 2);
      assert.equal(items.filter((s) => s.current).length, 1);
      const bId = (await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: b.cookie } })).json().session.id;
      const adele = await t.signIn('adele@contoso.example', PASSWORD);
      const foreign = await t.app.inject({
        method: 'DELETE',
        url: `/api/v1/me/sessions/${bId}`,
        headers: { cookie: adele.cookie, 'x-csrf-token': adele.csrf },
      });
      assert.equal(foreign.json().code, 'sessions.not_found');
      const del = await t.app.inject({ method: 'DELETE', url: `/api/v1/me/sessions/${bId}`, headers: { cookie: a.cookie, 'x-csrf-token': a.csrf } });
      assert.equal(del.statusCode, 204);
      assert.equal((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: b.cookie } })).statusCode, 401);
      assert.equal((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: a.cookie } })).statusCode, 200);
    });

    test('idle and absolute timeouts are enforced server-side (SE6)', async () => {
      const { cookie } = await t.signIn('megan@contoso.example', PASSWORD);
      const me = () => t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } });
      t.clock.advance((t.config.sessionIdleSeconds - 1) * 1000);
      assert.equal((await me()).statusCode, 200);
      t.clock.advance((t.config.sessionIdleSeconds + 1) * 1000);
      assert.equal((await me()).statusCode, 401);
      const fresh = await t.signIn('megan@contoso.example', PASSWORD);
      for (let elapsed = 0; elapsed < t.config.sessionAbsoluteSeconds; elapsed += t.config.sessionIdleSeconds / 2) {
        t.clock.advance((t.config.sessionIdleSeconds / 2) * 1000);
        const res = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: fresh.cookie } });
        assert.equal(res.statusCode, elapsed + t.config.sessionIdleSeconds / 2 < t.config.sessionAbsoluteSeconds ? 200 : 401);
      }
    });

    test('a must-change user gets a session limited to the password change (A4)', async () => {
      const res = await signIn({ username: 'newbie@contoso.example', password: PASSWORD });
      assert.equal(res.statusCode, 200);
      assert.equal(res.json().passwordChangeRequired, true);
      assert.equal(res.json().passwordChangeReason, 'must_change');
      const cookie = res.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
      const me = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } });
      assert.equal(me.statusCode, 200);
      assert.deepEqual(me.json().permissions, []);
      for (const url of ['/api/v1/me/sessions', '/api/v1/users']) {
        const r = await t.app.inject({ method: 'GET', url, headers: { cookie } });
        assert.equal(r.statusCode, 403, url);
        assert.equal(r.json().code, 'auth.password_change_required');
      }
    });
  });
}
