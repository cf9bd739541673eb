// Checklist A6 (ASVS 6.4.3, 6.4.4): an admin reset does not bypass the user's MFA. A user with an
// authenticator app is reset by a Helpdesk Administrator (a generated password, a chosen one, a
// set-password link); each time the new password alone does not sign in: the app is still asked
// for, still registered, and only its code gives a full session. Removing MFA is not part of a reset.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { testEngines } from '../../testing/databases.js';
import { codeNow, giveAuthenticator, newBrowser, passwordStep, send, setMfaPolicy } from '../mfa/mfa.fixture.js';

const PASSWORD = 'Zebra-Quilt-Harbor-71!';
const CHOSEN = 'Fjord&Kiwi*8372-Moss';
const LINKED = 'Lagoon#Tundra-5820-Pike';

for (const engine of testEngines()) {
  describe(`A6: an admin reset does not bypass MFA (${engine})`, () => {
    let t: TestApp;
    let admin: { cookie: string; csrf: string };
    before(async () => {
      t = await createTestApp({ engine });
      // Users who registered a second factor are asked for it (the product's default for everyone).
      await setMfaPolicy(t, { everyone: 'optional', administrators: 'optional' });
      await t.createUser({ userPrincipalName: 'helpdesk@contoso.example', password: PASSWORD, roles: ['helpdesk-administrator'] });
      admin = await t.signIn('helpdesk@contoso.example', PASSWORD);
    });
    after(() => t.close());

    const reset = (id: string, payload: object) =>
      t.app.inject({ method: 'POST', url: `/api/v1/users/${id}/reset-password`, payload, headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf } });

    /** Signs in with `password`: MFA must be asked; the app's code then gives the session. */
    async function mfaStillAsked(upn: string, password: string, secret: string, id: string) {
      const b = newBrowser();
      const first = await passwordStep(t, b, upn, password);
      assert.equal(first.statusCode, 200, first.body);
      assert.equal(first.json().mfaRequired, true, 'the new password alone is not enough');
      assert.deepEqual(first.json().methods, ['authenticatorApp']);
      assert.equal((await send(t, b, 'GET', '/api/v1/users')).statusCode < 300, false, 'the MFA-only session opens nothing');
      const methods = await t.repos.securityInfo.methods(id);
      assert.ok(
        methods.some((m) => m.kind === 'authenticatorApp'),
        'the app is still registered',
      );
      const done = await send(t, b, 'POST', '/api/v1/auth/mfa', { method: 'authenticatorApp', code: codeNow(t, secret) });
      assert.equal(done.statusCode, 200, done.body);
      t.clock.advance(30_000); // the next code is a new time step
      return b;
    }

    test('generated, chosen and link resets: the authenticator app is still asked for and still registered', async () => {
      const { id } = await t.createUser({ userPrincipalName: 'mfa-user@contoso.example', password: PASSWORD });
      await t.db.db
        .updateTable('app_user')
        .set({ other_mails: JSON.stringify(['mfa-user@example.org']) })
        .where('id', '=', id)
        .execute();
      const secret = await giveAuthenticator(t, id);
      await mfaStillAsked('mfa-user@contoso.example', PASSWORD, secret, id); // control: asked before any reset

      const generated = await reset(id, { autoGenerate: true, forceChangePasswordNextSignIn: false });
      assert.equal(generated.statusCode, 200, generated.body);
      await mfaStillAsked('mfa-user@contoso.example', generated.json().password, secret, id);

      const chosen = await reset(id, { autoGenerate: false, password: CHOSEN, forceChangePasswordNextSignIn: false });
      assert.equal(chosen.statusCode, 200, chosen.body);
      await mfaStillAsked('mfa-user@contoso.example', CHOSEN, secret, id);

      assert.equal((await reset(id, { sendLink: true })).statusCode, 200);
      await t.outboxWorker.drain();
      const [mail] = await t.repos.outbox.listDevMail(1, 'mfa-user@example.org');
      const token = /\/set-password#token=([A-Za-z0-9_-]{43})/.exec(mail!.text)![1]!;
      assert.equal((await t.app.inject({ method: 'POST', url: '/api/v1/password-links/redeem', payload: { token, newPassword: LINKED } })).statusCode, 204);
      await mfaStillAsked('mfa-user@contoso.example', LINKED, secret, id);
    });
  });
}
