/**
 * "Don't ask again for N days" (issue 17): a cookie token stored only as a hash, bound to the user
 * and the browser's device id, expiring after N days, voided by a password change or reset and by
 * an admin's "revoke sessions". Both engines (storage).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sha256 } from '../../core/crypto.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { testEngines } from '../../testing/databases.js';
import { codeNow, cookieValue, giveAuthenticator, newBrowser, passwordStep, send, setMfaPolicy, type Browser } from './mfa.fixture.js';

const PASSWORD = 'Harbor-Quilt-Zebra-71!';

for (const engine of testEngines()) {
  describe(`remembered MFA devices (${engine})`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp({ engine, mfa: 'product-defaults' });
      await setMfaPolicy(t, { rememberDeviceDays: 30 });
    });
    after(() => t.close());

    const setUp = async (name: string) => {
      const id = (await t.createUser({ userPrincipalName: `${name}@contoso.example`, password: PASSWORD })).id;
      const secret = await giveAuthenticator(t, id);
      return { id, secret, upn: `${name}@contoso.example` };
    };
    /** Signs in with MFA from `b`, asking to remember the browser. */
    const signInRemembering = async (b: Browser, upn: string, secret: string) => {
      assert.equal((await passwordStep(t, b, upn, PASSWORD)).json().mfaRequired, true);
      t.clock.advance(30_000); // a fresh time step per MFA proof
      const done = await send(t, b, 'POST', '/api/v1/auth/mfa', { method: 'authenticatorApp', code: codeNow(t, secret), rememberDevice: true });
      assert.equal(done.statusCode, 200, done.body);
    };
    const askedAgain = async (b: Browser, upn: string) => (await passwordStep(t, b, upn, PASSWORD)).json().mfaRequired as boolean;

    test('a remembered browser skips the prompt; the token is stored hashed and bound to user and browser', async () => {
      const alice = await setUp('remember-alice');
      const b = newBrowser();
      await signInRemembering(b, alice.upn, alice.secret);
      const token = cookieValue(b.cookie, 'latchkey_mfa_remember');
      assert.ok(token, 'the remember cookie is set');
      const rows = await t.db.db.selectFrom('mfa_remembered_device').selectAll().where('user_id', '=', alice.id).execute();
      assert.equal(rows.length, 1);
      assert.equal(rows[0]!.token_hash, sha256(token), 'only the hash is stored');
      assert.equal(await askedAgain(b, alice.upn), false, 'the same browser is not asked again');
      // Another browser holding the copied token but with its own device id: asked.
      const copied = newBrowser();
      copied.cookie = `latchkey_mfa_remember=${token}; latchkey_device=${'y'.repeat(43)}`;
      assert.equal(await askedAgain(copied, alice.upn), true, 'the token alone is not enough: bound to the browser');
      // Another user on the same browser: asked.
      const bob = await setUp('remember-bob');
      assert.equal(await askedAgain(b, bob.upn), true, 'bound to the user');
      // N days later: asked.
      const c = newBrowser();
      await signInRemembering(c, alice.upn, alice.secret);
      t.clock.advance(29 * 86_400_000);
      assert.equal(await askedAgain(c, alice.upn), false, 'day 29: still remembered');
      t.clock.advance(2 * 86_400_000);
      assert.equal(await askedAgain(c, alice.upn), true, 'day 31: expired');
    });

    test('without "remember", or with the policy at 0 days, no cookie', async () => {
      const carol = await setUp('remember-carol');
      const b = newBrowser();
      await passwordStep(t, b, carol.upn, PASSWORD);
      t.clock.advance(30_000);
      await send(t, b, 'POST', '/api/v1/auth/mfa', { method: 'authenticatorApp', code: codeNow(t, carol.secret) });
      assert.equal(cookieValue(b.cookie, 'latchkey_mfa_remember'), undefined);
      await setMfaPolicy(t, { rememberDeviceDays: 0 });
      try {
        const d = newBrowser();
        await passwordStep(t, d, carol.upn, PASSWORD);
        t.clock.advance(30_000);
        await send(t, d, 'POST', '/api/v1/auth/mfa', { method: 'authenticatorApp', code: codeNow(t, carol.secret), rememberDevice: true });
        assert.equal(cookieValue(d.cookie, 'latchkey_mfa_remember'), undefined, 'remembering is off');
      } finally {
        await setMfaPolicy(t, { rememberDeviceDays: 30 });
      }
    });

    test('a password change and an admin revoking sessions forget remembered browsers', async () => {
      const dave = await setUp('remember-dave');
      const b = newBrowser();
      await signInRemembering(b, dave.upn, dave.secret);
      assert.equal(await askedAgain(b, dave.upn), false);
      // The password changes (through the one write path).
      const full = newBrowser();
      await signInRemembering(full, dave.upn, dave.secret);
      const changed = await send(t, full, 'POST', '/api/v1/me/change-password', { currentPassword: PASSWORD, newPassword: 'Another-Quilt-Harbor-72!' });
      assert.equal(changed.statusCode, 204, changed.body);
      const after = await passwordStep(t, b, dave.upn, 'Another-Quilt-Harbor-72!');
      assert.equal(after.json().mfaRequired, true, 'a password change voids remembered browsers');

      const erin = await setUp('remember-erin');
      const e = newBrowser();
      await signInRemembering(e, erin.upn, erin.secret);
      assert.equal(await askedAgain(e, erin.upn), false);
      await setMfaPolicy(t, { administrators: 'optional' });
      try {
        await t.createUser({ userPrincipalName: 'remember-helpdesk@contoso.example', password: PASSWORD, roles: ['helpdesk-administrator'] });
        const admin = newBrowser();
        await passwordStep(t, admin, 'remember-helpdesk@contoso.example', PASSWORD);
        const revoked = await send(t, admin, 'POST', `/api/v1/users/${erin.id}/revoke-sessions`);
        assert.ok(revoked.statusCode < 300, revoked.body);
      } finally {
        await setMfaPolicy(t, { administrators: 'required' });
      }
      assert.equal(await askedAgain(e, erin.upn), true, "an admin's revoke voids them");
    });
  });
}
