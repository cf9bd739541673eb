/*
 * Issue 15, "Proof with real clients": Microsoft's Graph JavaScript client 3.0.7 and @azure/identity,
 * unchanged, against Latchkey over https (a per-run CA), with only the base URL, authority host and
 * tenant changed. Every token comes from Latchkey's real token endpoint.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { decodeJwt } from 'jose';
import { testEngines } from '../../src/server/testing/databases.js';
import { startHttpsServer, type HttpsTestServer } from '../../src/server/testing/https-server.js';
import { roleTemplateIds } from '../../src/shared/roles.js';
import { GRAPH_SCOPE, appClient, graphError, graphSdk } from '../support/graph.js';

const PASSWORD_METHOD = '28c10230-6103-485e-b985-444c60001490';
const resetPath = (userId: string) => `/users/${userId}/authentication/methods/${PASSWORD_METHOD}/resetPassword`;

for (const engine of testEngines()) {
  describe(`Microsoft's clients against Latchkey over https (${engine})`, () => {
    let s: HttpsTestServer;
    let adele: { id: string };
    let admin: { id: string };
    before(async () => {
      s = await startHttpsServer({ engine });
      adele = await s.t.createUser({ userPrincipalName: 'adele@contoso.example', displayName: 'Adele Vance', password: 'Adele-Initial-42' });
      admin = await s.t.createUser({
        userPrincipalName: 'boss@contoso.example',
        displayName: 'Boss',
        password: 'Boss-Initial-4242',
        roles: ['global-administrator'],
      });
    });
    after(() => s?.close());

    test('@azure/identity ClientSecretCredential gets a Graph token from Latchkey (authorityHost, disableInstanceDiscovery)', async () => {
      const { credential, clientId } = await appClient(s, { permissions: ['User.Read.All'] });
      const token = await credential.getToken(GRAPH_SCOPE);
      assert.ok(token.expiresOnTimestamp > Date.now() + 5 * 60_000, 'a token good for more than 5 minutes');
      const claims = decodeJwt(token.token);
      assert.equal(claims.tid, s.tenantId);
      assert.equal(claims.iss, `${s.origin}/${s.tenantId}/v2.0`);
      assert.equal(claims.appid ?? claims.azp, clientId);
      assert.deepEqual(claims.roles, ['User.Read.All']);
      // MSAL caches it: a second call is the same token.
      assert.equal((await credential.getToken(GRAPH_SCOPE)).token, token.token);
    });

    test('a wrong secret is refused by the token endpoint and @azure/identity says so', async () => {
      const { clientId } = await appClient(s, { permissions: ['User.Read.All'] });
      const { secretCredential } = await import('../support/graph.js');
      await assert.rejects(secretCredential(s, { clientId, clientSecret: 'not-the-secret' }).getToken(GRAPH_SCOPE), /invalid_client|AADSTS7000215/);
    });

    test('an admin app resets a password through resetPassword, polls the operation, and the user must change it at sign-in', async () => {
      const { client } = await appClient(s, { permissions: ['UserAuthenticationMethod.ReadWrite.All'] });
      const raw = (await client.api(resetPath(adele.id)).responseType(graphSdk.ResponseType.RAW).post({})) as Response;
      assert.equal(raw.status, 202);
      const location = raw.headers.get('location');
      assert.ok(location?.startsWith(`${s.origin}/graph/v1.0/users/${adele.id}/authentication/operations/`), String(location));
      assert.ok(Number(raw.headers.get('retry-after')) > 0);
      const body = (await raw.json()) as { newPassword?: string };
      assert.equal(typeof body.newPassword, 'string');
      // The SDK follows the Location it was given (a full https URL on a custom host: the token goes along).
      const operation = (await client.api(location!).get()) as Record<string, unknown>;
      assert.deepEqual(
        Object.keys(operation)
          .filter((k) => !k.startsWith('@'))
          .sort(),
        ['createdDateTime', 'id', 'lastActionDateTime', 'resourceLocation', 'status', 'statusDetail'],
      );
      assert.ok(['notStarted', 'running', 'succeeded'].includes(String(operation.status)), String(operation.status));
      const signedIn = await s.t.signIn('adele@contoso.example', body.newPassword!);
      assert.equal(signedIn.body.passwordChangeRequired, true);
      await assert.rejects(s.t.signIn('adele@contoso.example', 'Adele-Initial-42'));
    });

    test('resetPassword with a chosen password answers {} (nothing generated)', async () => {
      const { client } = await appClient(s, { permissions: ['UserAuthenticationMethod.ReadWrite.All'] });
      const body = (await client.api(resetPath(adele.id)).post({ newPassword: 'Chosen-By-Script-913' })) as Record<string, unknown>;
      assert.equal(body.newPassword, undefined);
      assert.equal((await s.t.signIn('adele@contoso.example', 'Chosen-By-Script-913')).body.passwordChangeRequired, true);
    });

    test('an app without the permission gets Authorization_RequestDenied as the SDK GraphError (statusCode, code, requestId)', async () => {
      const { client } = await appClient(s, { permissions: ['User.Read.All'] });
      const err = await graphError(client.api(resetPath(adele.id)).post({}));
      assert.equal(err.statusCode, 403);
      assert.equal(err.code, 'Authorization_RequestDenied');
      assert.match(err.requestId ?? '', /\S/);
      assert.ok(err.message.length > 0);
    });

    test('a Helpdesk-role app cannot reset a Global Administrator, an app without a role cannot either; Helpdesk can reset a user', async () => {
      const helpdesk = await appClient(s, { permissions: ['UserAuthenticationMethod.ReadWrite.All'], role: 'helpdesk-administrator' });
      const denied = await graphError(helpdesk.client.api(resetPath(admin.id)).post({}));
      assert.equal(denied.statusCode, 403);
      assert.equal(denied.code, 'Authorization_RequestDenied');
      const plain = await appClient(s, { permissions: ['User.ReadWrite.All'] });
      assert.equal((await graphError(plain.client.api(resetPath(admin.id)).post({}))).code, 'Authorization_RequestDenied');
      const ok = (await helpdesk.client.api(resetPath(adele.id)).post({})) as { newPassword?: string };
      assert.equal(typeof ok.newPassword, 'string');
      assert.ok(await s.t.signIn('boss@contoso.example', 'Boss-Initial-4242'), 'the administrator keeps the password');
    });

    test('role definitions carry Entra template ids; directory role templates list them', async () => {
      const { client } = await appClient(s, { permissions: ['Directory.Read.All'] });
      const defs = (await client.api('/roleManagement/directory/roleDefinitions').get()) as {
        value: { id: string; templateId: string; displayName: string }[];
      };
      const global = defs.value.find((d) => d.templateId === roleTemplateIds['global-administrator']);
      assert.equal(global?.displayName, 'Global Administrator');
      const templates = (await client.api('/directoryRoleTemplates').get()) as { value: { id: string }[] };
      assert.ok(templates.value.some((t) => t.id === roleTemplateIds['helpdesk-administrator']));
    });

    test('error shapes: no token, a bad token, an unknown segment, an unknown user, a bad $top', async () => {
      const noToken = await s.fetch('/graph/v1.0/users', { headers: { 'client-request-id': 'c0ffee00-0000-4000-8000-000000000001' } });
      assert.equal(noToken.status, 401);
      const body = (await noToken.json()) as { error: { code: string; message: string; innerError: Record<string, string> } };
      assert.equal(body.error.code, 'InvalidAuthenticationToken');
      assert.deepEqual(Object.keys(body.error.innerError).sort(), ['client-request-id', 'date', 'request-id']);
      assert.equal(body.error.innerError['client-request-id'], 'c0ffee00-0000-4000-8000-000000000001');
      const badToken = await s.fetch('/graph/v1.0/users', { headers: { authorization: 'Bearer eyJhbGciOiJSUzI1NiJ9.e30.c2ln' } });
      assert.equal(badToken.status, 401);
      assert.equal(((await badToken.json()) as { error: { code: string } }).error.code, 'InvalidAuthenticationToken');
      const { client } = await appClient(s, { permissions: ['User.ReadWrite.All', 'AuditLog.Read.All'] });
      const segment = await graphError(client.api('/nonsense').get());
      assert.equal(segment.statusCode, 400);
      assert.equal(segment.code, 'Request_BadRequest');
      const method = await graphError(
        client.api(`/users/00000000-0000-4000-8000-00000000abcd/authentication/methods/${PASSWORD_METHOD}/resetPassword`).post({}),
      );
      assert.equal(method.statusCode, 404);
      assert.equal(method.code, 'Request_ResourceNotFound');
    });

    test('audit and sign-in logs are read through the SDK', async () => {
      const { client } = await appClient(s, { permissions: ['AuditLog.Read.All'] });
      const audits = (await client.api('/auditLogs/directoryAudits').top(50).get()) as {
        value: { activityDisplayName: string; category: string; loggedByService: string; result: string; initiatedBy: unknown; targetResources: unknown[] }[];
      };
      const reset = audits.value.find((a) => /reset/i.test(a.activityDisplayName));
      assert.ok(reset, `no reset in ${audits.value.map((a) => a.activityDisplayName).join(', ')}`);
      assert.ok(reset.initiatedBy && reset.targetResources.length > 0);
      const signIns = (await client.api('/auditLogs/signIns').top(50).get()) as { value: { userPrincipalName: string; status: { errorCode: number } }[] };
      assert.ok(signIns.value.some((e) => e.userPrincipalName === 'adele@contoso.example'));
      assert.ok(
        signIns.value.some((e) => e.status.errorCode !== 0),
        'the refused old password is logged as a failure',
      );
    });
  });
}

describe("Microsoft's Graph client meets Latchkey's throttling (429 TooManyRequests, Retry-After)", () => {
  let s: HttpsTestServer;
  before(async () => {
    s = await startHttpsServer({ config: { graphRequestsPerAppPerMinute: 3 } });
  });
  after(() => s?.close());

  test('the fourth call in a minute is refused with Retry-After; the SDK reports it as GraphError 429', async () => {
    const { client } = await appClient(s, { permissions: ['User.Read.All'] });
    // The SDK's RetryHandler would wait Retry-After and try again: off here, so the refusal itself is seen.
    const noRetry = [new graphSdk.RetryHandlerOptions(0, 0)];
    for (let i = 0; i < 3; i++) await client.api('/users').top(1).middlewareOptions(noRetry).get();
    const raw = (await client.api('/users').top(1).middlewareOptions(noRetry).responseType(graphSdk.ResponseType.RAW).get()) as Response;
    assert.equal(raw.status, 429);
    assert.ok(Number(raw.headers.get('retry-after')) >= 1, String(raw.headers.get('retry-after')));
    const body = (await raw.json()) as { error: { code: string; innerError: Record<string, string> } };
    assert.equal(body.error.code, 'TooManyRequests');
    assert.ok(body.error.innerError['request-id']);
    const err = await graphError(client.api('/users').top(1).middlewareOptions(noRetry).get());
    assert.equal(err.statusCode, 429);
    assert.equal(err.code, 'TooManyRequests');
  });
});
