// The server suites of "Email the password to the following recipients" (issue 13): an application
// whose mail goes to a real SMTP sink, a Helpdesk Administrator, a manager with Dutch as language,
// and a second, unverified domain of the organisation.
import { after, before } from 'node:test';
import type { Engine } from '../../db/kysely.js';
import { startSmtpSink, type SmtpSink } from '../../testing/smtp-sink.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';

export const PASSWORD = 'Zebra-Quilt-Harbor-71!';
export const CHOSEN = 'Fjord&Kiwi*8372-Moss';

export interface EmailResultSuite {
  t: TestApp;
  sink: SmtpSink;
  helpdesk: { cookie: string; csrf: string };
}

/** Inside a `describe`: the app, the sink and the signed-in Helpdesk Administrator, filled in by the time the tests run. */
export function useEmailResultSuite(engine: Engine): EmailResultSuite {
  const suite = {} as EmailResultSuite;
  before(async () => {
    suite.sink = await startSmtpSink();
    suite.t = await createTestApp({ engine, config: { smtpUrl: suite.sink.url } });
    const { t } = suite;
    await t.createUser({ userPrincipalName: 'helpdesk@contoso.example', displayName: 'Megan Bowen', password: PASSWORD, roles: ['helpdesk-administrator'] });
    await t.createUser({ userPrincipalName: 'manager@contoso.example', displayName: 'Miriam Graham', password: PASSWORD, preferredLanguage: 'nl' });
    // A domain the organisation added but never verified: no result mail may go there.
    const org = (await t.repos.organization.get())!;
    await t.db.db
      .insertInto('domain')
      .values({ name: 'fabrikam.example', organization_id: org.id, is_default: 0, is_verified: 0, created_at: t.clock.now().toISOString() })
      .execute();
    suite.helpdesk = await t.signIn('helpdesk@contoso.example', PASSWORD);
  });
  after(async () => {
    await suite.t?.close();
    await suite.sink?.close();
  });
  return suite;
}

/** POSTs as the Helpdesk Administrator (or `who`), in `language`. */
export function poster(suite: EmailResultSuite) {
  return (url: string, payload: object, language = 'en', who = suite.helpdesk) =>
    suite.t.app.inject({ method: 'POST', url, payload, headers: { cookie: who.cookie, 'x-csrf-token': who.csrf, 'accept-language': language } });
}

/** Sets a user's alternate email addresses. */
export async function setOtherMails(t: TestApp, id: string, otherMails: string[]): Promise<void> {
  await t.db.db
    .updateTable('app_user')
    .set({ other_mails: JSON.stringify(otherMails) })
    .where('id', '=', id)
    .execute();
}

/** Delivers the outbox and returns the mails of the result template that arrived since `from`. */
export async function resultMailsSince(suite: EmailResultSuite, from: number, expected: number) {
  await suite.t.outboxWorker.drain();
  const rows = await suite.t.db.db.selectFrom('outbox').select(['id', 'status']).where('template', '=', 'password-reset-result').execute();
  const mails = (await suite.sink.waitFor(from + expected)).slice(from);
  return { mails: mails.filter((m) => /new password for|nieuw wachtwoord voor/.test(m.subject)), outboxRows: rows };
}

/** Signs in through the API: the status code. */
export async function signInStatus(t: TestApp, username: string, password: string): Promise<number> {
  return (await t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { username, password } })).statusCode;
}
