/**
 * The reset portal's new-password step gets the same live feedback as My account: the policy's
 * problems, its rules and a strength estimate, for the proven user, and only once the proof is
 * complete. It reads only: the flow stays open and nothing is audited.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sha256 } from '../../core/crypto.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { testEngines } from '../../testing/databases.js';
import { latestCode, recoveryDriver } from '../../testing/recovery.js';

const PASSWORD = 'Zebra-Quilt-Harbor-71!';
const methods = { email: true, mobilePhone: false, officePhone: false, authenticatorApp: false, securityQuestions: false };

for (const engine of testEngines()) {
  describe(`reset portal: live password check (${engine})`, () => {
    let t: TestApp;
    let d: ReturnType<typeof recoveryDriver>;
    before(async () => {
      t = await createTestApp({ engine, config: { recoveryCaptchaMaxNumber: 50 } });
      await t.createUser({ userPrincipalName: 'admin@contoso.example', password: PASSWORD, roles: ['global-administrator'] });
      d = recoveryDriver(t);
      await d.configure(await t.signIn('admin@contoso.example', PASSWORD), { enabledFor: 'all', methods, methodsRequired: 1 });
    });
    after(() => t.close());

    const check = (id: string, password: string, language?: string) =>
      t.app.inject({
        method: 'POST',
        url: `/api/v1/recovery/flows/${id}/password/check`,
        payload: { password },
        headers: language ? { 'accept-language': language } : {},
      });

    test('refused before the proof, then the policy verdict for the proven user, in their language; the flow stays open', async () => {
      await t.createUser({ userPrincipalName: 'pieter.jansen@contoso.example', displayName: 'Pieter Jansen', password: PASSWORD });
      const who = await t.signIn('pieter.jansen@contoso.example', PASSWORD);
      await d.registerCode(who, PASSWORD, 'email', 'pieter@example.org');
      const id: string = (await d.start('pieter.jansen@contoso.example')).json().id;
      assert.equal((await check(id, 'anything')).json().code, 'recovery.step_not_allowed', 'not before every method is proven');

      await d.send(id, 'email');
      assert.equal((await d.verify(id, { method: 'email', code: await latestCode(t, 'pieter@example.org') })).statusCode, 200);
      const audited = (await t.db.db.selectFrom('audit_event').select('id').execute()).length;

      const weak = await check(id, 'pieterjansen1');
      assert.equal(weak.statusCode, 200, weak.body);
      const body = weak.json();
      assert.equal(body.accepted, false);
      assert.ok(
        body.problems.some(
          (p: { code: string }) => p.code === 'password.too_weak' || p.code === 'password.banned' || p.code === 'password.contains_personal_info',
        ),
        JSON.stringify(body.problems),
      );
      assert.equal(body.rules.minLength, 8);

      const strong = (await check(id, 'Fjord&Kiwi*8372-Moss')).json();
      assert.equal(strong.accepted, true);
      assert.deepEqual(strong.problems, []);
      assert.ok(strong.strength.guessesLog10 > body.strength.guessesLog10, 'the strength estimate tells them apart');

      const dutch = (await check(id, 'kort', 'nl')).json();
      assert.match(dutch.problems[0].message, /[Ww]achtwoord|tekens/, 'messages in the request language');

      const flow = await t.repos.recovery.findFlow(sha256(id));
      assert.equal(flow?.state, 'password', 'checking consumes nothing');
      assert.equal((await t.db.db.selectFrom('audit_event').select('id').execute()).length, audited, 'and audits nothing');
      assert.equal((await d.password(id, 'Fjord&Kiwi*8372-Moss')).statusCode, 200, 'the reset still completes');
    });

    test('an unknown flow is not found; a malformed body is refused without a 500', async () => {
      assert.equal((await check('x'.repeat(43), 'whatever')).json().code, 'recovery.flow_not_found');
      const res = await t.app.inject({ method: 'POST', url: `/api/v1/recovery/flows/${'x'.repeat(43)}/password/check`, payload: { password: 5 } });
      assert.equal(res.statusCode, 400);
    });
  });
}
