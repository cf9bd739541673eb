// Browser tests of the self-service password reset portal (/recover), full resets: an email code
// (English), a text plus the authenticator app (Dutch), a call plus security questions. Codes are
// read from the dev mailbox (the test server has neither SMTP nor an SMS gateway). The wrong
// codes, ended sessions, unknown names, the helpdesk and the lock are in recover-errors.test.ts.
// Needs `npm run build:web` first (the test script does that).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { codeIn, nextTotp, registerAuthenticator, registerCodeMethod, registerQuestions, watchMailbox } from '../support/recover.js';
import {
  NEW_PASSWORD,
  choosePassword,
  configureSspr,
  enterCode,
  noPortal,
  shot,
  startReset,
  storedFlowId,
  upn,
  usePortalSuite,
} from '../support/recover-portal.js';
import { PASSWORD, browserGate, switchLanguage } from '../support/web.js';

describe('self-service password reset portal', browserGate('reset portal'), () => {
  const suite = usePortalSuite();
  const { newPage, user, openPortal, signInWith } = suite;

  test('(a) English, one method: an email code resets the password, a reload resumes, then sign-in works', async (t) => {
    if (!suite.hasPortal) return t.skip(noPortal);
    await configureSspr(suite.server, suite.admin, { methods: { email: true, mobilePhone: true }, methodsRequired: 1 });
    const session = await user('adele.vance', 'Adele Vance');
    await registerCodeMethod(suite.server, session, PASSWORD, 'email', 'adele.private@fabrikam.example');
    const { context, page } = await newPage();
    try {
      await openPortal(page);
      await page.getByRole('heading', { level: 2, name: 'Tell us who you are' }).waitFor();
      await shot(page, '1-user-id-en');
      // Next without a user ID: the field says so.
      await page.getByRole('button', { name: 'Next', exact: true }).click();
      await page.getByText('Enter your user ID.').waitFor();

      await startReset(page, upn('adele.vance'));
      await page.getByRole('heading', { level: 2, name: 'Verify it’s you' }).waitFor();
      const progress = page.getByRole('list', { name: 'Progress' });
      assert.deepEqual(await progress.getByRole('listitem').allInnerTexts(), ['Verification 1', 'New password']);
      const radios = page.getByRole('radio');
      assert.equal(await radios.count(), 1, 'only the registered method is offered');
      assert.equal(await page.getByRole('radio', { name: 'Email my alternate email' }).isChecked(), true);
      await page.getByText(/We’ll email a verification code to a•+@f•+\.example\./).waitFor();
      assert.equal(new URL(page.url()).search, '', 'nothing about the flow in the address bar');
      const id = await storedFlowId(page);
      assert.ok(!page.url().includes(id));
      await shot(page, '2-method-en');

      const mailbox = await watchMailbox(suite.server, 'adele.private@fabrikam.example');
      await page.getByRole('button', { name: 'Send email' }).click();
      const codeBox = page.locator('input[autocomplete="one-time-code"]');
      await codeBox.waitFor();
      assert.equal(await codeBox.getAttribute('inputmode'), 'numeric');
      assert.equal(await codeBox.evaluate((el) => el === document.activeElement), true, 'the code box gets focus');
      const code = await mailbox.code();

      // A reload resumes the same flow at the same place.
      await page.reload();
      await page.getByRole('heading', { level: 2, name: 'Verify it’s you' }).waitFor();
      await codeBox.waitFor();
      assert.equal(await storedFlowId(page), id);
      await shot(page, '2-code-en');

      await enterCode(page, code);
      await page.getByRole('heading', { level: 2, name: 'Choose a new password' }).waitFor();
      assert.deepEqual(await progress.getByRole('listitem').allInnerTexts(), ['Verification 1', 'New password']);
      // The confirmation is checked here, the policy by the server.
      const boxes = page.locator('input[autocomplete="new-password"]');
      await boxes.nth(0).fill(NEW_PASSWORD);
      await boxes.nth(1).fill(`${NEW_PASSWORD}x`);
      await page.getByRole('button', { name: 'Reset password', exact: true }).click();
      await page.getByText('The passwords don’t match.').waitFor();
      await choosePassword(page, 'Password1');
      // The policy's reason, next to the new password.
      await page.locator('input[autocomplete="new-password"][aria-invalid="true"]').first().waitFor();
      assert.ok((await page.locator('.fui-Field__validationMessage').first().innerText()).length > 0);
      await shot(page, '3-password-refused-en');

      await choosePassword(page, NEW_PASSWORD);
      await page.getByRole('heading', { level: 2, name: 'Your password has been reset' }).waitFor();
      assert.equal(await page.evaluate(() => sessionStorage.getItem('latchkey.recovery')), null, 'the finished flow is forgotten');
      await shot(page, '4-done-en');

      await page.getByRole('link', { name: 'Sign in with your new password' }).click();
      await page.waitForURL(/\/sign-in$/);
      await page.getByText('Your password has been changed. Sign in with your new password.').waitFor();
      await signInWith(page, upn('adele.vance'), NEW_PASSWORD);
      await page.waitForURL(/\/account$/);
    } finally {
      await context.close();
    }
  });

  test('(b) Dutch, two methods: a text message and the authenticator app', async (t) => {
    if (!suite.hasPortal) return t.skip(noPortal);
    await configureSspr(suite.server, suite.admin, { methods: { email: true, mobilePhone: true, authenticatorApp: true }, methodsRequired: 2 });
    const session = await user('megan.bowen', 'Megan Bowen');
    await registerCodeMethod(suite.server, session, PASSWORD, 'mobile-phone', '+31612345678');
    const secret = await registerAuthenticator(suite.server, session, PASSWORD);
    const { context, page } = await newPage();
    try {
      await openPortal(page);
      await switchLanguage(page, 'Nederlands');
      await page.getByRole('heading', { level: 1, name: 'Terug naar uw account' }).waitFor();
      await page.getByRole('heading', { level: 2, name: 'Vertel ons wie u bent' }).waitFor();
      await shot(page, '1-user-id-nl');
      await startReset(page, upn('megan.bowen'), { userId: /^Gebruikers-id/, next: 'Volgende' });
      await page.getByRole('heading', { level: 2, name: 'Verificatiestap 1 van 2' }).waitFor();
      const progress = page.getByRole('list', { name: 'Voortgang' });
      assert.deepEqual(await progress.getByRole('listitem').allInnerTexts(), ['Verificatie 1', 'Verificatie 2', 'Nieuw wachtwoord']);
      await page.getByRole('radio', { name: 'Een code uit mijn authenticator-app invoeren' }).waitFor();
      await page.getByRole('radio', { name: 'Een sms sturen naar mijn mobiele telefoon' }).check();
      await page.getByText(/We sturen een verificatiecode per sms naar \+•• •+ 78\./).waitFor();
      await shot(page, '2-methods-nl');

      const phone = await watchMailbox(suite.server, '+31612345678');
      await page.getByRole('button', { name: 'Sms verzenden' }).click();
      await page.getByText(/We hebben een sms met een code gestuurd naar/).waitFor();
      const code = await phone.code();
      // A wrong code first: the server's message, in Dutch, next to the box.
      await enterCode(page, code === '12345678' ? '87654321' : '12345678', 'Verifiëren');
      await page.getByText('Deze code werkt niet. Controleer de code en probeer het opnieuw, of vraag een nieuwe code aan.').waitFor();
      await shot(page, '2-code-wrong-nl');
      await enterCode(page, code, 'Verifiëren');

      await page.getByRole('heading', { level: 2, name: 'Verificatiestap 2 van 2' }).waitFor();
      await page.getByText('Dat is gelukt. Bevestig voor extra beveiliging met nog een methode.').waitFor();
      assert.equal(await page.getByRole('radio', { name: /sms/ }).count(), 0, 'a proven method is not offered again');
      assert.equal(await page.getByRole('radio', { name: 'Een code uit mijn authenticator-app invoeren' }).isChecked(), true);
      await shot(page, '2-second-nl');
      await enterCode(page, nextTotp(secret), 'Verifiëren');

      await page.getByRole('heading', { level: 2, name: 'Een nieuw wachtwoord kiezen' }).waitFor();
      await shot(page, '3-password-nl');
      await choosePassword(page, NEW_PASSWORD, 'Wachtwoord opnieuw instellen');
      await page.getByRole('heading', { level: 2, name: 'Uw wachtwoord is opnieuw ingesteld' }).waitFor();
      await page.getByRole('link', { name: 'Aanmelden met uw nieuwe wachtwoord' }).waitFor();
      await shot(page, '4-done-nl');
      await switchLanguage(page, 'English');
    } finally {
      await context.close();
    }
  });

  test('(c) two methods: a call to the office phone, then security questions', async (t) => {
    if (!suite.hasPortal) return t.skip(noPortal);
    await configureSspr(suite.server, suite.admin, {
      methods: { officePhone: true, securityQuestions: true },
      methodsRequired: 2,
      questionsToRegister: 3,
      questionsToReset: 3,
    });
    const session = await user('lidia.holloway', 'Lidia Holloway');
    await registerCodeMethod(suite.server, session, PASSWORD, 'office-phone', '+31201234567');
    const answers = await registerQuestions(suite.server, session, PASSWORD, 3);
    const { context, page } = await newPage();
    try {
      await openPortal(page);
      await startReset(page, upn('lidia.holloway'));
      await page.getByRole('heading', { level: 2, name: 'Verification step 1 of 2' }).waitFor();
      assert.equal(await page.getByRole('radio', { name: 'Call my office phone' }).isChecked(), true);
      const call = await watchMailbox(suite.server, '+31201234567');
      await page.getByRole('button', { name: 'Call', exact: true }).click();
      await page.getByText(/We’re calling \+•• •+ 67\. Enter the code you hear\./).waitFor();
      const message = await call.message();
      assert.equal(message.subject, 'Voice call');
      const code = codeIn(message.text);
      assert.ok(code, message.text);
      await enterCode(page, code);

      await page.getByRole('heading', { level: 2, name: 'Verification step 2 of 2' }).waitFor();
      assert.equal(await page.getByRole('radio', { name: 'Answer my security questions' }).isChecked(), true);
      const inputs = page.locator('input[name^="answer-"]');
      await inputs.first().waitFor();
      assert.equal(await inputs.count(), 3);
      await shot(page, '2-questions-en');
      // The questions follow the page's language.
      const label = (id: string) => page.locator(`label[for="${id}"]`).innerText();
      const firstId = (await inputs.first().getAttribute('id'))!;
      const english = await label(firstId);
      await switchLanguage(page, 'Nederlands');
      await page.getByRole('heading', { level: 2, name: 'Verificatiestap 2 van 2' }).waitFor();
      await page.waitForFunction(([id, before]) => document.querySelector(`label[for="${id}"]`)?.textContent !== before, [firstId, english] as const);
      assert.match(await label(firstId), /\b(u|uw)\b/, 'a Dutch question');
      await shot(page, '2-questions-nl');
      await switchLanguage(page, 'English');
      await page.getByRole('heading', { level: 2, name: 'Verification step 2 of 2' }).waitFor();
      // A missing answer is said next to its question.
      await page.getByRole('button', { name: 'Verify', exact: true }).click();
      assert.equal(await page.getByText('Answer this question.').count(), 3);
      for (const input of await inputs.all()) {
        const id = (await input.getAttribute('name'))!.slice('answer-'.length);
        const answer = answers.get(id);
        assert.ok(answer, `the portal asked a registered question (${id})`);
        // Case and spacing don't matter.
        await input.fill(`  ${answer.toUpperCase()} `);
      }
      await page.getByRole('button', { name: 'Verify', exact: true }).click();
      await page.getByRole('heading', { level: 2, name: 'Choose a new password' }).waitFor();
      await choosePassword(page, NEW_PASSWORD);
      await page.getByRole('heading', { level: 2, name: 'Your password has been reset' }).waitFor();
    } finally {
      await context.close();
    }
  });
});
