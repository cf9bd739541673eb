import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, type TestApp } from '../testing/test-app.js';
import { testEngines } from '../testing/databases.js';
import { appToken, graphAs, registerTestApp } from '../testing/oauth.js';
import { LOCKOUT_SETTINGS_KEY } from '../features/lockout/settings.js';

// Graph's audit and sign-in logs (issue 15) after real resets, changes and sign-ins through the
// API, read with real app tokens, on both engines.

const PASSWORD = 'Zebra-Quilt-Harbor-71!';
const CHANGED = 'Fjord&Kiwi*8372-Moss';
const PW = '28c10230-6103-485e-b985-444c60001490';
const AUDITS = '/graph/v1.0/auditLogs/directoryAudits';
const SIGN_INS = '/graph/v1.0/auditLogs/signIns';

for (const engine of testEngines()) {
  describe(`Graph audit and sign-in logs (${engine})`, () => {
    let t: TestApp;
    let auditor: string;
    let reader: string;
    let resetter: { token: string; clientId: string; appId: string };
    let alice: { id: string };
    let bob: { id: string };
    let start: string;
    let afterReset: string;
    before(async () => {
      t = await createTestApp({ engine });
      await t.repos.settings.put(LOCKOUT_SETTINGS_KEY, { lockoutThreshold: 3, lockoutDurationSeconds: 60 }, null, t.clock.now());
      t.lockoutConfig.invalidate();
      auditor = await appToken(t, await registerTestApp(t, { name: 'Auditor', permissions: ['AuditLog.Read.All'] }));
      reader = await appToken(t, await registerTestApp(t, { name: 'Reader', permissions: ['User.Read.All', 'Directory.Read.All'] }));
      const r = await registerTestApp(t, { name: 'Resetter', permissions: ['User-PasswordProfile.ReadWrite.All'] });
      resetter = { token: await appToken(t, r), clientId: r.clientId, appId: r.app.id };
      alice = await t.createUser({ userPrincipalName: 'alice@contoso.example', displayName: 'Alice Example', password: PASSWORD });
      bob = await t.createUser({ userPrincipalName: 'bob@contoso.example', password: PASSWORD });
      start = t.clock.now().toISOString();

      // Sign-ins: a success, a wrong password, then Bob locked out (threshold 3) and refused while locked.
      const signIn = (username: string, password: string) =>
        t.app.inject({
          method: 'POST',
          url: '/api/v1/auth/sign-in',
          payload: { username, password },
          headers: { 'user-agent': 'Mozilla/5.0 (Windows NT 10.0) Firefox/128.0' },
        });
      assert.equal((await signIn('alice@contoso.example', PASSWORD)).statusCode, 200);
      t.clock.advance(1000);
      assert.equal((await signIn('alice@contoso.example', 'Wrong-1')).statusCode, 401);
      for (let i = 0; i < 4; i++) await signIn('bob@contoso.example', `Wrong-${i}`);
      t.clock.advance(1000);

      // Audit: an app resets Alice's password through Graph, then Alice changes it through the API.
      const reset = await graphAs(t, resetter.token, 'POST', `/graph/v1.0/users/${alice.id}/authentication/methods/${PW}/resetPassword`, {
        newPassword: PASSWORD + 'x',
      });
      assert.equal(reset.statusCode, 202, reset.body);
      t.clock.advance(1000);
      afterReset = t.clock.now().toISOString();
      const session = await t.signIn('alice@contoso.example', PASSWORD + 'x');
      const change = await t.app.inject({
        method: 'POST',
        url: '/api/v1/me/change-password',
        headers: { cookie: session.cookie, 'x-csrf-token': session.csrf },
        payload: { currentPassword: PASSWORD + 'x', newPassword: CHANGED },
      });
      assert.equal(change.statusCode, 204, change.body);
    });
    after(() => t.close());

    const get = (token: string, url: string) => graphAs(t, token, 'GET', url);
    type Audit = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

    test("directoryAudits: a reset by an app, in Entra's shape", async () => {
      const res = await get(auditor, `${AUDITS}?$filter=activityDisplayName eq 'Reset user password'`);
      assert.equal(res.statusCode, 200, res.body);
      assert.match(res.json()['@odata.context'], /\$metadata#auditLogs\/directoryAudits$/);
      const [event, ...rest] = res.json().value as Audit[];
      assert.equal(rest.length, 0);
      assert.deepEqual(Object.keys(event!).sort(), [
        'activityDateTime',
        'activityDisplayName',
        'additionalDetails',
        'category',
        'correlationId',
        'id',
        'initiatedBy',
        'loggedByService',
        'operationType',
        'result',
        'resultReason',
        'targetResources',
      ]);
      assert.equal(event!.category, 'UserManagement');
      assert.equal(event!.loggedByService, 'Core Directory');
      assert.equal(event!.operationType, 'Update');
      assert.equal(event!.result, 'success');
      assert.equal(event!.initiatedBy.user, null);
      assert.deepEqual(event!.initiatedBy.app, {
        appId: resetter.clientId,
        displayName: 'Resetter',
        servicePrincipalId: resetter.appId,
        servicePrincipalName: null,
      });
      assert.equal(event!.targetResources[0].id, alice.id);
      assert.equal(event!.targetResources[0].userPrincipalName, 'alice@contoso.example');
      assert.equal(event!.targetResources[0].type, 'User');
      assert.ok(event!.additionalDetails.some((d: { key: string; value: string }) => d.key === 'latchkeyAction' && d.value === 'user.password_reset'));

      const one = await get(auditor, `${AUDITS}/${event!.id}`);
      assert.equal(one.statusCode, 200);
      assert.equal(one.json().id, event!.id);
      assert.equal((await get(auditor, `${AUDITS}/nope`)).statusCode, 404);
    });

    test('directoryAudits: a change by the user, and the filters on initiator, target, time and category', async () => {
      const changes = (await get(auditor, `${AUDITS}?$filter=initiatedBy/user/id eq '${alice.id}'`)).json().value as Audit[];
      const change = changes.find((e) => e.activityDisplayName === 'Change user password');
      assert.ok(change, JSON.stringify(changes.map((e) => e.activityDisplayName)));
      assert.equal(change.initiatedBy.user.id, alice.id);
      assert.equal(change.initiatedBy.user.userPrincipalName, 'alice@contoso.example');
      assert.equal(change.initiatedBy.app, null);

      const byApp = (await get(auditor, `${AUDITS}?$filter=initiatedBy/app/appId eq '${resetter.clientId}'`)).json().value as Audit[];
      assert.deepEqual(
        byApp.map((e) => e.activityDisplayName),
        ['Reset user password'],
      );
      const aboutAlice = (await get(auditor, `${AUDITS}?$filter=targetResources/any(t: t/id eq '${alice.id}')`)).json().value as Audit[];
      assert.ok(aboutAlice.length >= 2);
      assert.ok(aboutAlice.every((e) => e.targetResources[0].id === alice.id));
      const later = (await get(auditor, `${AUDITS}?$filter=activityDateTime ge ${afterReset}`)).json().value as Audit[];
      assert.ok(later.some((e) => e.activityDisplayName === 'Change user password'));
      assert.ok(!later.some((e) => e.activityDisplayName === 'Reset user password'));
      const earlier = (await get(auditor, `${AUDITS}?$filter=activityDateTime le ${start} and category eq 'UserManagement'`)).json().value as Audit[];
      assert.ok(earlier.every((e) => e.activityDateTime <= start && e.category === 'UserManagement'));
      const none = (await get(auditor, `${AUDITS}?$filter=category eq 'RoleManagement'`)).json().value;
      assert.deepEqual(none, []);
      const or = await get(auditor, `${AUDITS}?$filter=category eq 'Policy' or result eq 'failure'`);
      assert.equal(or.statusCode, 400);
      assert.equal(or.json().error.code, 'Request_UnsupportedQuery');
    });

    test('directoryAudits pages with @odata.nextLink: every event once, newest first', async () => {
      const all = (await get(auditor, AUDITS)).json().value as Audit[];
      assert.ok(all.length >= 3);
      const seen: string[] = [];
      let url: string | undefined = `${AUDITS}?$top=1`;
      for (let i = 0; url && i < 50; i++) {
        const page: { value: Audit[]; '@odata.nextLink'?: string } = (await get(auditor, url)).json();
        assert.ok(page.value.length <= 1);
        seen.push(...page.value.map((e) => e.id));
        const next = page['@odata.nextLink'];
        url = next ? new URL(next).pathname + new URL(next).search : undefined;
      }
      assert.deepEqual(
        seen,
        all.map((e) => e.id),
      );
      const forged = await get(auditor, `${AUDITS}?$skiptoken=abc`);
      assert.equal(forged.statusCode, 400);
      assert.equal(forged.json().error.code, 'Request_BadRequest');
    });

    test('signIns: success, wrong password and locked with Entra error codes; filters and paging', async () => {
      const res = await get(auditor, `${SIGN_INS}?$filter=userId eq '${alice.id}' and createdDateTime le ${start}`);
      assert.equal(res.statusCode, 200, res.body);
      const ok = (res.json().value as Audit[])[0]!;
      assert.equal(ok.status.errorCode, 0);
      assert.equal(ok.userPrincipalName, 'alice@contoso.example');
      assert.equal(ok.userDisplayName, 'Alice Example');
      assert.equal(ok.clientAppUsed, 'Browser');
      assert.equal(ok.isInteractive, true);
      assert.equal(ok.conditionalAccessStatus, 'notApplied');
      assert.deepEqual(ok.deviceDetail.browser, 'Firefox');
      assert.deepEqual(ok.deviceDetail.operatingSystem, 'Windows');

      const wrong = (await get(auditor, `${SIGN_INS}?$filter=status/errorCode eq 50126`)).json().value as Audit[];
      assert.ok(wrong.some((e) => e.userId === alice.id));
      assert.ok(wrong.every((e) => e.status.errorCode === 50126 && e.status.failureReason));
      const locked = (await get(auditor, `${SIGN_INS}?$filter=userPrincipalName eq 'bob@contoso.example' and status/errorCode eq 50053`)).json()
        .value as Audit[];
      assert.ok(locked.length >= 1, 'Bob was refused while locked');
      assert.ok(locked.every((e) => e.userId === bob.id && e.latchkeyReason === 'locked'));

      const all = (await get(auditor, SIGN_INS)).json().value as Audit[];
      const paged: string[] = [];
      let url: string | undefined = `${SIGN_INS}?$top=2`;
      for (let i = 0; url && i < 50; i++) {
        const page: { value: Audit[]; '@odata.nextLink'?: string } = (await get(auditor, url)).json();
        paged.push(...page.value.map((e) => e.id));
        const next = page['@odata.nextLink'];
        url = next ? new URL(next).pathname + new URL(next).search : undefined;
      }
      assert.deepEqual(
        paged,
        all.map((e) => e.id),
      );
      assert.equal((await get(auditor, `${SIGN_INS}/${ok.id}`)).json().id, ok.id);
    });

    test('AuditLog.Read.All is required: 403 Authorization_RequestDenied without it', async () => {
      for (const url of [AUDITS, SIGN_INS]) {
        const res = await get(reader, url);
        assert.equal(res.statusCode, 403, `${url} ${res.body}`);
        assert.equal(res.json().error.code, 'Authorization_RequestDenied');
      }
    });
  });
}
