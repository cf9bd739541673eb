import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { testEngines } from '../../testing/databases.js';
import { latestCode, recoveryDriver } from '../../testing/recovery.js';
import { questionsForFlow } from './questions.js';

const PASSWORD = 'Zebra-Quilt-Harbor-71!';
const NEW = 'Fjord&Kiwi*8372-Moss';
const methods = { email: true, mobilePhone: false, officePhone: false, authenticatorApp: false, securityQuestions: true };

test('questionsForFlow: fixed for a flow, different across flows, only from the pool (R25c)', () => {
  const pool = ['q01', 'q02', 'q03', 'q04', 'q05', 'q06', 'q07', 'q08'];
  const a = questionsForFlow('secret', 'flow-a', pool, 3);
  assert.deepEqual(questionsForFlow('secret', 'flow-a', [...pool].reverse(), 3), a, 'the pool order does not matter');
  assert.equal(new Set(a).size, 3);
  assert.ok(a.every((id) => pool.includes(id)));
  const draws = new Set(Array.from({ length: 20 }, (_, i) => questionsForFlow('secret', `flow-${i}`, pool, 3).join()));
  assert.ok(draws.size > 10, 'other flows draw other questions');
  assert.notDeepEqual(
    Array.from({ length: 10 }, (_, i) => questionsForFlow('other-secret', `flow-${i}`, pool, 3).join()),
    Array.from({ length: 10 }, (_, i) => questionsForFlow('secret', `flow-${i}`, pool, 3).join()),
    'keyed by the server secret',
  );
  assert.deepEqual(questionsForFlow('secret', 'flow-a', ['q01', 'q02'], 3).sort(), ['q01', 'q02'], 'a small pool gives all it has');
});

for (const engine of testEngines()) {
  describe(`security questions stay fixed for the flow (${engine})`, () => {
    let t: TestApp;
    let d: ReturnType<typeof recoveryDriver>;
    before(async () => {
      t = await createTestApp({ engine, config: { recoveryCaptchaMaxNumber: 50, publicUrl: 'https://passwords.contoso.example' } });
      await t.createUser({ userPrincipalName: 'admin@contoso.example', password: PASSWORD, roles: ['global-administrator'] });
      const admin = await t.signIn('admin@contoso.example', PASSWORD);
      d = recoveryDriver(t);
      await d.configure(admin, { enabledFor: 'all', methods, methodsRequired: 2, questionsToRegister: 5, questionsToReset: 3 });
    });
    after(() => t.close());

    test('asking again, and after a wrong answer, shows the same questions in the same order (R25c)', async () => {
      await t.createUser({ userPrincipalName: 'quiz@contoso.example', password: PASSWORD });
      const who = await t.signIn('quiz@contoso.example', PASSWORD);
      await d.registerCode(who, PASSWORD, 'email', 'quiz@example.org');
      await d.registerQuestions(who, PASSWORD, 5);
      const flow = (await d.start('quiz@contoso.example')).json();
      assert.equal((await d.send(flow.id, 'email')).statusCode, 200);
      const code = await latestCode(t, 'quiz@example.org');
      assert.equal((await d.verify(flow.id, { method: 'email', code })).statusCode, 200);

      const ask = async () => {
        const res = await d.send(flow.id, 'securityQuestions');
        assert.equal(res.statusCode, 200, res.body);
        return (res.json().questions as { id: string }[]).map((q) => q.id);
      };
      const first = await ask();
      assert.equal(first.length, 3);
      // 5 registered, 3 asked: 60 ordered draws; a fresh draw per request would differ almost surely.
      for (let i = 0; i < 5; i++) assert.deepEqual(await ask(), first, 'asking again draws nothing new');
      const wrong = await d.verify(flow.id, { method: 'securityQuestions', answers: first.map((id) => ({ questionId: id, answer: 'wrong' })) });
      assert.equal(wrong.json().code, 'recovery.answers_invalid');
      for (let i = 0; i < 3; i++) assert.deepEqual(await ask(), first, 'a wrong answer does not open a new draw either');
      const right = await d.verify(flow.id, { method: 'securityQuestions', answers: d.answersFor(first.map((id) => ({ id }))) });
      assert.equal(right.statusCode, 200, right.body);
      assert.equal(right.json().state, 'password');
      assert.equal((await d.password(flow.id, NEW)).statusCode, 200);
    });
  });
}
