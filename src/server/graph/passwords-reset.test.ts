import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, type TestApp } from '../testing/test-app.js';
import { testEngines } from '../testing/databases.js';
import { appToken, graphAs, registerTestApp } from '../testing/oauth.js';

// Graph's resetPassword, its operation and revokeSignInSessions with real app tokens from the
// token endpoint (issue 15), on both engines.

const PASSWORD = 'Zebra-Quilt-Harbor-71!';
const CHOSEN = 'Fjord&Kiwi*8372-Moss';
const PW = '28c10230-6103-485e-b985-444c60001490';
const reset = (id: string, method = PW) => `/graph/v1.0/users/${id}/authentication/methods/${method}/resetPassword`;

for (const engine of testEngines()) {
  describe(`Graph resetPassword (${engine})`, () => {
    let t: TestApp;
    let resetter: string;
    let reader: string;
    let helpdeskApp: string;
    let globalAdmin: { id: string };
    let helpdeskUser: { id: string };
    before(async () => {
      t = await createTestApp({ engine });
      globalAdmin = await t.createUser({ userPrincipalName: 'ga@contoso.example', password: PASSWORD, roles: ['global-administrator'] });
      helpdeskUser = await t.createUser({ userPrincipalName: 'hd@contoso.example', password: PASSWORD, roles: ['helpdesk-administrator'] });
      resetter = await appToken(t, await registerTestApp(t, { name: 'Resetter', permissions: ['User-PasswordProfile.ReadWrite.All'] }));
      reader = await appToken(t, await registerTestApp(t, { name: 'Reader', permissions: ['User.Read.All'] }));
      helpdeskApp = await appToken(
        t,
        await registerTestApp(t, { name: 'Helpdesk app', permissions: ['User-PasswordProfile.ReadWrite.All'], role: 'helpdesk-administrator' }),
      );
    });
    after(() => t.close());

    const signIn = (username: string, password: string) => t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { username, password } });
    const pathOf = (location: string) => new URL(location).pathname;

    test('a generated reset: 202 with Location and Retry-After, the password once, a succeeded operation; sessions end and the user must change', async () => {
      const { id } = await t.createUser({ userPrincipalName: 'alice@contoso.example', password: PASSWORD });
      const session = await t.signIn('alice@contoso.example', PASSWORD);

      const res = await graphAs(t, resetter, 'POST', reset(id));
      assert.equal(res.statusCode, 202, res.body);
      const location = String(res.headers.location);
      assert.match(location, new RegExp(`/graph/v1\\.0/users/${id}/authentication/operations/[0-9a-f-]{36}$`));
      assert.ok(Number(res.headers['retry-after']) >= 1);
      const body = res.json();
      assert.match(body['@odata.context'], /\/graph\/v1\.0\/\$metadata#microsoft\.graph\.passwordResetResponse$/);
      assert.equal(typeof body.newPassword, 'string');
      assert.ok(body.newPassword.length >= 16);

      const op = await graphAs(t, resetter, 'GET', pathOf(location));
      assert.equal(op.statusCode, 200, op.body);
      const operation = op.json();
      assert.equal(operation.status, 'succeeded');
      assert.equal(operation.statusDetail, null);
      assert.equal(operation.id, location.split('/').pop());
      assert.match(operation.resourceLocation, new RegExp(`/users/${id}/authentication/passwordMethods/${PW}$`));
      for (const key of ['createdDateTime', 'lastActionDateTime']) assert.ok(!Number.isNaN(Date.parse(operation[key])), key);

      assert.equal((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: session.cookie } })).statusCode, 401, 'sessions revoked');
      assert.equal((await signIn('alice@contoso.example', PASSWORD)).statusCode, 401, 'the old password is gone');
      const fresh = await signIn('alice@contoso.example', body.newPassword);
      assert.equal(fresh.statusCode, 200);
      assert.equal(fresh.json().passwordChangeReason, 'must_change');
      const [event] = await t.repos.audit.list({ action: 'user.password_reset', targetId: id, limit: 1 });
      assert.equal(event?.outcome, 'success');
      assert.ok(!JSON.stringify(event).includes(body.newPassword), 'no password in the audit log');
      assert.ok(!t.logs.join('').includes(body.newPassword), 'no password in the server log');
    });

    test('a chosen password: body {}, the user signs in with it and must change it; a weak one is 400 with details and no operation', async () => {
      const { id } = await t.createUser({ userPrincipalName: 'bob@contoso.example', password: PASSWORD });
      const weak = await graphAs(t, resetter, 'POST', reset(id), { newPassword: 'short' });
      assert.equal(weak.statusCode, 400, weak.body);
      const error = weak.json().error;
      assert.equal(error.code, 'Request_BadRequest');
      assert.equal(error.latchkeyCode, 'password.rejected');
      assert.ok(error.details.some((d: { code: string }) => d.code === 'password.too_short'));
      assert.equal((await t.db.db.selectFrom('graph_operation').select('id').where('user_id', '=', id).execute()).length, 0, 'no operation');

      const res = await graphAs(t, resetter, 'POST', reset(id), { newPassword: CHOSEN });
      assert.equal(res.statusCode, 202, res.body);
      assert.deepEqual(res.json(), {});
      const fresh = await signIn('bob@contoso.example', CHOSEN);
      assert.equal(fresh.statusCode, 200);
      assert.equal(fresh.json().passwordChangeReason, 'must_change');
    });

    test('the user principal name names the user too; any other method id is 404', async () => {
      await t.createUser({ userPrincipalName: 'carol@contoso.example', password: PASSWORD });
      const res = await graphAs(t, resetter, 'POST', reset('carol@contoso.example'), { newPassword: CHOSEN });
      assert.equal(res.statusCode, 202, res.body);
      const other = await graphAs(t, resetter, 'POST', reset('carol@contoso.example', '3179e48a-750b-4051-897c-87b9720928f7'));
      assert.equal(other.statusCode, 404);
      assert.equal(other.json().error.code, 'Request_ResourceNotFound');
    });

    test('an app without a password permission is refused; the role matrix applies to apps', async () => {
      const { id } = await t.createUser({ userPrincipalName: 'dave@contoso.example', password: PASSWORD });
      const denied = await graphAs(t, reader, 'POST', reset(id));
      assert.equal(denied.statusCode, 403);
      assert.equal(denied.json().error.code, 'Authorization_RequestDenied');

      // An app without a directory role: plain users only, no admin.
      const admin = await graphAs(t, resetter, 'POST', reset(helpdeskUser.id));
      assert.equal(admin.statusCode, 403, admin.body);
      assert.equal(admin.json().error.code, 'Authorization_RequestDenied');
      // An app holding Helpdesk Administrator: not a Global Administrator, but a Helpdesk Administrator and a plain user.
      const ga = await graphAs(t, helpdeskApp, 'POST', reset(globalAdmin.id));
      assert.equal(ga.statusCode, 403, ga.body);
      assert.equal(ga.json().error.code, 'Authorization_RequestDenied');
      assert.equal((await graphAs(t, helpdeskApp, 'POST', reset(id), { newPassword: CHOSEN })).statusCode, 202);
      assert.equal((await signIn('ga@contoso.example', PASSWORD)).statusCode, 200, "the Global Administrator's password is unchanged");
      const refusals = await t.repos.audit.list({ action: 'user.password_reset', targetId: globalAdmin.id, outcome: 'failure', limit: 5 });
      assert.equal(refusals.length, 1, 'the refusal is audited');
    });

    test('an operation is visible only under its own user and to a caller who may reset that user', async () => {
      const { id } = await t.createUser({ userPrincipalName: 'erin@contoso.example', password: PASSWORD });
      const { id: other } = await t.createUser({ userPrincipalName: 'frank@contoso.example', password: PASSWORD });
      const res = await graphAs(t, helpdeskApp, 'POST', reset(id), { newPassword: CHOSEN });
      const opId = String(res.headers.location).split('/').pop();
      assert.equal((await graphAs(t, resetter, 'GET', `/graph/v1.0/users/${id}/authentication/operations/${opId}`)).statusCode, 200);
      const wrongUser = await graphAs(t, resetter, 'GET', `/graph/v1.0/users/${other}/authentication/operations/${opId}`);
      assert.equal(wrongUser.statusCode, 404);
      assert.equal(wrongUser.json().error.code, 'Request_ResourceNotFound');
      const noPermission = await graphAs(t, reader, 'GET', `/graph/v1.0/users/${id}/authentication/operations/${opId}`);
      assert.equal(noPermission.statusCode, 403);
      // The resetter app (no directory role) may not reset an admin, so it sees none of their operations.
      const adminOp = await graphAs(t, helpdeskApp, 'POST', reset(helpdeskUser.id), { newPassword: CHOSEN });
      assert.equal(adminOp.statusCode, 202, adminOp.body);
      assert.equal((await graphAs(t, resetter, 'GET', new URL(String(adminOp.headers.location)).pathname)).statusCode, 404);
    });

    test("an app's reset still works 20 minutes into its token (no person to step up)", async () => {
      const { id } = await t.createUser({ userPrincipalName: 'gina@contoso.example', password: PASSWORD });
      const token = await appToken(t, await registerTestApp(t, { name: 'Long script', permissions: ['User-PasswordProfile.ReadWrite.All'] }));
      t.clock.advance(20 * 60_000);
      const res = await graphAs(t, token, 'POST', reset(id), { newPassword: CHOSEN });
      assert.equal(res.statusCode, 202, res.body);
    });

    test('revokeSignInSessions: Edm.Boolean true, every session ends, audited; a reader app is refused', async () => {
      const { id } = await t.createUser({ userPrincipalName: 'hank@contoso.example', password: PASSWORD });
      const session = await t.signIn('hank@contoso.example', PASSWORD);
      const denied = await graphAs(t, reader, 'POST', `/graph/v1.0/users/${id}/revokeSignInSessions`);
      assert.equal(denied.statusCode, 403);
      const methodsApp = await appToken(t, await registerTestApp(t, { name: 'Methods', permissions: ['UserAuthenticationMethod.ReadWrite.All'] }));
      const res = await graphAs(t, methodsApp, 'POST', `/graph/v1.0/users/hank@contoso.example/revokeSignInSessions`);
      assert.equal(res.statusCode, 200, res.body);
      assert.match(res.json()['@odata.context'], /\$metadata#Edm\.Boolean$/);
      assert.equal(res.json().value, true);
      assert.equal((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: session.cookie } })).statusCode, 401);
      const [event] = await t.repos.audit.list({ action: 'user.sessions_revoked', targetId: id, limit: 1 });
      assert.equal(event?.outcome, 'success');
    });
  });
}
