import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { newId } from '../core/crypto.js';
import { createTestApp, type TestApp } from '../testing/test-app.js';
import { testEngines } from '../testing/databases.js';
import { appToken, graphAs, registerTestApp } from '../testing/oauth.js';

// Graph's authentication methods with real app tokens (issue 15), on both engines: shapes, fixed
// ids, Graph's phone format, secretKey always null, who may read and delete, and the audit row.

const PASSWORD = 'Zebra-Quilt-Harbor-71!';
const MOBILE = '3179e48a-750b-4051-897c-87b9720928f7';
const OFFICE = 'e37fc753-ff3b-4958-9484-eaa9425c82bc';
const EMAIL = '3ddfcfc8-9383-446f-83cc-3ab9be4be18f';
const PW = '28c10230-6103-485e-b985-444c60001490';
const SEALED = 'sealed-totp-secret-never-shown';

for (const engine of testEngines()) {
  describe(`Graph authentication methods (${engine})`, () => {
    let t: TestApp;
    let methodsApp: string;
    let methodsAppClientId: string;
    let resetOnly: string;
    before(async () => {
      t = await createTestApp({ engine });
      const registered = await registerTestApp(t, { name: 'Methods', permissions: ['UserAuthenticationMethod.ReadWrite.All'] });
      methodsApp = await appToken(t, registered);
      methodsAppClientId = registered.clientId;
      resetOnly = await appToken(t, await registerTestApp(t, { name: 'Reset only', permissions: ['User-PasswordProfile.ReadWrite.All'] }));
    });
    after(() => t.close());

    /** A user with every kind of method Latchkey keeps (test set-up writes the store directly). */
    async function userWithMethods(upn: string): Promise<{ id: string; totpId: string }> {
      const { id } = await t.createUser({ userPrincipalName: upn, password: PASSWORD });
      const now = t.clock.now();
      const totpId = newId();
      await t.repos.securityInfo.putMethod({ id: newId(), userId: id, kind: 'email', value: 'private@example.org' }, now);
      await t.repos.securityInfo.putMethod({ id: newId(), userId: id, kind: 'mobilePhone', value: '+15555551234' }, now);
      await t.repos.securityInfo.putMethod({ id: newId(), userId: id, kind: 'officePhone', value: '+31201234567' }, now);
      await t.repos.securityInfo.putMethod({ id: totpId, userId: id, kind: 'authenticatorApp', value: SEALED }, now);
      return { id, totpId };
    }

    test("every method in Graph's shape: fixed ids, Graph's phone format, secretKey null, password null", async () => {
      const { id, totpId } = await userWithMethods('alice@contoso.example');
      const res = await graphAs(t, methodsApp, 'GET', `/graph/v1.0/users/${id}/authentication/methods`);
      assert.equal(res.statusCode, 200, res.body);
      assert.ok(!res.body.includes(SEALED), 'the sealed TOTP secret never leaves');
      const body = res.json();
      assert.match(body['@odata.context'], new RegExp(`\\$metadata#users\\('${id}'\\)/authentication/methods$`));
      const byId = new Map(body.value.map((m: { id: string }) => [m.id, m]));
      assert.deepEqual(byId.get(PW), {
        '@odata.type': '#microsoft.graph.passwordAuthenticationMethod',
        id: PW,
        password: null,
        createdDateTime: (byId.get(PW) as { createdDateTime: string }).createdDateTime,
      });
      assert.deepEqual(byId.get(EMAIL), { '@odata.type': '#microsoft.graph.emailAuthenticationMethod', id: EMAIL, emailAddress: 'private@example.org' });
      assert.deepEqual(byId.get(MOBILE), {
        '@odata.type': '#microsoft.graph.phoneAuthenticationMethod',
        id: MOBILE,
        phoneNumber: '+1 5555551234',
        phoneType: 'mobile',
        smsSignInState: 'notAllowedByPolicy',
      });
      assert.equal((byId.get(OFFICE) as { phoneNumber: string }).phoneNumber, '+31 201234567');
      assert.deepEqual(byId.get(totpId), { '@odata.type': '#microsoft.graph.softwareOathAuthenticationMethod', id: totpId, secretKey: null });
      assert.equal(body.value.length, 5);
    });

    test('the typed collections and single methods, by id or user principal name', async () => {
      const { id, totpId } = await userWithMethods('bob@contoso.example');
      const phones = await graphAs(t, methodsApp, 'GET', `/graph/v1.0/users/bob@contoso.example/authentication/phoneMethods`);
      assert.equal(phones.statusCode, 200, phones.body);
      assert.deepEqual(
        phones
          .json()
          .value.map((p: { id: string; phoneType: string }) => [p.id, p.phoneType])
          .sort(),
        [
          [MOBILE, 'mobile'],
          [OFFICE, 'office'],
        ].sort(),
      );
      const one = await graphAs(t, methodsApp, 'GET', `/graph/v1.0/users/${id}/authentication/phoneMethods/${MOBILE}`);
      assert.equal(one.json().phoneNumber, '+1 5555551234');
      assert.match(one.json()['@odata.context'], /phoneMethods\/\$entity$/);
      const oath = await graphAs(t, methodsApp, 'GET', `/graph/v1.0/users/${id}/authentication/softwareOathMethods`);
      assert.deepEqual(oath.json().value, [{ id: totpId, secretKey: null }]);
      const pw = await graphAs(t, methodsApp, 'GET', `/graph/v1.0/users/${id}/authentication/passwordMethods/${PW}`);
      assert.equal(pw.json().password, null);
      const emails = await graphAs(t, methodsApp, 'GET', `/graph/v1.0/users/${id}/authentication/emailMethods`);
      assert.deepEqual(emails.json().value, [{ id: EMAIL, emailAddress: 'private@example.org' }]);
      const missing = await graphAs(t, methodsApp, 'GET', `/graph/v1.0/users/${id}/authentication/phoneMethods/b6332ec1-7057-4abe-9331-3d72feddfe41`);
      assert.equal(missing.statusCode, 404);
      assert.equal(missing.json().error.code, 'Request_ResourceNotFound');
    });

    test('an app without UserAuthenticationMethod.ReadWrite.All may not read or delete methods; app-only /me is a bad request', async () => {
      const { id } = await userWithMethods('carol@contoso.example');
      for (const [method, url] of [
        ['GET', `/graph/v1.0/users/${id}/authentication/methods`],
        ['DELETE', `/graph/v1.0/users/${id}/authentication/phoneMethods/${MOBILE}`],
      ] as const) {
        const res = await graphAs(t, resetOnly, method, url);
        assert.equal(res.statusCode, 403, `${method} ${url}`);
        assert.equal(res.json().error.code, 'Authorization_RequestDenied');
      }
      assert.equal((await t.repos.securityInfo.methods(id)).length, 4, 'nothing removed');
      const me = await graphAs(t, methodsApp, 'GET', '/graph/v1.0/me/authentication/methods');
      assert.equal(me.statusCode, 400);
    });

    test('an app without a directory role may not read an admin\u2019s methods (the reset matrix)', async () => {
      const { id } = await t.createUser({ userPrincipalName: 'admin@contoso.example', password: PASSWORD, roles: ['helpdesk-administrator'] });
      const res = await graphAs(t, methodsApp, 'GET', `/graph/v1.0/users/${id}/authentication/methods`);
      assert.equal(res.statusCode, 403);
    });

    test('delete a phone, the email and the authenticator app: 204, gone, audited with the app as actor, the user notified', async () => {
      const { id, totpId } = await userWithMethods('dave@contoso.example');
      for (const url of [`phoneMethods/${MOBILE}`, `emailMethods/${EMAIL}`, `softwareOathMethods/${totpId}`]) {
        const res = await graphAs(t, methodsApp, 'DELETE', `/graph/v1.0/users/${id}/authentication/${url}`);
        assert.equal(res.statusCode, 204, `${url}: ${res.body}`);
        const again = await graphAs(t, methodsApp, 'DELETE', `/graph/v1.0/users/${id}/authentication/${url}`);
        assert.equal(again.statusCode, 404, `${url} twice`);
      }
      assert.deepEqual(
        (await t.repos.securityInfo.methods(id)).map((m) => m.kind),
        ['officePhone'],
      );
      // An id of another collection names nothing there.
      assert.equal((await graphAs(t, methodsApp, 'DELETE', `/graph/v1.0/users/${id}/authentication/emailMethods/${OFFICE}`)).statusCode, 404);
      const events = await t.repos.audit.list({ action: 'security_info.method_removed', targetId: id, limit: 10 });
      assert.equal(events.length, 3);
      for (const e of events) {
        assert.equal(e.outcome, 'success');
        assert.notEqual(e.actorId, id, 'the actor is the app, not the user');
        assert.equal(e.actorName, 'Methods');
        assert.equal(e.details.appId, methodsAppClientId);
      }
      const queued = await t.db.db.selectFrom('outbox').select('template').where('user_id', '=', id).execute();
      assert.ok(queued.filter((q) => q.template === 'security-info-changed').length >= 3, 'the user hears of each removal');
    });
  });
}
