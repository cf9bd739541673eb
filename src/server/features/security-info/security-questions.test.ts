import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { testEngines } from '../../testing/databases.js';
import { securityInfoFixture } from './security-info.fixture.js';

for (const engine of testEngines()) {
  describe(`security info: security questions (${engine})`, () => {
    const fx = securityInfoFixture(engine);
    const { user, methods } = fx;
    test('security questions: catalogue in en and nl with custom questions; bad answers refused; answers hashed (R25, S9)', async () => {
      const { id, who } = await user('jdoe@contoso.example');
      const en = (await fx.d.json(who, 'GET', '/api/v1/me/methods/security-questions')).json();
      const nl = (await fx.d.json(who, 'GET', '/api/v1/me/methods/security-questions', undefined, { 'accept-language': 'nl-NL,nl;q=0.9' })).json();
      const predefinedEn = en.questions.filter((q: { custom: boolean }) => !q.custom);
      const predefinedNl = nl.questions.filter((q: { custom: boolean }) => !q.custom);
      assert.ok(predefinedEn.length >= 20);
      assert.deepEqual(
        predefinedNl.map((q: { id: string }) => q.id),
        predefinedEn.map((q: { id: string }) => q.id),
      );
      assert.equal(predefinedNl.find((q: { id: string }) => q.id === 'q02').text, 'Hoe heette uw eerste huisdier?');
      assert.ok(
        predefinedNl.every((q: { id: string; text: string }, i: number) => q.text !== predefinedEn[i].text),
        'every question translated',
      );
      const custom = en.questions.filter((q: { custom: boolean }) => q.custom);
      assert.deepEqual(
        custom.map((q: { text: string }) => q.text),
        ['What was the name of your first team?'],
      );
      assert.deepEqual(
        nl.questions.filter((q: { custom: boolean }) => q.custom),
        custom,
        'custom questions as written',
      );
      assert.deepEqual([en.required, en.registeredIds], [3, []]);

      const put = (answers: [string, string][]) =>
        fx.d.json(who, 'PUT', '/api/v1/me/methods/security-questions', {
          answers: answers.map(([questionId, answer]) => ({ questionId, answer })),
        });
      const cases: [string, [string, string][], [string, string][]][] = [
        [
          'too few',
          [
            ['q01', 'Utrecht'],
            ['q02', 'Fluffy'],
          ],
          [['answers', 'security_info.too_few_answers']],
        ],
        [
          'question twice',
          [
            ['q01', 'Utrecht'],
            ['q01', 'Zwolle'],
            ['q02', 'Fluffy'],
          ],
          [['answers.1.questionId', 'security_info.question_duplicate']],
        ],
        [
          'unknown question',
          [
            ['q01', 'Utrecht'],
            ['q99', 'Zwolle'],
            ['q02', 'Fluffy'],
          ],
          [['answers.1.questionId', 'security_info.question_unknown']],
        ],
        [
          'same answer, case and spaces',
          [
            ['q01', 'Amsterdam'],
            ['q02', '  amsterdam '],
            ['q03', 'AMSTERDAM\t'],
          ],
          [
            ['answers.1.answer', 'security_info.answer_duplicate'],
            ['answers.2.answer', 'security_info.answer_duplicate'],
          ],
        ],
        [
          'username',
          [
            ['q01', 'Utrecht'],
            ['q02', 'JDoe'],
            ['q03', 'jdoe@contoso.example'],
          ],
          [
            ['answers.1.answer', 'security_info.answer_like_username'],
            ['answers.2.answer', 'security_info.answer_like_username'],
          ],
        ],
        [
          'too short',
          [
            ['q01', 'Utrecht'],
            ['q02', '12'],
            ['q03', 'Fluffy'],
          ],
          [['answers.1.answer', 'security_info.answer_too_short']],
        ],
        [
          'too long',
          [
            ['q01', 'Utrecht'],
            ['q02', 'x'.repeat(41)],
            ['q03', 'Fluffy'],
          ],
          [['answers.1.answer', 'security_info.answer_too_long']],
        ],
      ];
      for (const [name, answers, expected] of cases) {
        const res = await put(answers);
        assert.equal(res.statusCode, 400, name);
        assert.equal(res.json().code, 'security_info.answers_invalid', name);
        assert.deepEqual(
          res.json().issues.map((i: { path: string; code: string }) => [i.path, i.code]),
          expected,
          name,
        );
      }
      assert.equal((await methods(who)).securityQuestions.registered, 0, 'nothing stored');

      const customId = custom[0].id;
      const ok = await put([
        ['q01', 'Utrecht Centraal'],
        ['q05', 'Fluffy the Cat'],
        [customId, 'The Blue Herons'],
      ]);
      assert.deepEqual([ok.statusCode, ok.json()], [200, { registered: 3 }]);
      const rows = await fx.t.db.db.selectFrom('security_answer').selectAll().where('user_id', '=', id).execute();
      assert.equal(rows.length, 3);
      assert.ok(rows.every((r) => r.answer_hash.startsWith('$argon2id$')));
      const dump = JSON.stringify(rows).toLowerCase();
      for (const text of ['utrecht', 'fluffy', 'herons']) assert.ok(!dump.includes(text), `${text} not stored`);
      const q01 = rows.find((r) => r.question_id === 'q01')!;
      assert.ok((await fx.t.hasher.verify(q01.answer_hash, 'utrecht centraal')).ok, 'the normalised answer is what is hashed (R25f)');
      assert.deepEqual((await fx.d.json(who, 'GET', '/api/v1/me/methods/security-questions')).json().registeredIds.sort(), ['q01', 'q05', customId].sort());
      assert.equal((await fx.d.json(who, 'DELETE', '/api/v1/me/methods/security-questions')).statusCode, 204);
      assert.equal((await methods(who)).securityQuestions.registered, 0);
    });

    test('a trivial answer such as "123" is refused at setup (R25d)', async () => {
      const { who } = await user('trivial@contoso.example');
      for (const trivial of ['123', 'aaaa', 'C B A', 'none', 'Geen']) {
        const res = await fx.d.json(who, 'PUT', '/api/v1/me/methods/security-questions', {
          answers: [
            ['q01', trivial],
            ['q02', 'Fluffy'],
            ['q03', 'Utrecht'],
          ].map(([questionId, answer]) => ({ questionId, answer })),
        });
        assert.equal(res.statusCode, 400, trivial);
        assert.deepEqual(
          res.json().issues.map((i: { path: string; code: string }) => [i.path, i.code]),
          [['answers.0.answer', 'security_info.answer_too_simple']],
          trivial,
        );
      }
    });
  });
}
