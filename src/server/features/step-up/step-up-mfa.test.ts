import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sha256 } from '../../core/crypto.js';
import { testEngines } from '../../testing/databases.js';
import { recoveryDriver } from '../../testing/recovery.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { ssprSettingsDocument } from '../recovery/settings.js';
import { totpCode } from '../verification/methods.js';
import { authenticatorFor, passkeyDriver } from '../passkeys/passkeys.fixture.js';
import type { PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import { stepUp, withCookies, type Who } from './step-up.fixture.js';

const PASSWORD = 'Zebra-Quilt-Harbor-71!';
const CONSOLE = { kind: 'system', name: 'cli' } as const;
const NO_CONTEXT = { ipAddress: null, userAgent: null, correlationId: null };
const ALL_METHODS = { email: true, mobilePhone: true, officePhone: true, authenticatorApp: true, securityQuestions: true };

/** Step-up for an account with MFA (issue 17): the password AND a second factor, each through its own gate. */
for (const engine of testEngines()) {
  describe(`step-up with MFA (${engine})`, () => {
    let t: TestApp;
    let d: ReturnType<typeof recoveryDriver>;
    let window: number;
    let n = 0;
    before(async () => {
      // The product's MFA policy: a user who registered a second factor is asked for it at sign-in.
      t = await createTestApp({ engine, mfa: 'product-defaults' });
      d = recoveryDriver(t);
      window = t.config.stepUpMaxAgeSeconds * 1000;
      const sspr = await t.services.settings.get(CONSOLE, ssprSettingsDocument);
      await t.services.settings.save(
        CONSOLE,
        ssprSettingsDocument,
        { ...sspr, enabledFor: 'all' as const, methods: { ...sspr.methods, ...ALL_METHODS }, methodsRequired: 1 as const },
        NO_CONTEXT,
      );
    });
    after(() => t.close());

    const addEmail = (who: Who) => d.json(who, 'POST', '/api/v1/me/methods/email', { address: `alt${n}@home.example` });
    const withApp = async () => {
      const upn = `mfa${++n}@contoso.example`;
      const { id } = await t.createUser({ userPrincipalName: upn, password: PASSWORD });
      const who = await t.signIn(upn, PASSWORD);
      const secret = await d.registerApp(who, PASSWORD);
      return { id, upn, who, secret };
    };
    const code = (secret: string) => totpCode(secret, t.clock.now());

    test('an MFA account needs its second factor too; each wrong part gets the same answer; a code is used once', async () => {
      const { id, who, secret } = await withApp();
      assert.equal((await addEmail(who)).statusCode, 202, 'registering the app proved it in this session: nothing asked');
      t.clock.advance(window + 1000);
      const stale = await addEmail(who);
      assert.deepEqual([stale.statusCode, stale.json().code, stale.headers['latchkey-step-up']], [403, 'auth.step_up_required', 'password, authenticatorApp']);
      assert.deepEqual((await d.json(who, 'GET', '/api/v1/auth/step-up')).json().methods, ['password', 'authenticatorApp']);

      const passwordOnly = await stepUp(t, who, { password: PASSWORD });
      assert.deepEqual([passwordOnly.statusCode, passwordOnly.json().issues[0].path], [400, 'code'], 'the second factor is required');
      assert.equal((await t.repos.lockout.get(id))?.consecutiveFailures ?? 0, 0, 'refused before the password gate: nothing counted');
      const wrongCode = String((Number(code(secret)) + 1) % 1_000_000).padStart(6, '0');
      for (const body of [
        { password: PASSWORD, method: 'authenticatorApp', code: wrongCode },
        { password: 'Not-My-Password-1!', method: 'authenticatorApp', code: code(secret) },
      ]) {
        const res = await stepUp(t, who, body);
        assert.deepEqual([res.statusCode, res.json().code], [401, 'auth.invalid_credentials'], JSON.stringify(body));
      }
      assert.equal((await addEmail(who)).statusCode, 403, 'still stale');

      const before = who.cookie;
      const right = await stepUp(t, who, { password: PASSWORD, method: 'authenticatorApp', code: code(secret) });
      assert.equal(right.statusCode, 200, right.body);
      assert.notEqual(who.cookie, before, 'token rotated (SE1)');
      const session = await t.repos.sessions.findByTokenHash(sha256(/latchkey_session=([^;]+)/.exec(who.cookie)![1]!));
      assert.deepEqual([session?.authenticatedAt.toISOString(), session?.mfaAt?.toISOString()], [t.clock.now().toISOString(), t.clock.now().toISOString()]);
      assert.equal((await addEmail(who)).statusCode, 202);
      const replay = await stepUp(t, who, { password: PASSWORD, code: code(secret) });
      assert.deepEqual([replay.statusCode, replay.json().code], [401, 'auth.invalid_credentials'], 'the same code twice is a replay');

      const audit = await t.repos.audit.list({ action: 'user.step_up', targetId: id, limit: 10 });
      assert.deepEqual(audit.map((e) => `${e.outcome}:${String(e.details.reason ?? e.details.method)}`).sort(), [
        'failure:wrong_password',
        'failure:wrong_second_factor',
        'failure:wrong_second_factor',
        'success:authenticatorApp',
      ]);
    });

    test('a fresh password proof is not enough once the account has MFA: the session needs its MFA proof too', async () => {
      const upn = `mfa${++n}@contoso.example`;
      await t.createUser({ userPrincipalName: upn, password: PASSWORD });
      const first = await t.signIn(upn, PASSWORD);
      const second = await t.signIn(upn, PASSWORD);
      await d.registerApp(second, PASSWORD);
      const refused = await addEmail(first);
      assert.deepEqual(
        [refused.statusCode, refused.headers['latchkey-step-up']],
        [403, 'password, authenticatorApp'],
        'signed in a moment ago, but without MFA',
      );
      assert.equal((await addEmail(second)).statusCode, 202, 'the session that proved the app');
    });

    test('a passkey step-up: options bound to this session, the password checked first, an assertion used once', async () => {
      const upn = `key${++n}@contoso.example`;
      await t.createUser({ userPrincipalName: upn, password: PASSWORD });
      const who = await t.signIn(upn, PASSWORD);
      const key = authenticatorFor(t);
      await passkeyDriver(t).register(who, PASSWORD, key);
      t.clock.advance(window + 1000);
      const refused = await addEmail(who);
      assert.deepEqual([refused.statusCode, refused.headers['latchkey-step-up']], [403, 'password, passkey']);
      const options = await d.json(who, 'POST', '/api/v1/auth/step-up/passkey-options');
      assert.equal(options.statusCode, 200, options.body);
      const response = key.get(options.json<PublicKeyCredentialRequestOptionsJSON>());
      const wrongPassword = await stepUp(t, who, { password: 'Not-My-Password-1!', method: 'passkey', response });
      assert.deepEqual([wrongPassword.statusCode, wrongPassword.json().code], [401, 'auth.invalid_credentials']);
      const right = await stepUp(t, who, { password: PASSWORD, method: 'passkey', response });
      assert.equal(right.statusCode, 200, right.body);
      assert.equal((await addEmail(who)).statusCode, 202);
      const replay = await stepUp(t, who, { password: PASSWORD, method: 'passkey', response });
      assert.deepEqual([replay.statusCode, replay.json().code], [401, 'auth.invalid_credentials'], 'the challenge was used');
    });

    test('right after a sign-in with MFA nothing is asked again', async () => {
      const { upn, secret } = await withApp();
      const signedIn = await t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { username: upn, password: PASSWORD } });
      assert.equal(signedIn.json().mfaRequired, true, signedIn.body);
      const who: Who = { cookie: withCookies('', signedIn.cookies), csrf: signedIn.json().csrfToken };
      assert.equal((await addEmail(who)).statusCode, 403, 'the MFA step is not a full session');
      const finished = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/mfa',
        payload: { method: 'authenticatorApp', code: code(secret) },
        headers: { cookie: who.cookie, 'x-csrf-token': who.csrf },
      });
      assert.equal(finished.statusCode, 200, finished.body);
      who.cookie = withCookies(who.cookie, finished.cookies);
      assert.equal((await addEmail(who)).statusCode, 202, 'password and MFA proofs both fresh');
      t.clock.advance(window + 1000);
      assert.equal((await addEmail(who)).statusCode, 403, 'until the window passes');
    });
  });
}
