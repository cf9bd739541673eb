import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sha256 } from '../../core/crypto.js';
import { testEngines } from '../../testing/databases.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { lockoutSettingsDocument } from '../lockout/settings.js';
import { defaultMfaSettings, mfaSettingsDocument } from '../mfa/settings.js';
import { stepUp, withCookies, type Who } from './step-up.fixture.js';

const PASSWORD = 'Zebra-Quilt-Harbor-71!';
const SESSION_COOKIE = 'latchkey_session';
const CONSOLE = { kind: 'system', name: 'cli' } as const;
const NO_CONTEXT = { ipAddress: null, userAgent: null, correlationId: null };

/*
 * Step-up for sensitive actions (issue 17; NIST 800-63B-4 §5.2; ASVS 7.5.1, 7.5.3; checklist SE1,
 * SE5, C3, L7). The MFA side is in step-up-mfa.test.ts.
 */
for (const engine of testEngines()) {
  describe(`step-up (${engine})`, () => {
    let t: TestApp;
    let window: number;
    let n = 0;
    before(async () => {
      t = await createTestApp({ engine });
      window = t.config.stepUpMaxAgeSeconds * 1000;
      // Administrators sign in with a password alone here (MFA at sign-in is the mfa feature's; step-up-mfa.test.ts has MFA).
      await t.services.settings.save(CONSOLE, mfaSettingsDocument, { ...defaultMfaSettings, administrators: 'optional' as const }, NO_CONTEXT);
    });
    after(() => t.close());

    const call = (who: Who, method: string, url: string, payload?: object) =>
      t.app.inject({ method: method as 'GET', url, ...(payload ? { payload } : {}), headers: { cookie: who.cookie, 'x-csrf-token': who.csrf } });
    const user = async (roles: Parameters<TestApp['createUser']>[0]['roles'] = []) => {
      const upn = `user${++n}@contoso.example`;
      const { id } = await t.createUser({ userPrincipalName: upn, password: PASSWORD, roles });
      return { id, upn };
    };
    const tokenOf = (who: Who) => new RegExp(`${SESSION_COOKIE}=([^;]+)`).exec(who.cookie)![1]!;

    test('every gated action is refused when the proof is stale, changes nothing, and goes through after a step-up', async () => {
      const admin = await user(['global-administrator']);
      const target = await user();
      const helpdesk = await user(['helpdesk-administrator']);
      const who = await t.signIn(admin.upn, PASSWORD);
      // Right after sign-in the proof is fresh: nothing is asked again. A job to take passwords from later:
      const job = await call(who, 'POST', '/api/v1/password-reset-jobs', { userIds: [target.id] });
      assert.equal(job.statusCode, 202, job.body);
      await t.services.resetJobs.runAll();
      const hashBefore = (await t.repos.users.findById(target.id))!.passwordHash;
      const resets = async () => (await t.repos.audit.list({ action: 'user.password_reset', targetId: target.id, limit: 10 })).length;
      const resetsBefore = await resets();
      const lockout = { lockoutThreshold: 10, lockoutDurationSeconds: 60 };
      // One second inside the window: still fresh.
      t.clock.advance(window - 1000);
      assert.equal((await call(who, 'PUT', '/api/v1/settings/smart-lockout', lockout)).statusCode, 200, 'inside the window');
      t.clock.advance(2000);
      const sspr = (await call(who, 'GET', '/api/v1/settings/self-service-password-reset')).json();
      await t.db.db
        .updateTable('app_user')
        .set({ other_mails: JSON.stringify(['target.home@example.org']) })
        .where('id', '=', target.id)
        .execute();
      const actions: [string, string, object | undefined, number][] = [
        ['POST', `/api/v1/users/${target.id}/reset-password`, {}, 200],
        ['POST', `/api/v1/users/${target.id}/reset-password`, { sendLink: true }, 200],
        ['POST', '/api/v1/password-reset-jobs', { userIds: [target.id] }, 202],
        ['POST', `/api/v1/password-reset-jobs/${job.json().id}/passwords`, undefined, 200],
        ['POST', '/api/v1/role-assignments', { userId: target.id, role: 'helpdesk-administrator' }, 201],
        ['DELETE', `/api/v1/role-assignments/helpdesk-administrator.${helpdesk.id}`, undefined, 204],
        ['PUT', '/api/v1/settings/smart-lockout', { lockoutThreshold: 12, lockoutDurationSeconds: 60 }, 200],
        ['PUT', '/api/v1/settings/self-service-password-reset', { ...sspr, enabledFor: 'all' }, 200],
        ['POST', '/api/v1/me/methods/email', { address: 'admin.alt@home.example' }, 202],
      ];
      for (const [method, url, body] of actions) {
        const res = await call(who, method, url, body);
        assert.deepEqual([res.statusCode, res.json().code, res.headers['latchkey-step-up']], [403, 'auth.step_up_required', 'password'], `${method} ${url}`);
      }
      // Nothing changed: the password, the roles, the settings, the job's unread passwords.
      assert.equal((await t.repos.users.findById(target.id))!.passwordHash, hashBefore);
      const roles = await t.repos.users.rolesOf([target.id, helpdesk.id]);
      assert.deepEqual([roles.get(target.id) ?? [], roles.get(helpdesk.id)], [[], ['helpdesk-administrator']]);
      assert.deepEqual((await call(who, 'GET', '/api/v1/settings/smart-lockout')).json(), lockout);
      assert.equal((await t.repos.resetJobs.counts(job.json().id)).reset, 1);
      assert.equal(await resets(), resetsBefore, 'no reset audited');

      assert.deepEqual((await call(who, 'GET', '/api/v1/auth/step-up')).json(), { methods: ['password'], maxAgeSeconds: window / 1000 });
      const stepped = await stepUp(t, who, { password: PASSWORD });
      assert.equal(stepped.statusCode, 200, stepped.body);
      for (const [method, url, body, status] of actions) {
        const res = await call(who, method, url, body);
        assert.equal(res.statusCode, status, `${method} ${url}: ${res.body}`);
        if (url.endsWith('/passwords')) assert.equal(res.json().items.length, 1, 'the unread password survived the refusal');
      }
      const audit = await t.repos.audit.list({ action: 'user.step_up', targetId: admin.id, limit: 10 });
      assert.deepEqual(
        audit.map((e) => [e.outcome, e.details.method]),
        [['success', 'password']],
      );
    });

    test('a step-up rotates the session token and stamps the proof (SE1)', async () => {
      const u = await user();
      const who = await t.signIn(u.upn, PASSWORD);
      const before = { ...who };
      const [session] = await t.repos.sessions.listForUser(u.id);
      t.clock.advance(window + 1000);
      const res = await stepUp(t, who, { password: PASSWORD });
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.headers['cache-control'], 'no-store');
      assert.equal(res.json().freshUntil, new Date(t.clock.now().getTime() + window).toISOString());
      assert.notEqual(tokenOf(who), tokenOf(before), 'a new token');
      assert.equal(who.csrf, before.csrf, 'the CSRF token is bound to the session id, which stays');
      assert.equal((await call(before, 'GET', '/api/v1/me')).statusCode, 401, 'the old token is dead');
      assert.equal((await call(who, 'GET', '/api/v1/me')).statusCode, 200);
      assert.equal(await t.repos.sessions.findByTokenHash(sha256(tokenOf(before))), undefined);
      const after = await t.repos.sessions.findByTokenHash(sha256(tokenOf(who)));
      assert.equal(after?.id, session!.id, 'the same session');
      assert.deepEqual(
        [after?.authenticatedAt.toISOString(), after?.mfaAt],
        [t.clock.now().toISOString(), null],
        'password proof stamped; no MFA on this account',
      );
    });

    test('a wrong password goes through the sign-in gate: same answer, counted by smart lockout, audited', async () => {
      const u = await user();
      const who = await t.signIn(u.upn, PASSWORD);
      t.clock.advance(window + 1000);
      // The console's operator (a system actor) is not asked for step-up.
      await t.services.settings.save(CONSOLE, lockoutSettingsDocument, { lockoutThreshold: 3, lockoutDurationSeconds: 60 }, NO_CONTEXT);
      for (const i of [1, 2]) {
        const res = await stepUp(t, who, { password: `Not-My-Password-${i}!` });
        assert.deepEqual([res.statusCode, res.json().code], [401, 'auth.invalid_credentials']);
      }
      assert.equal((await t.repos.lockout.get(u.id))?.consecutiveFailures, 2);
      const locking = await stepUp(t, who, { password: 'Not-My-Password-3!' });
      assert.deepEqual([locking.statusCode, locking.json().code], [401, 'auth.invalid_credentials']);
      const locked = await stepUp(t, who, { password: PASSWORD });
      assert.deepEqual([locked.statusCode, locked.json().code], [401, 'auth.invalid_credentials'], 'locked: the right password gets the same answer');
      const tooLong = await stepUp(t, who, { password: 'x'.repeat(1000) });
      assert.deepEqual([tooLong.statusCode, tooLong.json().code], [401, 'auth.invalid_credentials'], 'over-long: refused before hashing');
      assert.equal((await call(who, 'POST', '/api/v1/me/methods/email', { address: 'x@home.example' })).statusCode, 403, 'still stale');
      const audit = await t.repos.audit.list({ action: 'user.step_up', targetId: u.id, limit: 10 });
      assert.deepEqual(audit.map((e) => e.details.reason).sort(), ['locked', 'wrong_password', 'wrong_password', 'wrong_password', 'wrong_password']);
      await t.services.settings.save(CONSOLE, lockoutSettingsDocument, { lockoutThreshold: 10, lockoutDurationSeconds: 60 }, NO_CONTEXT);
    });

    test('bad bodies are localised 400s; a passkey step-up without passkeys is 404', async () => {
      const u = await user();
      const who = await t.signIn(u.upn, PASSWORD);
      for (const body of [
        {},
        { password: '' },
        { password: PASSWORD, method: 'sms' },
        { password: PASSWORD, method: 'passkey' },
        { password: PASSWORD, extra: 1 },
      ]) {
        const res = await t.app.inject({
          method: 'POST',
          url: '/api/v1/auth/step-up',
          payload: body,
          headers: { cookie: who.cookie, 'x-csrf-token': who.csrf, 'accept-language': 'nl' },
        });
        assert.deepEqual([res.statusCode, res.json().code], [400, 'request.validation_failed'], JSON.stringify(body));
        assert.match(res.json().title, /ongeldig|niet geldig/i, 'Dutch');
      }
      const options = await call(who, 'POST', '/api/v1/auth/step-up/passkey-options');
      assert.deepEqual([options.statusCode, options.json().code], [404, 'security_info.method_not_found']);
      const anonymous = await t.app.inject({ method: 'POST', url: '/api/v1/auth/step-up', payload: { password: PASSWORD } });
      assert.equal(anonymous.statusCode, 401);
      assert.equal(withCookies('a=1; b=2', [{ name: 'b', value: '3' }]), 'a=1; b=3');
    });
  });
}
