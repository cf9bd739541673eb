// "Email the password to the following recipients" on a bulk reset job (issue 13): one mail per
// reset user with only that user's data, checked before the job starts and again per user.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { testEngines } from '../../testing/databases.js';
import { PASSWORD, poster, resultMailsSince, setOtherMails, signInStatus, useEmailResultSuite } from './email-result.fixture.js';

const names = ['Adele Vance', 'Alex Wilber', 'Lynne Robbins'];
const upnOf = (name: string) => `${name.toLowerCase().replace(' ', '.')}@contoso.example`;

for (const engine of testEngines()) {
  describe(`email the reset passwords of a bulk job (${engine})`, () => {
    const suite = useEmailResultSuite(engine);
    const post = poster(suite);

    test('one mail per reset user to each recipient, each with only that user\u2019s name and password; one audit event per user', async () => {
      const { t, sink, helpdesk } = suite;
      const ids: string[] = [];
      for (const displayName of names) ids.push((await t.createUser({ userPrincipalName: upnOf(displayName), displayName, password: PASSWORD })).id);
      const from = sink.mails.length;
      const created = await post('/api/v1/password-reset-jobs', { userIds: ids, emailResult: { toMe: true, recipients: ['manager@contoso.example'] } });
      assert.equal(created.statusCode, 202, created.body);
      const { id: job } = created.json<{ id: string }>();
      await t.services.resetJobs.runAll();
      const taken = await t.app.inject({
        method: 'POST',
        url: `/api/v1/password-reset-jobs/${job}/passwords`,
        headers: { cookie: helpdesk.cookie, 'x-csrf-token': helpdesk.csrf },
      });
      const passwords = new Map(taken.json<{ items: { userPrincipalName: string; password: string }[] }>().items.map((i) => [i.userPrincipalName, i.password]));
      assert.equal(passwords.size, 3);
      // 3 users × 2 recipients, and each user's own notice.
      const { mails } = await resultMailsSince(suite, from, 9);
      assert.equal(mails.length, 6);
      for (const displayName of names) {
        const upn = upnOf(displayName);
        const theirs = mails.filter((m) => m.subject.endsWith(upn));
        assert.deepEqual(theirs.map((m) => m.to[0]).sort(), ['helpdesk@contoso.example', 'manager@contoso.example']);
        for (const mail of theirs) {
          assert.ok(mail.text.includes(passwords.get(upn)!), `${upn}: their password`);
          assert.ok(mail.text.includes(displayName));
          for (const other of names.filter((n) => n !== displayName)) {
            assert.ok(!mail.text.includes(other) && !mail.text.includes(upnOf(other)) && !mail.html.includes(upnOf(other)), `${upn}: nothing of ${other}`);
            assert.ok(!mail.text.includes(passwords.get(upnOf(other))!), `${upn}: not ${other}'s password`);
          }
        }
      }
      for (const id of ids) {
        const [event] = await t.repos.audit.list({ action: 'user.password_result_emailed', targetId: id, limit: 5 });
        assert.deepEqual(event?.details, { recipients: 'helpdesk@contoso.example; manager@contoso.example', source: `job:${job}` });
      }
      const [createdEvent] = await t.repos.audit.list({ action: 'password_reset_job.created', limit: 1 });
      assert.equal(createdEvent?.details?.emailResultTo, 'helpdesk@contoso.example; manager@contoso.example');
      const everything = JSON.stringify([
        await t.db.db.selectFrom('outbox').selectAll().execute(),
        await t.db.db.selectFrom('audit_event').selectAll().execute(),
        await t.db.db.selectFrom('reset_job').selectAll().execute(),
      ]);
      for (const password of passwords.values()) {
        assert.ok(!everything.includes(password), 'no password in clear in the outbox, audit log or job');
        assert.ok(!t.logs.join('').includes(password), 'no password in the server log');
      }
    });

    test('a recipient who is one of the users is refused before the job starts; an unverified domain too', async () => {
      const { t } = suite;
      const { id } = await t.createUser({ userPrincipalName: 'grady.archie@contoso.example', password: PASSWORD });
      const other = await t.createUser({ userPrincipalName: 'pradeep.gupta@contoso.example', password: PASSWORD });
      for (const recipients of [['Grady.Archie@contoso.example'], ['cfo@fabrikam.example']]) {
        const res = await post('/api/v1/password-reset-jobs', { userIds: [id, other.id], emailResult: { recipients } });
        assert.equal(res.statusCode, 400);
        assert.equal(res.json().code, 'reset_email.refused');
      }
      assert.equal((await t.db.db.selectFrom('reset_job').select('id').execute()).length, 1, 'only the first test\u2019s job');
      assert.equal(await signInStatus(t, 'grady.archie@contoso.example', PASSWORD), 200);
    });

    test('a user whose alternate address is a recipient is not reset (failed, with the reason); the others are', async () => {
      const { t, sink } = suite;
      const home = await t.createUser({ userPrincipalName: 'megan.home@contoso.example', password: PASSWORD });
      await setOtherMails(t, home.id, ['manager@contoso.example']);
      const plain = await t.createUser({ userPrincipalName: 'patti.fernandez@contoso.example', displayName: 'Patti Fernandez', password: PASSWORD });
      const from = sink.mails.length;
      const created = await post('/api/v1/password-reset-jobs', { userIds: [home.id, plain.id], emailResult: { recipients: ['manager@contoso.example'] } });
      assert.equal(created.statusCode, 202, created.body);
      await t.services.resetJobs.runAll();
      const items = await t.repos.resetJobs.items(created.json().id, -1, 10);
      assert.deepEqual(
        items.map((i) => `${i.userPrincipalName}:${i.status}:${i.reason}`),
        ['megan.home@contoso.example:failed:reset_email.recipient_is_user', 'patti.fernandez@contoso.example:reset:null'],
      );
      assert.equal(await signInStatus(t, 'megan.home@contoso.example', PASSWORD), 200, 'not reset');
      const { mails } = await resultMailsSince(suite, from, 2);
      assert.deepEqual(
        mails.map((m) => m.subject),
        ['Contoso: nieuw wachtwoord voor patti.fernandez@contoso.example'],
      );
    });
  });
}
