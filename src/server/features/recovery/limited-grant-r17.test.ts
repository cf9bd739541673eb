// Checklist R17 (Forgot Password CS: a PIN "creates a limited session that only permits the user to
// reset their password"): what a proven reset flow or a set-password link grants is the password
// step and nothing else. Latchkey gives neither a session at all: the portal's flow id and the
// link's token are accepted only by their own set-password operations, no answer sets a session
// cookie (before, during or after the reset: no automatic sign-in, D4), and presented as a session
// cookie or a bearer token they open no profile, admin or API endpoint.
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import { after, before, describe, test } from 'node:test';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { testEngines } from '../../testing/databases.js';
import { latestCode, recoveryDriver } from '../../testing/recovery.js';

const PASSWORD = 'Zebra-Quilt-Harbor-71!';
const NEW = 'Fjord&Kiwi*8372-Moss';
const NEWER = 'Lagoon#Tundra-5820-Pike';

for (const engine of testEngines()) {
  describe(`R17: a redeemed flow or link grants only the password step (${engine})`, () => {
    let t: TestApp;
    let admin: { cookie: string; csrf: string };
    let d: ReturnType<typeof recoveryDriver>;
    let adminId: string;
    before(async () => {
      t = await createTestApp({ engine, config: { recoveryCaptchaMaxNumber: 50, publicUrl: 'https://passwords.contoso.example' } });
      adminId = (await t.createUser({ userPrincipalName: 'admin@contoso.example', password: PASSWORD, roles: ['global-administrator'] })).id;
      admin = await t.signIn('admin@contoso.example', PASSWORD);
      d = recoveryDriver(t);
      await d.configure(admin, {
        enabledFor: 'all',
        methods: { email: true, mobilePhone: true, officePhone: false, authenticatorApp: true, securityQuestions: false },
        methodsRequired: 1,
      });
    });
    after(() => t.close());

    /** No answer may start a session: no Set-Cookie of a session (or any) cookie. */
    const noSession = (res: LightMyRequestResponse, what: string) =>
      assert.deepEqual(
        res.cookies.map((c) => c.name),
        [],
        `${what} sets no cookie`,
      );

    /** The bearer secret, presented every way a client could, opens nothing outside the password step. */
    async function opensNothing(secret: string, victimId: string) {
      const ways: Record<string, string>[] = [
        { cookie: `latchkey_session=${secret}` },
        { cookie: `__Host-latchkey_session=${secret}` },
        { cookie: `latchkey_session=${secret}; latchkey_csrf=${secret}`, 'x-csrf-token': secret },
        { authorization: `Bearer ${secret}` },
      ];
      const probes: { method: 'GET' | 'POST' | 'PATCH'; url: string; payload?: object }[] = [
        { method: 'GET', url: '/api/v1/me' },
        { method: 'GET', url: '/api/v1/me/sessions' },
        { method: 'GET', url: '/api/v1/me/methods' },
        { method: 'POST', url: '/api/v1/me/change-password', payload: { currentPassword: PASSWORD, newPassword: NEWER } },
        { method: 'GET', url: '/api/v1/users' },
        { method: 'GET', url: `/api/v1/users/${adminId}` },
        { method: 'PATCH', url: `/api/v1/users/${victimId}`, payload: { displayName: 'Taken over' } },
        { method: 'POST', url: `/api/v1/users/${victimId}/reset-password`, payload: { autoGenerate: true } },
        { method: 'GET', url: '/api/v1/settings/self-service-password-reset' },
      ];
      for (const headers of ways) {
        for (const probe of probes) {
          const res = await t.app.inject({ ...probe, headers: { ...headers, origin: 'https://passwords.contoso.example' } });
          assert.ok([401, 403].includes(res.statusCode), `${probe.method} ${probe.url} with ${Object.keys(headers).join('+')}: ${res.statusCode}`);
        }
      }
      const victim = await t.repos.users.findById(victimId);
      assert.notEqual(victim?.displayName, 'Taken over');
    }

    test('the reset portal: a proven flow opens only its own set-password step, and the reset signs nobody in', async () => {
      const { id } = await t.createUser({ userPrincipalName: 'portal@contoso.example', password: PASSWORD });
      const who = await t.signIn('portal@contoso.example', PASSWORD);
      await d.registerCode(who, PASSWORD, 'email', 'portal@example.org');

      const started = await d.start('portal@contoso.example');
      noSession(started, 'starting a flow');
      const flowId = started.json<{ id: string }>().id;
      await opensNothing(flowId, id);
      const sent = await d.send(flowId, 'email');
      noSession(sent, 'sending a code');
      const proven = await d.verify(flowId, { method: 'email', code: await latestCode(t, 'portal@example.org') });
      assert.equal(proven.statusCode, 200, proven.body);
      noSession(proven, 'proving the method');
      // Proven: the flow may now set the password, and still opens nothing else.
      await opensNothing(flowId, id);
      const reset = await d.password(flowId, NEW);
      assert.equal(reset.statusCode, 200, reset.body);
      noSession(reset, 'setting the password (no automatic sign-in, D4)');
      await opensNothing(flowId, id);
      // The old session ended with the reset; the new password signs in only through sign-in.
      assert.equal((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: who.cookie } })).statusCode, 401);
      await t.signIn('portal@contoso.example', NEW);
    });

    test('a set-password link: inspecting and redeeming it start no session, and its token opens nothing else', async () => {
      const { id } = await t.createUser({ userPrincipalName: 'linked@contoso.example', password: PASSWORD });
      await t.db.db
        .updateTable('app_user')
        .set({ other_mails: JSON.stringify(['alt.linked@example.org']) })
        .where('id', '=', id)
        .execute();
      const sent = await t.app.inject({
        method: 'POST',
        url: `/api/v1/users/${id}/reset-password`,
        payload: { sendLink: true },
        headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf },
      });
      assert.equal(sent.statusCode, 200, sent.body);
      await t.outboxWorker.drain();
      const [mail] = await t.repos.outbox.listDevMail(1, 'alt.linked@example.org');
      const token = /\/set-password#token=([A-Za-z0-9_-]{43})/.exec(mail!.text)![1]!;

      const inspected = await t.app.inject({ method: 'POST', url: '/api/v1/password-links/inspect', payload: { token } });
      assert.equal(inspected.statusCode, 200, inspected.body);
      noSession(inspected, 'inspecting the link');
      await opensNothing(token, id);
      const redeemed = await t.app.inject({ method: 'POST', url: '/api/v1/password-links/redeem', payload: { token, newPassword: NEW } });
      assert.equal(redeemed.statusCode, 204, redeemed.body);
      noSession(redeemed, 'redeeming the link (no automatic sign-in)');
      await opensNothing(token, id);
      await t.signIn('linked@contoso.example', NEW);
    });
  });
}
