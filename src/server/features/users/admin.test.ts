import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { testEngines } from '../../testing/databases.js';

const PASSWORD = 'Zebra-Quilt-Harbor-71!';

for (const engine of testEngines()) {
  describe(`users and roles administration (${engine})`, () => {
    let t: TestApp;
    let ua: { cookie: string; csrf: string };
    let ga: { cookie: string; csrf: string };
    before(async () => {
      t = await createTestApp({ engine });
      await t.createUser({ userPrincipalName: 'ua@contoso.example', password: PASSWORD, roles: ['user-administrator'] });
      await t.createUser({ userPrincipalName: 'ga@contoso.example', password: PASSWORD, roles: ['global-administrator'] });
      ua = await t.signIn('ua@contoso.example', PASSWORD);
      ga = await t.signIn('ga@contoso.example', PASSWORD);
    });
    after(() => t.close());

    const call = (who: { cookie: string; csrf: string }, method: string, url: string, payload?: object) =>
      t.app.inject({ method: method as 'GET', url, ...(payload ? { payload } : {}), headers: { cookie: who.cookie, 'x-csrf-token': who.csrf } });

    test('add a user with a generated password (returned once) or a chosen one; bad fields are listed and nothing is created', async () => {
      const res = await call(ua, 'POST', '/api/v1/users', {
        userPrincipalName: 'new.person@contoso.example',
        displayName: 'New Person',
        otherMails: ['np@example.org'],
        department: 'Sales',
      });
      assert.equal(res.statusCode, 201, res.body);
      const { user, password } = res.json();
      assert.equal(user.mustChangePassword, true);
      assert.match(password, /^.{16}$/);
      const first = await t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { username: 'new.person@contoso.example', password } });
      assert.equal(first.json().passwordChangeReason, 'must_change');
      const chosen = await call(ua, 'POST', '/api/v1/users', {
        userPrincipalName: 'chosen@contoso.example',
        displayName: 'Chosen',
        passwordProfile: { password: 'Password123!', forceChangePasswordNextSignIn: false },
      });
      assert.equal(chosen.json().code, 'password.rejected');
      const bad = await call(ua, 'POST', '/api/v1/users', { userPrincipalName: 'bad.@contoso.example', displayName: 'X', mobilePhone: '06' });
      assert.deepEqual(
        bad
          .json()
          .issues.map((i: { path: string }) => i.path)
          .sort(),
        ['mobilePhone', 'userPrincipalName'],
      );
      assert.equal(await t.repos.users.findBySignInName('chosen@contoso.example'), undefined);
    });

    test('edit a user; disabling signs them out; passwordPolicies flags; sensitive fields follow the matrix', async () => {
      const { id } = await t.createUser({ userPrincipalName: 'edit.me@contoso.example', password: PASSWORD });
      const s = await t.signIn('edit.me@contoso.example', PASSWORD);
      const res = await call(ua, 'PATCH', `/api/v1/users/${id}`, { jobTitle: 'Buyer', passwordPolicies: 'DisablePasswordExpiration', accountEnabled: false });
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.json().jobTitle, 'Buyer');
      assert.equal(res.json().passwordPolicies, 'DisablePasswordExpiration');
      assert.equal(res.json().accountEnabled, false);
      assert.equal((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: s.cookie } })).statusCode, 401);
      const { id: gaId } = (await t.repos.users.findBySignInName('ga@contoso.example'))!;
      assert.equal(
        (await call(ua, 'PATCH', `/api/v1/users/${gaId}`, { otherMails: ['attacker@example.org'] })).json().code,
        'users.reset_not_permitted',
        'a User Administrator cannot redirect a Global Administrator\u2019s recovery mail',
      );
      assert.equal((await call(ua, 'PATCH', `/api/v1/users/${id}`, { userPrincipalName: 'ua@contoso.example' })).json().code, 'users.upn_taken');
    });

    test('roles: list, assign by Entra name (GA or PRA only), remove; the last Global Administrator stays', async () => {
      const roles = (await call(ua, 'GET', '/api/v1/roles')).json().items;
      assert.equal(roles.find((r: { id: string }) => r.id === 'global-administrator').memberCount, 1);
      const { id } = await t.createUser({ userPrincipalName: 'promote@contoso.example', password: PASSWORD });
      assert.equal(
        (await call(ua, 'POST', '/api/v1/role-assignments', { userId: id, role: 'Helpdesk Administrator' })).json().code,
        'roles.assignment_not_permitted',
      );
      const assigned = await call(ga, 'POST', '/api/v1/role-assignments', { userId: id, role: 'Helpdesk Administrator' });
      assert.equal(assigned.statusCode, 201);
      assert.deepEqual((await call(ga, 'GET', `/api/v1/users/${id}`)).json().roles, ['helpdesk-administrator']);
      assert.equal((await call(ga, 'POST', '/api/v1/role-assignments', { userId: id, role: 'Chief Everything' })).json().code, 'roles.not_found');
      assert.equal((await call(ga, 'DELETE', `/api/v1/role-assignments/${assigned.json().id}`)).statusCode, 204);
      const { id: gaId } = (await t.repos.users.findBySignInName('ga@contoso.example'))!;
      assert.equal((await call(ga, 'DELETE', `/api/v1/role-assignments/global-administrator.${gaId}`)).json().code, 'users.last_global_admin');
    });

    test('delete a user (not yourself), audited; locked users show as locked', async () => {
      const { id } = await t.createUser({ userPrincipalName: 'leaver@contoso.example', password: PASSWORD });
      await t.services.lockout.recordFailure(id, false, 'a');
      for (let i = 0; i < 10; i++) await t.services.lockout.recordFailure(id, false, `b${i}`);
      assert.equal((await call(ua, 'GET', `/api/v1/users/${id}`)).json().locked, true);
      assert.equal((await call(ua, 'DELETE', `/api/v1/users/${id}`)).statusCode, 204);
      assert.equal((await call(ua, 'GET', `/api/v1/users/${id}`)).json().code, 'users.not_found');
      const { id: me } = (await t.repos.users.findBySignInName('ua@contoso.example'))!;
      assert.equal((await call(ua, 'DELETE', `/api/v1/users/${me}`)).json().code, 'users.cannot_reset_self');
      assert.equal((await t.repos.audit.list({ action: 'user.deleted', limit: 5 })).length, 1);
    });
  });
}
