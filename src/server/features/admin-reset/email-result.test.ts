// "Email the password to the following recipients" on a single admin reset (issue 13, Microsoft 365
// parity): who may receive it, what the mail holds, the audit event, and that a refusal changes
// nothing (checklist A7, A8, AU3, S9). The bulk job's mails are in email-result-bulk.test.ts.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { testEngines } from '../../testing/databases.js';
import { escapeHtml } from '../notifications/mail-render.js';
import { CHOSEN, PASSWORD, poster, resultMailsSince, setOtherMails, signInStatus, useEmailResultSuite } from './email-result.fixture.js';

for (const engine of testEngines()) {
  describe(`email the reset password (${engine})`, () => {
    const suite = useEmailResultSuite(engine);
    const post = poster(suite);

    test('a generated password goes to the admin and a named recipient, once each, in their language; audited without the password', async () => {
      const { t, sink } = suite;
      const { id } = await t.createUser({ userPrincipalName: 'adele.vance@contoso.example', displayName: 'Adele Vance', password: PASSWORD });
      await t.createUser({ userPrincipalName: 'alex.wilber@contoso.example', displayName: 'Alex Wilber', password: PASSWORD });
      const from = sink.mails.length;
      const res = await post(`/api/v1/users/${id}/reset-password`, {
        emailResult: { toMe: true, recipients: [' Manager@CONTOSO.example ', 'manager@contoso.example', 'HELPDESK@contoso.example'] },
      });
      assert.equal(res.statusCode, 200, res.body);
      const { password } = res.json<{ password: string }>();
      // Two result mails (duplicates and the admin's own address named again collapse) and the user's own notice.
      const { mails } = await resultMailsSince(suite, from, 3);
      // The first spelling is kept, with the domain in lower case.
      assert.deepEqual(mails.map((m) => m.to.join()).sort(), ['Manager@contoso.example', 'helpdesk@contoso.example']);
      const english = mails.find((m) => m.to[0] === 'helpdesk@contoso.example')!;
      const dutch = mails.find((m) => m.to[0] === 'Manager@contoso.example')!;
      assert.equal(english.subject, 'Contoso: new password for adele.vance@contoso.example');
      assert.equal(dutch.subject, 'Contoso: nieuw wachtwoord voor adele.vance@contoso.example', 'the recipient\u2019s language');
      for (const mail of [english, dutch]) {
        // The HTML part escapes it (a generated password may hold & < > " ').
        assert.ok(mail.text.includes(password) && mail.html.includes(escapeHtml(password)), 'the password is in the mail');
        assert.ok(mail.text.includes('adele.vance@contoso.example') && mail.text.includes('Adele Vance'));
        assert.ok(!/Alex Wilber|alex\.wilber/.test(mail.text + mail.html), 'no other user\u2019s data');
      }
      assert.match(english.text, /^Hello Megan Bowen,/);
      assert.match(english.text, /helpdesk@contoso\.example reset the password of Adele Vance/);
      assert.match(english.text, /must choose a new password/);
      assert.match(dutch.text, /Gebruikersnaam: adele\.vance@contoso\.example\nWachtwoord: /);
      // The notice to the user never holds the password, and never went to the recipients.
      const notice = sink.mails.slice(from).find((m) => m.to[0] === 'adele.vance@contoso.example')!;
      assert.ok(notice && !notice.text.includes(password));

      const events = await t.repos.audit.list({ action: 'user.password_result_emailed', targetId: id, limit: 5 });
      assert.equal(events.length, 1);
      assert.equal(events[0]!.actorName, 'helpdesk@contoso.example');
      assert.deepEqual(events[0]!.details, { recipients: 'helpdesk@contoso.example; Manager@contoso.example', source: 'single' });
      const stored = JSON.stringify(await t.db.db.selectFrom('outbox').selectAll().execute());
      const audit = JSON.stringify(await t.db.db.selectFrom('audit_event').selectAll().execute());
      assert.ok(!stored.includes(password), 'sealed in the outbox, never in clear (S9)');
      assert.ok(!audit.includes(password), 'no password in the audit log (A8, AU3)');
      assert.ok(!t.logs.join('').includes(password), 'no password in the server log');
    });

    test('a chosen password is emailed too, without the must-change line when no change is required', async () => {
      const { t, sink } = suite;
      const { id } = await t.createUser({ userPrincipalName: 'lidia.holloway@contoso.example', displayName: 'Lidia Holloway', password: PASSWORD });
      const from = sink.mails.length;
      const res = await post(`/api/v1/users/${id}/reset-password`, {
        autoGenerate: false,
        password: CHOSEN,
        forceChangePasswordNextSignIn: false,
        emailResult: { recipients: ['manager@contoso.example'] },
      });
      assert.deepEqual(res.json(), { password: null });
      const { mails } = await resultMailsSince(suite, from, 2);
      assert.equal(mails.length, 1);
      assert.ok(mails[0]!.text.includes(`Wachtwoord: ${CHOSEN}`));
      assert.ok(!/moet een nieuw wachtwoord kiezen/.test(mails[0]!.text));
      assert.equal(await signInStatus(t, 'lidia.holloway@contoso.example', CHOSEN), 200);
    });

    test('refused, and nothing changes: an unverified or foreign domain, the user\u2019s own addresses, more than five, not an address', async () => {
      const { t } = suite;
      const { id } = await t.createUser({ userPrincipalName: 'isaiah.langer@contoso.example', password: PASSWORD, mail: 'isaiah@contoso.example' });
      await setOtherMails(t, id, ['Isaiah.Home@contoso.example', 'isaiah@example.org']);
      const cases: [string, string[], [string, string][]][] = [
        [
          'unverified',
          ['boss@fabrikam.example', 'a@gmail.example'],
          [
            ['emailResult.recipients.0', 'reset_email.domain_not_verified'],
            ['emailResult.recipients.1', 'reset_email.domain_not_verified'],
          ],
        ],
        ['work address', ['ISAIAH.LANGER@contoso.example'], [['emailResult.recipients.0', 'reset_email.recipient_is_user']]],
        ['primary mail', ['isaiah@contoso.example'], [['emailResult.recipients.0', 'reset_email.recipient_is_user']]],
        [
          'alternate',
          ['isaiah.home@CONTOSO.example', 'isaiah@example.org'],
          [
            ['emailResult.recipients.0', 'reset_email.recipient_is_user'],
            ['emailResult.recipients.1', 'reset_email.recipient_is_user'],
          ],
        ],
        ['six', ['a', 'b', 'c', 'd', 'e', 'f'].map((l) => `${l}@contoso.example`), [['emailResult.recipients', 'reset_email.too_many']]],
        [
          'invalid',
          ['manager@contoso.example', 'not an address', 'x@y', '<a@contoso.example>'],
          [
            ['emailResult.recipients.1', 'reset_email.invalid_address'],
            ['emailResult.recipients.2', 'reset_email.invalid_address'],
            ['emailResult.recipients.3', 'reset_email.invalid_address'],
          ],
        ],
      ];
      for (const [what, recipients, expected] of cases) {
        const res = await post(`/api/v1/users/${id}/reset-password`, { emailResult: { recipients } });
        assert.equal(res.statusCode, 400, what);
        const problem = res.json<{ code: string; issues: { path: string; code: string; message: string }[] }>();
        assert.equal(problem.code, 'reset_email.refused', what);
        assert.deepEqual(
          problem.issues.map((i) => [i.path, i.code]),
          expected,
          what,
        );
      }
      assert.equal(await signInStatus(t, 'isaiah.langer@contoso.example', PASSWORD), 200, 'the password is unchanged');
      assert.equal((await t.repos.audit.list({ targetId: id, limit: 10 })).filter((e) => e.action !== 'user.sign_in').length, 0, 'nothing audited');
      assert.equal((await t.db.db.selectFrom('outbox').select('id').where('recipient', 'like', '%isaiah%').execute()).length, 0, 'nothing queued');
    });

    test('the problem is localised, and names the address', async () => {
      const { t } = suite;
      const { id } = await t.createUser({ userPrincipalName: 'nestor.wilke@contoso.example', password: PASSWORD });
      const nl = (await post(`/api/v1/users/${id}/reset-password`, { emailResult: { recipients: ['nestor.wilke@contoso.example'] } }, 'nl')).json();
      assert.equal(nl.title, 'Het wachtwoord kan niet naar deze ontvangers worden ge-e-maild. Er is niets gewijzigd.');
      assert.match(nl.issues[0].message, /^Het wachtwoord kan niet naar nestor\.wilke@contoso\.example worden ge-e-maild/);
      const en = (await post(`/api/v1/users/${id}/reset-password`, { emailResult: { recipients: ['x@fabrikam.example'] } })).json();
      assert.equal(
        en.issues[0].message,
        'The password can only be emailed to addresses in your organisation\u2019s verified domains; fabrikam.example isn\u2019t one of them.',
      );
    });

    test('"to me" counts only when the admin\u2019s own address is at a verified domain', async () => {
      const { t } = suite;
      await t.createUser({
        userPrincipalName: 'outsider.admin@contoso.example',
        mail: 'admin@fabrikam.example',
        password: PASSWORD,
        roles: ['helpdesk-administrator'],
      });
      const outsider = await t.signIn('outsider.admin@contoso.example', PASSWORD);
      const { id } = await t.createUser({ userPrincipalName: 'johanna.lorenz@contoso.example', password: PASSWORD });
      const res = await post(`/api/v1/users/${id}/reset-password`, { emailResult: { toMe: true } }, 'en', outsider);
      assert.equal(res.json().code, 'reset_email.refused');
      assert.deepEqual(
        res.json().issues.map((i: { path: string }) => i.path),
        ['emailResult.toMe'],
      );
      assert.equal(await signInStatus(t, 'johanna.lorenz@contoso.example', PASSWORD), 200);
    });

    test('off unless asked; not together with a set-password link', async () => {
      const { t } = suite;
      const { id } = await t.createUser({ userPrincipalName: 'diego.siciliani@contoso.example', password: PASSWORD });
      const link = await post(`/api/v1/users/${id}/reset-password`, { sendLink: true, emailResult: { recipients: ['manager@contoso.example'] } });
      assert.equal(link.json().code, 'request.validation_failed');
      assert.equal((await post(`/api/v1/users/${id}/reset-password`, { emailResult: { toMe: false, recipients: [] } })).statusCode, 200);
      assert.equal((await t.repos.audit.list({ action: 'user.password_result_emailed', targetId: id, limit: 5 })).length, 0);
    });
  });
}
