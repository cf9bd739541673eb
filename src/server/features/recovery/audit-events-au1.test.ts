// Checklist AU1 (ASVS 16.3.1, 16.3.3; Logging Vocabulary CS): the security events are in the audit
// log, each with the request's correlation id. Proved here: a lockout (authn_login_lock), a failed
// and a reused reset code (code failed, token reused), a completed self-service reset, a password
// change and its failure, an admin reset and sessions revoked. Reset requested, code sent and the
// portal's limits tripping are in account-limits.test.ts. Also: a set-password link used again is
// audited as a refused use, and the lockout event carries the request's correlation id, address and
// user agent (AU2).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { testEngines } from '../../testing/databases.js';
import { latestCode, recoveryDriver } from '../../testing/recovery.js';

const PASSWORD = 'Zebra-Quilt-Harbor-71!';
const NEW = 'Fjord&Kiwi*8372-Moss';

for (const engine of testEngines()) {
  describe(`AU1: the security events are audited (${engine})`, () => {
    let t: TestApp;
    let admin: { cookie: string; csrf: string };
    let d: ReturnType<typeof recoveryDriver>;
    before(async () => {
      t = await createTestApp({ engine, config: { recoveryCaptchaMaxNumber: 50 } });
      await t.createUser({ userPrincipalName: 'admin@contoso.example', password: PASSWORD, roles: ['global-administrator'] });
      admin = await t.signIn('admin@contoso.example', PASSWORD);
      d = recoveryDriver(t);
      await d.configure(admin, { enabledFor: 'all', methodsRequired: 1 });
    });
    after(() => t.close());

    /** The events of `action` about `targetId`, with the correlation id each carries. */
    const events = async (action: string, targetId: string) =>
      (await t.repos.audit.list({ action, targetId, limit: 50 })).map((e) => ({ outcome: e.outcome, correlationId: e.correlationId }));
    const requestId = (res: { headers: Record<string, unknown> }) => String(res.headers['x-request-id']);

    test('a lockout is audited (authn_login_lock)', async () => {
      const { id } = await t.createUser({ userPrincipalName: 'au1-lock@contoso.example', password: PASSWORD });
      for (let i = 0; i < 10; i++)
        await t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { username: 'au1-lock@contoso.example', password: `Wrong-${i}` } });
      assert.equal((await events('user.locked_out', id)).length, 1, 'the lockout');
    });

    test('the lockout event carries the request\u2019s correlation id, address and user agent (AU2)', async () => {
      const { id } = await t.createUser({ userPrincipalName: 'au1-lock2@contoso.example', password: PASSWORD });
      let last;
      for (let i = 0; i < 10; i++)
        last = await t.app.inject({
          method: 'POST',
          url: '/api/v1/auth/sign-in',
          payload: { username: 'au1-lock2@contoso.example', password: `Wrong-${i}` },
        });
      const [lock] = await t.repos.audit.list({ action: 'user.locked_out', targetId: id, limit: 1 });
      assert.ok(last, 'ten tries were sent');
      assert.equal(lock?.correlationId, requestId(last));
      assert.ok(lock?.ipAddress, 'the address');
    });

    test('a failed and a reused code, a completed reset: audited with their correlation ids', async () => {
      const { id } = await t.createUser({ userPrincipalName: 'au1@contoso.example', password: PASSWORD });
      const who = await t.signIn('au1@contoso.example', PASSWORD);
      await d.registerCode(who, PASSWORD, 'email', 'au1@example.org');
      const flow = (await d.start('au1@contoso.example')).json<{ id: string }>();
      await d.send(flow.id, 'email');
      const code = await latestCode(t, 'au1@example.org');
      const wrong = await d.verify(flow.id, { method: 'email', code: code === '00000000' ? '11111111' : '00000000' });
      assert.equal(wrong.json().code, 'recovery.code_invalid');
      const right = await d.verify(flow.id, { method: 'email', code });
      assert.equal(right.statusCode, 200);
      const reset = await d.password(flow.id, NEW);
      assert.equal(reset.statusCode, 200);
      // The same code again, in a new flow: reused.
      const again = (await d.start('au1@contoso.example')).json<{ id: string }>();
      const reused = await d.verify(again.id, { method: 'email', code });
      assert.equal(reused.json().code, 'recovery.code_invalid');

      const verified = await events('recovery.method_verified', id);
      for (const [res, outcome, what] of [
        [wrong, 'failure', 'code failed'],
        [right, 'success', 'code proved'],
        [reused, 'failure', 'code reused'],
      ] as const)
        assert.ok(
          verified.some((e) => e.outcome === outcome && e.correlationId === requestId(res)),
          what,
        );
      const completed = await events('user.password_reset_self', id);
      assert.ok(
        completed.some((e) => e.outcome === 'success' && e.correlationId === requestId(reset)),
        'reset succeeded',
      );
    });

    test('a password change and its failure, an admin reset, sessions revoked by an admin', async () => {
      const { id } = await t.createUser({ userPrincipalName: 'au1-change@contoso.example', password: PASSWORD });
      const who = await t.signIn('au1-change@contoso.example', PASSWORD);
      const headers = { cookie: who.cookie, 'x-csrf-token': who.csrf };
      const failed = await t.app.inject({
        method: 'POST',
        url: '/api/v1/me/change-password',
        payload: { currentPassword: 'Not-It-1!', newPassword: NEW },
        headers,
      });
      const changed = await t.app.inject({
        method: 'POST',
        url: '/api/v1/me/change-password',
        payload: { currentPassword: PASSWORD, newPassword: NEW },
        headers,
      });
      assert.equal(changed.statusCode, 204);
      const changes = await events('user.password_change', id);
      assert.ok(changes.some((e) => e.outcome === 'failure' && e.correlationId === requestId(failed)));
      assert.ok(changes.some((e) => e.outcome === 'success' && e.correlationId === requestId(changed)));

      const asAdmin = { cookie: admin.cookie, 'x-csrf-token': admin.csrf };
      const reset = await t.app.inject({ method: 'POST', url: `/api/v1/users/${id}/reset-password`, payload: { autoGenerate: true }, headers: asAdmin });
      assert.equal(reset.statusCode, 200);
      assert.ok((await events('user.password_reset', id)).some((e) => e.outcome === 'success' && e.correlationId === requestId(reset)));
      await t.signIn('au1-change@contoso.example', reset.json().password);
      const signOut = await t.app.inject({ method: 'POST', url: `/api/v1/users/${id}/revoke-sessions`, headers: asAdmin });
      assert.ok(signOut.statusCode < 300, signOut.body);
      assert.ok(
        (await events('user.sessions_revoked', id)).some((e) => e.correlationId === requestId(signOut)),
        'sessions revoked',
      );
    });

    test('a set-password link used again is audited as a refused use', async () => {
      const { id } = await t.createUser({ userPrincipalName: 'au1-link@contoso.example', password: PASSWORD });
      await t.db.db
        .updateTable('app_user')
        .set({ other_mails: JSON.stringify(['au1-link@example.org']) })
        .where('id', '=', id)
        .execute();
      await t.app.inject({
        method: 'POST',
        url: `/api/v1/users/${id}/reset-password`,
        payload: { sendLink: true },
        headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf },
      });
      await t.outboxWorker.drain();
      const [mail] = await t.repos.outbox.listDevMail(1, 'au1-link@example.org');
      const token = /token=([A-Za-z0-9_-]{43})/.exec(mail!.text)![1]!;
      const redeem = () => t.app.inject({ method: 'POST', url: '/api/v1/password-links/redeem', payload: { token, newPassword: NEW } });
      assert.equal((await redeem()).statusCode, 204);
      const reused = await redeem();
      assert.equal(reused.json().code, 'links.invalid');
      assert.ok(
        (await events('user.password_set_by_link', id)).some((e) => e.outcome === 'failure' && e.correlationId === requestId(reused)),
        'the reuse is audited',
      );
    });
  });
}
