// Browser tests of the self-service password reset portal (/recover): full resets with an email
// code, a text plus the authenticator app (in Dutch), a call plus security questions, a wrong
// code, the sessions a reset ends, an unknown name, "Contact your administrator" and the lock
// after too many wrong codes. Codes are read from the dev mailbox (the test server has neither
// SMTP nor an SMS gateway). Needs `npm run build:web` first (the test script does that).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { chromiumAvailable, chromiumPath, launchBrowser } from '../support/browser.js';
import { codeIn, configureSspr, nextTotp, registerAuthenticator, registerCodeMethod, registerQuestions, signIn as apiSignIn, watchMailbox, type Session } from '../support/recover.js';
import { startTestServer, type TestServer } from '../support/server.js';

const SHOTS = 'test-results';
const PASSWORD = 'Latchkey-Test-Passw0rd!';
const NEW_PASSWORD = 'Vq8#tLm2!Rz5wK';
const available = chromiumAvailable();
const skipReason = `chromium not found at ${chromiumPath()} (set LATCHKEY_CHROMIUM): skipped the reset portal browser tests`;
const noPortal = 'the server has no POST /api/v1/recovery/flows yet (not in /api/openapi.json): skipped';

if (!available && process.env.CI === 'true') {
  test('chromium is available for the reset portal browser tests', () => {
    assert.fail(`${skipReason}; on CI (CI=true) a missing browser is a failure, not a skip`);
  });
}

const upn = (name: string) => `${name}@contoso.example`;

describe('self-service password reset portal', { skip: available ? false : skipReason }, () => {
  let server: TestServer;
  let browser: Browser;
  let admin: Session;
  let hasPortal = false;

  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    server = await startTestServer();
    browser = await launchBrowser();
    const openapi = (await (await fetch(`${server.url}/api/openapi.json`)).json()) as { paths?: Record<string, Record<string, unknown>> };
    hasPortal = !!openapi.paths?.['/api/v1/recovery/flows']?.post;
    await server.createUser({ userPrincipalName: upn('global.admin'), displayName: 'Global Admin', password: PASSWORD, roles: ['global-administrator'], preferredLanguage: 'en' });
    admin = await apiSignIn(server, upn('global.admin'), PASSWORD);
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  async function newPage(): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ locale: 'en-GB', viewport: { width: 1366, height: 900 } });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    return { context, page };
  }

  /** A user with a password, signed in through the API to register security info. */
  async function user(name: string, displayName: string): Promise<Session> {
    await server.createUser({ userPrincipalName: upn(name), displayName, password: PASSWORD, preferredLanguage: 'en' });
    return apiSignIn(server, upn(name), PASSWORD);
  }

  /** A screenshot of the whole page (the viewport grows to the page's height first). */
  async function shot(page: Page, name: string): Promise<void> {
    const size = page.viewportSize() ?? { width: 1366, height: 900 };
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    if (height > size.height) await page.setViewportSize({ width: size.width, height: Math.min(Math.ceil(height), 4000) });
    await page.screenshot({ path: `${SHOTS}/web-recover-${name}.png`, fullPage: true });
    if (height > size.height) await page.setViewportSize(size);
  }

  async function switchLanguage(page: Page, name: 'Nederlands' | 'English'): Promise<void> {
    await page.getByRole('button', { name: /^(Language|Taal)/ }).click();
    await page.getByRole('menuitemradio', { name }).click();
  }

  /** Sign-in page > "Can't access your account?" > the first step. */
  async function openPortal(page: Page): Promise<void> {
    await page.goto(`${server.url}/sign-in`);
    await page.getByRole('link', { name: "Can't access your account?" }).click();
    await page.waitForURL(/\/recover$/);
    await page.getByRole('heading', { level: 1, name: 'Get back into your account' }).waitFor();
  }

  /** Fills the user ID, waits for the proof of work and goes on to the first verification. */
  async function startReset(page: Page, username: string, labels = { userId: /^User ID/, next: 'Next' }): Promise<void> {
    await page.getByRole('textbox', { name: labels.userId }).fill(username);
    await page.locator('[data-testid="captcha-status"][data-state="ready"]').waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: labels.next, exact: true }).click();
    await page.getByRole('radiogroup').waitFor();
  }

  async function enterCode(page: Page, code: string, verify = 'Verify'): Promise<void> {
    await page.locator('input[autocomplete="one-time-code"]').fill(code);
    await page.getByRole('button', { name: verify, exact: true }).click();
  }

  async function choosePassword(page: Page, password: string, submit = 'Reset password'): Promise<void> {
    const boxes = page.locator('input[autocomplete="new-password"]');
    await boxes.nth(0).fill(password);
    await boxes.nth(1).fill(password);
    await page.getByRole('button', { name: submit, exact: true }).click();
  }

  /** What the flow's token is stored as in this tab (never the address bar). */
  async function storedFlowId(page: Page): Promise<string> {
    const raw = await page.evaluate(() => sessionStorage.getItem('latchkey.recovery'));
    assert.ok(raw, 'the flow is kept in sessionStorage');
    return (JSON.parse(raw) as { id: string }).id;
  }

  async function signInWith(page: Page, username: string, password: string): Promise<void> {
    if (!page.url().includes('/sign-in')) await page.goto(`${server.url}/sign-in`);
    await page.getByLabel(/^Email or username/).fill(username);
    await page.locator('input[autocomplete="current-password"]').fill(password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  }

  test('(a) English, one method: an email code resets the password, a reload resumes, then sign-in works', async (t) => {
    if (!hasPortal) return t.skip(noPortal);
    await configureSspr(server, admin, { methods: { email: true, mobilePhone: true }, methodsRequired: 1 });
    const session = await user('adele.vance', 'Adele Vance');
    await registerCodeMethod(server, session, PASSWORD, 'email', 'adele.private@fabrikam.example');
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

      const mailbox = await watchMailbox(server, 'adele.private@fabrikam.example');
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
    if (!hasPortal) return t.skip(noPortal);
    await configureSspr(server, admin, { methods: { email: true, mobilePhone: true, authenticatorApp: true }, methodsRequired: 2 });
    const session = await user('megan.bowen', 'Megan Bowen');
    await registerCodeMethod(server, session, PASSWORD, 'mobile-phone', '+31612345678');
    const secret = await registerAuthenticator(server, session, PASSWORD);
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

      const phone = await watchMailbox(server, '+31612345678');
      await page.getByRole('button', { name: 'Sms verzenden' }).click();
      await page.getByText(/We hebben een sms met een code gestuurd naar/).waitFor();
      const code = await phone.code();
      // A wrong code first: the server's message, in Dutch, next to the box.
      await enterCode(page, code === '12345678' ? '87654321' : '12345678', 'Verifiëren');
      await page.getByText('Deze code werkt niet. Controleer de code en probeer het opnieuw, of verstuur een nieuwe code.').waitFor();
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
    if (!hasPortal) return t.skip(noPortal);
    await configureSspr(server, admin, { methods: { officePhone: true, securityQuestions: true }, methodsRequired: 2, questionsToRegister: 3, questionsToReset: 3 });
    const session = await user('lidia.holloway', 'Lidia Holloway');
    await registerCodeMethod(server, session, PASSWORD, 'office-phone', '+31201234567');
    const answers = await registerQuestions(server, session, PASSWORD, 3);
    const { context, page } = await newPage();
    try {
      await openPortal(page);
      await startReset(page, upn('lidia.holloway'));
      await page.getByRole('heading', { level: 2, name: 'Verification step 1 of 2' }).waitFor();
      assert.equal(await page.getByRole('radio', { name: 'Call my office phone' }).isChecked(), true);
      const call = await watchMailbox(server, '+31201234567');
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
        await input.fill(`  ${answer!.toUpperCase()} `);
      }
      await page.getByRole('button', { name: 'Verify', exact: true }).click();
      await page.getByRole('heading', { level: 2, name: 'Choose a new password' }).waitFor();
      await choosePassword(page, NEW_PASSWORD);
      await page.getByRole('heading', { level: 2, name: 'Your password has been reset' }).waitFor();
    } finally {
      await context.close();
    }
  });

  test('(d) security questions can’t be the first method', async (t) => {
    if (!hasPortal) return t.skip(noPortal);
    await configureSspr(server, admin, { methods: { officePhone: true, securityQuestions: true }, methodsRequired: 2, questionsToRegister: 3, questionsToReset: 3 });
    const session = await user('alex.wilber', 'Alex Wilber');
    await registerCodeMethod(server, session, PASSWORD, 'office-phone', '+31207654321');
    await registerQuestions(server, session, PASSWORD, 3);
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
      const res = await page.request.post(`${server.url}/api/v1/recovery/flows/${id}/send`, { data: { method: 'securityQuestions' }, headers: { Origin: server.url } });
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
    if (!hasPortal) return t.skip(noPortal);
    await configureSspr(server, admin, { methods: { email: true, mobilePhone: true }, methodsRequired: 1 });
    const session = await user('pradeep.gupta', 'Pradeep Gupta');
    await registerCodeMethod(server, session, PASSWORD, 'email', 'pradeep@fabrikam.example');
    const { context, page } = await newPage();
    try {
      // A link may carry the user ID.
      await page.goto(`${server.url}/recover?username=${encodeURIComponent(upn('pradeep.gupta'))}`);
      assert.equal(await page.getByRole('textbox', { name: /^User ID/ }).inputValue(), upn('pradeep.gupta'));
      await startReset(page, upn('pradeep.gupta'));
      const mailbox = await watchMailbox(server, 'pradeep@fabrikam.example');
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
    if (!hasPortal) return t.skip(noPortal);
    await configureSspr(server, admin, { methods: { email: true, mobilePhone: true }, methodsRequired: 1 });
    const session = await user('isaiah.langer', 'Isaiah Langer');
    await registerCodeMethod(server, session, PASSWORD, 'email', 'isaiah@fabrikam.example');
    const signedIn = await newPage();
    const portal = await newPage();
    try {
      await signInWith(signedIn.page, upn('isaiah.langer'), PASSWORD);
      await signedIn.page.waitForURL(/\/account$/);

      await openPortal(portal.page);
      await startReset(portal.page, upn('isaiah.langer'));
      const mailbox = await watchMailbox(server, 'isaiah@fabrikam.example');
      await portal.page.getByRole('button', { name: 'Send email' }).click();
      await enterCode(portal.page, await mailbox.code());
      await portal.page.getByRole('heading', { level: 2, name: 'Choose a new password' }).waitFor();
      await choosePassword(portal.page, NEW_PASSWORD);
      await portal.page.getByRole('heading', { level: 2, name: 'Your password has been reset' }).waitFor();
      // No automatic sign-in.
      const me = await portal.page.request.get(`${server.url}/api/v1/me`);
      assert.equal(me.status(), 401);

      // The session from before the reset is gone.
      await signedIn.page.reload();
      await signedIn.page.waitForURL(/\/sign-in/);
      const apiMe = await server.testApp.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: session.cookie } });
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
    if (!hasPortal) return t.skip(noPortal);
    await configureSspr(server, admin, { methods: { email: true, mobilePhone: true }, methodsRequired: 1 });
    const session = await user('nestor.wilke', 'Nestor Wilke');
    await registerCodeMethod(server, session, PASSWORD, 'email', 'nestor@fabrikam.example');

    /** The parts of the verification page a visitor can see, without the masked addresses. */
    async function shape(page: Page) {
      const radios = await page.getByRole('radio').evaluateAll((els) => els.map((el) => (el as HTMLInputElement).labels?.[0]?.textContent ?? ''));
      return {
        heading: await page.getByRole('heading', { level: 2 }).innerText(),
        progress: await page.getByRole('list', { name: 'Progress' }).getByRole('listitem').allInnerTexts(),
        radiosKnown: radios.every((r) => ['Email my alternate email', 'Text my mobile phone'].includes(r)),
        someRadio: radios.length > 0,
        buttons: (await page.getByRole('button').allInnerTexts()).filter((b) => !/English|Nederlands/.test(b)).map((b) => b.replace(/^Send (email|text)$/, 'Send')),
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
    if (!hasPortal) return t.skip(noPortal);
    await configureSspr(server, admin, { methods: { email: true, mobilePhone: true }, methodsRequired: 1 });
    const session = await user('grady.archie', 'Grady Archie');
    await registerCodeMethod(server, session, PASSWORD, 'email', 'grady@fabrikam.example');
    const { context, page } = await newPage();
    try {
      await openPortal(page);
      // From the first step: the user ID is needed first.
      await page.getByRole('button', { name: 'Contact your administrator' }).click();
      await page.getByText('Enter your user ID.').waitFor();
      const admins = await watchMailbox(server, upn('global.admin'));
      await page.getByRole('textbox', { name: /^User ID/ }).fill(upn('grady.archie'));
      await page.getByRole('button', { name: 'Contact your administrator' }).click();
      await page.getByText('We’ve sent a request to your administrators to reset your password. They’ll get in touch with you.').waitFor();
      // It also went on to the verification step, where the user may still help themselves.
      await page.getByRole('radiogroup').waitFor();
      const mail = await admins.message();
      assert.match(mail.text, /grady\.archie@contoso\.example/);
      await shot(page, '2-contact-admin-en');

      await configureSspr(server, admin, { methods: { email: true, mobilePhone: true }, methodsRequired: 1, customHelpdesk: 'helpdesk@contoso.example' });
      await page.reload();
      await page.getByRole('radiogroup').waitFor();
      await page.getByRole('button', { name: 'Contact your administrator' }).click();
      const mailto = page.getByRole('link', { name: 'helpdesk@contoso.example' });
      await mailto.waitFor();
      assert.equal(await mailto.getAttribute('href'), 'mailto:helpdesk@contoso.example');

      await configureSspr(server, admin, { methods: { email: true, mobilePhone: true }, methodsRequired: 1, customHelpdesk: 'https://helpdesk.contoso.example/password' });
      await page.reload();
      const link = page.getByRole('link', { name: 'Contact your administrator' });
      await link.waitFor();
      assert.equal(await link.getAttribute('href'), 'https://helpdesk.contoso.example/password');
      assert.equal(await link.getAttribute('target'), '_blank');
    } finally {
      await configureSspr(server, admin, { customHelpdesk: null });
      await context.close();
    }
  });

  test('five wrong codes end the reset and lock self-service reset for the account', async (t) => {
    if (!hasPortal) return t.skip(noPortal);
    await configureSspr(server, admin, { methods: { email: true, mobilePhone: true }, methodsRequired: 1 });
    const session = await user('johanna.lorenz', 'Johanna Lorenz');
    await registerCodeMethod(server, session, PASSWORD, 'email', 'johanna@fabrikam.example');
    const { context, page } = await newPage();
    try {
      await openPortal(page);
      await startReset(page, upn('johanna.lorenz'));
      const mailbox = await watchMailbox(server, 'johanna@fabrikam.example');
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
