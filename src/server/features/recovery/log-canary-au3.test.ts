// Checklist AU3 (ASVS 16.2.5; Logging CS; MFA CS: never log OTPs): with the log at `trace`, the
// real secrets of every flow are absent from it, raw, URL-encoded, base64 and hex: passwords, the
// session and CSRF tokens, registration codes, the authenticator secret and its codes (at security
// info, the portal and sign-in MFA), security answers, the reset-portal flow id and its code, and
// a set-password link's token.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { latestCode, recoveryDriver } from '../../testing/recovery.js';
import { totpCode } from '../verification/methods.js';
import { setMfaPolicy } from '../mfa/mfa.fixture.js';

const PASSWORD = 'Canary-Zebra-Quilt-71!';
const NEW = 'Canary-Fjord&Kiwi*8372';
const LINKED = 'Canary-Lagoon#Tundra-5820';

const forms = (secret: string) => [
  secret,
  encodeURIComponent(secret),
  Buffer.from(secret).toString('base64').replace(/=+$/, ''),
  Buffer.from(secret).toString('base64url'),
  Buffer.from(secret).toString('hex'),
];

describe('AU3: no secret of any flow reaches the log', () => {
  let t: TestApp;
  const secrets = new Map<string, string>();
  before(async () => {
    t = await createTestApp({ config: { logLevel: 'trace', recoveryCaptchaMaxNumber: 50 } });
  });
  after(() => t.close());

  test('security info, the reset portal, sign-in MFA and a set-password link at trace level', async () => {
    const d = recoveryDriver(t);
    await t.createUser({ userPrincipalName: 'admin@contoso.example', password: PASSWORD, roles: ['global-administrator'] });
    const admin = await t.signIn('admin@contoso.example', PASSWORD);
    secrets.set('admin session', /latchkey_session=([^;]+)/.exec(admin.cookie)![1]!);
    secrets.set('csrf', admin.csrf);
    await d.configure(admin, {
      enabledFor: 'all',
      methods: { email: true, mobilePhone: true, officePhone: false, authenticatorApp: true, securityQuestions: true },
      methodsRequired: 2,
    });

    // Security info: codes by mail and text, an authenticator app, security answers.
    const { id } = await t.createUser({ userPrincipalName: 'canary@contoso.example', password: PASSWORD });
    const who = await t.signIn('canary@contoso.example', PASSWORD);
    secrets.set('user session', /latchkey_session=([^;]+)/.exec(who.cookie)![1]!);
    await d.registerCode(who, PASSWORD, 'email', 'canary@example.org');
    const rows = await t.db.db.selectFrom('dev_mailbox').select('text_body').execute();
    for (const [i, row] of rows.entries()) for (const m of row.text_body.matchAll(/\b\d{8}\b/g)) secrets.set(`mailed code ${i}`, m[0]);
    await d.registerCode(who, PASSWORD, 'mobilePhone', '+31612345678');
    const secret = await d.registerApp(who, PASSWORD);
    secrets.set('authenticator secret', secret);
    await d.registerQuestions(who, PASSWORD, 3);
    secrets.set('answer', 'answer to q01');

    // The reset portal: the flow id, a mailed code, an authenticator code, the new password.
    const flow = (await d.start('canary@contoso.example')).json<{ id: string }>();
    secrets.set('flow id', flow.id);
    await d.send(flow.id, 'email');
    const code = await latestCode(t, 'canary@example.org');
    secrets.set('portal code', code);
    assert.equal((await d.verify(flow.id, { method: 'email', code })).statusCode, 200);
    const appCode = totpCode(secret, t.clock.now());
    secrets.set('portal TOTP', appCode);
    assert.equal((await d.verify(flow.id, { method: 'authenticatorApp', code: appCode })).statusCode, 200);
    assert.equal((await d.password(flow.id, NEW)).statusCode, 200);
    secrets.set('new password', NEW);

    // Sign-in MFA with the app.
    await setMfaPolicy(t, { everyone: 'optional' });
    t.clock.advance(60_000);
    const first = await t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { username: 'canary@contoso.example', password: NEW } });
    assert.equal(first.json().mfaRequired, true);
    const cookie = first.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    const mfaCode = totpCode(secret, t.clock.now());
    secrets.set('sign-in TOTP', mfaCode);
    const mfa = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/mfa',
      payload: { method: 'authenticatorApp', code: mfaCode },
      headers: { cookie, 'x-csrf-token': first.json().csrfToken },
    });
    assert.equal(mfa.statusCode, 200, mfa.body);
    for (const c of mfa.cookies) if (c.name.endsWith('latchkey_session')) secrets.set('MFA session', c.value);

    // A set-password link.
    await t.db.db
      .updateTable('app_user')
      .set({ other_mails: JSON.stringify(['canary-alt@example.org']) })
      .where('id', '=', id)
      .execute();
    const admin2 = await t.signIn('admin@contoso.example', PASSWORD);
    await t.app.inject({
      method: 'POST',
      url: `/api/v1/users/${id}/reset-password`,
      payload: { sendLink: true },
      headers: { cookie: admin2.cookie, 'x-csrf-token': admin2.csrf },
    });
    await t.outboxWorker.drain();
    const [mail] = await t.repos.outbox.listDevMail(1, 'canary-alt@example.org');
    const token = /token=([A-Za-z0-9_-]{43})/.exec(mail!.text)![1]!;
    secrets.set('link token', token);
    assert.equal((await t.app.inject({ method: 'POST', url: '/api/v1/password-links/redeem', payload: { token, newPassword: LINKED } })).statusCode, 204);
    secrets.set('linked password', LINKED);
    secrets.set('password', PASSWORD);

    const log = t.logs.join('');
    assert.ok(t.logs.length > 15 && t.logs.join('').includes('/api/v1/recovery/flows/'), `the flows were logged (${t.logs.length} lines)`);
    assert.ok(secrets.size >= 15, `${secrets.size} secrets collected`);
    for (const [what, value] of secrets) {
      for (const form of forms(value)) assert.ok(!log.includes(form), `the log holds the ${what} (${form.slice(0, 4)}…)`);
    }
  });
});
