// Checklist P7 (NIST SP 800-63B-4 §3.1.1.2 item 6; ASVS 6.2.10): no periodic expiry by default;
// a change is forced only when the account is flagged (compromise). Through the API with the
// default settings: 400 days later the password still signs in with no change required; once an
// administrator flags the account, the next sign-in must change the password.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { testEngines } from '../../testing/databases.js';

const PASSWORD = 'Zebra-Quilt-Harbor-71!';

for (const engine of testEngines()) {
  describe(`P7: no periodic expiry, a forced change only when flagged (${engine})`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp({ engine });
    });
    after(() => t.close());

    test('400 days after the password was set it signs in normally; flagged, the next sign-in must change it', async () => {
      await t.createUser({ userPrincipalName: 'admin@contoso.example', password: PASSWORD, roles: ['global-administrator'] });
      const { id } = await t.createUser({ userPrincipalName: 'steady@contoso.example', password: PASSWORD });
      const first = await t.signIn('steady@contoso.example', PASSWORD);
      assert.equal(first.body.passwordChangeRequired, false);

      t.clock.advance(400 * 86_400_000);
      const later = await t.signIn('steady@contoso.example', PASSWORD);
      assert.equal(later.body.passwordChangeRequired, false, 'no forced change after 400 days');
      const me = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: later.cookie } });
      assert.equal(me.statusCode, 200, 'a full session, not one limited to the change');

      // Flagged as compromised: the administrator requires a change.
      const admin = await t.signIn('admin@contoso.example', PASSWORD);
      const flagged = await t.app.inject({
        method: 'POST',
        url: `/api/v1/users/${id}/require-password-change`,
        headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf },
      });
      assert.equal(flagged.statusCode, 204, flagged.body);
      const forced = await t.signIn('steady@contoso.example', PASSWORD);
      assert.equal(forced.body.passwordChangeRequired, true, 'flagged: the change is forced at the next sign-in');
    });
  });
}
