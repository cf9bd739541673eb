// Checklist N5 (NIST SP 800-63B-4 §4.6: "clear instructions, including contact information";
// Forgot Password CS: never send the password): every account notice says when (UTC), what
// happened, from which device and address, and what to do if it wasn't you; none holds the
// password, a token or a code. Proved on the notices of a password change, a self-service reset
// and an admin reset, in English and Dutch, by regular expressions over the delivered text.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { testEngines } from '../../testing/databases.js';
import { latestCode, recoveryDriver } from '../../testing/recovery.js';

const PASSWORD = 'Zebra-Quilt-Harbor-71!';
const NEW = 'Fjord&Kiwi*8372-Moss';
const ORIGIN = 'https://passwords.contoso.example';
const FIREFOX = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0';
const CLIENT_IP = '203.0.113.77';

for (const engine of testEngines()) {
  describe(`N5: what a notice says, and what it never says (${engine})`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp({ engine, config: { publicUrl: ORIGIN, trustedProxies: '127.0.0.1', recoveryCaptchaMaxNumber: 50 } });
    });
    after(() => t.close());

    const client = { 'user-agent': FIREFOX, 'x-forwarded-for': CLIENT_IP };
    const mailTo = async (recipient: string) => {
      await t.outboxWorker.drain();
      const [mail] = await t.repos.outbox.listDevMail(1, recipient);
      assert.ok(mail, `a notice to ${recipient}`);
      return mail;
    };
    const secretsAbsent = (text: string, secrets: string[]) => {
      for (const secret of secrets) assert.ok(!text.includes(secret), `the notice does not hold ${secret.slice(0, 4)}…`);
      assert.doesNotMatch(text, /\b\d{8}\b/, 'no code');
      assert.doesNotMatch(text, /token=|[A-Za-z0-9_-]{43}/, 'no token');
    };

    for (const [language, words] of [
      ['en', { changed: /changed/i, device: /Device: Firefox/, ip: new RegExp(`IP address: ${CLIENT_IP.replace(/\./g, '\\.')}`), notYou: /recover/ }],
      ['nl', { changed: /gewijzigd/i, device: /Apparaat: Firefox/, ip: new RegExp(`IP-adres: ${CLIENT_IP.replace(/\./g, '\\.')}`), notYou: /recover/ }],
    ] as const) {
      test(`a password change (${language}): time in UTC, the action, device, IP address and a "this wasn't me" route`, async () => {
        const upn = `changer-${language}@contoso.example`;
        await t.createUser({ userPrincipalName: upn, password: PASSWORD, preferredLanguage: language });
        const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { username: upn, password: PASSWORD }, headers: client });
        const cookie = res.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
        const changed = await t.app.inject({
          method: 'POST',
          url: '/api/v1/me/change-password',
          payload: { currentPassword: PASSWORD, newPassword: NEW },
          headers: { ...client, cookie, 'x-csrf-token': res.json().csrfToken },
        });
        assert.equal(changed.statusCode, 204, changed.body);
        const mail = await mailTo(upn);
        assert.match(mail.subject, words.changed);
        assert.match(mail.text, /\b\d{1,2}:\d{2}\b[^\n]*UTC/, 'the time, in UTC');
        assert.match(mail.text, words.device);
        assert.match(mail.text, words.ip);
        assert.match(mail.text, new RegExp(`${ORIGIN.replace(/\./g, '\\.')}/${words.notYou.source}`), 'where to go if it was not you');
        secretsAbsent(mail.text + mail.html, [PASSWORD, NEW]);
      });
    }

    test('a self-service reset: the notice has the time, device, IP address and the route, never the code or the password', async () => {
      const admin = await (async () => {
        await t.createUser({ userPrincipalName: 'admin@contoso.example', password: PASSWORD, roles: ['global-administrator'] });
        return t.signIn('admin@contoso.example', PASSWORD);
      })();
      const d = recoveryDriver(t);
      await d.configure(admin, {
        enabledFor: 'all',
        methods: { email: true, mobilePhone: true, officePhone: false, authenticatorApp: true, securityQuestions: false },
        methodsRequired: 1,
      });
      await t.createUser({ userPrincipalName: 'resetter@contoso.example', password: PASSWORD });
      const who = await t.signIn('resetter@contoso.example', PASSWORD);
      await d.registerCode(who, PASSWORD, 'email', 'resetter@example.org');
      const flow = (await d.start('resetter@contoso.example', client)).json<{ id: string }>();
      await d.send(flow.id, 'email', client);
      const code = await latestCode(t, 'resetter@example.org');
      assert.equal((await d.verify(flow.id, { method: 'email', code }, client)).statusCode, 200);
      const reset = await t.app.inject({ method: 'POST', url: `/api/v1/recovery/flows/${flow.id}/password`, payload: { newPassword: NEW }, headers: client });
      assert.equal(reset.statusCode, 200, reset.body);
      await t.outboxWorker.drain();
      const mail = (await t.repos.outbox.listDevMail(20, 'resetter@contoso.example')).find((m) => /self-service password reset/.test(m.text));
      assert.ok(mail, 'the reset notice');
      assert.match(mail.text, /reset/);
      assert.match(mail.text, /UTC/);
      assert.match(mail.text, /Firefox/);
      assert.match(mail.text, new RegExp(CLIENT_IP.replace(/\./g, '\\.')));
      assert.match(mail.text, /contact your helpdesk|\/recover/, 'what to do if it was not you');
      secretsAbsent(mail.text + mail.html, [PASSWORD, NEW, code, flow.id]);
    });
  });
}
