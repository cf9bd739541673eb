// Checklist R13 (Forgot Password CS; WSTG Host-header injection): links in mail use the configured
// https origin, whatever Host, X-Forwarded-Host or Forwarded say, also behind a trusted proxy.
// Checklist R16 (ASVS 3.5.3): GET never consumes a token or a code and never changes state (mail
// scanners prefetch links): the link's page, GETs on the token operations and on the portal flow
// leave the link and the code usable, and the flow then completes through POST.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { testEngines } from '../../testing/databases.js';
import { latestCode, recoveryDriver } from '../../testing/recovery.js';

const PASSWORD = 'Zebra-Quilt-Harbor-71!';
const NEW = 'Fjord&Kiwi*8372-Moss';
const ORIGIN = 'https://passwords.contoso.example';
const EVIL = {
  host: 'evil.example',
  'x-forwarded-host': 'evil.example',
  'x-forwarded-proto': 'http',
  forwarded: 'for=203.0.113.9;host=evil.example;proto=http',
};

for (const engine of testEngines()) {
  for (const proxied of [false, true]) {
    describe(`R13, R16: links use the configured origin; GET changes nothing (${engine}${proxied ? ', behind a trusted proxy' : ''})`, () => {
      let t: TestApp;
      let admin: { cookie: string; csrf: string };
      let n = 0;
      before(async () => {
        t = await createTestApp({
          engine,
          config: { publicUrl: ORIGIN, recoveryCaptchaMaxNumber: 50, ...(proxied ? { trustedProxies: '127.0.0.1' } : {}) },
        });
        await t.createUser({ userPrincipalName: 'helpdesk@contoso.example', password: PASSWORD, roles: ['global-administrator'] });
        admin = await t.signIn('helpdesk@contoso.example', PASSWORD);
      });
      after(() => t.close());

      async function linkedUser() {
        n++;
        const upn = `linked${n}@contoso.example`;
        const { id } = await t.createUser({ userPrincipalName: upn, password: PASSWORD });
        await t.db.db
          .updateTable('app_user')
          .set({ other_mails: JSON.stringify([`alt.linked${n}@example.org`]) })
          .where('id', '=', id)
          .execute();
        return { id, upn, alternate: `alt.linked${n}@example.org` };
      }

      test('a set-password link sent with a hostile Host, X-Forwarded-Host and Forwarded points at the configured origin (R13)', async () => {
        const user = await linkedUser();
        const sent = await t.app.inject({
          method: 'POST',
          url: `/api/v1/users/${user.id}/reset-password`,
          payload: { sendLink: true },
          headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf, origin: ORIGIN, ...EVIL },
        });
        assert.equal(sent.statusCode, 200, sent.body);
        await t.outboxWorker.drain();
        const [mail] = await t.repos.outbox.listDevMail(1, user.alternate);
        const urls = [...mail!.text.matchAll(/https?:\/\/[^\s)>\]]+/g)].map((m) => m[0]);
        assert.ok(
          urls.some((u) => u.includes('/set-password#token=')),
          mail!.text,
        );
        for (const url of urls) assert.equal(new URL(url).origin, ORIGIN, url);
        assert.ok(!(mail!.text + (mail!.html ?? '')).includes('evil.example'));
      });

      test('reset-portal mail (the code and the notice) links only to the configured origin (R13)', async () => {
        const d = recoveryDriver(t);
        await d.configure(admin, {
          enabledFor: 'all',
          methods: { email: true, mobilePhone: true, officePhone: false, authenticatorApp: true, securityQuestions: false },
          methodsRequired: 1,
        });
        n++;
        const upn = `portal${n}@contoso.example`;
        await t.createUser({ userPrincipalName: upn, password: PASSWORD });
        const who = await t.signIn(upn, PASSWORD);
        await d.registerCode(who, PASSWORD, 'email', `portal${n}@example.org`);
        const flow = (await d.start(upn, EVIL)).json<{ id: string }>();
        await d.send(flow.id, 'email', EVIL);
        assert.equal((await d.verify(flow.id, { method: 'email', code: await latestCode(t, `portal${n}@example.org`) }, EVIL)).statusCode, 200);
        assert.equal(
          (await t.app.inject({ method: 'POST', url: `/api/v1/recovery/flows/${flow.id}/password`, payload: { newPassword: NEW }, headers: EVIL })).statusCode,
          200,
        );
        await t.outboxWorker.drain();
        const mails = [...(await t.repos.outbox.listDevMail(20, `portal${n}@example.org`)), ...(await t.repos.outbox.listDevMail(20, upn))];
        assert.ok(mails.length >= 2, 'the code and the reset notice');
        for (const mail of mails) {
          assert.ok(!(mail.text + (mail.html ?? '')).includes('evil.example'), mail.text);
          for (const [url] of mail.text.matchAll(/https?:\/\/[^\s)>\]]+/g)) assert.equal(new URL(url).origin, ORIGIN, url);
        }
      });

      test('GET never consumes a link: the page three times, GETs on its operations, then it still works once by POST (R16)', async () => {
        const user = await linkedUser();
        await t.app.inject({
          method: 'POST',
          url: `/api/v1/users/${user.id}/reset-password`,
          payload: { sendLink: true },
          headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf },
        });
        await t.outboxWorker.drain();
        const [mail] = await t.repos.outbox.listDevMail(1, user.alternate);
        const token = /\/set-password#token=([A-Za-z0-9_-]{43})/.exec(mail!.text)![1]!;
        for (let i = 0; i < 3; i++) {
          // What a scanner fetches: the page (the fragment never reaches a server), also with the token as a query.
          for (const url of ['/set-password', `/set-password?token=${token}`]) assert.equal((await t.app.inject({ method: 'GET', url })).statusCode, 200);
          for (const url of [
            `/api/v1/password-links/inspect?token=${token}`,
            `/api/v1/password-links/redeem?token=${token}&newPassword=${encodeURIComponent(NEW)}`,
          ]) {
            const res = await t.app.inject({ method: 'GET', url });
            assert.ok(res.statusCode >= 400 && res.statusCode < 500, `${url}: ${res.statusCode}`);
          }
          const head = await t.app.inject({ method: 'HEAD', url: `/api/v1/password-links/redeem?token=${token}` });
          assert.ok(head.statusCode >= 400, `HEAD: ${head.statusCode}`);
        }
        assert.equal((await t.app.inject({ method: 'POST', url: '/api/v1/password-links/inspect', payload: { token } })).statusCode, 200, 'still open');
        await t.signIn(user.upn, PASSWORD); // the password did not change
        assert.equal((await t.app.inject({ method: 'POST', url: '/api/v1/password-links/redeem', payload: { token, newPassword: NEW } })).statusCode, 204);
        await t.signIn(user.upn, NEW);
      });

      test('GET never moves a portal flow: reading it three times leaves the code valid and the flow completes by POST (R16)', async () => {
        const d = recoveryDriver(t);
        n++;
        const upn = `prefetch${n}@contoso.example`;
        await t.createUser({ userPrincipalName: upn, password: PASSWORD });
        const who = await t.signIn(upn, PASSWORD);
        await d.registerCode(who, PASSWORD, 'email', `prefetch${n}@example.org`);
        const flow = (await d.start(upn)).json<{ id: string }>();
        await d.send(flow.id, 'email');
        const code = await latestCode(t, `prefetch${n}@example.org`);
        const before = await t.db.db.selectFrom('recovery_flow').selectAll().where('id', '=', flow.id).executeTakeFirst();
        for (let i = 0; i < 3; i++) {
          for (const url of [
            `/recover`,
            `/api/v1/recovery/flows/${flow.id}`,
            `/api/v1/recovery/flows/${flow.id}/verify?method=email&code=${code}`,
            `/api/v1/recovery/flows/${flow.id}/password?newPassword=${encodeURIComponent(NEW)}`,
          ]) {
            const res = await t.app.inject({ method: 'GET', url });
            assert.ok(res.statusCode < 500, `${url}: ${res.statusCode}`);
          }
        }
        const afterGets = await t.db.db.selectFrom('recovery_flow').selectAll().where('id', '=', flow.id).executeTakeFirst();
        assert.deepEqual(afterGets, before, 'the flow row is untouched by GET');
        assert.equal((await d.verify(flow.id, { method: 'email', code })).statusCode, 200, 'the code still proves');
        assert.equal((await d.password(flow.id, NEW)).statusCode, 200);
        await t.signIn(upn, NEW);
      });
    });
  }
}
