import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, type TestApp } from '../testing/test-app.js';
import { testEngines } from '../testing/databases.js';
import { appToken, graphAs, registerTestApp } from '../testing/oauth.js';

// Graph's /users with real app tokens from the real token endpoint (issue 15), on both engines.

const PASSWORD = 'Zebra-Quilt-Harbor-71!';
const NEW_PASSWORD = 'Fjord&Kiwi*8372-Moss';
const eventual = { consistencylevel: 'eventual' };
const enc = encodeURIComponent;
type Body = Record<string, unknown> & { value: Record<string, unknown>[]; error: { code: string; message: string } };

for (const engine of testEngines()) {
  describe(`Graph /users (${engine})`, () => {
    let t: TestApp;
    let reader: string;
    let writer: string;
    let ga: { id: string };
    const get = async (token: string, url: string, headers: Record<string, string> = {}) => {
      const res = await graphAs(t, token, 'GET', `/graph/v1.0${url}`, undefined, headers);
      return { status: res.statusCode, body: res.json<Body>(), res };
    };
    const names = (body: Body) => body.value.map((u) => u.userPrincipalName).sort();

    before(async () => {
      t = await createTestApp({ engine });
      ga = await t.createUser({ userPrincipalName: 'ga@contoso.example', displayName: 'Global Admin', password: PASSWORD, roles: ['global-administrator'] });
      const people: [string, string, string, string | null][] = [
        ['ann.lee', 'Ann Lee', 'Sales', 'ann@mail.contoso.example'],
        ['anna.berg', 'Anna Berg', 'Sales', null],
        ['bob.stone', 'Bob Stone', 'IT', 'bob@mail.contoso.example'],
        ['carl.ward', "Carl O'Ward", 'IT', 'carl@mail.contoso.example'],
        ['dwayne.x', 'Dwayne X', 'Legal', 'wa.dwayne@mail.contoso.example'],
      ];
      for (const [local, displayName, department, mail] of people)
        await t.createUser({
          userPrincipalName: `${local}@contoso.example`,
          displayName,
          department,
          ...(mail ? { mail } : {}),
          accountEnabled: local !== 'bob.stone',
        });
      reader = await appToken(t, await registerTestApp(t, { name: 'Reader', permissions: ['User.Read.All'] }));
      writer = await appToken(t, await registerTestApp(t, { name: 'Writer', permissions: ['User.ReadWrite.All'] }));
    });
    after(() => t.close());

    test('the default 11 properties, @odata.context, $select, and an unknown property refused', async () => {
      const { status, body } = await get(reader, '/users');
      assert.equal(status, 200);
      assert.match(String(body['@odata.context']), /\/graph\/v1\.0\/\$metadata#users$/);
      assert.equal(body.value.length, 6);
      assert.deepEqual(Object.keys(body.value[0]!).sort(), [
        'businessPhones',
        'displayName',
        'givenName',
        'id',
        'jobTitle',
        'mail',
        'mobilePhone',
        'officeLocation',
        'preferredLanguage',
        'surname',
        'userPrincipalName',
      ]);
      assert.deepEqual(
        body.value.map((u) => u.displayName),
        ['Ann Lee', 'Anna Berg', 'Bob Stone', "Carl O'Ward", 'Dwayne X', 'Global Admin'],
      );
      const selected = await get(reader, '/users?$select=displayName,accountEnabled,passwordPolicies,createdDateTime');
      assert.match(String(selected.body['@odata.context']), /#users\(displayName,accountEnabled,passwordPolicies,createdDateTime\)$/);
      assert.deepEqual(selected.body.value[2], {
        displayName: 'Bob Stone',
        accountEnabled: false,
        passwordPolicies: null,
        createdDateTime: '2026-03-01T09:00:00Z',
      });
      const bad = await get(reader, '/users?$select=displayName,shoeSize');
      assert.deepEqual([bad.status, bad.body.error.code], [400, 'Request_BadRequest']);
    });

    test('$filter: eq, ne, startswith, in, eq null, and/or, booleans, dates — checked against the data', async () => {
      const cases: [string, string[], Record<string, string>?][] = [
        ["userPrincipalName eq 'ANN.LEE@contoso.example'", ['ann.lee@contoso.example']],
        ["startswith(displayName,'ann')", ['ann.lee@contoso.example', 'anna.berg@contoso.example']],
        ["department in ('it','Legal') and accountEnabled eq true", ['carl.ward@contoso.example', 'dwayne.x@contoso.example']],
        ["displayName eq 'Carl O''Ward' or mail eq 'bob@mail.contoso.example'", ['bob.stone@contoso.example', 'carl.ward@contoso.example']],
        ['accountEnabled eq false', ['bob.stone@contoso.example']],
        ['createdDateTime ge 2026-03-01T00:00:00Z and createdDateTime le 2026-03-01T09:00:00Z', []],
        ['onPremisesSyncEnabled eq true', []],
      ];
      cases[5]![1] = (await get(reader, '/users')).body.value.map((u) => String(u.userPrincipalName)).sort();
      for (const [filter, expected] of cases) {
        const r = await get(reader, `/users?$filter=${enc(filter)}`);
        assert.equal(r.status, 200, `${filter}: ${JSON.stringify(r.body)}`);
        assert.deepEqual(names(r.body), expected, filter);
      }
      const ne = await get(reader, `/users?$filter=${enc("department ne 'Sales'")}&$count=true`, eventual);
      assert.deepEqual(names(ne.body), ['bob.stone@contoso.example', 'carl.ward@contoso.example', 'dwayne.x@contoso.example', 'ga@contoso.example']);
      assert.equal(ne.body['@odata.count'], 4);
      const unsupported = await get(reader, `/users?$filter=${enc("officeLocation eq 'x'")}`);
      assert.deepEqual([unsupported.status, unsupported.body.error.code], [400, 'Request_UnsupportedQuery']);
      assert.equal((await get(reader, `/users?$filter=${enc("department ne 'Sales'")}`)).body.error.code, 'Request_UnsupportedQuery');
    });

    test('$search by word prefix of the named property only; $count; /users/$count as text/plain', async () => {
      const search = async (s: string) => names((await get(reader, `/users?$search=${enc(s)}&$count=true`, eventual)).body);
      assert.deepEqual(await search('"displayName:ann"'), ['ann.lee@contoso.example', 'anna.berg@contoso.example']);
      // "wa" begins a word of Dwayne's mail and of Carl's surname "Ward", but no word of Dwayne's display name.
      assert.deepEqual(await search('"displayName:wa"'), ['carl.ward@contoso.example']);
      assert.deepEqual(await search('"mail:wa"'), ['dwayne.x@contoso.example']);
      assert.deepEqual(await search('"displayName:ann" AND "userPrincipalName:anna"'), ['anna.berg@contoso.example']);
      const counted = await get(reader, `/users?$search=${enc('"displayName:ann"')}&$count=true&$top=1`, eventual);
      assert.equal(counted.body['@odata.count'], 2);
      assert.equal(counted.body.value.length, 1);
      const noHeader = await get(reader, `/users?$search=${enc('"displayName:ann"')}`);
      assert.deepEqual([noHeader.status, noHeader.body.error.code], [400, 'Request_UnsupportedQuery']);
      const total = await graphAs(t, reader, 'GET', '/graph/v1.0/users/$count', undefined, eventual);
      assert.equal(total.statusCode, 200);
      assert.match(String(total.headers['content-type']), /^text\/plain/);
      assert.equal(total.body, '6');
      const filtered = await graphAs(t, reader, 'GET', `/graph/v1.0/users/$count?$filter=${enc("department eq 'IT'")}`, undefined, eventual);
      assert.equal(filtered.body, '2');
      assert.equal((await graphAs(t, reader, 'GET', '/graph/v1.0/users/$count')).statusCode, 400);
    });

    test('$orderby and $top 1000', async () => {
      const desc = await get(reader, '/users?$orderby=userPrincipalName desc&$top=2');
      assert.deepEqual(
        desc.body.value.map((u) => u.userPrincipalName),
        ['ga@contoso.example', 'dwayne.x@contoso.example'],
      );
      assert.ok(String(desc.body['@odata.nextLink']).includes('$skiptoken='));
      const tooBig = await get(reader, '/users?$top=1000');
      assert.equal(tooBig.body.error.message, "Invalid page size specified: '1000'. Must be between 1 and 999 inclusive.");
    });

    test('GET /users/{id | userPrincipalName}; unknown → 404 Request_ResourceNotFound; /me app-only → 400', async () => {
      const byId = await get(reader, `/users/${ga.id}?$select=id,accountEnabled`);
      assert.deepEqual({ ...byId.body, '@odata.context': undefined }, { '@odata.context': undefined, id: ga.id, accountEnabled: true });
      assert.match(String(byId.body['@odata.context']), /#users\(id,accountEnabled\)\/\$entity$/);
      assert.equal((await get(reader, '/users/GA@contoso.example')).body.id, ga.id);
      const missing = await get(reader, '/users/nobody@contoso.example');
      assert.deepEqual([missing.status, missing.body.error.code], [404, 'Request_ResourceNotFound']);
      const me = await get(reader, '/me');
      assert.deepEqual(
        [me.status, me.body.error.code, me.body.error.message],
        [400, 'Request_BadRequest', '/me request is only valid with delegated authentication flow.'],
      );
    });

    test('POST /users: 201 with @odata.context; the user signs in and must change (with MFA first when asked); missing fields and a reader → 400 / 403', async () => {
      const body = {
        accountEnabled: true,
        displayName: 'New Person',
        mailNickname: 'new.person',
        userPrincipalName: 'new.person@contoso.example',
        passwordProfile: { password: NEW_PASSWORD, forceChangePasswordNextSignIn: true },
        passwordPolicies: 'DisablePasswordExpiration',
        department: 'Ops',
      };
      const denied = await graphAs(t, reader, 'POST', '/graph/v1.0/users', body);
      assert.deepEqual([denied.statusCode, denied.json<Body>().error.code], [403, 'Authorization_RequestDenied']);
      const res = await graphAs(t, writer, 'POST', '/graph/v1.0/users', body);
      assert.equal(res.statusCode, 201, res.body);
      const created = res.json<Record<string, unknown>>();
      assert.match(String(created['@odata.context']), /\/graph\/v1\.0\/\$metadata#users\/\$entity$/);
      assert.equal(created.userPrincipalName, 'new.person@contoso.example');
      const signIn = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/sign-in',
        payload: { username: 'new.person@contoso.example', password: NEW_PASSWORD },
      });
      assert.equal(signIn.statusCode, 200, signIn.body);
      assert.equal(signIn.json<{ passwordChangeRequired: boolean }>().passwordChangeRequired, true);
      const read = await get(reader, `/users/${String(created.id)}?$select=passwordPolicies,department,passwordProfile`);
      assert.deepEqual(
        { ...read.body, '@odata.context': null },
        {
          '@odata.context': null,
          passwordPolicies: 'DisablePasswordExpiration',
          department: 'Ops',
          passwordProfile: { password: null, forceChangePasswordNextSignIn: true },
        },
      );
      const { mailNickname: _, ...missing } = body;
      const bad = await graphAs(t, writer, 'POST', '/graph/v1.0/users', { ...missing, userPrincipalName: 'other@contoso.example' });
      assert.deepEqual([bad.statusCode, bad.json<Body>().error.message], [400, "Invalid value specified for property 'mailNickname' of resource 'User'."]);
      const weak = await graphAs(t, writer, 'POST', '/graph/v1.0/users', {
        ...body,
        userPrincipalName: 'weak@contoso.example',
        passwordProfile: { password: 'password' },
      });
      assert.equal(weak.statusCode, 400, weak.body);
      const dup = await graphAs(t, writer, 'POST', '/graph/v1.0/users', body);
      assert.deepEqual([dup.statusCode, dup.json<Body>().error.code], [400, 'Request_MultipleObjectsWithSameKeyValue']);
      // forceChangePasswordNextSignInWithMfa: MFA at sign-in before the change, which it implies.
      const withMfa = await graphAs(t, writer, 'POST', '/graph/v1.0/users', {
        ...body,
        userPrincipalName: 'mfa.first@contoso.example',
        mailNickname: 'mfa.first',
        passwordProfile: { password: NEW_PASSWORD, forceChangePasswordNextSignIn: false, forceChangePasswordNextSignInWithMfa: true },
      });
      assert.equal(withMfa.statusCode, 201, withMfa.body);
      const mfaFirst = String(withMfa.json<{ id: string }>().id);
      assert.equal(await t.repos.mfa.forceMfaBeforeChange(mfaFirst), true);
      assert.equal((await t.repos.users.findById(mfaFirst))?.forceChangePassword, true);
    });

    test('PATCH /users/{id}: 204 through the admin services; a reader gets 403; passwordProfile is an admin reset under the role matrix', async () => {
      const { id } = await t.createUser({ userPrincipalName: 'patch.me@contoso.example', password: PASSWORD });
      const denied = await graphAs(t, reader, 'PATCH', `/graph/v1.0/users/${id}`, { jobTitle: 'Boss' });
      assert.deepEqual([denied.statusCode, denied.json<Body>().error.code], [403, 'Authorization_RequestDenied']);
      const ok = await graphAs(t, writer, 'PATCH', `/graph/v1.0/users/${id}`, {
        jobTitle: 'Boss',
        accountEnabled: false,
        passwordPolicies: 'DisableStrongPassword',
      });
      assert.equal(ok.statusCode, 204, ok.body);
      const read = await get(reader, `/users/${id}?$select=jobTitle,accountEnabled,passwordPolicies`);
      assert.deepEqual([read.body.jobTitle, read.body.accountEnabled, read.body.passwordPolicies], ['Boss', false, 'DisableStrongPassword']);
      assert.equal((await graphAs(t, writer, 'PATCH', `/graph/v1.0/users/${id}`, { accountEnabled: true })).statusCode, 204);
      const reset = await graphAs(t, writer, 'PATCH', `/graph/v1.0/users/${id}`, {
        passwordProfile: { password: NEW_PASSWORD, forceChangePasswordNextSignIn: false },
      });
      assert.equal(reset.statusCode, 204, reset.body);
      const signIn = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/sign-in',
        payload: { username: 'patch.me@contoso.example', password: NEW_PASSWORD },
      });
      assert.equal(signIn.statusCode, 200, signIn.body);
      // An app without a directory role may not reset an administrator (Entra's matrix).
      const admin = await graphAs(t, writer, 'PATCH', `/graph/v1.0/users/${ga.id}`, { passwordProfile: { password: NEW_PASSWORD } });
      assert.deepEqual([admin.statusCode, admin.json<Body>().error.code], [403, 'Authorization_RequestDenied']);
      const unknown = await graphAs(t, writer, 'PATCH', `/graph/v1.0/users/${id}`, { officeLocation: 'Room 1' });
      assert.equal(unknown.statusCode, 400);
    });

    test('DELETE /users/{id}: 204, then 404; a reader gets 403; the administrator is out of reach', async () => {
      const { id } = await t.createUser({ userPrincipalName: 'leaver@contoso.example' });
      assert.equal((await graphAs(t, reader, 'DELETE', `/graph/v1.0/users/${id}`)).statusCode, 403);
      assert.equal((await graphAs(t, writer, 'DELETE', `/graph/v1.0/users/${id}`)).statusCode, 204);
      assert.equal((await get(reader, `/users/${id}`)).status, 404);
      assert.equal((await graphAs(t, writer, 'DELETE', `/graph/v1.0/users/${ga.id}`)).statusCode, 403);
    });
  });
}
