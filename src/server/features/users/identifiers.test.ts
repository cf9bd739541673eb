import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { testEngines } from '../../testing/databases.js';

const PASSWORD = 'Zebra-Quilt-Harbor-71!';
type Session = { cookie: string; csrf: string };

/*
 * Issue 12, finding 6: `mail` and `passwordPolicies` are sensitive (checklist A1), and `mail` is
 * unique across user principal names and mail addresses in both directions, race-safe on both
 * engines (I6: one account per sign-in name; R6-style concurrency).
 */
for (const engine of testEngines()) {
  describe(`mail and passwordPolicies: sensitive, and mail unique across sign-in names (${engine})`, () => {
    let t: TestApp;
    let ua: Session;
    let ga: Session;
    let gaId: string;
    let n = 0;
    before(async () => {
      t = await createTestApp({ engine });
      await t.createUser({ userPrincipalName: 'ua@contoso.example', password: PASSWORD, roles: ['user-administrator'] });
      gaId = (await t.createUser({ userPrincipalName: 'ga@contoso.example', password: PASSWORD, roles: ['global-administrator'] })).id;
      ua = await t.signIn('ua@contoso.example', PASSWORD);
      ga = await t.signIn('ga@contoso.example', PASSWORD);
    });
    after(() => t.close());

    const call = (who: Session, method: 'POST' | 'PATCH', url: string, payload: object, language = 'en') =>
      t.app.inject({ method, url, payload, headers: { cookie: who.cookie, 'x-csrf-token': who.csrf, 'accept-language': language } });
    const plain = async (mail?: string) => {
      const upn = `person${++n}@contoso.example`;
      return { upn, id: (await t.createUser({ userPrincipalName: upn, password: PASSWORD, ...(mail ? { mail } : {}) })).id };
    };

    test('the reproduction: a User Administrator cannot change a Global Administrator\u2019s mail or passwordPolicies', async () => {
      for (const patch of [{ mail: 'attacker@example.org' }, { passwordPolicies: 'DisablePasswordExpiration, DisableStrongPassword' }, { mail: null }]) {
        const res = await call(ua, 'PATCH', `/api/v1/users/${gaId}`, patch);
        assert.equal(res.statusCode, 403, JSON.stringify(patch));
        assert.equal(res.json().code, 'users.reset_not_permitted');
      }
      const stored = (await t.repos.users.findById(gaId))!;
      assert.equal(stored.mail, 'ga@contoso.example');
      assert.equal(stored.disableStrongPassword, false);
      const refusals = await t.repos.audit.list({ action: 'user.updated', outcome: 'failure', targetId: gaId, limit: 10 });
      assert.equal(refusals.length, 3, 'each refusal is audited');
    });

    test('mail can\u2019t be anyone else\u2019s mail or user principal name, and a user principal name can\u2019t be anyone else\u2019s mail', async () => {
      const a = await plain();
      const k = n;
      const b = await plain(`b.mail${k}@example.org`);
      const taken = async (res: Awaited<ReturnType<typeof call>>, code: string) => {
        assert.equal(res.statusCode, 409, res.body);
        assert.equal(res.json().code, code);
      };
      await taken(await call(ga, 'PATCH', `/api/v1/users/${a.id}`, { mail: b.upn.toUpperCase() }), 'users.mail_taken');
      await taken(await call(ga, 'PATCH', `/api/v1/users/${a.id}`, { mail: `B.Mail${k}@Example.org` }), 'users.mail_taken');
      // The UPN direction, with a mail on the organisation's domain.
      const c = await plain(`c.alias${k}@contoso.example`);
      await taken(await call(ga, 'PATCH', `/api/v1/users/${a.id}`, { userPrincipalName: `c.alias${k}@contoso.example` }), 'users.upn_taken');
      await taken(
        await call(ga, 'POST', '/api/v1/users', {
          userPrincipalName: `c.alias${k}@contoso.example`,
          displayName: 'Clash',
          passwordProfile: { password: PASSWORD },
        }),
        'users.upn_taken',
      );
      await taken(
        await call(ga, 'POST', '/api/v1/users', {
          userPrincipalName: `new${k}@contoso.example`,
          displayName: 'Clash',
          mail: c.upn,
          passwordProfile: { password: PASSWORD },
        }),
        'users.mail_taken',
      );
      const dutch = await call(ga, 'PATCH', `/api/v1/users/${a.id}`, { mail: c.upn }, 'nl');
      assert.equal(dutch.json().code, 'users.mail_taken');
      assert.match(dutch.json().title, /e-mailadres/, 'localised');
      // One's own names are no clash; nothing above changed a's mail.
      assert.equal((await call(ga, 'PATCH', `/api/v1/users/${a.id}`, { mail: a.upn.toUpperCase() })).statusCode, 200);
      assert.equal((await t.repos.users.findBySignInName(c.upn))?.id, c.id);
    });

    test('concurrent claims of one address: exactly one wins, through edits and creations alike', async () => {
      const people = await Promise.all(Array.from({ length: 10 }, () => plain()));
      const wanted = `shared${n}@contoso.example`;
      const results = await Promise.all([
        ...people.map((p) => call(ga, 'PATCH', `/api/v1/users/${p.id}`, { mail: wanted })),
        call(ga, 'POST', '/api/v1/users', { userPrincipalName: wanted, displayName: 'Racer', passwordProfile: { password: PASSWORD } }),
      ]);
      const codes = results.map((r) => (r.statusCode === 200 || r.statusCode === 201 ? 'ok' : r.json().code));
      assert.equal(codes.filter((c) => c === 'ok').length, 1, codes.join(' '));
      assert.ok(
        codes.every((c) => c === 'ok' || c === 'users.mail_taken' || c === 'users.upn_taken'),
        codes.join(' '),
      );
      const holders = await t.db.db
        .selectFrom('app_user')
        .select('id')
        .where((eb) => eb.or([eb('upn_key', '=', wanted), eb('mail_key', '=', wanted)]))
        .execute();
      assert.equal(holders.length, 1);
    });
  });
}
