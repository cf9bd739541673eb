import assert from 'node:assert/strict';
import { createPrivateKey, createPublicKey, randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { SignJWT } from 'jose';
import { addSeconds } from '../../core/clock.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { testEngines } from '../../testing/databases.js';
import { registerTestApp, tenantOf, tokenRequest } from '../../testing/oauth.js';
import { makeCertificate } from '../apps/certificates.fixture.js';

/*
 * Issue 15: the client credentials grant through the real token endpoint, with a client secret
 * (post and basic) and with a private_key_jwt assertion signed by a registered certificate, and
 * every refusal in Microsoft's error shape.
 */

const GRAPH = 'https://graph.microsoft.com/.default';
const claimsOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;

for (const engine of testEngines()) {
  describe(`client credentials (${engine})`, () => {
    let t: TestApp;
    let tenant: string;
    before(async () => {
      t = await createTestApp({ engine });
      tenant = await tenantOf(t);
    });
    after(() => t.close());

    const assertAadError = (res: { statusCode: number; json(): unknown }, status: number, error: string, code: number) => {
      assert.equal(res.statusCode, status);
      const body = res.json() as Record<string, unknown>;
      assert.equal(body.error, error);
      assert.deepEqual(body.error_codes, [code]);
      assert.match(String(body.error_description), new RegExp(`^AADSTS${code}: `));
      assert.match(String(body.timestamp), /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/);
      assert.match(String(body.trace_id), /^[0-9a-f-]{36}$/);
      assert.match(String(body.correlation_id), /^[0-9a-f-]{36}$/);
    };

    test('a secret in the body (client_secret_post) gets a Graph token in Microsoft v2 shape', async () => {
      const reg = await registerTestApp(t, { name: 'Reset script', permissions: ['User.ReadWrite.All'], role: 'helpdesk-administrator' });
      const res = await tokenRequest(t, { grant_type: 'client_credentials', client_id: reg.clientId, client_secret: reg.clientSecret, scope: GRAPH });
      assert.equal(res.statusCode, 200, res.body);
      const body = res.json<Record<string, unknown>>();
      assert.equal(body.token_type, 'Bearer');
      assert.equal(body.expires_in, 3599);
      assert.equal(body.ext_expires_in, 3599);
      assert.equal(body.refresh_token, undefined);
      assert.equal(res.headers['cache-control'], 'no-store');
      const [header] = String(body.access_token).split('.');
      const h = JSON.parse(Buffer.from(header!, 'base64url').toString()) as Record<string, unknown>;
      assert.equal(h.alg, 'RS256');
      assert.ok(typeof h.kid === 'string');
      const c = claimsOf(String(body.access_token));
      const now = Math.floor(t.clock.now().getTime() / 1000);
      assert.equal(c.aud, 'https://graph.microsoft.com');
      assert.equal(c.iss, `http://localhost/${tenant}/v2.0`);
      assert.equal(c.tid, tenant);
      assert.equal(c.iat, now);
      assert.equal(c.nbf, now);
      assert.equal(c.exp, now + 3599);
      assert.equal(c.oid, reg.app.id);
      assert.equal(c.sub, reg.app.id);
      assert.equal(c.azp, reg.clientId);
      assert.equal(c.appid, reg.clientId);
      assert.equal(c.azpacr, '1');
      assert.equal(c.idtyp, 'app');
      assert.equal(c.ver, '2.0');
      assert.deepEqual(c.roles, ['User.ReadWrite.All']);
      assert.deepEqual(c.wids, ['729827e3-9c14-49f7-bb1b-9608f156bbb8']);
      assert.ok(typeof c.uti === 'string' && c.uti === c.jti);
      assert.equal(c.scp, undefined);
    });

    test('Basic authentication (client_secret_basic), the Latchkey resource, and the tenant as domain, organizations or common', async () => {
      const reg = await registerTestApp(t, { permissions: ['User.Read.All'] });
      const basic = `Basic ${Buffer.from(`${reg.clientId}:${encodeURIComponent(reg.clientSecret)}`).toString('base64')}`;
      for (const name of [tenant, tenant.toUpperCase(), 'contoso.example', 'organizations', 'common']) {
        const res = await tokenRequest(t, { grant_type: 'client_credentials', scope: 'api://latchkey/.default' }, { authorization: basic }, name);
        assert.equal(res.statusCode, 200, `${name}: ${res.body}`);
        const c = claimsOf(res.json<{ access_token: string }>().access_token);
        assert.equal(c.aud, 'api://latchkey');
        // Whatever the alias, the issuer names the organisation's id.
        assert.equal(c.iss, `http://localhost/${tenant}/v2.0`);
      }
    });

    test('an unknown tenant is refused with AADSTS90002', async () => {
      const reg = await registerTestApp(t, { permissions: ['User.Read.All'] });
      const res = await tokenRequest(
        t,
        { grant_type: 'client_credentials', client_id: reg.clientId, client_secret: reg.clientSecret, scope: GRAPH },
        {},
        'fabrikam.example',
      );
      assertAadError(res, 400, 'invalid_request', 90002);
      assert.match(res.json<{ error_description: string }>().error_description, /Tenant 'fabrikam.example' not found/);
      const discovery = await t.app.inject({ method: 'GET', url: `/${randomUUID()}/v2.0/.well-known/openid-configuration` });
      assert.equal(discovery.statusCode, 400);
    });

    test('a wrong, expired or deleted secret, an unknown, disabled or unconsented app: invalid_client / unauthorized_client', async () => {
      const reg = await registerTestApp(t, { permissions: ['User.Read.All'], secretDays: 1 });
      const form = (secret: string, clientId = reg.clientId) => ({
        grant_type: 'client_credentials',
        client_id: clientId,
        client_secret: secret,
        scope: GRAPH,
      });
      assertAadError(await tokenRequest(t, form(reg.clientSecret + 'x')), 401, 'invalid_client', 7000215);
      assertAadError(await tokenRequest(t, form(reg.clientSecret, randomUUID())), 400, 'unauthorized_client', 700016);
      // Expired: the secret's end date passes on the server's clock.
      t.clock.advance(86_400_000 + 1000);
      assertAadError(await tokenRequest(t, form(reg.clientSecret)), 401, 'invalid_client', 7000222);
      // Deleted.
      const fresh = await registerTestApp(t, { permissions: ['User.Read.All'] });
      assert.equal((await tokenRequest(t, form(fresh.clientSecret, fresh.clientId))).statusCode, 200);
      const [secret] = await t.repos.apps.secretsOf(fresh.app.id);
      await t.repos.apps.deleteSecret(fresh.app.id, secret!.id);
      assertAadError(await tokenRequest(t, form(fresh.clientSecret, fresh.clientId)), 401, 'invalid_client', 7000215);
      // Disabled.
      const disabled = await registerTestApp(t, { permissions: ['User.Read.All'] });
      await t.repos.apps.update(disabled.app.id, { enabled: false }, t.clock.now());
      assertAadError(await tokenRequest(t, form(disabled.clientSecret, disabled.clientId)), 400, 'unauthorized_client', 7000112);
      // No admin consent: no app-only token.
      const unconsented = await registerTestApp(t, { permissions: ['User.ReadWrite.All'], consent: false });
      assertAadError(await tokenRequest(t, form(unconsented.clientSecret, unconsented.clientId)), 400, 'unauthorized_client', 65001);
    });

    test('a public client may not use a secret, and gets no app-only token', async () => {
      const reg = await registerTestApp(t, { permissions: ['User.Read.All'], publicClient: true });
      assertAadError(
        await tokenRequest(t, { grant_type: 'client_credentials', client_id: reg.clientId, client_secret: 'anything', scope: GRAPH }),
        401,
        'invalid_client',
        700025,
      );
      const res = await tokenRequest(t, { grant_type: 'client_credentials', client_id: reg.clientId, scope: GRAPH });
      assert.equal(res.statusCode, 400, res.body);
      assert.equal(res.json<{ error: string }>().error, 'unauthorized_client', res.body);
      assert.ok(Array.isArray(res.json<{ error_codes: number[] }>().error_codes));
    });

    test('private_key_jwt: an assertion signed by a registered certificate (x5t header, token endpoint as aud); not after the certificate is removed', async () => {
      const reg = await registerTestApp(t, { permissions: ['User.Read.All'] });
      const cert = makeCertificate('rsa:2048');
      const now = t.clock.now();
      const certId = randomUUID();
      const jwk = createPublicKey(cert.pem).export({ format: 'jwk' });
      await t.repos.apps.addCertificate({
        id: certId,
        appId: reg.app.id,
        displayName: 'agent',
        thumbprint: cert.thumbprint,
        publicJwk: jwk,
        createdAt: now,
        expiresAt: addSeconds(now, 30 * 86_400),
      });
      const x5t = Buffer.from(cert.thumbprint, 'hex').toString('base64url');
      const assertion = (key = createPrivateKey(cert.keyPem)) =>
        new SignJWT({ jti: randomUUID() })
          .setProtectedHeader({ alg: 'RS256', typ: 'JWT', x5t })
          .setIssuer(reg.clientId)
          .setSubject(reg.clientId)
          .setAudience(`http://localhost/${tenant}/oauth2/v2.0/token`)
          .setIssuedAt()
          .setNotBefore('0s')
          .setExpirationTime('10m')
          .sign(key);
      const form = async (a?: string) => ({
        grant_type: 'client_credentials',
        client_id: reg.clientId,
        client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
        client_assertion: a ?? (await assertion()),
        scope: GRAPH,
      });
      const ok = await tokenRequest(t, await form());
      assert.equal(ok.statusCode, 200, ok.body);
      assert.equal(claimsOf(ok.json<{ access_token: string }>().access_token).azpacr, '2');
      // The same assertion twice is a replay.
      const once = await assertion();
      assert.equal((await tokenRequest(t, await form(once))).statusCode, 200);
      assert.equal((await tokenRequest(t, await form(once))).statusCode, 401);
      // Signed by another key: refused.
      const other = makeCertificate('rsa:2048');
      const forged = await tokenRequest(t, await form(await assertion(createPrivateKey(other.keyPem))));
      assert.equal(forged.statusCode, 401, forged.body);
      assert.equal(forged.json<{ error: string }>().error, 'invalid_client');
      // The certificate removed: refused.
      await t.repos.apps.deleteCertificate(reg.app.id, certId);
      const gone = await tokenRequest(t, await form());
      assert.equal(gone.statusCode, 401);
      assert.deepEqual(gone.json<{ error_codes: number[] }>().error_codes, [700027]);
    });
  });
}
