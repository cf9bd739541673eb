import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, type TestApp } from '../testing/test-app.js';
import { testEngines } from '../testing/databases.js';
import { appToken, graphAs, registerTestApp } from '../testing/oauth.js';
import { roleIds, roleTemplateIds } from '../../shared/roles.js';

// Graph's directory roles, role definitions and role assignments (issue 15) with real app tokens
// from the token endpoint, on both engines.

const GA = roleTemplateIds['global-administrator'];
const HELPDESK = roleTemplateIds['helpdesk-administrator'];
const PASSWORD_ADMIN = roleTemplateIds['password-administrator'];
const ASSIGNMENTS = '/graph/v1.0/roleManagement/directory/roleAssignments';
const PW = '28c10230-6103-485e-b985-444c60001490';

for (const engine of testEngines()) {
  describe(`Graph roles (${engine})`, () => {
    let t: TestApp;
    let manager: string;
    let reader: string;
    let resetter: string;
    let resetterAppId: string;
    let globalAdmin: { id: string };
    before(async () => {
      t = await createTestApp({ engine });
      globalAdmin = await t.createUser({ userPrincipalName: 'ga@contoso.example', roles: ['global-administrator'] });
      manager = await appToken(t, await registerTestApp(t, { name: 'Role manager', permissions: ['RoleManagement.ReadWrite.Directory'] }));
      reader = await appToken(t, await registerTestApp(t, { name: 'Reader', permissions: ['Directory.Read.All'] }));
      const r = await registerTestApp(t, { name: 'Resetter', permissions: ['User-PasswordProfile.ReadWrite.All'] });
      resetterAppId = r.app.id;
      resetter = await appToken(t, r);
    });
    after(() => t.close());

    const get = (token: string, url: string) => graphAs(t, token, 'GET', url);

    test('directoryRoleTemplates: the 15 roles with Entra template ids, in Graph shape', async () => {
      const res = await get(reader, '/graph/v1.0/directoryRoleTemplates');
      assert.equal(res.statusCode, 200, res.body);
      const body = res.json();
      assert.match(body['@odata.context'], /\$metadata#directoryRoleTemplates$/);
      assert.equal(body.value.length, roleIds.length);
      assert.deepEqual(body.value.map((r: { id: string }) => r.id).sort(), Object.values(roleTemplateIds).sort());
      const ga = body.value.find((r: { id: string }) => r.id === GA);
      assert.deepEqual(Object.keys(ga).sort(), ['deletedDateTime', 'description', 'displayName', 'id']);
      assert.equal(ga.displayName, 'Global Administrator');
      assert.equal(ga.deletedDateTime, null);
    });

    test('roleDefinitions: id = templateId, built in, Entra-style actions; $filter and /{id}', async () => {
      const res = await get(reader, '/graph/v1.0/roleManagement/directory/roleDefinitions');
      assert.equal(res.statusCode, 200, res.body);
      const defs = res.json().value as { id: string; templateId: string; isBuiltIn: boolean; rolePermissions: { allowedResourceActions: string[] }[] }[];
      assert.equal(defs.length, 15);
      for (const d of defs) assert.equal(d.id, d.templateId);
      const pa = defs.find((d) => d.id === PASSWORD_ADMIN)!;
      assert.ok(pa.rolePermissions[0]!.allowedResourceActions.includes('microsoft.directory/users/password/update'));
      assert.ok(
        !pa.rolePermissions[0]!.allowedResourceActions.includes('microsoft.directory/users/invalidateAllRefreshTokens'),
        'Password Administrators do not sign users out',
      );

      const filtered = await get(reader, `/graph/v1.0/roleManagement/directory/roleDefinitions?$filter=displayName eq 'Helpdesk Administrator'`);
      assert.deepEqual(
        filtered.json().value.map((d: { id: string }) => d.id),
        [HELPDESK],
      );
      const byTemplate = await get(reader, `/graph/v1.0/roleManagement/directory/roleDefinitions?$filter=templateId eq '${GA}'&$select=id,displayName`);
      assert.deepEqual(byTemplate.json().value, [{ id: GA, displayName: 'Global Administrator' }]);
      const one = await get(reader, `/graph/v1.0/roleManagement/directory/roleDefinitions/${HELPDESK}`);
      assert.equal(one.statusCode, 200);
      assert.equal(one.json().displayName, 'Helpdesk Administrator');
      const missing = await get(reader, '/graph/v1.0/roleManagement/directory/roleDefinitions/00000000-0000-0000-0000-000000000000');
      assert.equal(missing.statusCode, 404);
      assert.equal(missing.json().error.code, 'Request_ResourceNotFound');
    });

    test('roleAssignments for a user: POST 201, $filter by principal, role and both, GET /{id}, DELETE 204, audited', async () => {
      const user = await t.createUser({ userPrincipalName: 'pat@contoso.example' });
      const created = await graphAs(t, manager, 'POST', ASSIGNMENTS, { principalId: user.id, roleDefinitionId: PASSWORD_ADMIN, directoryScopeId: '/' });
      assert.equal(created.statusCode, 201, created.body);
      const a = created.json();
      assert.deepEqual(
        { principalId: a.principalId, roleDefinitionId: a.roleDefinitionId, directoryScopeId: a.directoryScopeId, appScopeId: a.appScopeId },
        { principalId: user.id, roleDefinitionId: PASSWORD_ADMIN, directoryScopeId: '/', appScopeId: null },
      );
      assert.match(a.id, /^[A-Za-z0-9_-]+$/);

      const byPrincipal = await get(manager, `${ASSIGNMENTS}?$filter=principalId eq '${user.id}'`);
      assert.deepEqual(
        byPrincipal.json().value.map((x: { id: string }) => x.id),
        [a.id],
      );
      const byRole = await get(manager, `${ASSIGNMENTS}?$filter=roleDefinitionId eq '${GA}'`);
      assert.deepEqual(
        byRole.json().value.map((x: { principalId: string }) => x.principalId),
        [globalAdmin.id],
      );
      const both = await get(reader, `${ASSIGNMENTS}?$filter=principalId eq '${user.id}' and roleDefinitionId eq '${GA}'`);
      assert.deepEqual(both.json().value, []);
      const expanded = await get(reader, `${ASSIGNMENTS}?$filter=principalId eq '${user.id}'&$expand=principal`);
      assert.equal(expanded.json().value[0].principal['@odata.type'], '#microsoft.graph.user');
      assert.equal(expanded.json().value[0].principal.userPrincipalName, 'pat@contoso.example');
      assert.equal((await get(reader, `${ASSIGNMENTS}/${a.id}`)).json().principalId, user.id);

      const audit = await t.repos.audit.list({ targetId: user.id, action: 'role.assigned', limit: 5 });
      assert.equal(audit.length, 1);
      assert.equal(audit[0]!.details.role, 'password-administrator');

      const deleted = await graphAs(t, manager, 'DELETE', `${ASSIGNMENTS}/${a.id}`);
      assert.equal(deleted.statusCode, 204, deleted.body);
      assert.equal((await get(reader, `${ASSIGNMENTS}/${a.id}`)).statusCode, 404);
      assert.equal((await t.repos.audit.list({ targetId: user.id, action: 'role.removed', limit: 5 })).length, 1);
    });

    test('without roles:manage: 403 Authorization_RequestDenied, nothing changes', async () => {
      const user = await t.createUser({ userPrincipalName: 'quinn@contoso.example' });
      const refused = await graphAs(t, reader, 'POST', ASSIGNMENTS, { principalId: user.id, roleDefinitionId: GA, directoryScopeId: '/' });
      assert.equal(refused.statusCode, 403, refused.body);
      assert.equal(refused.json().error.code, 'Authorization_RequestDenied');
      assert.deepEqual((await t.repos.users.rolesOf([user.id])).get(user.id), []);
      const toApp = await graphAs(t, reader, 'POST', ASSIGNMENTS, { principalId: resetterAppId, roleDefinitionId: GA, directoryScopeId: '/' });
      assert.equal(toApp.statusCode, 403, toApp.body);
      assert.equal(toApp.json().error.code, 'Authorization_RequestDenied');
      assert.equal((await t.repos.apps.findById(resetterAppId))!.directoryRole, null);
      const gaAssignment = (await get(reader, `${ASSIGNMENTS}?$filter=principalId eq '${globalAdmin.id}'`)).json().value[0];
      const notRemoved = await graphAs(t, reader, 'DELETE', `${ASSIGNMENTS}/${gaAssignment.id}`);
      assert.equal(notRemoved.statusCode, 403);
      assert.equal(notRemoved.json().error.code, 'Authorization_RequestDenied');
      // The last Global Administrator stays, even for a caller that may manage roles.
      const last = await graphAs(t, manager, 'DELETE', `${ASSIGNMENTS}/${gaAssignment.id}`);
      assert.equal(last.statusCode, 409, last.body);
      assert.equal(last.json().error.latchkeyCode, 'users.last_global_admin');
      assert.deepEqual((await t.repos.users.rolesOf([globalAdmin.id])).get(globalAdmin.id), ['global-administrator']);
    });

    test("an app's role: assigned through Graph, it lets the app reset a Helpdesk Administrator per the matrix; removed, it no longer does", async () => {
      const target = await t.createUser({ userPrincipalName: 'helpdesk@contoso.example', roles: ['helpdesk-administrator'] });
      const reset = () => graphAs(t, resetter, 'POST', `/graph/v1.0/users/${target.id}/authentication/methods/${PW}/resetPassword`);
      const before = await reset();
      assert.equal(before.statusCode, 403, before.body);

      const created = await graphAs(t, manager, 'POST', ASSIGNMENTS, { principalId: resetterAppId, roleDefinitionId: HELPDESK, directoryScopeId: '/' });
      assert.equal(created.statusCode, 201, created.body);
      const roles = await get(reader, '/graph/v1.0/directoryRoles');
      assert.deepEqual(
        roles
          .json()
          .value.map((r: { roleTemplateId: string }) => r.roleTemplateId)
          .sort(),
        [GA, HELPDESK].sort(),
      );
      assert.equal(roles.json().value.find((r: { id: string }) => r.id === HELPDESK).displayName, 'Helpdesk Administrator');
      const members = (await get(reader, `/graph/v1.0/directoryRoles/${HELPDESK}/members`)).json().value;
      assert.deepEqual(members.map((m: { '@odata.type': string; id: string }) => [m['@odata.type'], m.id]).sort(), [
        ['#microsoft.graph.servicePrincipal', resetterAppId],
        ['#microsoft.graph.user', target.id],
      ]);
      const byKey = await get(reader, `/graph/v1.0/directoryRoles(roleTemplateId='${HELPDESK}')/members`);
      assert.equal(byKey.json().value.length, 2);
      const appAudit = await t.repos.audit.list({ targetId: resetterAppId, action: 'app.role_assigned', limit: 5 });
      assert.equal(appAudit.length, 1);

      const second = await graphAs(t, manager, 'POST', ASSIGNMENTS, { principalId: resetterAppId, roleDefinitionId: PASSWORD_ADMIN, directoryScopeId: '/' });
      assert.equal(second.statusCode, 409, second.body);
      assert.equal(second.json().error.latchkeyCode, 'roles.app_role_taken');

      const after = await reset();
      assert.equal(after.statusCode, 202, after.body);

      assert.equal((await graphAs(t, manager, 'DELETE', `${ASSIGNMENTS}/${created.json().id}`)).statusCode, 204);
      assert.equal((await t.repos.apps.findById(resetterAppId))!.directoryRole, null);
      assert.equal((await reset()).statusCode, 403);
      assert.equal((await t.repos.audit.list({ targetId: resetterAppId, action: 'app.role_removed', limit: 5 })).length, 1);
    });

    test('bad requests: an unknown principal, role or scope', async () => {
      const user = await t.createUser({ userPrincipalName: 'rae@contoso.example' });
      const unknown = await graphAs(t, manager, 'POST', ASSIGNMENTS, {
        principalId: '00000000-0000-4000-8000-000000000000',
        roleDefinitionId: GA,
        directoryScopeId: '/',
      });
      assert.equal(unknown.statusCode, 404);
      assert.equal(unknown.json().error.code, 'Request_ResourceNotFound');
      const role = await graphAs(t, manager, 'POST', ASSIGNMENTS, { principalId: user.id, roleDefinitionId: 'nope', directoryScopeId: '/' });
      assert.equal(role.statusCode, 404);
      const scope = await graphAs(t, manager, 'POST', ASSIGNMENTS, { principalId: user.id, roleDefinitionId: GA, directoryScopeId: '/administrativeUnits/x' });
      assert.equal(scope.statusCode, 400);
      assert.equal(scope.json().error.code, 'Request_BadRequest');
      const or = await get(reader, `${ASSIGNMENTS}?$filter=principalId eq '${user.id}' or roleDefinitionId eq '${GA}'`);
      assert.equal(or.statusCode, 400);
      assert.equal(or.json().error.code, 'Request_UnsupportedQuery');
    });
  });
}
