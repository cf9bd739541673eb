// Checklist C1 (Authentication CS): changing the password needs an authenticated session; without
// one, or with an expired one, the answer is 401 and nothing changes.
// Checklist C4 (ASVS 8.2.2; WSTG; Kratos settings test): a user cannot change another user's
// password by tampering with a userId, email or sub field, a query or the path: the request is
// refused or the field ignored, and the victim's hash is unchanged.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { testEngines } from '../../testing/databases.js';

const PASSWORD = 'Zebra-Quilt-Harbor-71!';
const NEW = 'Fjord&Kiwi*8372-Moss';

for (const engine of testEngines()) {
  describe(`C1, C4: change needs a session, and only ever changes its owner's password (${engine})`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp({ engine });
    });
    after(() => t.close());

    const hashOf = async (id: string) =>
      (await t.db.db.selectFrom('app_user').select('password_hash').where('id', '=', id).executeTakeFirstOrThrow()).password_hash;
    const change = (headers: Record<string, string>, payload: object, url = '/api/v1/me/change-password') =>
      t.app.inject({ method: 'POST', url, payload, headers });

    test('no session, a forged cookie or an expired session: 401 and nothing changes (C1)', async () => {
      const { id } = await t.createUser({ userPrincipalName: 'c1@contoso.example', password: PASSWORD });
      const before = await hashOf(id);
      const body = { currentPassword: PASSWORD, newPassword: NEW };
      assert.equal((await change({}, body)).statusCode, 401, 'no session');
      assert.equal((await change({ cookie: 'latchkey_session=' + 'A'.repeat(43), 'x-csrf-token': 'x' }, body)).statusCode, 401, 'a forged cookie');
      const s = await t.signIn('c1@contoso.example', PASSWORD);
      t.clock.advance(24 * 3600_000 + 1000); // past the absolute lifetime (SE6)
      const expired = await change({ cookie: s.cookie, 'x-csrf-token': s.csrf }, body);
      assert.equal(expired.statusCode, 401, 'an expired session');
      assert.match(String(expired.headers['content-type']), /problem\+json/);
      assert.equal(await hashOf(id), before, 'the hash is unchanged');
      const events = await t.repos.audit.list({ action: 'user.password_change', targetId: id, limit: 5 });
      assert.deepEqual(
        events.filter((e) => e.outcome === 'success'),
        [],
      );
      await t.signIn('c1@contoso.example', PASSWORD);
    });

    test('tampered userId, email, sub or path: refused or ignored, and the victim keeps their password (C4)', async () => {
      const victim = await t.createUser({ userPrincipalName: 'victim@contoso.example', password: PASSWORD });
      const attacker = await t.createUser({ userPrincipalName: 'attacker@contoso.example', password: PASSWORD });
      const victimHash = await hashOf(victim.id);
      const s = await t.signIn('attacker@contoso.example', PASSWORD);
      const headers = { cookie: s.cookie, 'x-csrf-token': s.csrf };
      // The victim's own current password is known to the attacker here: still no way in.
      for (const extra of [
        { userId: victim.id },
        { id: victim.id },
        { sub: victim.id },
        { email: 'victim@contoso.example' },
        { userPrincipalName: 'victim@contoso.example' },
        { username: 'victim@contoso.example' },
      ]) {
        const res = await change(headers, { currentPassword: PASSWORD, newPassword: NEW, ...extra });
        assert.equal(res.statusCode, 400, `${Object.keys(extra)[0]}: ${res.statusCode} (an unknown field is refused)`);
      }
      for (const url of [
        `/api/v1/me/change-password?userId=${victim.id}`,
        `/api/v1/users/${victim.id}/change-password`,
        `/api/v1/me/change-password/${victim.id}`,
      ]) {
        const res = await change(headers, { currentPassword: PASSWORD, newPassword: NEW }, url);
        assert.ok([204, 400, 404].includes(res.statusCode), `${url}: ${res.statusCode}`);
        if (res.statusCode === 204) {
          // The query was ignored: the change was the caller's own. Put it back for the next try.
          await t.hasher.hash(PASSWORD).then((h) => t.db.db.updateTable('app_user').set({ password_hash: h }).where('id', '=', attacker.id).execute());
        }
        assert.equal(await hashOf(victim.id), victimHash, `${url}: the victim's hash is unchanged`);
      }
      await t.signIn('victim@contoso.example', PASSWORD);
      await assert.rejects(t.signIn('victim@contoso.example', NEW));
    });
  });
}
