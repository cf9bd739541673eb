import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, type TestApp } from '../../../testing/test-app.js';
import { testEngines } from '../../../testing/databases.js';
import { buildBannedIndex } from './banned-index.js';
import { evaluateBanned } from './evaluate.js';
import { PASSPHRASE_MIN_LENGTH } from './limits.js';

const PASSWORD = 'Zebra-Quilt-Harbor-71!';
type Who = { cookie: string; csrf: string };

// Checklist P6: the user name, the email local part, the display-name words, the organisation's
// and the product's name are blocked in every profile; a long passphrase that merely contains one may pass.
test('a long passphrase may contain a name when the rest scores 5 on its own (P6)', () => {
  const global = buildBannedIndex(['purple', 'umbrella', 'likes']);
  const context = { extraTerms: ['qorvath'], allowLongPassphrases: true };
  const long = evaluateBanned('Qorvath likes purple umbrellas!', { global }, context);
  assert.equal(long.accepted, true, JSON.stringify(long));
  assert.deepEqual(long.contextTerms, []);
  assert.deepEqual(long.waivedContextTerms, ['qorvath']);
  const repeated = evaluateBanned('QorvathQorvath-Qorvath!!', { global }, context);
  assert.equal(repeated.accepted, false, 'the name repeated is not a passphrase: the rest scores under 5');
  assert.deepEqual(repeated.contextTerms, ['qorvath']);
  const short = evaluateBanned('Qorvath!2025-xyz', { global }, context);
  assert.ok(short.score >= 5 && [...'qorvatl!2o2s-xyz'].length < PASSPHRASE_MIN_LENGTH);
  assert.equal(short.accepted, false, 'under 20 characters any name rejects, whatever the score');
  assert.equal(evaluateBanned('Qorvath likes purple umbrellas!', { global }, { extraTerms: ['qorvath'] }).accepted, false, 'Entra’s rule unless asked');
});

for (const engine of testEngines()) {
  describe(`identifiers are blocked in every profile (${engine})`, () => {
    let t: TestApp;
    let policyAdmin: Who;
    let user: Who;
    before(async () => {
      t = await createTestApp({ engine, organizationName: 'Fabrikam' });
      await t.createUser({ userPrincipalName: 'apa@contoso.example', password: PASSWORD, roles: ['authentication-policy-administrator'] });
      await t.createUser({
        userPrincipalName: 'qorvath@contoso.example',
        mail: 'zylbermann@contoso.example',
        displayName: 'Ildiko Brastwell',
        password: PASSWORD,
      });
      policyAdmin = await t.signIn('apa@contoso.example', PASSWORD);
      user = await t.signIn('qorvath@contoso.example', PASSWORD);
    });
    after(() => t.close());

    const call = (who: Who, method: string, url: string, payload?: object) =>
      t.app.inject({ method: method as 'GET', url, ...(payload ? { payload } : {}), headers: { cookie: who.cookie, 'x-csrf-token': who.csrf } });
    const codes = async (password: string) => {
      const res = await call(user, 'POST', '/api/v1/password-policy/check', { password });
      assert.equal(res.statusCode, 200, res.body);
      return { accepted: res.json().accepted as boolean, codes: (res.json().problems as { code: string }[]).map((p) => p.code) };
    };

    for (const profile of ['entra', 'nist'] as const) {
      test(`${profile}: the UPN, the mail local part, display-name words and the organisation, with suffixes, are rejected (P6)`, async () => {
        const current = (await call(policyAdmin, 'GET', '/api/v1/settings/password-policy')).json();
        const saved = await call(policyAdmin, 'PUT', '/api/v1/settings/password-policy', { ...current, profile });
        assert.equal(saved.statusCode, 200, saved.body);
        // 15 to 19 characters: long enough for the NIST profile, too short to count as a passphrase.
        for (const password of [
          'Qorvath!2025-xyz',
          'Zylbermann!2025x',
          'Brastwell!2025-x',
          'Ildiko!2025-Wxyz',
          'Fabrikam!2025-xy',
          'Latchkey!2025-xy',
          'Xy-QORV4TH-2025!',
        ]) {
          const verdict = await codes(password);
          assert.equal(verdict.accepted, false, `${profile}: ${password}`);
          assert.ok(verdict.codes.includes('password.contains_personal_info'), `${profile}: ${password} ${verdict.codes.join()}`);
        }
        const passphrase = await codes('Qorvath likes purple umbrellas!');
        assert.deepEqual(passphrase.codes, [], `${profile}: a long passphrase that merely contains the user name passes`);
        const padded = await codes('QorvathQorvath-Qorvath!!');
        assert.ok(padded.codes.includes('password.contains_personal_info'), `${profile}: the name repeated to length does not`);
        // The write path uses the same engine: the change is refused.
        const changed = await call(user, 'POST', '/api/v1/me/change-password', { currentPassword: PASSWORD, newPassword: 'Zylbermann!2025x' });
        assert.equal(changed.json().code, 'password.rejected');
        assert.ok(
          changed.json().issues.some((i: { code: string }) => i.code === 'password.contains_personal_info'),
          changed.body,
        );
      });
    }
  });
}
