// Browser tests of the self-service password reset portal (/recover) when things go wrong: security
// questions can't come first, a wrong code, the sessions a reset ends, an unknown name, "Contact your
// administrator" and the lock after too many wrong codes. Codes are read from the dev mailbox.
// Needs `npm run build:web` first (the test script does that).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { registerCodeMethod, registerQuestions, watchMailbox } from '../support/recover.js';
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
import { PASSWORD, browserGate } from '../support/web.js';

describe('self-service password reset portal: errors and limits', browserGate('reset portal'), () => {
  const suite = usePortalSuite();
  const { newPage, user, openPortal, signInWith } = suite;

  test('(d) security questions can’t be the first method', async (t) => {
    if (!suite.hasPortal) return t.skip(noPortal);
    await configureSspr(suite.server, suite.admin, {
      methods: { officePhone: true, securityQuestions: true },
      methodsRequired: 2,
      questionsToRegister: 3,
      questionsToReset: 3,
    });
    const session = await user('alex.wilber', 'Alex Wilber');
    await registerCodeMethod(suite.server, session, PASSWORD, 'office-phone', '+31207654321');
    await registerQuestions(suite.server, session, PASSWORD, 3);
    const { context, page } = await newPage();
    try {
      await openPortal(page);
      await startReset(page, upn('alex.wilber'));
      const questions = page.getByRole('radio', { name: 'Answer my security questions (available as your second step)' });
      await questions.waitFor();
      assert.equal(await questions.isDisabled(), true);
      assert.equal(await page.getByRole('radio', { name: 'Call my office phone' }).isChecked(), true);
      assert.equal(await page.locator('input[name^="answer-"]').count(), 0);
      await shot(page, '2-questions-not-first-en');
      // The server refuses it as well.
      const id = await storedFlowId(page);
      const res = await page.request.post(`${suite.server.url}/api/v1/recovery/flows/${id}/send`, {
        data: { method: 'securityQuestions' },
        headers: { Origin: suite.server.url },
      });
      assert.equal(res.status(), 400);
      assert.equal(((await res.json()) as { code: string }).code, 'recovery.questions_need_other_method');

      // Cancel goes back to sign-in and forgets the flow.
      await page.getByRole('button', { name: 'Cancel', exact: true }).click();
      await page.waitForURL(/\/sign-in$/);
      assert.equal(await page.evaluate(() => sessionStorage.getItem('latchkey.recovery')), null);
    } finally {
      await context.close();
    }
  });

  test('(e) a wrong code shows the error; the right one then works', async (t) => {
    if (!suite.hasPortal) return t.skip(noPortal);
    await configureSspr(suite.server, suite.admin, { methods: { email: true, mobilePhone: true }, methodsRequired: 1 });
    const session = await user('pradeep.gupta', 'Pradeep Gupta');
    await registerCodeMethod(suite.server, session, PASSWORD, 'email', 'pradeep@fabrikam.example');
    const { context, page } = await newPage();
    try {
      // A link may carry the user ID.
      await page.goto(`${suite.server.url}/recover?username=${encodeURIComponent(upn('pradeep.gupta'))}`);
      assert.equal(await page.getByRole('textbox', { name: /^User ID/ }).inputValue(), upn('pradeep.gupta'));
      await startReset(page, upn('pradeep.gupta'));
      const mailbox = await watchMailbox(suite.server, 'pradeep@fabrikam.example');
      await page.getByRole('button', { name: 'Send email' }).click();
      const code = await mailbox.code();
      const wrong = `${(Number(code[0]) + 1) % 10}${code.slice(1)}`;
      const box = page.locator('input[autocomplete="one-time-code"]');
      // Not 8 digits: said in the browser.
      await enterCode(page, '1234');
      await page.getByText('Enter the 8-digit code, using digits only.').waitFor();
      await enterCode(page, wrong);
      await page.getByText('That code didn’t work. Check it and try again, or send a new code.').waitFor();
      assert.equal(await box.inputValue(), '', 'the wrong code is cleared');
      assert.equal(await box.evaluate((el) => el === document.activeElement), true, 'focus goes back to the code box');
      assert.equal(await box.getAttribute('aria-invalid'), 'true');
      await shot(page, '2-code-wrong-en');
      await enterCode(page, code);
      await page.getByRole('heading', { level: 2, name: 'Choose a new password' }).waitFor();
    } finally {
      await context.close();
    }
  });

  test('(f) a reset ends the user’s sessions; the old password stops working and the new one signs in', async (t) => {
    if (!suite.hasPortal) return t.skip(noPortal);
    await configureSspr(suite.server, suite.admin, { methods: { email: true, mobilePhone: true }, methodsRequired: 1 });
    const session = await user('isaiah.langer', 'Isaiah Langer');
    await registerCodeMethod(suite.server, session, PASSWORD, 'email', 'isaiah@fabrikam.example');
    const signedIn = await newPage();
    const portal = await newPage();
    try {
      await signInWith(signedIn.page, upn('isaiah.langer'), PASSWORD);
      await signedIn.page.waitForURL(/\/account$/);

      await openPortal(portal.page);
      await startReset(portal.page, upn('isaiah.langer'));
      const mailbox = await watchMailbox(suite.server, 'isaiah@fabrikam.example');
      await portal.page.getByRole('button', { name: 'Send email' }).click();
      await enterCode(portal.page, await mailbox.code());
      await portal.page.getByRole('heading', { level: 2, name: 'Choose a new password' }).waitFor();
      await choosePassword(portal.page, NEW_PASSWORD);
      await portal.page.getByRole('heading', { level: 2, name: 'Your password has been reset' }).waitFor();
      // No automatic sign-in.
      const me = await portal.page.request.get(`${suite.server.url}/api/v1/me`);
      assert.equal(me.status(), 401);

      // The session from before the reset is gone.
      await signedIn.page.reload();
      await signedIn.page.waitForURL(/\/sign-in/);
      const apiMe = await suite.server.testApp.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: session.cookie } });
      assert.equal(apiMe.statusCode, 401);

      await signInWith(signedIn.page, upn('isaiah.langer'), PASSWORD);
      await signedIn.page.getByRole('alert').waitFor();
      assert.ok(signedIn.page.url().includes('/sign-in'), 'the old password no longer signs in');
      await signInWith(signedIn.page, upn('isaiah.langer'), NEW_PASSWORD);
      await signedIn.page.waitForURL(/\/account$/);
    } finally {
      await signedIn.context.close();
      await portal.context.close();
    }
  });

  test('(g) an unknown name gets the same verification page, and codes simply never work', async (t) => {
    if (!suite.hasPortal) return t.skip(noPortal);
    await configureSspr(suite.server, suite.admin, { methods: { email: true, mobilePhone: true }, methodsRequired: 1 });
    const session = await user('nestor.wilke', 'Nestor Wilke');
    await registerCodeMethod(suite.server, session, PASSWORD, 'email', 'nestor@fabrikam.example');

    /** The parts of the verification page a visitor can see, without the masked addresses. */
    async function shape(page: Page) {
      const radios = await page.getByRole('radio').evaluateAll((els) => els.map((el) => (el as HTMLInputElement).labels?.[0]?.textContent ?? ''));
      return {
        heading: await page.getByRole('heading', { level: 2 }).innerText(),
        progress: await page.getByRole('list', { name: 'Progress' }).getByRole('listitem').allInnerTexts(),
        radiosKnown: radios.every((r) => ['Email my alternate email', 'Text my mobile phone'].includes(r)),
        someRadio: radios.length > 0,
        buttons: (await page.getByRole('button').allInnerTexts())
          .filter((b) => !/English|Nederlands/.test(b))
          .map((b) => b.replace(/^Send (email|text)$/, 'Send')),
        contact: await page.getByRole('button', { name: 'Contact your administrator' }).count(),
        panel: await page.getByTestId('method-panel').count(),
      };
    }

    const known = await newPage();
    const unknown = await newPage();
    try {
      await openPortal(known.page);
      await startReset(known.page, upn('nestor.wilke'));
      await openPortal(unknown.page);
      await startReset(unknown.page, upn('nobody.here'));
      const a = await shape(known.page);
      const b = await shape(unknown.page);
      assert.deepEqual(b, a);
      assert.ok(b.someRadio && b.radiosKnown && b.panel === 1 && b.contact === 1, JSON.stringify(b));
      await shot(unknown.page, '2-unknown-user-en');

      // A "code" is sent and a masked address shown, but no code can ever be right.
      await unknown.page.getByRole('radio').first().check();
      await unknown.page.getByRole('button', { name: /^Send (email|text)$/ }).click();
      await unknown.page.getByText(/^We’ve (emailed|texted) a code to /).waitFor();
      await enterCode(unknown.page, '12345678');
      await unknown.page.getByText('That code didn’t work. Check it and try again, or send a new code.').waitFor();
    } finally {
      await known.context.close();
      await unknown.context.close();
    }
  });

  test('Contact your administrator: the request reaches the administrators; a custom helpdesk is shown', async (t) => {
    if (!suite.hasPortal) return t.skip(noPortal);
    await configureSspr(suite.server, suite.admin, { methods: { email: true, mobilePhone: true }, methodsRequired: 1 });
    const session = await user('grady.archie', 'Grady Archie');
    await registerCodeMethod(suite.server, session, PASSWORD, 'email', 'grady@fabrikam.example');
    const { context, page } = await newPage();
    try {
      await openPortal(page);
      // From the first step: the user ID is needed first.
      await page.getByRole('button', { name: 'Contact your administrator' }).click();
      await page.getByText('Enter your user ID.').waitFor();
      const admins = await watchMailbox(suite.server, upn('global.admin'));
      await page.getByRole('textbox', { name: /^User ID/ }).fill(upn('grady.archie'));
      await page.getByRole('button', { name: 'Contact your administrator' }).click();
      await page.getByText('We’ve sent a request to your administrators to reset your password. They’ll get in touch with you.').waitFor();
      // It also went on to the verification step, where the user may still help themselves.
      await page.getByRole('radiogroup').waitFor();
      const mail = await admins.message();
      assert.match(mail.text, /grady\.archie@contoso\.example/);
      await shot(page, '2-contact-admin-en');

      await configureSspr(suite.server, suite.admin, {
        methods: { email: true, mobilePhone: true },
        methodsRequired: 1,
        customHelpdesk: 'helpdesk@contoso.example',
      });
      await page.reload();
      await page.getByRole('radiogroup').waitFor();
      await page.getByRole('button', { name: 'Contact your administrator' }).click();
      const mailto = page.getByRole('link', { name: 'helpdesk@contoso.example' });
      await mailto.waitFor();
      assert.equal(await mailto.getAttribute('href'), 'mailto:helpdesk@contoso.example');

      await configureSspr(suite.server, suite.admin, {
        methods: { email: true, mobilePhone: true },
        methodsRequired: 1,
        customHelpdesk: 'https://helpdesk.contoso.example/password',
      });
      await page.reload();
      const link = page.getByRole('link', { name: 'Contact your administrator' });
      await link.waitFor();
      assert.equal(await link.getAttribute('href'), 'https://helpdesk.contoso.example/password');
      assert.equal(await link.getAttribute('target'), '_blank');
    } finally {
      await configureSspr(suite.server, suite.admin, { customHelpdesk: null });
      await context.close();
    }
  });

  test('five wrong codes end the reset and lock self-service reset for the account', async (t) => {
    if (!suite.hasPortal) return t.skip(noPortal);
    await configureSspr(suite.server, suite.admin, { methods: { email: true, mobilePhone: true }, methodsRequired: 1 });
    const session = await user('johanna.lorenz', 'Johanna Lorenz');
    await registerCodeMethod(suite.server, session, PASSWORD, 'email', 'johanna@fabrikam.example');
    const { context, page } = await newPage();
    try {
      await openPortal(page);
      await startReset(page, upn('johanna.lorenz'));
      const mailbox = await watchMailbox(suite.server, 'johanna@fabrikam.example');
      await page.getByRole('button', { name: 'Send email' }).click();
      const code = await mailbox.code();
      const wrong = `${(Number(code[0]) + 1) % 10}${code.slice(1)}`;
      for (let i = 0; i < 5; i++) {
        const [res] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/verify')), enterCode(page, wrong)]);
        assert.equal(res.status(), 400);
        await page.locator('input[autocomplete="one-time-code"][aria-invalid="true"]').waitFor();
      }
      // The flow is over: the next try goes back to the start, with the server's reason.
      await enterCode(page, code);
      await page.getByText(/This password reset has ended/).waitFor();
      await page.getByRole('heading', { level: 2, name: 'Tell us who you are' }).waitFor();
      assert.equal(await page.getByRole('textbox', { name: /^User ID/ }).inputValue(), upn('johanna.lorenz'));
      await page.locator('[data-testid="captcha-status"][data-state="ready"]').waitFor({ timeout: 30_000 });
      await page.getByRole('button', { name: 'Next', exact: true }).click();
      await page.getByText('You’ve tried too many times. Try again after 24 hours, or contact your administrator.').waitFor();
      await shot(page, '1-locked-en');
    } finally {
      await context.close();
    }
  });
});
