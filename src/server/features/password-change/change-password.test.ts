import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { testEngines } from '../../testing/databases.js';
import { startSmtpSink, type SmtpSink } from '../../testing/smtp-sink.js';

const OLD = 'Zebra-Quilt-Harbor-71!';
const NEW = 'Fjord&Kiwi*8372-Moss';

for (const engine of testEngines()) {
  describe(`change my password (${engine})`, () => {
    let t: TestApp;
    let sink: SmtpSink;
    before(async () => {
      sink = await startSmtpSink();
      t = await createTestApp({ engine, config: { smtpUrl: sink.url, publicUrl: 'https://passwords.contoso.example' } });
    });
    after(async () => {
      await t.close();
      await sink.close();
    });

    const change = (who: { cookie: string; csrf: string }, body: object) =>
      t.app.inject({ method: 'POST', url: '/api/v1/me/change-password', payload: body, headers: { cookie: who.cookie, 'x-csrf-token': who.csrf } });
    const me = (who: { cookie: string }) => t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: who.cookie } });
    const events = async (id: string, action: string) => (await t.repos.audit.listForTarget(id, 100)).filter((e) => e.action === action);
    const secureSignIn = async (username: string, password: string) => {
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { username, password } });
      assert.equal(res.statusCode, 200, res.body);
      return { cookie: res.cookies.map((c) => `${c.name}=${c.value}`).join('; '), csrf: res.json().csrfToken as string };
    };

    test('a change revokes every session, takes the new password and notifies every address in the user’s language (C8, N1, N5)', async () => {
      const { id } = await t.createUser({ userPrincipalName: 'joni@contoso.example', displayName: 'Joni Sherman', password: OLD, preferredLanguage: 'nl' });
      await t.db.db
        .updateTable('app_user')
        .set({ other_mails: JSON.stringify(['joni@example.org', 'JONI@contoso.example']) })
        .where('id', '=', id)
        .execute();
      const a = await secureSignIn('joni@contoso.example', OLD);
      const b = await secureSignIn('joni@contoso.example', OLD);
      const before = sink.mails.length;
      const res = await change(a, { currentPassword: OLD, newPassword: NEW });
      assert.equal(res.statusCode, 204, res.body);
      assert.ok(
        res.cookies.some((c) => c.name === '__Host-latchkey_session' && c.value === ''),
        'the cookie is cleared',
      );
      assert.equal((await me(a)).statusCode, 401);
      assert.equal((await me(b)).statusCode, 401);
      assert.equal(
        (await t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { username: 'joni@contoso.example', password: OLD } })).statusCode,
        401,
      );
      await secureSignIn('joni@contoso.example', NEW);
      assert.equal((await events(id, 'user.password_change')).filter((e) => e.outcome === 'success').length, 1);

      const mails = (await sink.waitFor(before + 2)).slice(before);
      assert.deepEqual(mails.map((m) => m.to[0]).sort(), ['joni@contoso.example', 'joni@example.org'], 'primary and alternate, each once');
      for (const mail of mails) {
        assert.match(mail.subject, /Uw wachtwoord voor Contoso is gewijzigd/);
        assert.match(mail.text, /Hallo Joni Sherman/);
        assert.match(mail.text, /UTC/);
        assert.match(mail.text, /https:\/\/passwords\.contoso\.example\/recover/);
        assert.doesNotMatch(mail.raw, new RegExp(NEW.replace(/[*$&]/g, '\\$&')));
        assert.doesNotMatch(mail.raw, new RegExp(OLD));
      }
    });

    test('a wrong current password gets the sign-in answer, keeps the session and changes nothing (C2)', async () => {
      const { id } = await t.createUser({ userPrincipalName: 'wrong@contoso.example', password: OLD });
      const s = await secureSignIn('wrong@contoso.example', OLD);
      const res = await change(s, { currentPassword: 'Not-The-Password-1', newPassword: NEW });
      assert.equal(res.statusCode, 401);
      assert.equal(res.json().code, 'auth.invalid_credentials');
      assert.equal((await me(s)).statusCode, 200);
      await secureSignIn('wrong@contoso.example', OLD);
      assert.deepEqual(
        (await events(id, 'user.password_change')).map((e) => e.outcome),
        ['failure'],
      );
    });

    test('a new password the policy rejects changes nothing and writes no success event; every problem is listed', async () => {
      const { id } = await t.createUser({ userPrincipalName: 'weak@contoso.example', password: OLD });
      const s = await secureSignIn('weak@contoso.example', OLD);
      const mailsBefore = await t.repos.outbox.list({ limit: 500 });
      for (const [newPassword, codes] of [
        ['short', ['password.banned', 'password.complexity', 'password.too_short']],
        ['Password123!', ['password.banned']],
        [OLD, ['password.same_as_current']],
      ] as const) {
        const res = await change(s, { currentPassword: OLD, newPassword });
        assert.equal(res.statusCode, 400);
        assert.equal(res.json().code, 'password.rejected');
        assert.deepEqual(
          res
            .json()
            .issues.map((i: { code: string }) => i.code)
            .sort(),
          [...codes],
        );
      }
      const bad = await change(s, { currentPassword: OLD });
      assert.equal(bad.json().code, 'request.validation_failed');
      assert.equal((await me(s)).statusCode, 200);
      await secureSignIn('weak@contoso.example', OLD);
      assert.equal((await events(id, 'user.password_change')).filter((e) => e.outcome === 'success').length, 0);
      assert.equal((await t.repos.outbox.list({ limit: 500 })).length, mailsBefore.length, 'no mail queued');
    });

    test('CSRF is required (C5)', async () => {
      await t.createUser({ userPrincipalName: 'csrf@contoso.example', password: OLD });
      const s = await secureSignIn('csrf@contoso.example', OLD);
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/me/change-password',
        payload: { currentPassword: OLD, newPassword: NEW },
        headers: { cookie: s.cookie },
      });
      assert.equal(res.json().code, 'auth.csrf_failed');
      await secureSignIn('csrf@contoso.example', OLD);
    });

    test('forced change: the limited session can do nothing else, the temporary password cannot be reused, the flag clears (A4)', async () => {
      const { id } = await t.createUser({ userPrincipalName: 'temp@contoso.example', password: OLD, mustChangePassword: true });
      const s = await secureSignIn('temp@contoso.example', OLD);
      for (const [method, url] of [
        ['GET', '/api/v1/me/sessions'],
        ['GET', '/api/v1/users'],
        ['GET', '/api/v1/settings/password-policy'],
        ['GET', '/api/v1/mail/deliveries'],
      ] as const) {
        const res = await t.app.inject({ method, url, headers: { cookie: s.cookie } });
        assert.equal(res.statusCode, 403, url);
        assert.equal(res.json().code, 'auth.password_change_required');
      }
      const reuse = await change(s, { currentPassword: OLD, newPassword: OLD });
      assert.deepEqual(
        reuse.json().issues.map((i: { code: string }) => i.code),
        ['password.same_as_current'],
      );
      assert.equal((await change(s, { currentPassword: OLD, newPassword: NEW })).statusCode, 204);
      assert.equal((await t.repos.users.findById(id))!.forceChangePassword, false);
      const fresh = await t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { username: 'temp@contoso.example', password: NEW } });
      assert.equal(fresh.json().passwordChangeRequired, false);
    });

    test('two concurrent changes: exactly one wins', async () => {
      const { id } = await t.createUser({ userPrincipalName: 'race@contoso.example', password: OLD });
      const s = await secureSignIn('race@contoso.example', OLD);
      const results = await Promise.all([
        change(s, { currentPassword: OLD, newPassword: NEW }),
        change(s, { currentPassword: OLD, newPassword: 'Other&Kiwi*8372-Moss' }),
      ]);
      const codes = results.map((r) => r.statusCode).sort();
      assert.equal(codes.filter((c) => c === 204).length, 1, JSON.stringify(results.map((r) => r.body)));
      assert.equal((await events(id, 'user.password_change')).filter((e) => e.outcome === 'success').length, 1);
    });
  });
}

describe('mail survives an SMTP outage', () => {
  test('mail queued while the SMTP server is down is delivered once it is back: nothing lost, nothing twice', async () => {
    const probe = await startSmtpSink();
    const port = probe.port;
    await probe.close();
    const t = await createTestApp({ config: { smtpUrl: `smtp://127.0.0.1:${port}` } });
    let sink: SmtpSink | undefined;
    try {
      const { id } = await t.createUser({ userPrincipalName: 'outage@contoso.example', displayName: 'Outage', password: OLD });
      await t.db.db
        .updateTable('app_user')
        .set({ other_mails: JSON.stringify(['outage@example.org']) })
        .where('id', '=', id)
        .execute();
      const s = await t.signIn('outage@contoso.example', OLD);
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/me/change-password',
        payload: { currentPassword: OLD, newPassword: NEW },
        headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
      });
      assert.equal(res.statusCode, 204);
      await t.outboxWorker.drain();
      const queued = await t.repos.outbox.list({ limit: 10 });
      assert.equal(queued.length, 2);
      assert.ok(
        queued.every((m) => m.status === 'queued' && m.attempts === 1 && m.lastError),
        'both wait for a retry with the reason recorded',
      );

      sink = await startSmtpSink(port);
      await t.outboxWorker.drain();
      assert.equal(sink.mails.length, 0, 'nothing is sent before the backoff');
      t.clock.advance(6_000);
      await t.outboxWorker.drain();
      await sink.waitFor(2);
      t.clock.advance(3_600_000);
      await t.outboxWorker.drain();
      assert.equal(sink.mails.length, 2, 'each message exactly once');
      assert.deepEqual(sink.mails.map((m) => m.to[0]).sort(), ['outage@contoso.example', 'outage@example.org']);
      const delivered = await t.repos.outbox.list({ limit: 10 });
      assert.ok(delivered.every((m) => m.status === 'sent' && m.attempts === 2));
      const log = await t.repos.outbox.attemptsOf(delivered.map((m) => m.id));
      for (const m of delivered)
        assert.deepEqual(
          log.get(m.id)!.map((a) => a.outcome),
          ['retry', 'sent'],
        );
    } finally {
      await t.close();
      await sink?.close();
    }
  });
});
