/*
 * The directory owns its users' directory fields (issue 14): a PATCH that changes one of
 * DIRECTORY_OWNED_FIELDS of a directory user is refused 409 directory.field_managed naming the
 * fields, and nothing is written; the fields Latchkey owns stay editable; deleting a directory user
 * is refused (the next sync would bring them back). Local users are not affected.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { newId } from '../../core/crypto.js';
import { testEngines } from '../../testing/databases.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';

const PASSWORD = 'Zebra-Quilt-Harbor-71!';

for (const engine of testEngines()) {
  describe(`directory-owned fields are read-only (${engine})`, () => {
    let t: TestApp;
    let ga: { cookie: string; csrf: string };
    let directoryId: string;
    before(async () => {
      t = await createTestApp({ engine });
      await t.createUser({ userPrincipalName: 'ga@contoso.example', password: PASSWORD, roles: ['global-administrator'] });
      ga = await t.signIn('ga@contoso.example', PASSWORD);
      // A directory user as a sync writes it (the store's own upsert).
      const result = await t.transact((tx) =>
        tx.directory.upsertUser(
          {
            dn: 'uid=dana,ou=people,dc=contoso,dc=example',
            immutableId: 'e1b0c2d4-0000-4000-8000-000000000001',
            uid: 'dana',
            userPrincipalName: 'dana@contoso.example',
            displayName: 'Dana Dijk',
            givenName: 'Dana',
            surname: 'Dijk',
            mail: 'dana@contoso.example',
            mobilePhone: null,
            businessPhones: [],
            department: 'Sales',
            jobTitle: null,
            accountEnabled: true,
            lockedAt: null,
          },
          t.clock.now(),
          newId,
        ),
      );
      assert.equal(result.outcome, 'created');
      directoryId = result.outcome === 'created' ? result.id : '';
    });
    after(() => t.close());

    const call = (method: string, url: string, payload?: object) =>
      t.app.inject({ method: method as 'GET', url, ...(payload ? { payload } : {}), headers: { cookie: ga.cookie, 'x-csrf-token': ga.csrf } });

    test('a PATCH changing directory-owned fields is refused 409 naming each field; nothing is written', async () => {
      const res = await call('PATCH', `/api/v1/users/${directoryId}`, {
        displayName: 'Someone Else',
        department: 'IT',
        accountEnabled: false,
        otherMails: ['d@example.org'],
      });
      assert.equal(res.statusCode, 409, res.body);
      const body = res.json<{ code: string; issues: { path: string; code: string }[] }>();
      assert.equal(body.code, 'directory.field_managed');
      assert.deepEqual(body.issues.map((i) => i.path).sort(), ['accountEnabled', 'department', 'displayName']);
      const user = await t.repos.users.findById(directoryId);
      assert.deepEqual([user?.displayName, user?.department, user?.accountEnabled, user?.otherMails], ['Dana Dijk', 'Sales', true, []]);
      const upn = await call('PATCH', `/api/v1/users/${directoryId}`, { userPrincipalName: 'dana2@contoso.example' });
      assert.equal(upn.statusCode, 409);
    });

    test('fields Latchkey owns stay editable, and sending an owned field unchanged is fine', async () => {
      const res = await call('PATCH', `/api/v1/users/${directoryId}`, {
        otherMails: ['dana.private@example.org'],
        preferredLanguage: 'nl',
        passwordPolicies: 'DisablePasswordExpiration',
        displayName: 'Dana Dijk',
      });
      assert.equal(res.statusCode, 200, res.body);
      const user = await t.repos.users.findById(directoryId);
      assert.deepEqual([user?.otherMails, user?.preferredLanguage, user?.disablePasswordExpiration], [['dana.private@example.org'], 'nl', true]);
      const role = await call('POST', `/api/v1/users/${directoryId}/roles`, { roleId: 'helpdesk-administrator' });
      assert.ok(role.statusCode < 300 || role.json<{ code: string }>().code !== 'directory.field_managed', 'roles stay in Latchkey');
    });

    test('deleting a directory user is refused; a local user is edited and deleted as before', async () => {
      const res = await call('DELETE', `/api/v1/users/${directoryId}`);
      assert.equal(res.statusCode, 409);
      assert.equal(res.json<{ code: string }>().code, 'directory.field_managed');
      assert.ok(await t.repos.users.findById(directoryId));
      const { id } = await t.createUser({ userPrincipalName: 'local@contoso.example' });
      assert.equal((await call('PATCH', `/api/v1/users/${id}`, { displayName: 'Renamed', department: 'IT' })).statusCode, 200);
      assert.equal((await call('DELETE', `/api/v1/users/${id}`)).statusCode, 204);
    });
  });
}
