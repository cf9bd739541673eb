/*
 * What /api/v1/apps manages is what the token endpoint honours (issue 15), on both engines: a
 * secret returned by the API gets a token only once admin consent is granted; revoking consent,
 * changing the permission set, deleting the secret or the app each end it at once; a certificate
 * uploaded through the API signs private_key_jwt assertions (its thumbprint is the x5t).
 */
import assert from 'node:assert/strict';
import { createPrivateKey, randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { after, before, describe, test } from 'node:test';
import { testEngines } from '../../testing/databases.js';
import { tenantOf, tokenRequest } from '../../testing/oauth.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import type { AppCertificateJson, AppCreatedJson, AppJson } from '../../../shared/apps.js';
import { makeCertificate } from './certificates.fixture.js';

const PASSWORD = 'Zebra-Quilt-Harbor-71!';
const GRAPH = 'https://graph.microsoft.com/.default';

for (const engine of testEngines()) {
  describe(`apps managed by the API at the token endpoint (${engine})`, () => {
    let t: TestApp;
    let who: { cookie: string; csrf: string };
    let tenant: string;
    const call = (method: string, url: string, payload?: object) =>
      t.app.inject({ method: method as 'GET', url, ...(payload ? { payload } : {}), headers: { cookie: who.cookie, 'x-csrf-token': who.csrf } });
    const secretToken = (clientId: string, secret: string) =>
      tokenRequest(t, { grant_type: 'client_credentials', client_id: clientId, client_secret: secret, scope: GRAPH });
    before(async () => {
      t = await createTestApp({ engine });
      // Real time: the certificates and assertions below are made with the real clock.
      t.clock.set(new Date());
      await t.createUser({ userPrincipalName: 'ga@contoso.example', password: PASSWORD, roles: ['global-administrator'] });
      who = await t.signIn('ga@contoso.example', PASSWORD);
      tenant = await tenantOf(t);
    });
    after(() => t.close());

    test('a certificate uploaded through the API signs private_key_jwt assertions', async () => {
      const app = (await call('POST', '/api/v1/apps', { displayName: 'Cert app', permissions: ['User.Read.All'], createSecret: false })).json<AppCreatedJson>();
      await call('POST', `/api/v1/apps/${app.app.id}/consent`);
      const cert = makeCertificate('rsa:2048');
      const uploaded = (
        await call('POST', `/api/v1/apps/${app.app.id}/certificates`, { displayName: 'agent', certificate: cert.pem })
      ).json<AppCertificateJson>();
      const x5t = Buffer.from(uploaded.thumbprint, 'hex').toString('base64url');
      const assertion = () =>
        new SignJWT({ jti: randomUUID() })
          .setProtectedHeader({ alg: 'RS256', typ: 'JWT', x5t })
          .setIssuer(app.clientId)
          .setSubject(app.clientId)
          .setAudience(`http://localhost/${tenant}/oauth2/v2.0/token`)
          .setIssuedAt(Math.floor(t.clock.now().getTime() / 1000))
          .setNotBefore(Math.floor(t.clock.now().getTime() / 1000))
          .setExpirationTime(Math.floor(t.clock.now().getTime() / 1000) + 600)
          .sign(createPrivateKey(cert.keyPem));
      const form = async () => ({
        grant_type: 'client_credentials',
        client_id: app.clientId,
        client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
        client_assertion: await assertion(),
        scope: GRAPH,
      });
      const ok = await tokenRequest(t, await form());
      assert.equal(ok.statusCode, 200, ok.body);
      assert.equal((await call('DELETE', `/api/v1/apps/${app.app.id}/certificates/${uploaded.id}`)).statusCode, 204);
      assert.equal((await tokenRequest(t, await form())).statusCode, 401, 'the removed certificate no longer signs');
    });

    test('consent, permission changes, secrets and deletion decide whether the app gets a token', async () => {
      const created = (await call('POST', '/api/v1/apps', { displayName: 'Token app', permissions: ['User.Read.All'] })).json<AppCreatedJson>();
      const { clientId, clientSecret } = created;
      assert.equal(created.tenantId, tenant);
      const before = await secretToken(clientId, clientSecret!);
      assert.equal(before.statusCode, 400, before.body);
      assert.equal(before.json<{ error: string }>().error, 'unauthorized_client', 'no token before admin consent');

      assert.equal((await call('POST', `/api/v1/apps/${created.app.id}/consent`)).statusCode, 200);
      const ok = await secretToken(clientId, clientSecret!);
      assert.equal(ok.statusCode, 200, ok.body);
      assert.equal((await secretToken(clientId, clientSecret! + 'x')).statusCode, 401, 'a wrong secret');

      assert.equal((await call('DELETE', `/api/v1/apps/${created.app.id}/consent`)).statusCode, 200);
      assert.equal((await secretToken(clientId, clientSecret!)).statusCode, 400, 'consent revoked');
      await call('POST', `/api/v1/apps/${created.app.id}/consent`);
      assert.equal((await secretToken(clientId, clientSecret!)).statusCode, 200);
      const patched = await call('PATCH', `/api/v1/apps/${created.app.id}`, { permissions: ['User.Read.All', 'AuditLog.Read.All'] });
      assert.equal(patched.json<AppJson>().consentedDateTime, null);
      assert.equal((await secretToken(clientId, clientSecret!)).statusCode, 400, 'new permissions need consent again');
      await call('POST', `/api/v1/apps/${created.app.id}/consent`);

      const second = (await call('POST', `/api/v1/apps/${created.app.id}/secrets`, { displayName: 'rotation', expiresInDays: 1 })).json<AppCreatedJson>();
      assert.equal((await secretToken(clientId, second.clientSecret!)).statusCode, 200, 'the new secret works');
      assert.equal((await call('DELETE', `/api/v1/apps/${created.app.id}/secrets/${created.secretId}`)).statusCode, 204);
      assert.equal((await secretToken(clientId, clientSecret!)).statusCode, 401, 'the deleted secret no longer works');
      t.clock.advance(86_400_000 + 1000);
      assert.equal((await secretToken(clientId, second.clientSecret!)).statusCode, 401, 'an expired secret no longer works');

      who = await t.signIn('ga@contoso.example', PASSWORD);
      const third = (await call('POST', `/api/v1/apps/${created.app.id}/secrets`, {})).json<AppCreatedJson>();
      assert.equal((await secretToken(clientId, third.clientSecret!)).statusCode, 200);
      assert.equal((await call('DELETE', `/api/v1/apps/${created.app.id}`)).statusCode, 204);
      // Entra answers an unknown client id with 400 unauthorized_client (AADSTS700016).
      const gone = await secretToken(clientId, third.clientSecret!);
      assert.ok(gone.statusCode === 400 || gone.statusCode === 401, 'a deleted app gets no token');
      assert.ok(['unauthorized_client', 'invalid_client'].includes(gone.json<{ error: string }>().error));
    });
  });
}
