/**
 * Suspicious-activity notices (checklist N6; issue 17), through the outbox and a real SMTP sink, in
 * the user's language: the right password from a new browser after failed sign-ins, and MFA
 * failures past the threshold. Neither carries a code, a password or a token.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { startSmtpSink, type SmtpSink } from '../../testing/smtp-sink.js';
import { codeNow, giveAuthenticator, newBrowser, passwordStep, send } from './mfa.fixture.js';
import { MFA_FAILURE_THRESHOLD } from './second-factors.js';
import { SUSPICIOUS_FAILURES } from '../auth/suspicious.js';

const PASSWORD = 'Harbor-Quilt-Zebra-71!';

describe('suspicious-activity mails (N6)', () => {
  let t: TestApp;
  let sink: SmtpSink;
  before(async () => {
    sink = await startSmtpSink();
    t = await createTestApp({ config: { smtpUrl: sink.url }, mfa: 'product-defaults' });
  });
  after(async () => {
    await t.close();
    await sink.close();
  });
  const mailsTo = async (address: string) => {
    await t.outboxWorker.drain();
    return sink.mails.filter((m) => m.to.includes(address));
  };

  test('a sign-in from a new browser after failed attempts is reported; from a familiar browser it is not', async () => {
    await t.createUser({ userPrincipalName: 'n6-en@contoso.example', password: PASSWORD, preferredLanguage: 'en' });
    await t.createUser({ userPrincipalName: 'n6-nl@contoso.example', password: PASSWORD, preferredLanguage: 'nl' });
    // A familiar browser for n6-en first.
    const home = newBrowser();
    await passwordStep(t, home, 'n6-en@contoso.example', PASSWORD);
    for (const [upn, lang] of [
      ['n6-en@contoso.example', 'en'],
      ['n6-nl@contoso.example', 'nl'],
    ] as const) {
      for (let i = 0; i < SUSPICIOUS_FAILURES; i++) {
        t.clock.advance(1000);
        await passwordStep(t, newBrowser(), upn, `Wrong-Guess-${i}-Quilt!`);
      }
      t.clock.advance(1000);
      const before = (await mailsTo(upn)).length;
      const stranger = newBrowser();
      stranger.cookie = 'latchkey_device=' + 'x'.repeat(43);
      assert.equal((await passwordStep(t, stranger, upn, PASSWORD)).statusCode, 200);
      const mails = (await mailsTo(upn)).slice(before);
      assert.equal(mails.length, 1, `one notice to ${upn}`);
      const mail = mails[0]!;
      assert.match(mail.subject, lang === 'nl' ? /Nieuwe aanmelding/ : /New sign-in/);
      assert.match(mail.text, lang === 'nl' ? /na 3 mislukte aanmeldpogingen/ : /after 3 failed sign-in attempts/);
      assert.ok(!mail.text.includes(PASSWORD) && !mail.text.includes('Wrong-Guess'), 'no password in the notice');
    }
    // The familiar browser after failures: no notice.
    for (let i = 0; i < SUSPICIOUS_FAILURES; i++) {
      t.clock.advance(1000);
      await passwordStep(t, newBrowser(), 'n6-en@contoso.example', `Other-Guess-${i}-Quilt!`);
    }
    t.clock.advance(1000);
    const before = (await mailsTo('n6-en@contoso.example')).length;
    await passwordStep(t, home, 'n6-en@contoso.example', PASSWORD);
    assert.equal((await mailsTo('n6-en@contoso.example')).length, before, 'a familiar browser is not suspicious');
    // A new browser without earlier failures: no notice either.
    t.clock.advance(1000);
    await passwordStep(t, newBrowser(), 'n6-en@contoso.example', PASSWORD);
    assert.equal((await mailsTo('n6-en@contoso.example')).length, before);
  });

  test(`${MFA_FAILURE_THRESHOLD} wrong second factors in a row send one notice, without the codes`, async () => {
    for (const lang of ['en', 'nl'] as const) {
      const upn = `n6-mfa-${lang}@contoso.example`;
      const { id } = await t.createUser({ userPrincipalName: upn, password: PASSWORD, preferredLanguage: lang });
      const secret = await giveAuthenticator(t, id);
      const b = newBrowser();
      await passwordStep(t, b, upn, PASSWORD);
      const tried: string[] = [];
      for (let i = 0; i < MFA_FAILURE_THRESHOLD - 1; i++) {
        tried.push(String(200000 + i));
        await send(t, b, 'POST', '/api/v1/auth/mfa', { method: 'authenticatorApp', code: tried.at(-1) });
      }
      assert.equal((await mailsTo(upn)).filter((m) => /verif/i.test(m.text)).length, 0, 'below the threshold: no notice');
      await send(t, b, 'POST', '/api/v1/auth/mfa', { method: 'authenticatorApp', code: '299999' });
      const mails = await mailsTo(upn);
      assert.equal(mails.length, 1, 'one notice at the threshold');
      assert.match(mails[0]!.subject, lang === 'nl' ? /Ongebruikelijke aanmeldactiviteit/ : /Unusual sign-in activity/);
      assert.match(mails[0]!.text, lang === 'nl' ? /5 keer achter elkaar/ : /5 times in a row/);
      for (const code of [...tried, '299999', codeNow(t, secret)]) assert.ok(!mails[0]!.text.includes(code), 'no code in the notice');
    }
  });
});
