import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { testEngines } from '../../testing/databases.js';
import type { TestApp } from '../../testing/test-app.js';
import type { SmtpSink } from '../../testing/smtp-sink.js';
import { latestCode } from '../../testing/recovery.js';
import { totpCode } from '../verification/methods.js';
import { ALL_METHODS, PASSWORD, securityInfoFixture, type SecurityInfoFixture } from './security-info.fixture.js';
import { stepUp, withCookies } from '../step-up/step-up.fixture.js';

const DAY = 86_400_000;

for (const engine of testEngines()) {
  describe(`security info (${engine})`, () => {
    const fx = securityInfoFixture(engine);
    const { configure, user, methods, noticesTo } = fx;
    let t: TestApp;
    let sink: SmtpSink;
    let d: SecurityInfoFixture['d'];
    before(() => {
      ({ t, sink, d } = fx);
    });
    test('each method registers and shows up; registered and prompt follow the policy', async () => {
      await configure({ methodsRequired: 2, requireRegistration: true, reconfirmDays: 180 });
      const { who } = await user('reg@contoso.example');
      let view = await methods(who);
      assert.deepEqual(view.policy, {
        enabled: true,
        methodsRequired: 2,
        available: ['email', 'mobilePhone', 'officePhone', 'authenticatorApp', 'securityQuestions'],
        questionsToRegister: 3,
        admin: false,
      });
      assert.deepEqual([view.registered, view.prompt, view.confirmedAt, view.methods], [false, 'register', null, []]);

      await d.registerCode(who, PASSWORD, 'email', 'reg.alt@home.example');
      view = await methods(who);
      assert.deepEqual(
        view.methods.map((m) => [m.kind, m.value]),
        [['email', 'reg.alt@home.example']],
      );
      assert.deepEqual([view.registered, view.prompt], [false, 'register'], 'one of two methods');

      await d.registerCode(who, PASSWORD, 'mobilePhone', '+31 6 1234 5678');
      view = await methods(who);
      assert.deepEqual([view.registered, view.prompt], [true, 'none']);
      assert.ok(view.confirmedAt);
      await d.registerCode(who, PASSWORD, 'officePhone', '+31 20 123 4567');
      await d.registerApp(who, PASSWORD);
      await d.registerQuestions(who, PASSWORD, 3);
      view = await methods(who);
      assert.deepEqual(
        view.methods.map((m: { kind: string; value: string | null }) => [m.kind, m.value]).sort(),
        [
          ['authenticatorApp', null],
          ['email', 'reg.alt@home.example'],
          ['mobilePhone', '+31612345678'],
          ['officePhone', '+31201234567'],
        ],
        'phones in E.164; the app has no value to show',
      );
      assert.deepEqual(view.securityQuestions, { registered: 3, questionIds: ['q01', 'q02', 'q03'] });

      t.clock.advance(181 * DAY);
      const again = await t.signIn('reg@contoso.example', PASSWORD);
      assert.equal((await methods(again)).prompt, 'reconfirm', 'after reconfirmDays');
      assert.equal((await d.json(again, 'POST', '/api/v1/me/methods/confirm')).statusCode, 204);
      view = await methods(again);
      assert.deepEqual([view.prompt, view.confirmedAt], ['none', t.clock.now().toISOString()]);

      await configure({ reconfirmDays: 0 });
      t.clock.advance(800 * DAY);
      const later = await t.signIn('reg@contoso.example', PASSWORD);
      assert.equal((await methods(later)).prompt, 'none', 'reconfirmDays 0: never');
      await configure({ requireRegistration: false });
      const { who: fresh } = await user('fresh@contoso.example');
      assert.deepEqual([(await methods(fresh)).registered, (await methods(fresh)).prompt], [false, 'none'], 'registration not required: no prompt');
      await configure({ enabledFor: 'none', requireRegistration: true });
      assert.deepEqual([(await methods(fresh)).policy.enabled, (await methods(fresh)).prompt], [false, 'none'], 'SSPR off for the user');
      await configure({ enabledFor: 'all', methodsRequired: 1, reconfirmDays: 180 });
    });

    test('every change needs fresh proof: a stale session changes nothing, a wrong step-up password counts toward lockout (SE5, issue 17)', async () => {
      const { id, who } = await user('reauth@contoso.example');
      // Right after sign-in the session's proof is fresh: no password is asked again.
      await d.registerCode(who, PASSWORD, 'email', 'reauth.alt@home.example');
      const before = await methods(who);
      const method = before.methods[0]!;
      t.clock.advance((t.config.stepUpMaxAgeSeconds + 1) * 1000);
      const attempts = [
        () => d.json(who, 'POST', '/api/v1/me/methods/email', { address: 'reauth.other@home.example' }),
        () => d.json(who, 'POST', '/api/v1/me/methods/mobile-phone', { phone: '+31611111111' }),
        () => d.json(who, 'POST', '/api/v1/me/methods/office-phone', { phone: '+31201111111' }),
        () => d.json(who, 'POST', '/api/v1/me/methods/authenticator-app', {}),
        () => d.json(who, 'PUT', '/api/v1/me/methods/security-questions', { answers: d.answersFor([{ id: 'q01' }, { id: 'q02' }, { id: 'q03' }]) }),
        () => d.json(who, 'DELETE', `/api/v1/me/methods/${method.id}`),
      ];
      for (const attempt of attempts) {
        const r = await attempt();
        assert.deepEqual([r.statusCode, r.json().code, r.headers['latchkey-step-up']], [403, 'auth.step_up_required', 'password'], r.body);
      }
      const old = await d.json(who, 'POST', '/api/v1/me/methods/email', { address: 'reauth.other@home.example', currentPassword: PASSWORD });
      assert.equal(old.statusCode, 400, 'the per-request password is gone from the API: fresh proof or nothing');
      assert.deepEqual(await methods(who), before, 'nothing changed');
      assert.equal(
        (await t.db.db.selectFrom('method_verification').select('id').where('user_id', '=', id).where('used_at', 'is', null).execute()).length,
        0,
        'no verification started',
      );
      await t.outboxWorker.drain();
      assert.equal(sink.mails.filter((m) => m.to.includes('reauth.other@home.example')).length, 0, 'no code sent');
      // Distinct wrong passwords: smart lockout does not count a repeated one again.
      for (const i of [1, 2, 3]) {
        const r = await stepUp(t, who, { password: `Not-My-Password-${i}!` });
        assert.deepEqual([r.statusCode, r.json().code], [401, 'auth.invalid_credentials'], r.body);
      }
      assert.equal((await t.repos.lockout.get(id))?.consecutiveFailures, 3, 'each wrong step-up password counts toward smart lockout');
      const audit = await t.repos.audit.list({ targetId: id, limit: 50 });
      assert.equal(audit.filter((e) => e.action === 'user.step_up' && e.outcome === 'failure').length, 3);
      assert.equal((await stepUp(t, who, { password: PASSWORD })).statusCode, 200);
      assert.equal((await d.json(who, 'DELETE', `/api/v1/me/methods/${method.id}`)).statusCode, 204, 'after a step-up the change goes through');
    });

    test('changes are notified to the old and the new address, without any code (N4)', async () => {
      const { who } = await user('notify@contoso.example');
      await d.registerCode(who, PASSWORD, 'email', 'notify.old@home.example');
      await d.registerCode(who, PASSWORD, 'mobilePhone', '+31622222222');
      await t.outboxWorker.drain();
      const before = noticesTo('notify.old@home.example').length;
      const started = await d.json(who, 'POST', '/api/v1/me/methods/email', { address: 'notify.new@home.example' });
      const code = await latestCode(t, 'notify.new@home.example', sink);
      assert.equal((await d.json(who, 'POST', `/api/v1/me/methods/verifications/${started.json().verificationId}`, { code })).statusCode, 201);
      await t.outboxWorker.drain();
      const toOld = noticesTo('notify.old@home.example').slice(before);
      const toNew = noticesTo('notify.new@home.example');
      assert.equal(toOld.length, 1, 'the old address hears that it was replaced');
      assert.equal(toNew.length, 1, 'the new address is told too');
      assert.equal(noticesTo('notify@contoso.example').length >= 3, true, 'the primary address hears of every change');
      for (const mail of [...toOld, ...toNew]) {
        assert.ok(!mail.text.includes(code) && !/\b\d{8}\b/.test(mail.text), 'a notice never carries a code');
        assert.match(mail.text, /changed/);
      }

      const view = await methods(who);
      const phone = view.methods.find((m) => m.kind === 'mobilePhone')!;
      const primaryBefore = noticesTo('notify@contoso.example').length;
      assert.equal((await d.json(who, 'DELETE', `/api/v1/me/methods/${phone.id}`)).statusCode, 204);
      const email = view.methods.find((m) => m.kind === 'email')!;
      assert.equal((await d.json(who, 'DELETE', `/api/v1/me/methods/${email.id}`)).statusCode, 204);
      await t.outboxWorker.drain();
      const removals = noticesTo('notify@contoso.example').slice(primaryBefore);
      assert.equal(removals.length, 2, 'each removal is notified');
      assert.ok(removals.every((m) => /removed/.test(m.text)));
      assert.equal(
        noticesTo('notify.new@home.example').filter((m) => /removed/.test(m.text)).length,
        2,
        'the registered address hears of both removals, its own included',
      );
      assert.equal((await d.json(who, 'DELETE', `/api/v1/me/methods/${email.id}`)).json().code, 'security_info.method_not_found');
    });

    test('authenticator app: ±1 step accepted, ±2 refused; the secret is sealed and never cached (R23, S9)', async () => {
      const { id, who } = await user('totp@contoso.example');
      const start = () => d.json(who, 'POST', '/api/v1/me/methods/authenticator-app', {});
      const res = await start();
      assert.equal(res.statusCode, 201);
      assert.equal(res.headers['cache-control'], 'no-store');
      const { verificationId, secret, otpauthUri, qrCodeSvg } = res.json();
      assert.match(secret, /^[A-Z2-7]{32}$/);
      assert.match(otpauthUri, /^otpauth:\/\/totp\/.*secret=/);
      assert.ok(otpauthUri.includes(secret) && otpauthUri.includes('issuer=Contoso'));
      assert.match(qrCodeSvg, /^<svg[\s\S]*<\/svg>\s*$/);
      const confirm = (at: number) =>
        d.json(who, 'POST', `/api/v1/me/methods/verifications/${verificationId}`, { code: totpCode(secret, new Date(t.clock.now().getTime() + at)) });
      assert.equal((await confirm(-60_000)).json().code, 'security_info.code_invalid', '-2 steps');
      assert.equal((await confirm(60_000)).json().code, 'security_info.code_invalid', '+2 steps');
      const stored = JSON.stringify(await t.db.db.selectFrom('method_verification').selectAll().where('id', '=', verificationId).execute());
      assert.ok(!stored.includes(secret), 'pending secret sealed');
      const oldCookie = who.cookie;
      const accepted = await confirm(30_000);
      assert.equal(accepted.statusCode, 201, '+1 step');
      // The app proved in this session: its MFA proof is stamped and the token rotated (issue 17, SE1).
      who.cookie = withCookies(who.cookie, accepted.cookies);
      assert.notEqual(who.cookie, oldCookie);
      assert.equal((await d.json({ ...who, cookie: oldCookie }, 'GET', '/api/v1/me')).statusCode, 401, 'the old token is dead');
      const row = await t.db.db.selectFrom('auth_method').selectAll().where('user_id', '=', id).executeTakeFirstOrThrow();
      assert.ok(!row.value.includes(secret) && row.value.length > 0, 'stored secret sealed');

      const second = (await start()).json();
      const prev = totpCode(second.secret, new Date(t.clock.now().getTime() - 30_000));
      const replaced = await d.json(who, 'POST', `/api/v1/me/methods/verifications/${second.verificationId}`, { code: prev });
      assert.equal(replaced.statusCode, 201, '-1 step; replaces the app');
      who.cookie = withCookies(who.cookie, replaced.cookies);
      assert.equal((await methods(who)).methods.filter((m: { kind: string }) => m.kind === 'authenticatorApp').length, 1);
    });

    test('phone numbers: E.164 only, stored compact', async () => {
      const { id, who } = await user('phone@contoso.example');
      for (const phone of ['0612345678', '+0612345678', '+31 6 12ab 5678', '+31', '+1234567890123456', '31612345678', '+31 6 1234 5678 x12']) {
        for (const path of ['mobile-phone', 'office-phone']) {
          const res = await d.json(who, 'POST', `/api/v1/me/methods/${path}`, { phone });
          assert.equal(res.statusCode, 400, `${phone}: ${res.body}`);
          assert.deepEqual(
            res.json().issues.map((i: { code: string }) => i.code),
            ['field.invalid_phone'],
            phone,
          );
        }
      }
      const res = await d.json(who, 'POST', '/api/v1/me/methods/mobile-phone', { phone: ' +31 (6) 1234-5678 ' });
      assert.equal(res.statusCode, 202);
      const pending = await t.db.db.selectFrom('method_verification').select('value').where('user_id', '=', id).executeTakeFirstOrThrow();
      assert.equal(pending.value, '+31612345678');
      const bad = await d.json(who, 'POST', '/api/v1/me/methods/email', { address: 'not-an-address' });
      assert.deepEqual([bad.statusCode, bad.json().issues[0].code], [400, 'field.invalid_email']);
    });

    test('methods the policy leaves out are refused; administrators get two gates and no questions', async () => {
      await configure({ methods: { ...ALL_METHODS, officePhone: false, securityQuestions: false } });
      const { who } = await user('limited@contoso.example');
      assert.deepEqual((await methods(who)).policy.available, ['email', 'mobilePhone', 'authenticatorApp']);
      const office = await d.json(who, 'POST', '/api/v1/me/methods/office-phone', { phone: '+31203333333' });
      assert.deepEqual([office.statusCode, office.json().code], [400, 'security_info.method_not_available']);
      const questions = await d.json(who, 'PUT', '/api/v1/me/methods/security-questions', {
        answers: d.answersFor([{ id: 'q01' }, { id: 'q02' }, { id: 'q03' }]),
      });
      assert.deepEqual([questions.statusCode, questions.json().code], [400, 'security_info.method_not_available']);
      await configure({ methods: ALL_METHODS, enabledFor: 'none' });

      const { who: helpdesk } = await user('hd@contoso.example', ['helpdesk-administrator']);
      const view = await methods(helpdesk);
      assert.deepEqual(
        view.policy,
        {
          enabled: true,
          methodsRequired: 2,
          available: ['email', 'mobilePhone', 'officePhone', 'authenticatorApp', 'passkey'],
          questionsToRegister: 3,
          admin: true,
        },
        'two gates, even with SSPR off for users',
      );
      assert.equal(view.prompt, 'none', 'nobody is interrupted while the organisation has SSPR off');
      await configure({ enabledFor: 'all' });
      assert.equal((await methods(helpdesk)).prompt, 'register');
      const refused = await d.json(helpdesk, 'PUT', '/api/v1/me/methods/security-questions', {
        answers: d.answersFor([{ id: 'q01' }, { id: 'q02' }, { id: 'q03' }]),
      });
      assert.deepEqual([refused.statusCode, refused.json().code], [400, 'security_info.method_not_available']);
      await d.registerCode(helpdesk, PASSWORD, 'email', 'hd.alt@home.example');
      assert.equal((await methods(helpdesk)).registered, false, 'one method is not enough for an admin');
      await d.registerApp(helpdesk, PASSWORD);
      assert.deepEqual([(await methods(helpdesk)).registered, (await methods(helpdesk)).prompt], [true, 'none']);
    });
  });
}
