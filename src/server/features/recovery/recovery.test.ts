import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { testEngines } from '../../testing/databases.js';
import { startSmtpSink, type SmtpSink } from '../../testing/smtp-sink.js';
import { latestCode, recoveryDriver } from '../../testing/recovery.js';
import { totpCode } from '../verification/methods.js';
import type { MethodKind } from '../../../shared/methods.js';

const PASSWORD = 'Zebra-Quilt-Harbor-71!';
const NEW = 'Fjord&Kiwi*8372-Moss';
const allMethods = { email: true, mobilePhone: true, officePhone: true, authenticatorApp: true, securityQuestions: true };

/** Every pair of two methods, security questions always second (they never come first: R25a). */
const pairs: [MethodKind, MethodKind][] = [];
const order: MethodKind[] = ['email', 'mobilePhone', 'officePhone', 'authenticatorApp', 'securityQuestions'];
for (let i = 0; i < order.length; i++) for (let j = i + 1; j < order.length; j++) pairs.push([order[i]!, order[j]!]);

for (const engine of testEngines()) {
  describe(`self-service password reset through each method (${engine})`, () => {
    let t: TestApp;
    let sink: SmtpSink;
    let admin: { cookie: string; csrf: string };
    let d: ReturnType<typeof recoveryDriver>;
    let n = 0;
    before(async () => {
      sink = await startSmtpSink();
      t = await createTestApp({ engine, config: { smtpUrl: sink.url, recoveryCaptchaMaxNumber: 50, publicUrl: 'https://passwords.contoso.example' } });
      await t.createUser({ userPrincipalName: 'admin@contoso.example', password: PASSWORD, roles: ['global-administrator'] });
      admin = await t.signIn('admin@contoso.example', PASSWORD);
      d = recoveryDriver(t, sink);
    });
    after(async () => {
      await t.close();
      await sink.close();
    });

    /**
     * A user with every method registered; returns what proving each method needs. `app` false: no
     * authenticator app (an account with one must prove it at the portal: checklist R18, strong-methods.test.ts).
     */
    async function registeredUser(language?: 'nl', app = true) {
      n++;
      const upn = `user${n}@contoso.example`;
      const { id } = await t.createUser({ userPrincipalName: upn, password: PASSWORD, ...(language ? { preferredLanguage: language } : {}) });
      const who = await t.signIn(upn, PASSWORD);
      const email = `private${n}@example.org`;
      const mobile = `+3161234${String(n).padStart(4, '0')}`;
      const office = `+3120555${String(n).padStart(4, '0')}`;
      await d.registerCode(who, PASSWORD, 'email', email);
      await d.registerCode(who, PASSWORD, 'mobilePhone', mobile);
      await d.registerCode(who, PASSWORD, 'officePhone', office);
      const secret = app ? await d.registerApp(who, PASSWORD) : '';
      await d.registerQuestions(who, PASSWORD, 3);
      return { id, upn, who, secret, destination: { email, mobilePhone: mobile, officePhone: office } as Record<string, string> };
    }

    async function prove(flowId: string, method: MethodKind, user: Awaited<ReturnType<typeof registeredUser>>, headers: Record<string, string> = {}) {
      const sent = await d.send(flowId, method, headers);
      assert.equal(sent.statusCode, 200, sent.body);
      if (method === 'securityQuestions') {
        const questions = sent.json().questions;
        assert.equal(questions.length, 3);
        return d.verify(flowId, { method, answers: d.answersFor(questions) }, headers);
      }
      const code = method === 'authenticatorApp' ? totpCode(user.secret, t.clock.now()) : await latestCode(t, user.destination[method]!, sink);
      return d.verify(flowId, { method, code }, headers);
    }

    for (const method of ['email', 'mobilePhone', 'officePhone', 'authenticatorApp'] as const) {
      test(`one method required: ${method}`, async () => {
        await d.configure(admin, { enabledFor: 'all', methods: allMethods, methodsRequired: 1 });
        const app = method === 'authenticatorApp';
        const user = await registeredUser(undefined, app);
        const started = await d.start(user.upn);
        assert.equal(started.statusCode, 201, started.body);
        const flow = started.json();
        assert.equal(flow.methodsRequired, 1);
        // R18: with one method required, an account with the app is offered the app only.
        assert.deepEqual(
          flow.methods.map((m: { method: string }) => m.method),
          app ? ['authenticatorApp'] : order.filter((k) => k !== 'authenticatorApp'),
        );
        const proved = await prove(flow.id, method, user);
        assert.equal(proved.statusCode, 200, proved.body);
        assert.equal(proved.json().state, 'password');
        const done = await d.password(flow.id, NEW);
        assert.equal(done.statusCode, 200, done.body);
        assert.equal(done.json().state, 'completed');
        assert.equal((await d.json(user.who, 'GET', '/api/v1/me')).statusCode, 401, 'every session ended (R20)');
        await t.signIn(user.upn, NEW);
      });
    }

    for (const [first, second] of pairs) {
      test(`two methods required: ${first} then ${second}`, async () => {
        await d.configure(admin, { enabledFor: 'all', methods: allMethods, methodsRequired: 2, questionsToReset: 3 });
        const user = await registeredUser(undefined, first === 'authenticatorApp' || second === 'authenticatorApp');
        const flow = (await d.start(user.upn)).json();
        assert.equal(flow.methodsRequired, 2);
        const one = await prove(flow.id, first, user);
        assert.equal(one.statusCode, 200, one.body);
        assert.deepEqual([one.json().state, one.json().proven], ['verify', [first]]);
        assert.equal((await d.password(flow.id, NEW)).json().code, 'recovery.step_not_allowed', 'no password before the second proof (R19)');
        t.clock.advance(30_000); // a fresh authenticator step, should the app come second
        const two = await prove(flow.id, second, user);
        assert.equal(two.statusCode, 200, two.body);
        assert.equal(two.json().state, 'password');
        assert.equal((await d.password(flow.id, NEW)).statusCode, 200);
        await t.signIn(user.upn, NEW);
      });
    }

    test('in Dutch: the portal, the code message and the notice speak Dutch', async () => {
      await d.configure(admin, { enabledFor: 'all', methods: allMethods, methodsRequired: 2 });
      const user = await registeredUser('nl', false);
      const nl = { 'accept-language': 'nl-NL,nl;q=0.9' };
      const flow = (await d.start(user.upn, nl)).json();
      const one = await prove(flow.id, 'email', user, nl);
      assert.equal(one.statusCode, 200, one.body);
      assert.ok(
        sink.mails.some((m) => m.to.includes(user.destination.email!) && /code voor wachtwoordherstel/.test(m.subject)),
        'the code mail is Dutch',
      );
      const questions = (await d.send(flow.id, 'securityQuestions', nl)).json().questions;
      assert.match(questions[0].text, /\?$/);
      assert.ok(
        questions.every((q: { text: string }) => /^(In|Wat|Hoe|Welk|Wie|Waar|Van)\b/.test(q.text)),
        'Dutch questions',
      );
      const wrong = await d.verify(
        flow.id,
        { method: 'securityQuestions', answers: questions.map((q: { id: string }) => ({ questionId: q.id, answer: 'fout antwoord' })) },
        nl,
      );
      assert.equal(wrong.json().code, 'recovery.answers_invalid');
      assert.match(wrong.json().title, /antwoorden zijn onjuist/);
      const again = await prove(flow.id, 'securityQuestions', user, nl);
      assert.equal(again.statusCode, 200, 'a new set of questions after a wrong answer (reference §7.5)');
      assert.equal((await d.password(flow.id, NEW)).statusCode, 200);
      await t.outboxWorker.drain();
      // The sink parses each message after its SMTP transaction: give it a moment.
      for (let i = 0; i < 200 && !sink.mails.some((m) => m.to.includes(user.upn) && /opnieuw ingesteld/.test(m.subject)); i++)
        await new Promise((r) => setTimeout(r, 10));
      assert.ok(
        sink.mails.some((m) => m.to.includes(user.upn) && /opnieuw ingesteld/.test(m.subject)),
        'the reset notice is Dutch',
      );
    });

    test('security questions are never the first proof, and never the only one (R25a)', async () => {
      await d.configure(admin, { enabledFor: 'all', methods: allMethods, methodsRequired: 2 });
      const user = await registeredUser();
      const flow = (await d.start(user.upn)).json();
      assert.equal((await d.send(flow.id, 'securityQuestions')).json().code, 'recovery.questions_need_other_method');
      assert.equal((await d.verify(flow.id, { method: 'securityQuestions', answers: [] })).json().code, 'recovery.questions_need_other_method');
    });

    test('notifications: every address hears of the reset, Global Administrators of an admin\u2019s own reset (N2, reference §7.7)', async () => {
      await d.configure(admin, { enabledFor: 'all', methods: allMethods, methodsRequired: 1, notifyUsers: true, notifyAdmins: true });
      n++;
      const upn = `helpdesk${n}@contoso.example`;
      await t.createUser({ userPrincipalName: upn, password: PASSWORD, roles: ['helpdesk-administrator'] });
      const who = await t.signIn(upn, PASSWORD);
      await d.registerCode(who, PASSWORD, 'email', `hd${n}@example.org`);
      await d.registerCode(who, PASSWORD, 'mobilePhone', '+31699990000');
      const flow = (await d.start(upn)).json();
      assert.equal(flow.methodsRequired, 2, 'administrators prove two methods (two-gate policy, reference §7.8)');
      assert.ok(!flow.methods.some((m: { method: string }) => m.method === 'securityQuestions'));
      const before = sink.mails.length;
      await d.send(flow.id, 'email');
      const first = await d.verify(flow.id, { method: 'email', code: await latestCode(t, `hd${n}@example.org`, sink) });
      assert.equal(first.statusCode, 200, first.body);
      await d.send(flow.id, 'mobilePhone');
      assert.equal((await d.verify(flow.id, { method: 'mobilePhone', code: await latestCode(t, '+31699990000', sink) })).statusCode, 200);
      assert.equal((await d.password(flow.id, NEW)).statusCode, 200);
      await t.outboxWorker.drain();
      for (let i = 0; i < 200 && sink.mails.slice(before).filter((m) => /password was reset|reset their own/.test(m.subject)).length < 3; i++)
        await new Promise((r) => setTimeout(r, 10));
      const after = sink.mails.slice(before);
      const reset = after.filter((m) => /password was reset/.test(m.subject)).flatMap((m) => m.to);
      assert.deepEqual(reset.sort(), [upn, `hd${n}@example.org`].sort(), 'primary and registered addresses');
      const toAdmins = after.filter((m) => /reset their own password/.test(m.subject));
      assert.deepEqual(
        toAdmins.flatMap((m) => m.to),
        ['admin@contoso.example'],
      );
      for (const m of after) assert.ok(!/\b\d{8}\b/.test(m.text) || /code/.test(m.subject), 'no code in notices (N5)');
    });
  });
}
