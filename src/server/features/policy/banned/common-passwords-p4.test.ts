// Checklist P4 (ASVS 6.2.4; NIST: a blocklist SHALL be checked): the top 3,000 passwords of a
// public list (zxcvbn-ts's passwords-common, ranked by frequency in real leaks), filtered to the
// minimum length (8, the default profile's), are all refused with the blocklist named as the
// reason: every one through the policy check, and a sample through user creation, a change and an
// admin reset. Asking for the blocklist reason (not just a refusal) keeps the test failing if the
// blocklist went missing while the complexity rule still refused most of them.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { dictionary } from '@zxcvbn-ts/language-common';
import { createTestApp, type TestApp } from '../../../testing/test-app.js';

const PASSWORD = 'Zebra-Quilt-Harbor-71!';
const TOP = dictionary['passwords-common'].slice(0, 3000).filter((p) => [...p].length >= 8);

describe('P4: the most common passwords are refused, with the reason', () => {
  let t: TestApp;
  let admin: { cookie: string; csrf: string };
  before(async () => {
    t = await createTestApp();
    await t.createUser({ userPrincipalName: 'admin@contoso.example', password: PASSWORD, roles: ['global-administrator'] });
    admin = await t.signIn('admin@contoso.example', PASSWORD);
  });
  after(() => t.close());

  const call = (who: { cookie: string; csrf: string }, url: string, payload: object) =>
    t.app.inject({ method: 'POST', url, payload, headers: { cookie: who.cookie, 'x-csrf-token': who.csrf } });

  test(`all ${TOP.length} of the top 3,000 with at least 8 characters: refused by the blocklist (policy check)`, async () => {
    assert.ok(TOP.length > 600, `${TOP.length} passwords`);
    const accepted: string[] = [];
    const notBlocklisted: string[] = [];
    for (const password of TOP) {
      const res = await call(admin, '/api/v1/password-policy/check', { password });
      assert.equal(res.statusCode, 200, res.body);
      const verdict = res.json<{ accepted: boolean; problems: { code: string; message: string }[] }>();
      if (verdict.accepted) accepted.push(password);
      const banned = verdict.problems.find((p) => p.code === 'password.banned');
      if (!banned || !banned.message) notBlocklisted.push(password);
    }
    assert.deepEqual(accepted, [], 'none accepted');
    assert.deepEqual(notBlocklisted, [], 'each with the blocklist as a stated reason');
  });

  test('a sample through user creation, a change and an admin reset: refused with the reason, nothing changes', async () => {
    const sample = TOP.filter((_, i) => i % 45 === 0);
    const { id } = await t.createUser({ userPrincipalName: 'changer@contoso.example', password: PASSWORD });
    const user = await t.signIn('changer@contoso.example', PASSWORD);
    for (const [i, password] of sample.entries()) {
      const created = await call(admin, '/api/v1/users', {
        userPrincipalName: `p4-${i}@contoso.example`,
        displayName: `P4 ${i}`,
        passwordProfile: { password, forceChangePasswordNextSignIn: false },
      });
      const changed = await call(user, '/api/v1/me/change-password', { currentPassword: PASSWORD, newPassword: password });
      const reset = await call(admin, `/api/v1/users/${id}/reset-password`, { autoGenerate: false, password, forceChangePasswordNextSignIn: false });
      for (const [path, res] of [
        ['create', created],
        ['change', changed],
        ['reset', reset],
      ] as const) {
        assert.equal(res.statusCode, 400, `${path} ${password}: ${res.statusCode}`);
        const body = res.json<{ code: string; problems?: { code: string }[]; issues?: { code: string }[] }>();
        assert.equal(body.code, 'password.rejected', `${path} ${password}`);
        assert.ok(JSON.stringify(body).includes('password.banned'), `${path} ${password}: the reason is stated`);
      }
      t.clock.advance(3_000); // the change shares the sign-in rate limit (30 a minute)
    }
    assert.equal(await t.repos.users.findBySignInName('p4-0@contoso.example'), undefined, 'no user was created');
    await t.signIn('changer@contoso.example', PASSWORD);
  });
});
