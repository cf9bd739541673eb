/*
 * The apps service's own authority (issue 15), on both engines: it decides again whatever the
 * route's gate said. roles:manage is needed beside apps:manage to give an app a directory role or
 * to consent to RoleManagement.ReadWrite.Directory; the console may do everything. Certificates
 * through the API: parsed, listed with thumbprint, refused when expired, duplicated or a key.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { AppError } from '../../core/errors.js';
import type { Actor, Principal } from '../../core/identity.js';
import { testEngines } from '../../testing/databases.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { permissionsOf, type Permission, type RoleId } from '../../../shared/roles.js';
import type { AppCertificateJson, AppJson } from '../../../shared/apps.js';
import { makeCertificate } from './certificates.fixture.js';

const ctx = { ipAddress: '192.0.2.7', userAgent: 'test', correlationId: 'c-1' };
const PASSWORD = 'Zebra-Quilt-Harbor-71!';
const refusedWith = (code: string) => (err: unknown) => err instanceof AppError && err.code === code;

/** A signed-in admin as the services see one, with a fresh session (no step-up asked). */
async function principalOf(t: TestApp, upn: string, roles: RoleId[], permissions?: Permission[]): Promise<Actor> {
  const { id } = await t.createUser({ userPrincipalName: upn, roles });
  const user = (await t.repos.users.findById(id))!;
  const now = t.clock.now();
  const session = { id: `s-${id}`, userId: id, scope: 'full' as const, createdAt: now, lastSeenAt: now, expiresAt: now, ipAddress: null, userAgent: null };
  const principal: Principal = { user, roles, permissions: permissions ?? permissionsOf(roles), session: { ...session, authenticatedAt: now, mfaAt: now } };
  return { kind: 'user', principal };
}

for (const engine of testEngines()) {
  describe(`apps service authority (${engine})`, () => {
    let t: TestApp;
    let ga: Actor;
    let appsOnly: Actor;
    let pra: Actor;
    let ua: Actor;
    before(async () => {
      t = await createTestApp({ engine });
      ga = await principalOf(t, 'ga@contoso.example', ['global-administrator']);
      // A principal holding apps:manage alone: what a role with app rights but no role rights would be.
      appsOnly = await principalOf(t, 'apps@contoso.example', ['global-administrator'], ['admin-centre:access', 'apps:manage']);
      pra = await principalOf(t, 'pra@contoso.example', ['privileged-role-administrator']);
      ua = await principalOf(t, 'ua@contoso.example', ['user-administrator']);
    });
    after(() => t.close());

    test('without apps:manage nothing is allowed, not even reading; a Privileged Role Administrator can\u2019t create apps', async () => {
      const existing = await t.services.apps.create(ga, { displayName: 'Existing' }, ctx);
      for (const actor of [ua, pra]) {
        await assert.rejects(t.services.apps.list(actor), refusedWith('auth.forbidden'));
        await assert.rejects(t.services.apps.create(actor, { displayName: 'No' }, ctx), refusedWith('auth.forbidden'));
        await assert.rejects(t.services.apps.get(actor, existing.app.id), refusedWith('auth.forbidden'));
        await assert.rejects(t.services.apps.addSecret(actor, existing.app.id, {}, ctx), refusedWith('auth.forbidden'));
        await assert.rejects(t.services.apps.delete(actor, existing.app.id, ctx), refusedWith('auth.forbidden'));
      }
      // The refusal comes before the lookup: an unknown id is not revealed either.
      await assert.rejects(t.services.apps.get(ua, 'no-such-app'), refusedWith('auth.forbidden'));
      await assert.rejects(t.services.apps.get(ga, 'no-such-app'), refusedWith('apps.not_found'));
    });

    test('apps:manage without roles:manage: no directory role, no consent to RoleManagement.ReadWrite.Directory', async () => {
      await assert.rejects(
        t.services.apps.create(appsOnly, { displayName: 'Role', directoryRole: 'Password Administrator' }, ctx),
        refusedWith('roles.assignment_not_permitted'),
      );
      const app = await t.services.apps.create(appsOnly, { displayName: 'Plain', permissions: ['User.Read.All'], grantConsent: true }, ctx);
      assert.notEqual(app.app.consentedDateTime, null, 'ordinary consent is fine');
      await assert.rejects(
        t.services.apps.update(appsOnly, app.app.id, { directoryRole: 'helpdesk-administrator' }, ctx),
        refusedWith('roles.assignment_not_permitted'),
      );
      const roleApp = await t.services.apps.update(appsOnly, app.app.id, { permissions: ['RoleManagement.ReadWrite.Directory'] }, ctx);
      assert.equal(roleApp.consentedDateTime, null);
      await assert.rejects(t.services.apps.grantConsent(appsOnly, app.app.id, ctx), refusedWith('apps.consent_not_permitted'));
      await assert.rejects(
        t.services.apps.create(appsOnly, { displayName: 'R', permissions: ['RoleManagement.ReadWrite.Directory'], grantConsent: true }, ctx),
        refusedWith('apps.consent_not_permitted'),
      );
      assert.equal((await t.repos.apps.findById(app.app.id))!.consentedAt, null);
      // A Global Administrator holds both.
      const consented = await t.services.apps.grantConsent(ga, app.app.id, ctx);
      assert.notEqual(consented.consentedDateTime, null);
      const withRole = await t.services.apps.update(ga, app.app.id, { directoryRole: 'Global Administrator' }, ctx);
      assert.equal(withRole.directoryRole, 'global-administrator');
      // Re-stating the role it holds is no change and needs no role right.
      assert.equal(
        (await t.services.apps.update(appsOnly, app.app.id, { directoryRole: 'global-administrator', displayName: 'Same role' }, ctx)).displayName,
        'Same role',
      );
    });

    test('the console (cli) may do everything; it is recorded as the actor and the consenter', async () => {
      const cli: Actor = { kind: 'system', name: 'cli' };
      const made = await t.services.apps.create(
        cli,
        { displayName: 'Console app', permissions: ['RoleManagement.ReadWrite.Directory'], directoryRole: 'User Administrator', grantConsent: true },
        ctx,
      );
      assert.equal(made.app.consentedBy, 'cli');
      const events = await t.db.db.selectFrom('audit_event').selectAll().where('target_id', '=', made.app.id).execute();
      assert.deepEqual(events.map((e) => e.action).sort(), ['app.consent_granted', 'app.created', 'app.role_assigned', 'app.secret_added']);
      for (const e of events) assert.deepEqual([e.actor_id, e.actor_name, e.ip_address, e.correlation_id], [null, 'cli', '192.0.2.7', 'c-1']);
    });
  });

  describe(`app certificates API (${engine})`, () => {
    let t: TestApp;
    let who: { cookie: string; csrf: string };
    let app: AppJson;
    const rsa = makeCertificate('rsa:2048', 30);
    const call = (method: string, url: string, payload?: object) =>
      t.app.inject({ method: method as 'GET', url, ...(payload ? { payload } : {}), headers: { cookie: who.cookie, 'x-csrf-token': who.csrf } });
    before(async () => {
      t = await createTestApp({ engine });
      t.clock.set(new Date());
      await t.createUser({ userPrincipalName: 'ga@contoso.example', password: PASSWORD, roles: ['global-administrator'] });
      who = await t.signIn('ga@contoso.example', PASSWORD);
      app = (await call('POST', '/api/v1/apps', { displayName: 'Certified', createSecret: false })).json<{ app: AppJson }>().app;
    });
    after(() => t.close());

    test('a certificate is stored as public key and thumbprint, listed, refused twice, deleted', async () => {
      const res = await call('POST', `/api/v1/apps/${app.id}/certificates`, { displayName: 'build agent', certificate: rsa.pem });
      assert.equal(res.statusCode, 201, res.body);
      const cert = res.json<AppCertificateJson>();
      assert.equal(cert.thumbprint, rsa.thumbprint);
      assert.equal(cert.expired, false);
      const row = await t.db.db.selectFrom('oauth_app_certificate').selectAll().where('id', '=', cert.id).executeTakeFirstOrThrow();
      const jwk = JSON.parse(row.public_jwk) as Record<string, unknown>;
      assert.equal(jwk.kty, 'RSA');
      assert.equal(jwk.d, undefined);
      assert.equal(row.thumbprint, rsa.thumbprint);
      const again = await call('POST', `/api/v1/apps/${app.id}/certificates`, { certificate: rsa.pem });
      assert.equal(again.statusCode, 409);
      assert.equal(again.json<{ code: string }>().code, 'apps.certificate_exists');
      const listed = (await call('GET', `/api/v1/apps/${app.id}`)).json<AppJson>();
      assert.deepEqual(
        listed.certificates.map((c) => [c.id, c.thumbprint, c.displayName]),
        [[cert.id, rsa.thumbprint, 'build agent']],
      );
      assert.equal((await call('DELETE', `/api/v1/apps/${app.id}/certificates/${cert.id}`)).statusCode, 204);
      assert.equal((await call('DELETE', `/api/v1/apps/${app.id}/certificates/${cert.id}`)).json<{ code: string }>().code, 'apps.certificate_not_found');
      const actions = (await t.db.db.selectFrom('audit_event').select('action').where('target_id', '=', app.id).execute()).map((e) => e.action);
      assert.ok(actions.includes('app.certificate_added') && actions.includes('app.certificate_removed'));
    });

    test('a private key is refused and never stored or echoed; an expired certificate is refused', async () => {
      const before = (await t.repos.apps.certificatesOf(app.id)).length;
      const key = await call('POST', `/api/v1/apps/${app.id}/certificates`, { certificate: rsa.keyPem });
      assert.equal(key.statusCode, 400);
      assert.equal(key.json<{ code: string }>().code, 'apps.certificate_invalid');
      const keyBody = rsa.keyPem.split('\n')[1]!;
      assert.ok(!key.body.includes(keyBody), 'the key is not echoed');
      assert.ok(!t.logs.join('\n').includes(keyBody), 'the key is not logged');
      t.clock.advance(31 * 86_400_000);
      who = await t.signIn('ga@contoso.example', PASSWORD);
      const old = await call('POST', `/api/v1/apps/${app.id}/certificates`, { certificate: rsa.pem });
      assert.equal(old.json<{ code: string }>().code, 'apps.certificate_expired');
      assert.equal((await t.repos.apps.certificatesOf(app.id)).length, before);
    });
  });
}
