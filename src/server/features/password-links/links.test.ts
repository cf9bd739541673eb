import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { testEngines } from '../../testing/databases.js';

const PASSWORD = 'Zebra-Quilt-Harbor-71!';
const NEW = 'Fjord&Kiwi*8372-Moss';

for (const engine of testEngines()) {
  describe(`set-your-own-password links (${engine})`, () => {
    let t: TestApp;
    let helpdesk: { cookie: string; csrf: string };
    before(async () => {
      t = await createTestApp({ engine, config: { publicUrl: 'https://passwords.contoso.example' } });
      await t.createUser({ userPrincipalName: 'helpdesk@contoso.example', password: PASSWORD, roles: ['helpdesk-administrator'] });
      helpdesk = await t.signIn('helpdesk@contoso.example', PASSWORD);
    });
    after(() => t.close());

    const send = (id: string) =>
      t.app.inject({
        method: 'POST',
        url: `/api/v1/users/${id}/reset-password`,
        payload: { sendLink: true },
        headers: { cookie: helpdesk.cookie, 'x-csrf-token': helpdesk.csrf },
      });
    const redeem = (token: string, newPassword = NEW) =>
      t.app.inject({ method: 'POST', url: '/api/v1/password-links/redeem', payload: { token, newPassword } });
    const linkFor = async (recipient: string) => {
      await t.outboxWorker.drain();
      const [mail] = await t.repos.outbox.listDevMail(1, recipient);
      return /\/set-password#token=([A-Za-z0-9_-]{43})/.exec(mail!.text)![1]!;
    };
    const withAlternate = async (upn: string) => {
      const { id } = await t.createUser({ userPrincipalName: upn, password: PASSWORD });
      await t.db.db
        .updateTable('app_user')
        .set({ other_mails: JSON.stringify([`alt.${upn.split('@')[0]}@example.org`]) })
        .where('id', '=', id)
        .execute();
      return id;
    };

    test('the link goes to the alternate address, works once, and the admin never sees a password (A3, R5)', async () => {
      const id = await withAlternate('linked@contoso.example');
      const res = await send(id);
      assert.deepEqual(res.json(), { password: null });
      const session = await t.signIn('linked@contoso.example', PASSWORD);
      const token = await linkFor('alt.linked@example.org');
      const outbox = JSON.stringify(await t.db.db.selectFrom('outbox').selectAll().execute());
      assert.ok(!outbox.includes(token), 'the queued mail holds the token sealed');
      assert.ok(!JSON.stringify(await t.db.db.selectFrom('password_link').selectAll().execute()).includes(token), 'stored as a hash only');
      assert.equal((await t.signIn('linked@contoso.example', PASSWORD)).body.passwordChangeRequired, false, 'sending a link changes nothing yet (R12)');
      const inspect = await t.app.inject({ method: 'POST', url: '/api/v1/password-links/inspect', payload: { token } });
      assert.equal(inspect.json().userPrincipalName, 'linked@contoso.example');
      const weak = await redeem(token, 'password');
      assert.equal(weak.json().code, 'password.rejected');
      assert.equal((await redeem(token)).statusCode, 204);
      assert.equal((await redeem(token)).json().code, 'links.invalid', 'single use');
      assert.equal((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: session.cookie } })).statusCode, 401, 'sessions revoked');
      await t.signIn('linked@contoso.example', NEW);
    });

    test('concurrent redemptions: exactly one wins (R6)', async () => {
      const id = await withAlternate('race@contoso.example');
      await send(id);
      const token = await linkFor('alt.race@example.org');
      const results = await Promise.all(Array.from({ length: 16 }, (_, i) => redeem(token, `${NEW}-${i}`)));
      assert.equal(results.filter((r) => r.statusCode === 204).length, 1);
      // One success in the audit log; the losers may be audited as refusals (a link already spent), as many as lost after it was.
      const audited = await t.repos.audit.list({ action: 'user.password_set_by_link', targetId: id, limit: 20 });
      assert.equal(audited.filter((e) => e.outcome === 'success').length, 1);
    });

    test('expired, replaced, or made before a password change: invalid (R7, R8)', async () => {
      const id = await withAlternate('stale@contoso.example');
      await send(id);
      const first = await linkFor('alt.stale@example.org');
      t.clock.advance(1000);
      await send(id);
      const second = await linkFor('alt.stale@example.org');
      assert.notEqual(first, second);
      assert.equal((await redeem(first)).json().code, 'links.invalid', 'a newer link voids the older');
      t.clock.advance(24 * 3600_000 + 1000);
      assert.equal((await redeem(second)).json().code, 'links.invalid', 'expired after 24 hours');
      assert.equal((await redeem('A'.repeat(43))).json().code, 'links.invalid');
      assert.equal((await redeem('short')).json().code, 'links.invalid');
      // Made before a password change: a fresh, unexpired link dies when the user changes the password (R8).
      helpdesk = await t.signIn('helpdesk@contoso.example', PASSWORD); // the old session outlived its 24 hours
      assert.equal((await send(id)).statusCode, 200);
      const third = await linkFor('alt.stale@example.org');
      const inspect = (token: string) => t.app.inject({ method: 'POST', url: '/api/v1/password-links/inspect', payload: { token } });
      assert.notEqual(third, second);
      assert.equal((await inspect(third)).statusCode, 200, 'the new link is valid before the change');
      const user = await t.signIn('stale@contoso.example', PASSWORD);
      const changed = await t.app.inject({
        method: 'POST',
        url: '/api/v1/me/change-password',
        payload: { currentPassword: PASSWORD, newPassword: 'Lagoon#Tundra-5820-Pike' },
        headers: { cookie: user.cookie, 'x-csrf-token': user.csrf },
      });
      assert.equal(changed.statusCode, 204, changed.body);
      assert.equal((await inspect(third)).json().code, 'links.invalid', 'void after the password change');
      assert.equal((await redeem(third)).json().code, 'links.invalid', 'cannot be redeemed either');
      await t.signIn('stale@contoso.example', 'Lagoon#Tundra-5820-Pike');
    });

    test('no alternate address: a clear error; the role matrix applies', async () => {
      helpdesk = await t.signIn('helpdesk@contoso.example', PASSWORD);
      const { id } = await t.createUser({ userPrincipalName: 'noalt@contoso.example', password: PASSWORD });
      assert.equal((await send(id)).json().code, 'users.no_alternate_email');
      const { id: ua } = await t.createUser({ userPrincipalName: 'ua@contoso.example', password: PASSWORD, roles: ['user-administrator'] });
      assert.equal((await send(ua)).json().code, 'users.reset_not_permitted');
    });
  });
}
