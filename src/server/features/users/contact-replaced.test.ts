import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { testEngines } from '../../testing/databases.js';
import { latestCode, recoveryDriver } from '../../testing/recovery.js';
import { withStepUp } from '../step-up/step-up.fixture.js';

const PASSWORD = 'Zebra-Quilt-Harbor-71!';
type Who = { cookie: string; csrf: string };
const methods = { email: true, mobilePhone: true, officePhone: false, authenticatorApp: false, securityQuestions: false };

// Checklist R8(b): replacing an address or number voids the codes and links sent to the old one,
// whether the user replaces it in Security info or an admin edits the user. N4: an admin's edit of
// contact fields is told to the old AND the new addresses, in the user's language, without secrets.
for (const engine of testEngines()) {
  describe(`replacing an address voids what was sent to it; old and new addresses hear of it (${engine})`, () => {
    let t: TestApp;
    let d: ReturnType<typeof recoveryDriver>;
    let admin: Who;
    before(async () => {
      t = await createTestApp({ engine, config: { recoveryCaptchaMaxNumber: 50, publicUrl: 'https://passwords.contoso.example' } });
      await t.createUser({ userPrincipalName: 'admin@contoso.example', password: PASSWORD, roles: ['global-administrator'] });
      admin = await t.signIn('admin@contoso.example', PASSWORD);
      d = recoveryDriver(t);
      await d.configure(admin, { enabledFor: 'all', methods, methodsRequired: 1 });
    });
    after(() => t.close());

    const call = (who: Who, method: string, url: string, payload?: object) =>
      t.app.inject({ method: method as 'GET', url, ...(payload ? { payload } : {}), headers: { cookie: who.cookie, 'x-csrf-token': who.csrf } });
    async function userWith(upn: string, otherMail: string, preferredLanguage?: 'nl') {
      const { id } = await t.createUser({ userPrincipalName: upn, password: PASSWORD, ...(preferredLanguage ? { preferredLanguage } : {}) });
      await t.db.db
        .updateTable('app_user')
        .set({ other_mails: JSON.stringify([otherMail]) })
        .where('id', '=', id)
        .execute();
      return { id, who: await t.signIn(upn, PASSWORD) };
    }
    async function sendLink(id: string, to: string): Promise<string> {
      admin = await t.signIn('admin@contoso.example', PASSWORD);
      const sent = await withStepUp(t, admin, PASSWORD, () => call(admin, 'POST', `/api/v1/users/${id}/reset-password`, { sendLink: true }));
      assert.equal(sent.statusCode, 200, sent.body);
      await t.outboxWorker.drain();
      const tokens = (await t.repos.outbox.listDevMail(20, to)).map((m) => /\/set-password#token=([A-Za-z0-9_-]{43})/.exec(m.text)?.[1]).filter(Boolean);
      assert.equal(tokens.length >= 1, true, `a link went to ${to}`);
      return tokens[0]!;
    }
    async function resetCodeTo(upn: string, address: string) {
      const flow = (await d.start(upn)).json();
      assert.equal((await d.send(flow.id, 'email')).statusCode, 200);
      return { flowId: flow.id as string, code: await latestCode(t, address) };
    }
    const inspect = (token: string) => t.app.inject({ method: 'POST', url: '/api/v1/password-links/inspect', payload: { token } });

    test('the user replaces their email in Security info: the old reset code and the set-password link stop working (R8b)', async () => {
      const { id, who } = await userWith('self@contoso.example', 'alt.self@example.org');
      await d.registerCode(who, PASSWORD, 'email', 'old.self@example.org');
      const token = await sendLink(id, 'alt.self@example.org');
      const { flowId, code } = await resetCodeTo('self@contoso.example', 'old.self@example.org');
      assert.equal((await inspect(token)).statusCode, 200, 'valid before the change');

      await d.registerCode(who, PASSWORD, 'email', 'new.self@example.org');
      const used = await d.verify(flowId, { method: 'email', code });
      assert.notEqual(used.statusCode, 200, 'the code sent to the old address is void');
      assert.equal(used.json().code, 'recovery.flow_expired');
      assert.equal((await inspect(token)).json().code, 'links.invalid');
      const [event] = await t.repos.audit.list({ action: 'security_info.method_replaced', targetId: id, limit: 1 });
      assert.equal(event?.details?.linksRevoked, 1, JSON.stringify(event));
      // A new flow works with the new address.
      const fresh = await resetCodeTo('self@contoso.example', 'new.self@example.org');
      assert.equal((await d.verify(fresh.flowId, { method: 'email', code: fresh.code })).statusCode, 200);
    });

    test('an admin replaces the addresses: codes, pending registrations and links die; old and new addresses are told, in Dutch (R8b, N4)', async () => {
      const { id, who } = await userWith('beheer@contoso.example', 'oud.beheer@example.org', 'nl');
      await t.db.db.updateTable('app_user').set({ mobile_phone: '+31 6 0000 1111' }).where('id', '=', id).execute();
      await d.registerCode(who, PASSWORD, 'email', 'sspr.beheer@example.org');
      const pending = await withStepUp(t, who, PASSWORD, () => call(who, 'POST', '/api/v1/me/methods/mobile-phone', { phone: '+31611112222' }));
      assert.equal(pending.statusCode, 202, pending.body);
      const pendingCode = await latestCode(t, '+31611112222');
      const token = await sendLink(id, 'oud.beheer@example.org');
      const { flowId, code } = await resetCodeTo('beheer@contoso.example', 'sspr.beheer@example.org');

      admin = await t.signIn('admin@contoso.example', PASSWORD);
      const edited = await call(admin, 'PATCH', `/api/v1/users/${id}`, { otherMails: ['nieuw.beheer@example.org'], mobilePhone: '+31 6 9999 0000' });
      assert.equal(edited.statusCode, 200, edited.body);

      assert.equal((await d.verify(flowId, { method: 'email', code })).json().code, 'recovery.flow_expired', 'the reset code is void');
      const confirm = await call(who, 'POST', `/api/v1/me/methods/verifications/${pending.json().verificationId}`, { code: pendingCode });
      assert.equal(confirm.json().code, 'security_info.verification_expired', 'the pending registration is void');
      assert.equal((await inspect(token)).json().code, 'links.invalid', 'the link is void');

      await t.outboxWorker.drain();
      const notices = await t.db.db
        .selectFrom('outbox')
        .select(['recipient', 'locale', 'payload'])
        .where('template', '=', 'contact-details-changed')
        .where('user_id', '=', id)
        .where('channel', '=', 'email')
        .execute();
      assert.deepEqual(notices.map((n) => n.recipient).sort(), ['beheer@contoso.example', 'nieuw.beheer@example.org', 'oud.beheer@example.org']);
      for (const address of ['oud.beheer@example.org', 'nieuw.beheer@example.org']) {
        const [mail] = await t.repos.outbox.listDevMail(5, address);
        const notice = (await t.repos.outbox.listDevMail(5, address)).find((m) => /contactgegevens/.test(m.subject));
        assert.ok(notice, `${address}: ${mail?.subject}`);
        assert.match(notice.text, /alternatieve e-mailadressen, mobiele telefoon/);
        assert.ok(!notice.text.includes('9999') && !notice.text.includes(token) && !/\b\d{8}\b/.test(notice.text), 'no values, links or codes');
      }
      // The old and the new mobile number get a text (a hijacker changes the number first).
      for (const number of ['+31600001111', '+31699990000']) {
        const [text] = await t.repos.outbox.listDevMail(5, number);
        assert.match(text?.text ?? '', /een beheerder heeft het mobiele nummer van uw account gewijzigd/, number);
        assert.ok(/^[\w .,:;'!?+-]+$/.test(text!.text) && text!.text.length <= 160, `one GSM-7 segment: ${text!.text}`);
      }
    });

    test('English: an admin changes the primary mail; both the old and the new address get the notice (N4)', async () => {
      const { id } = await userWith('primary@contoso.example', 'alt.primary@example.org');
      await t.db.db.updateTable('app_user').set({ mail: 'old.primary@contoso.example' }).where('id', '=', id).execute();
      admin = await t.signIn('admin@contoso.example', PASSWORD);
      const edited = await call(admin, 'PATCH', `/api/v1/users/${id}`, { mail: 'new.primary@contoso.example' });
      assert.equal(edited.statusCode, 200, edited.body);
      await t.outboxWorker.drain();
      for (const address of ['old.primary@contoso.example', 'new.primary@contoso.example', 'alt.primary@example.org']) {
        const notice = (await t.repos.outbox.listDevMail(5, address)).find((m) => /contact details/.test(m.subject));
        assert.ok(notice, address);
        assert.match(notice.text, /changed the contact details of your account primary@contoso\.example/);
        assert.match(notice.text, /: email address\./);
      }
      // A change that touches no contact field sends nothing.
      const before = await t.db.db.selectFrom('outbox').select('id').where('template', '=', 'contact-details-changed').execute();
      assert.equal((await call(admin, 'PATCH', `/api/v1/users/${id}`, { jobTitle: 'Analyst' })).statusCode, 200);
      const afterwards = await t.db.db.selectFrom('outbox').select('id').where('template', '=', 'contact-details-changed').execute();
      assert.equal(afterwards.length, before.length);
    });
  });
}
