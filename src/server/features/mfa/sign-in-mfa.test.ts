/**
 * Sign-in MFA (issue 17; checklist A2 MFA for admins by default, L9 every factor counts (MFA throttling and lockout),
 * R23 TOTP replay, SE1 token rotation, C6 the contract outside clients drive). Both engines: the
 * MFA lock and the used TOTP step are storage races.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sha256 } from '../../core/crypto.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { testEngines } from '../../testing/databases.js';
import { totpCode } from '../verification/methods.js';
import { codeNow, cookieValue, giveAuthenticator, newBrowser, passwordStep, send, setMfaPolicy, type Browser } from './mfa.fixture.js';
import { MFA_FAILURE_THRESHOLD, MFA_LOCK_SECONDS } from './second-factors.js';

const PASSWORD = 'Harbor-Quilt-Zebra-71!';

for (const engine of testEngines()) {
  describe(`sign-in MFA (${engine})`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp({ engine, mfa: 'product-defaults' });
    });
    after(() => t.close());

    const user = async (name: string, roles: Parameters<TestApp['createUser']>[0]['roles'] = []) =>
      (await t.createUser({ userPrincipalName: `${name}@contoso.example`, password: PASSWORD, roles })).id;
    const sessionRow = (b: Browser) =>
      t.db.db
        .selectFrom('session')
        .selectAll()
        .where('token_hash', '=', sha256(cookieValue(b.cookie, 'latchkey_session') ?? ''))
        .executeTakeFirst();

    test('a fresh admin must register an authenticator app at first sign-in; the MFA session can do nothing else (A2)', async () => {
      await user('first-admin', ['global-administrator']);
      const b = newBrowser();
      const signIn = await passwordStep(t, b, 'first-admin@contoso.example', PASSWORD);
      assert.equal(signIn.statusCode, 200, signIn.body);
      assert.deepEqual(
        [signIn.json().mfaRequired, signIn.json().registrationRequired, signIn.json().methods],
        [true, true, []],
        'the product default asks every admin for MFA',
      );
      assert.equal((await sessionRow(b))?.scope, 'mfa');
      // Only the MFA routes, sign-out and GET /me answer an MFA-step session.
      const users = await send(t, b, 'GET', '/api/v1/users');
      assert.deepEqual([users.statusCode, users.json().code], [403, 'auth.mfa_required']);
      const patchMe = await send(t, b, 'PATCH', '/api/v1/me', { preferredLanguage: 'nl' });
      assert.deepEqual([patchMe.statusCode, patchMe.json().code], [403, 'auth.mfa_required']);
      const change = await send(t, b, 'POST', '/api/v1/me/change-password', { currentPassword: PASSWORD, newPassword: 'Another-Quilt-Harbor-72!' });
      assert.deepEqual([change.statusCode, change.json().code], [403, 'auth.mfa_required']);
      const me = await send(t, b, 'GET', '/api/v1/me');
      assert.deepEqual([me.statusCode, me.json().mfaRequired, me.json().permissions], [200, true, []]);
      const state = await send(t, b, 'GET', '/api/v1/auth/mfa');
      assert.deepEqual(state.json(), { methods: [], registrationRequired: true, rememberDeviceDays: 0 });

      const started = await send(t, b, 'POST', '/api/v1/auth/mfa/authenticator');
      assert.equal(started.statusCode, 200, started.body);
      const { verificationId, secret, otpauthUri } = started.json<{ verificationId: string; secret: string; otpauthUri: string }>();
      assert.match(otpauthUri, /^otpauth:\/\/totp\//);
      const mfaToken = cookieValue(b.cookie, 'latchkey_session')!;
      const wrong = await send(t, b, 'POST', '/api/v1/auth/mfa/authenticator/verify', { verificationId, code: '000000' });
      assert.deepEqual([wrong.statusCode, wrong.json().code], [400, 'security_info.code_invalid']);
      const done = await send(t, b, 'POST', '/api/v1/auth/mfa/authenticator/verify', { verificationId, code: totpCode(secret, t.clock.now()) });
      assert.equal(done.statusCode, 200, done.body);
      // SE1: a new token; the MFA-step token is void.
      assert.notEqual(cookieValue(b.cookie, 'latchkey_session'), mfaToken);
      const old = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: `latchkey_session=${mfaToken}` } });
      assert.equal(old.statusCode, 401, 'the MFA-step token no longer works');
      const row = await sessionRow(b);
      assert.equal(row?.scope, 'full');
      assert.ok(row?.mfa_at, 'mfa_at is stamped');
      assert.equal((await send(t, b, 'GET', '/api/v1/users')).statusCode, 200, 'the full session can act');
      // The app is Security info's authenticator app, registered with an audit event.
      const methods = await t.repos.securityInfo.methods((await t.repos.users.findBySignInName('first-admin@contoso.example'))!.id);
      assert.deepEqual(
        methods.map((m) => m.kind),
        ['authenticatorApp'],
      );
    });

    test('a registered authenticator app is asked for; its code works once per time step (R23) and rotates the token (SE1)', async () => {
      const id = await user('totp');
      const secret = await giveAuthenticator(t, id);
      const b = newBrowser();
      const signIn = await passwordStep(t, b, 'totp@contoso.example', PASSWORD);
      assert.deepEqual([signIn.json().mfaRequired, signIn.json().methods, signIn.json().registrationRequired], [true, ['authenticatorApp'], false]);
      const wrong = await send(t, b, 'POST', '/api/v1/auth/mfa', { method: 'authenticatorApp', code: '123456' });
      assert.deepEqual([wrong.statusCode, wrong.json().code], [400, 'auth.mfa_invalid']);
      const code = codeNow(t, secret);
      const before = cookieValue(b.cookie, 'latchkey_session');
      const ok = await send(t, b, 'POST', '/api/v1/auth/mfa', { method: 'authenticatorApp', code });
      assert.equal(ok.statusCode, 200, ok.body);
      assert.notEqual(cookieValue(b.cookie, 'latchkey_session'), before, 'a new token (SE1)');
      assert.equal((await sessionRow(b))?.scope, 'full');
      // The same code from another browser, in the same time step: a replay.
      const other = newBrowser();
      await passwordStep(t, other, 'totp@contoso.example', PASSWORD);
      const replay = await send(t, other, 'POST', '/api/v1/auth/mfa', { method: 'authenticatorApp', code });
      assert.deepEqual([replay.statusCode, replay.json().code], [400, 'auth.mfa_invalid'], 'a used code is refused');
      t.clock.advance(30_000);
      assert.equal((await send(t, other, 'POST', '/api/v1/auth/mfa', { method: 'authenticatorApp', code: codeNow(t, secret) })).statusCode, 200);
      const log = await t.repos.signIns.list({ userId: id, limit: 10 });
      assert.deepEqual(new Set(log.map((e) => e.reason)), new Set(['mfa_required', 'mfa_failed', 'success']), 'the sign-in log tells the MFA step apart');
    });

    test(`${MFA_FAILURE_THRESHOLD} wrong codes lock the MFA step and end the session; locked answers like wrong (L9)`, async () => {
      const id = await user('locked');
      const secret = await giveAuthenticator(t, id);
      const b = newBrowser();
      await passwordStep(t, b, 'locked@contoso.example', PASSWORD);
      const answers: Awaited<ReturnType<typeof send>>[] = [];
      for (let i = 0; i < MFA_FAILURE_THRESHOLD; i++)
        answers.push(await send(t, b, 'POST', '/api/v1/auth/mfa', { method: 'authenticatorApp', code: '00000' + i }));
      const shape = (a: (typeof answers)[number]) => JSON.stringify({ status: a.statusCode, ...a.json(), instance: undefined, correlationId: undefined });
      assert.equal(new Set(answers.map(shape)).size, 1, `every wrong answer is the same, the locking one too: ${answers[0]!.body}`);
      assert.equal((await send(t, b, 'GET', '/api/v1/me')).statusCode, 401, 'the locking attempt ended the session');
      const again = newBrowser();
      await passwordStep(t, again, 'locked@contoso.example', PASSWORD);
      const locked = await send(t, again, 'POST', '/api/v1/auth/mfa', { method: 'authenticatorApp', code: codeNow(t, secret) });
      assert.equal(locked.statusCode, 400);
      assert.equal(shape(locked), shape(answers[0]!), 'the right code while locked answers as a wrong one');
      const audit = await t.repos.audit.list({ targetId: id, limit: 20 });
      assert.equal(audit.filter((e) => e.action === 'user.mfa_locked').length, 1);
      t.clock.advance(MFA_LOCK_SECONDS * 1000);
      const later = newBrowser();
      await passwordStep(t, later, 'locked@contoso.example', PASSWORD);
      assert.equal(
        (await send(t, later, 'POST', '/api/v1/auth/mfa', { method: 'authenticatorApp', code: codeNow(t, secret) })).statusCode,
        200,
        'the lock ends',
      );
    });

    test("an admin's unlock ends the MFA lock at once", async () => {
      const id = await user('unlocked');
      const secret = await giveAuthenticator(t, id);
      const b = newBrowser();
      await passwordStep(t, b, 'unlocked@contoso.example', PASSWORD);
      for (let i = 0; i < MFA_FAILURE_THRESHOLD; i++) await send(t, b, 'POST', '/api/v1/auth/mfa', { method: 'authenticatorApp', code: '00000' + i });
      const adminId = await user('unlocker', ['global-administrator']);
      const adminSecret = await giveAuthenticator(t, adminId);
      const admin = newBrowser();
      await passwordStep(t, admin, 'unlocker@contoso.example', PASSWORD);
      assert.equal((await send(t, admin, 'POST', '/api/v1/auth/mfa', { method: 'authenticatorApp', code: codeNow(t, adminSecret) })).statusCode, 200);
      assert.equal((await send(t, admin, 'POST', `/api/v1/users/${id}/unlock`)).statusCode, 204);
      const after = newBrowser();
      await passwordStep(t, after, 'unlocked@contoso.example', PASSWORD);
      const res = await send(t, after, 'POST', '/api/v1/auth/mfa', { method: 'authenticatorApp', code: codeNow(t, secret) });
      assert.equal(res.statusCode, 200, `no wait for the ${MFA_LOCK_SECONDS} s lock after an unlock: ${res.body}`);
    });

    test('concurrent wrong codes: the per-account limit answers 429 and the lock trips exactly once (L9, L7)', async () => {
      const id = await user('racer');
      await giveAuthenticator(t, id);
      const browsers = await Promise.all(
        Array.from({ length: 4 }, async () => {
          const b = newBrowser();
          await passwordStep(t, b, 'racer@contoso.example', PASSWORD);
          return b;
        }),
      );
      const answers = await Promise.all(
        Array.from({ length: 20 }, (_, i) => send(t, browsers[i % 4]!, 'POST', '/api/v1/auth/mfa', { method: 'authenticatorApp', code: String(100000 + i) })),
      );
      const statuses = answers.map((a) => a.statusCode).sort();
      assert.equal(statuses.filter((s) => s === 429).length, 10, `10 over the token bucket: ${statuses.join(',')}`);
      assert.ok(
        answers.filter((a) => a.statusCode === 429).every((a) => Number(a.headers['retry-after']) > 0),
        'with Retry-After',
      );
      assert.equal(statuses.filter((s) => s === 400).length, 10);
      const audit = await t.repos.audit.list({ targetId: id, limit: 50 });
      assert.equal(audit.filter((e) => e.action === 'user.mfa_locked').length, 1, 'one lock, not one per racing request');
      const row = await t.db.db.selectFrom('mfa_account').selectAll().where('user_id', '=', id).executeTakeFirst();
      assert.equal(Number(row?.attempts), MFA_FAILURE_THRESHOLD, 'no more tries were compared than the threshold');
    });

    test('forceChangePasswordNextSignInWithMfa: MFA first, then the forced change; cleared by the change (Graph)', async () => {
      await setMfaPolicy(t, { administrators: 'optional', everyone: 'off' });
      try {
        const adminId = await user('helpdesk', ['helpdesk-administrator']);
        const id = await user('forced');
        const secret = await giveAuthenticator(t, id);
        const admin = newBrowser();
        assert.equal((await passwordStep(t, admin, 'helpdesk@contoso.example', PASSWORD)).json().mfaRequired, false, 'MFA off for this test');
        assert.ok(adminId);
        const reset = await send(t, admin, 'POST', `/api/v1/users/${id}/reset-password`, {
          autoGenerate: false,
          password: 'Temporary-Quilt-Harbor-88!',
          forceChangePasswordNextSignIn: true,
          forceChangePasswordNextSignInWithMfa: true,
        });
        assert.equal(reset.statusCode, 200, reset.body);
        const b = newBrowser();
        const signIn = await passwordStep(t, b, 'forced@contoso.example', 'Temporary-Quilt-Harbor-88!');
        assert.deepEqual([signIn.json().mfaRequired, signIn.json().passwordChangeRequired], [true, true], 'MFA although the policy is off');
        const change = await send(t, b, 'POST', '/api/v1/me/change-password', {
          currentPassword: 'Temporary-Quilt-Harbor-88!',
          newPassword: 'Chosen-Quilt-Harbor-89!',
        });
        assert.deepEqual([change.statusCode, change.json().code], [403, 'auth.mfa_required'], 'no change before MFA');
        const done = await send(t, b, 'POST', '/api/v1/auth/mfa', { method: 'authenticatorApp', code: codeNow(t, secret) });
        assert.deepEqual([done.statusCode, done.json().passwordChangeRequired], [200, true]);
        assert.equal((await sessionRow(b))?.scope, 'change_password', 'then the forced change');
        const changed = await send(t, b, 'POST', '/api/v1/me/change-password', {
          currentPassword: 'Temporary-Quilt-Harbor-88!',
          newPassword: 'Chosen-Quilt-Harbor-89!',
        });
        assert.ok(changed.statusCode < 300, changed.body);
        assert.equal(await t.repos.mfa.forceMfaBeforeChange(id), false, 'the flag is reset after the change');
        const next = await passwordStep(t, newBrowser(), 'forced@contoso.example', 'Chosen-Quilt-Harbor-89!');
        assert.equal(next.json().mfaRequired, false, 'the policy (off) applies again');
      } finally {
        await setMfaPolicy(t, { administrators: 'required', everyone: 'optional' });
      }
    });
  });
}
