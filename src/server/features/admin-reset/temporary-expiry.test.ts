import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { loadConfig } from '../../config/load.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { testEngines } from '../../testing/databases.js';

const PASSWORD = 'Zebra-Quilt-Harbor-71!';
const CHOSEN = 'Fjord&Kiwi*8372-Moss';
const TTL = 6 * 3600;

test('the temporary password lifetime: 24 hours by default, 5 minutes to 30 days (A4)', () => {
  assert.equal(loadConfig({}).temporaryPasswordTtlSeconds, 86_400);
  assert.equal(loadConfig({ LATCHKEY_TEMPORARY_PASSWORD_TTL_SECONDS: '3600' }).temporaryPasswordTtlSeconds, 3600);
  assert.throws(() => loadConfig({ LATCHKEY_TEMPORARY_PASSWORD_TTL_SECONDS: '0' }), /LATCHKEY_TEMPORARY_PASSWORD_TTL_SECONDS/);
  assert.throws(() => loadConfig({ LATCHKEY_TEMPORARY_PASSWORD_TTL_SECONDS: String(31 * 86_400) }), /LATCHKEY_TEMPORARY_PASSWORD_TTL_SECONDS/);
});

// Checklist A4 (b): a generated temporary password is short-lived. Past its lifetime, signing in
// with it fails exactly like a wrong password (R1), and the sign-in log says why.
for (const engine of testEngines()) {
  describe(`generated temporary passwords expire if unused (${engine})`, () => {
    let t: TestApp;
    let helpdesk: { cookie: string; csrf: string };
    before(async () => {
      t = await createTestApp({ engine, config: { temporaryPasswordTtlSeconds: TTL } });
      await t.createUser({ userPrincipalName: 'helpdesk@contoso.example', password: PASSWORD, roles: ['helpdesk-administrator'] });
    });
    after(() => t.close());

    const call = (method: string, url: string, payload?: object) =>
      t.app.inject({ method: method as 'GET', url, ...(payload ? { payload } : {}), headers: { cookie: helpdesk.cookie, 'x-csrf-token': helpdesk.csrf } });
    const signIn = (username: string, password: string) => t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { username, password } });
    const reset = async (upn: string, options: object) => {
      helpdesk = await t.signIn('helpdesk@contoso.example', PASSWORD); // a fresh proof for the step-up
      const { id } = await t.createUser({ userPrincipalName: upn, password: PASSWORD });
      const res = await call('POST', `/api/v1/users/${id}/reset-password`, options);
      assert.equal(res.statusCode, 200, res.body);
      return { id, password: res.json().password as string | null, at: t.clock.now().getTime() };
    };
    const lastReason = async (userId: string) =>
      (
        await t.db.db
          .selectFrom('sign_in_event')
          .select(['reason', 'result'])
          .where('user_id', '=', userId)
          .orderBy('occurred_at', 'desc')
          .executeTakeFirstOrThrow()
      ).reason;

    test('an admin reset’s generated password works until its lifetime, then fails like a wrong password (A4, R1)', async () => {
      const { id, password, at } = await reset('temp.single@contoso.example', { autoGenerate: true, forceChangePasswordNextSignIn: true });
      assert.ok(password);
      t.clock.set(new Date(at + TTL * 1000 - 1000));
      const early = await signIn('temp.single@contoso.example', password);
      assert.equal(early.statusCode, 200, early.body);
      assert.equal(early.json().passwordChangeReason, 'must_change');
      t.clock.set(new Date(at + TTL * 1000 + 1000));
      const late = await signIn('temp.single@contoso.example', password);
      const wrong = await signIn('temp.single@contoso.example', 'Not-The-Password-1');
      assert.equal(late.statusCode, 401);
      const { instance: _a, ...lateBody } = late.json();
      const { instance: _b, ...wrongBody } = wrong.json();
      assert.deepEqual(lateBody, wrongBody, 'the same answer as a wrong password');
      assert.equal(late.json().code, 'auth.invalid_credentials');
      const rows = await t.db.db.selectFrom('sign_in_event').select(['reason']).where('user_id', '=', id).where('result', '=', 'failure').execute();
      assert.ok(
        rows.some((r) => r.reason === 'temporary_password_expired'),
        'the sign-in log says why',
      );
      assert.ok(!JSON.stringify(rows).includes(password));
    });

    test('changing the generated password ends its lifetime: the user’s own password keeps working (A4)', async () => {
      const { id, password, at } = await reset('temp.changed@contoso.example', { autoGenerate: true, forceChangePasswordNextSignIn: true });
      const limited = await t.signIn('temp.changed@contoso.example', password!);
      const changed = await t.app.inject({
        method: 'POST',
        url: '/api/v1/me/change-password',
        payload: { currentPassword: password, newPassword: CHOSEN },
        headers: { cookie: limited.cookie, 'x-csrf-token': limited.csrf },
      });
      assert.equal(changed.statusCode, 204, changed.body);
      assert.equal(await t.repos.temporaryPasswords.expiresAt(id), null);
      t.clock.set(new Date(at + TTL * 1000 + 60_000));
      assert.equal((await signIn('temp.changed@contoso.example', CHOSEN)).statusCode, 200);
      assert.equal(await lastReason(id), 'success');
    });

    test('a password the admin typed is not a generated one and does not expire (A4 scope)', async () => {
      const { id, at } = await reset('temp.typed@contoso.example', { autoGenerate: false, password: CHOSEN, forceChangePasswordNextSignIn: false });
      assert.equal(await t.repos.temporaryPasswords.expiresAt(id), null);
      t.clock.set(new Date(at + TTL * 1000 * 4));
      assert.equal((await signIn('temp.typed@contoso.example', CHOSEN)).statusCode, 200);
    });

    test('a bulk job’s generated password expires the same way (A4)', async () => {
      helpdesk = await t.signIn('helpdesk@contoso.example', PASSWORD);
      const { id: userId } = await t.createUser({ userPrincipalName: 'temp.bulk@contoso.example', password: PASSWORD });
      const created = await call('POST', '/api/v1/password-reset-jobs', { userPrincipalNames: ['temp.bulk@contoso.example'] });
      assert.equal(created.statusCode, 202, created.body);
      await t.services.resetJobs.runAll();
      const at = t.clock.now().getTime();
      const items = (await call('POST', `/api/v1/password-reset-jobs/${created.json().id}/passwords`)).json().items;
      assert.equal(items.length, 1, JSON.stringify(items));
      const expiresAt = await t.repos.temporaryPasswords.expiresAt(userId);
      assert.equal(expiresAt?.getTime(), at + TTL * 1000);
      t.clock.set(new Date(at + TTL * 1000 + 1000));
      assert.equal((await signIn('temp.bulk@contoso.example', items[0].password)).json().code, 'auth.invalid_credentials');
      assert.equal(await lastReason(userId), 'temporary_password_expired');
    });
  });
}
