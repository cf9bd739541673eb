/*
 * /api/v1/apps (issue 15) on both engines, through real sign-ins: who may manage apps, validation
 * that changes nothing, the secret shown once and stored only as a keyed hash, expiry bounds,
 * consent cleared by a permission change, directory roles, and the audit rows of each change.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { testEngines } from '../../testing/databases.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import type { AppCreatedJson, AppJson } from '../../../shared/apps.js';
import { clientSecretMatches } from './secrets.js';

const PASSWORD = 'Zebra-Quilt-Harbor-71!';
type Who = { cookie: string; csrf: string };
type Problem = { code: string; title: string; issues?: { path: string; code: string }[] };

const call = (t: TestApp, who: Who, method: string, url: string, payload?: object) =>
  t.app.inject({ method: method as 'GET', url, ...(payload ? { payload } : {}), headers: { cookie: who.cookie, 'x-csrf-token': who.csrf } });
const count = async (t: TestApp, table: 'oauth_app' | 'oauth_app_secret' | 'oauth_app_certificate' | 'audit_event') =>
  Number(
    (
      await t.db.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
const auditOf = (t: TestApp, action: string) => t.db.db.selectFrom('audit_event').selectAll().where('action', '=', action).orderBy('occurred_at').execute();

for (const engine of testEngines()) {
  describe(`app registrations API (${engine})`, () => {
    let t: TestApp;
    const who: Record<'ga' | 'ua' | 'pra', Who> = {} as never;
    let gaId: string;
    before(async () => {
      t = await createTestApp({ engine });
      const roles = { ga: 'global-administrator', ua: 'user-administrator', pra: 'privileged-role-administrator' } as const;
      for (const [name, role] of Object.entries(roles)) {
        const { id } = await t.createUser({ userPrincipalName: `${name}@contoso.example`, password: PASSWORD, roles: [role] });
        if (name === 'ga') gaId = id;
        who[name as keyof typeof roles] = await t.signIn(`${name}@contoso.example`, PASSWORD);
      }
    });
    after(() => t.close());

    test('a Global Administrator registers an app: secret once, stored only as a keyed hash, audited without it', async () => {
      const res = await call(t, who.ga, 'POST', '/api/v1/apps', {
        displayName: ' Payroll sync ',
        permissions: ['user.read.all', 'User-PasswordProfile.ReadWrite.All'],
      });
      assert.equal(res.statusCode, 201, res.body);
      const created = res.json<AppCreatedJson>();
      const org = await t.repos.organization.get();
      assert.equal(created.tenantId, org!.id);
      assert.match(created.clientId, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      assert.notEqual(created.clientId, created.app.id);
      assert.equal(created.app.displayName, 'Payroll sync');
      assert.deepEqual(created.app.permissions, ['User.Read.All', 'User-PasswordProfile.ReadWrite.All']);
      assert.equal(created.app.consentedDateTime, null);
      const secret = created.clientSecret!;
      assert.ok(secret.length >= 43, 'a 256-bit secret');
      assert.equal(created.app.secrets.length, 1);
      assert.equal(created.app.secrets[0]!.hint, secret.slice(0, 3));
      // Stored: the keyed hash, never the value.
      const rows = await t.db.db.selectFrom('oauth_app_secret').selectAll().where('app_id', '=', created.app.id).execute();
      assert.equal(rows.length, 1);
      assert.ok(clientSecretMatches(t.config.secret!, secret, rows[0]!.secret_hash));
      assert.ok(!JSON.stringify(rows).includes(secret));
      // Shown once: reading the app again gives no value.
      const again = await call(t, who.ga, 'GET', `/api/v1/apps/${created.app.id}`);
      assert.equal(again.statusCode, 200);
      assert.ok(!again.body.includes(secret));
      assert.equal(again.json<AppJson>().secrets[0]!.hint, secret.slice(0, 3));
      // By client id too.
      assert.equal((await call(t, who.ga, 'GET', `/api/v1/apps/${created.clientId}`)).json<AppJson>().id, created.app.id);
      const events = [...(await auditOf(t, 'app.created')), ...(await auditOf(t, 'app.secret_added'))].filter((e) => e.target_id === created.app.id);
      assert.equal(events.length, 2);
      for (const e of events) {
        assert.equal(e.actor_id, gaId);
        assert.equal(e.target_name, 'Payroll sync');
        assert.ok(!JSON.stringify(e).includes(secret) && !JSON.stringify(e).includes(rows[0]!.secret_hash), 'no secret in the audit log');
      }
      const list = await call(t, who.ga, 'GET', '/api/v1/apps');
      assert.ok(list.json<{ items: AppJson[] }>().items.some((a) => a.id === created.app.id));
    });

    test('a User Administrator and a Privileged Role Administrator may not manage apps', async () => {
      for (const name of ['ua', 'pra'] as const) {
        for (const [method, url, body] of [
          ['GET', '/api/v1/apps'],
          ['POST', '/api/v1/apps', { displayName: 'Nope' }],
        ] as const) {
          const res = await call(t, who[name], method, url, body);
          assert.equal(res.statusCode, 403, `${name} ${method}`);
          assert.equal(res.json<Problem>().code, 'auth.forbidden');
        }
      }
      assert.equal((await t.repos.apps.list()).filter((a) => a.displayName === 'Nope').length, 0);
    });

    test('invalid input is a problem+json naming what is wrong, and changes nothing', async () => {
      const before = [await count(t, 'oauth_app'), await count(t, 'oauth_app_secret'), await count(t, 'audit_event')];
      const cases: [object, string, RegExp | null][] = [
        [{ displayName: 'X', permissions: ['User.Read.All', 'Mail.Send'] }, 'apps.invalid_permission', /Mail\.Send/],
        [{ displayName: 'X', directoryRole: 'Supreme Leader' }, 'apps.invalid_role', /Supreme Leader/],
        [{ displayName: 'X', redirectUris: ['http://example.com/cb'] }, 'apps.invalid_redirect_uri', /example\.com/],
        [{ displayName: 'X', redirectUris: ['https://app.example/cb#frag'] }, 'apps.invalid_redirect_uri', null],
        [{ displayName: 'X', redirectUris: ['https://user:pw@app.example/cb'] }, 'apps.invalid_redirect_uri', null],
        [{ displayName: '   ' }, 'request.validation_failed', null],
        [{ displayName: 'x'.repeat(121) }, 'request.validation_failed', null],
        [{ displayName: 'X', secretExpiresInDays: 731 }, 'request.validation_failed', null],
        [{ displayName: 'X', secretExpiresInDays: 0 }, 'request.validation_failed', null],
      ];
      for (const [body, code, title] of cases) {
        const res = await call(t, who.ga, 'POST', '/api/v1/apps', body);
        assert.equal(res.statusCode, 400, JSON.stringify(body));
        assert.match(String(res.headers['content-type']), /application\/problem\+json/);
        assert.equal(res.json<Problem>().code, code, JSON.stringify(body));
        if (title) assert.match(res.json<Problem>().title, title);
      }
      assert.deepEqual([await count(t, 'oauth_app'), await count(t, 'oauth_app_secret'), await count(t, 'audit_event')], before);
      // Loopback http and https are fine.
      const ok = await call(t, who.ga, 'POST', '/api/v1/apps', {
        displayName: 'CLI tool',
        publicClient: true,
        redirectUris: ['http://localhost:8400/', 'http://127.0.0.1/cb', 'https://app.example/cb'],
      });
      assert.equal(ok.statusCode, 201, ok.body);
      assert.equal(ok.json<AppCreatedJson>().clientSecret, undefined, 'a public client gets no secret by default');
    });

    test('secrets: 1 to 730 days, listed with hint and expiry, expired later, deleted', async () => {
      const app = (await call(t, who.ga, 'POST', '/api/v1/apps', { displayName: 'Secrets', createSecret: false })).json<AppCreatedJson>().app;
      assert.equal(app.secrets.length, 0);
      for (const days of [0, 731]) {
        const res = await call(t, who.ga, 'POST', `/api/v1/apps/${app.id}/secrets`, { expiresInDays: days });
        assert.equal(res.statusCode, 400);
      }
      const longest = await call(t, who.ga, 'POST', `/api/v1/apps/${app.id}/secrets`, { displayName: 'prod', expiresInDays: 730 });
      assert.equal(longest.statusCode, 201, longest.body);
      const made = longest.json<AppCreatedJson>();
      const listed = made.app.secrets.find((s) => s.id === made.secretId)!;
      assert.equal(new Date(listed.endDateTime).getTime() - new Date(listed.createdDateTime).getTime(), 730 * 86_400_000);
      assert.equal(listed.expired, false);
      const short = (await call(t, who.ga, 'POST', `/api/v1/apps/${app.id}/secrets`, {})).json<AppCreatedJson>();
      const defaulted = short.app.secrets.find((s) => s.id === short.secretId)!;
      assert.equal(new Date(defaulted.endDateTime).getTime() - t.clock.now().getTime(), 180 * 86_400_000);
      t.clock.advance(181 * 86_400_000);
      const ga = await t.signIn('ga@contoso.example', PASSWORD);
      const later = (await call(t, ga, 'GET', `/api/v1/apps/${app.id}`)).json<AppJson>();
      assert.deepEqual(
        later.secrets.map((s) => [s.id, s.expired]).sort(),
        [
          [made.secretId, false],
          [short.secretId, true],
        ].sort(),
      );
      const del = await call(t, ga, 'DELETE', `/api/v1/apps/${app.id}/secrets/${short.secretId}`);
      assert.equal(del.statusCode, 204);
      const gone = await call(t, ga, 'DELETE', `/api/v1/apps/${app.id}/secrets/${short.secretId}`);
      assert.equal(gone.json<Problem>().code, 'apps.secret_not_found');
      assert.equal((await auditOf(t, 'app.secret_removed')).length, 1);
      who.ga = ga;
    });

    test('consent: granted, kept when the permission set is the same, cleared when it changes', async () => {
      const app = (await call(t, who.ga, 'POST', '/api/v1/apps', { displayName: 'Consent', permissions: ['User.Read.All'] })).json<AppCreatedJson>().app;
      const granted = await call(t, who.ga, 'POST', `/api/v1/apps/${app.id}/consent`);
      assert.equal(granted.statusCode, 200, granted.body);
      assert.equal(granted.json<AppJson>().consentedDateTime, t.clock.now().toISOString());
      assert.equal(granted.json<AppJson>().consentedBy, gaId);
      const same = await call(t, who.ga, 'PATCH', `/api/v1/apps/${app.id}`, { permissions: ['user.read.all', 'User.Read.All'], displayName: 'Consent 2' });
      assert.equal(same.statusCode, 200, same.body);
      assert.notEqual(same.json<AppJson>().consentedDateTime, null, 'the same set keeps consent');
      const changed = await call(t, who.ga, 'PATCH', `/api/v1/apps/${app.id}`, { permissions: ['User.Read.All', 'AuditLog.Read.All'] });
      assert.equal(changed.json<AppJson>().consentedDateTime, null, 'a new permission needs consent again');
      assert.equal((await t.repos.apps.findById(app.id))!.consentedAt, null);
      const revoked = (await auditOf(t, 'app.consent_revoked')).filter((e) => e.target_id === app.id);
      assert.equal(revoked.length, 1);
      assert.match(String(revoked[0]!.details), /permissions_changed/);
      await call(t, who.ga, 'POST', `/api/v1/apps/${app.id}/consent`);
      const off = await call(t, who.ga, 'DELETE', `/api/v1/apps/${app.id}/consent`);
      assert.equal(off.json<AppJson>().consentedDateTime, null);
      assert.equal((await auditOf(t, 'app.consent_granted')).filter((e) => e.target_id === app.id).length, 2);
    });

    test('a directory role by Entra name; assigned and removed are audited; a PATCH changes nothing when invalid', async () => {
      const app = (
        await call(t, who.ga, 'POST', '/api/v1/apps', { displayName: 'Helpdesk bot', directoryRole: 'Helpdesk Administrator' })
      ).json<AppCreatedJson>().app;
      assert.equal(app.directoryRole, 'helpdesk-administrator');
      const bad = await call(t, who.ga, 'PATCH', `/api/v1/apps/${app.id}`, { displayName: 'Renamed', permissions: ['Nope.All'] });
      assert.equal(bad.json<Problem>().code, 'apps.invalid_permission');
      assert.equal((await t.repos.apps.findById(app.id))!.displayName, 'Helpdesk bot');
      const removed = await call(t, who.ga, 'PATCH', `/api/v1/apps/${app.id}`, { directoryRole: null });
      assert.equal(removed.json<AppJson>().directoryRole, null);
      const events = (await t.db.db.selectFrom('audit_event').selectAll().where('target_id', '=', app.id).execute()).map((e) => e.action).sort();
      assert.deepEqual(events, ['app.created', 'app.role_assigned', 'app.role_removed', 'app.secret_added']);
    });

    test('sensitive actions need a fresh sign-in proof (step-up), and change nothing without it', async () => {
      const app = (await call(t, who.ga, 'POST', '/api/v1/apps', { displayName: 'Step-up', permissions: ['User.Read.All'] })).json<AppCreatedJson>().app;
      t.clock.advance((t.config.stepUpMaxAgeSeconds + 1) * 1000);
      const before = [await count(t, 'oauth_app'), await count(t, 'oauth_app_secret'), await count(t, 'audit_event')];
      for (const [method, url, body] of [
        ['POST', `/api/v1/apps/${app.id}/secrets`, {}],
        ['POST', `/api/v1/apps/${app.id}/consent`, undefined],
        ['PATCH', `/api/v1/apps/${app.id}`, { directoryRole: 'password-administrator' }],
        ['POST', '/api/v1/apps', { displayName: 'Needs proof' }],
      ] as const) {
        const res = await call(t, who.ga, method, url, body);
        assert.equal(res.statusCode, 403, `${method} ${url}`);
        assert.equal(res.json<Problem>().code, 'auth.step_up_required');
      }
      assert.deepEqual([await count(t, 'oauth_app'), await count(t, 'oauth_app_secret'), await count(t, 'audit_event')], before);
      // Non-sensitive changes go ahead.
      assert.equal((await call(t, who.ga, 'PATCH', `/api/v1/apps/${app.id}`, { displayName: 'Step-up 2' })).statusCode, 200);
      assert.equal((await call(t, who.ga, 'POST', '/api/v1/apps', { displayName: 'Public', publicClient: true })).statusCode, 201);
      who.ga = await t.signIn('ga@contoso.example', PASSWORD);
    });

    test('deleting an app removes its secrets and certificates; it is gone', async () => {
      const created = (await call(t, who.ga, 'POST', '/api/v1/apps', { displayName: 'Short-lived' })).json<AppCreatedJson>();
      const del = await call(t, who.ga, 'DELETE', `/api/v1/apps/${created.app.id}`);
      assert.equal(del.statusCode, 204);
      assert.equal((await call(t, who.ga, 'GET', `/api/v1/apps/${created.app.id}`)).json<Problem>().code, 'apps.not_found');
      assert.equal((await t.repos.apps.secretsOf(created.app.id)).length, 0);
      assert.equal((await auditOf(t, 'app.deleted')).filter((e) => e.target_id === created.app.id).length, 1);
    });
  });
}
