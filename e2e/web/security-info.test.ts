// Browser tests of My account > Security info and the registration interrupt after sign-in:
// registering each method through the UI (codes from the dev mailbox, the authenticator code from
// the key shown on the page), deleting with the password, "Remind me later" and the reconfirm page,
// in English and Dutch. Needs `npm run build:web` first (the test script does that).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { newId } from '../../src/server/core/crypto.js';
import { totpCode } from '../../src/server/features/security-info/methods.js';
import { chromiumAvailable, chromiumPath, launchBrowser } from '../support/browser.js';
import { apiSession, devMailboxCode, fullShot, updateSsprSettings } from '../support/security-info.js';
import { startTestServer, type TestServer } from '../support/server.js';

const SHOTS = 'test-results';
const PASSWORD = 'Latchkey-Test-Passw0rd!';
const available = chromiumAvailable();
const skipReason = `chromium not found at ${chromiumPath()} (set LATCHKEY_CHROMIUM): skipped the security info browser tests`;

if (!available && process.env.CI === 'true') {
  test('chromium is available for the security info browser tests', () => {
    assert.fail(`${skipReason}; on CI (CI=true) a missing browser is a failure, not a skip`);
  });
}

describe('security info and the registration interrupt', { skip: available ? false : skipReason }, () => {
  let server: TestServer;
  let browser: Browser;
  const ids: Record<string, string> = {};

  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    server = await startTestServer();
    browser = await launchBrowser();
    const seed = [
      { userPrincipalName: 'miriam.graham@contoso.test', displayName: 'Miriam Graham', roles: ['global-administrator'], preferredLanguage: 'en' as const },
      { userPrincipalName: 'adele.vance@contoso.test', displayName: 'Adele Vance', preferredLanguage: 'en' as const },
      { userPrincipalName: 'lynne.robbins@contoso.test', displayName: 'Lynne Robbins', preferredLanguage: 'nl' as const },
      { userPrincipalName: 'megan.bowen@contoso.test', displayName: 'Megan Bowen', preferredLanguage: 'en' as const },
      { userPrincipalName: 'joni.sherman@contoso.test', displayName: 'Joni Sherman', preferredLanguage: 'en' as const },
    ];
    for (const user of seed) ids[user.userPrincipalName] = (await server.createUser({ ...user, password: PASSWORD })).id;
    // Everyone may reset with two methods of any kind; registration is asked for at sign-in and
    // confirmed again after 180 days.
    const admin = await apiSession(server, 'miriam.graham@contoso.test', PASSWORD);
    await updateSsprSettings(server, admin, {
      enabledFor: 'all',
      methods: { email: true, mobilePhone: true, officePhone: true, authenticatorApp: true, securityQuestions: true },
      methodsRequired: 2,
      questionsToRegister: 3,
      questionsToReset: 3,
      requireRegistration: true,
      reconfirmDays: 180,
    });
    // Joni registered long ago: two methods, last confirmed 200 days back.
    const joni = ids['joni.sherman@contoso.test']!;
    const now = server.testApp.clock.now();
    await server.testApp.repos.securityInfo.putMethod({ id: newId(), userId: joni, kind: 'email', value: 'joni.private@example.net' }, now);
    await server.testApp.repos.securityInfo.putMethod({ id: newId(), userId: joni, kind: 'mobilePhone', value: '+31687654321' }, now);
    await server.testApp.repos.securityInfo.markConfirmed(joni, new Date(now.getTime() - 200 * 86_400_000));
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  /** Runs `fn` in a new browser context; on a failure the page is kept as test-results/web-failed-<name>.png. */
  async function withPage(name: string, locale: string, fn: (page: Page) => Promise<void>): Promise<void> {
    const context: BrowserContext = await browser.newContext({ locale, viewport: { width: 1366, height: 900 } });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    try {
      await fn(page);
    } catch (err) {
      await page.screenshot({ path: `${SHOTS}/web-failed-${name}.png`, fullPage: true }).catch(() => undefined);
      throw err;
    } finally {
      await context.close();
    }
  }

  async function signIn(page: Page, username: string, password = PASSWORD): Promise<void> {
    if (!page.url().includes('/sign-in')) await page.goto(`${server.url}/sign-in`);
    await page.getByLabel(/^Email or username|^E-mailadres of gebruikersnaam/).fill(username);
    await page.locator('input[autocomplete="current-password"]').fill(password);
    await page.getByRole('button', { name: /^(Sign in|Aanmelden)$/ }).click();
    await page.waitForURL(/\/account$/);
  }

  async function signOut(page: Page): Promise<void> {
    await page.getByRole('button', { name: /^(Account manager for|Accountbeheer voor)/ }).click();
    await page.getByRole('menuitem', { name: /^(Sign out|Afmelden)$/ }).click();
    await page.waitForURL(/\/sign-in/);
  }

  async function switchLanguage(page: Page, name: 'Nederlands' | 'English'): Promise<void> {
    await page.getByRole('button', { name: /^(Language|Taal)/ }).click();
    await page.getByRole('menuitemradio', { name }).click();
  }

  const shot = (page: Page, name: string) => fullShot(page, `${SHOTS}/web-${name}.png`);

  /** Opens Add sign-in method and picks a method (by the start of its radio label). */
  async function startAdding(page: Page, method: RegExp, add = /^(Add sign-in method|Aanmeldingsmethode toevoegen)$/, next = /^(Next|Volgende)$/): Promise<ReturnType<Page['getByRole']>> {
    await page.getByRole('button', { name: add }).click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    await dialog.getByRole('radio', { name: method }).check();
    await dialog.getByRole('button', { name: next }).click();
    return dialog;
  }

  test('a user registers email, mobile phone, office phone and the authenticator app; deleting asks for the password', async () => {
    await withPage('register-methods', 'en-GB', async (page) => {
      await signIn(page, 'adele.vance@contoso.test');
      // Too few methods: the interrupt comes first, and Next leads to Security info.
      await page.getByRole('heading', { level: 1, name: 'More information required' }).waitFor();
      await page.getByRole('button', { name: 'Next' }).click();
      await page.waitForURL(/\/account\/security-info$/);
      await page.getByRole('heading', { level: 1, name: 'Security info' }).waitFor();
      await page.getByTestId('security-info-status').getByText('Add 2 more methods to be able to reset your password yourself.').waitFor();
      assert.ok(await page.locator('#app-nav').getByRole('link', { name: 'Security info' }).isVisible(), 'Security info is in the account navigation');
      await shot(page, 'security-info-empty');

      // Email: the address and the current password, then the code from the dev mailbox.
      await page.getByRole('button', { name: 'Add sign-in method' }).click();
      let dialog = page.getByRole('dialog');
      await dialog.getByRole('heading', { name: 'Add a sign-in method' }).waitFor();
      await shot(page, 'security-info-add-choose');
      await dialog.getByRole('radio', { name: /^Email/ }).check();
      await dialog.getByRole('button', { name: 'Next' }).click();
      await dialog.getByLabel('Email address').fill('adele.private@example.net');
      await dialog.getByLabel('Current password').fill('Not-my-password-1');
      await dialog.getByRole('button', { name: 'Send code' }).click();
      await dialog.getByText('Your current password is incorrect.').waitFor();
      let since = new Date();
      await dialog.getByLabel('Current password').fill(PASSWORD);
      await dialog.getByRole('button', { name: 'Send code' }).click();
      await dialog.getByText(/We've sent a code to adele\.private@example\.net\. Enter the 8 digits/).waitFor();
      const codeBox = dialog.getByLabel('8-digit code');
      assert.equal(await codeBox.getAttribute('inputmode'), 'numeric');
      assert.equal(await codeBox.getAttribute('autocomplete'), 'one-time-code');
      const emailCode = await devMailboxCode(server, 'adele.private@example.net', since);
      await codeBox.fill(emailCode === '00000000' ? '11111111' : '00000000');
      await dialog.getByRole('button', { name: 'Verify' }).click();
      await dialog.locator('[aria-invalid="true"]').first().waitFor();
      await shot(page, 'security-info-add-code');
      await codeBox.fill(emailCode);
      await dialog.getByRole('button', { name: 'Verify' }).click();
      await dialog.waitFor({ state: 'detached' });
      await page.getByText('Email was added to your security info.').waitFor();
      const table = page.getByRole('table', { name: 'Your methods' });
      await table.getByRole('row').filter({ hasText: 'adele.private@example.net' }).waitFor();
      await page.getByTestId('security-info-status').getByText('Add 1 more method to be able to reset your password yourself.').waitFor();

      // Mobile phone: a text message, which the dev SMS provider keeps in the dev mailbox.
      dialog = await startAdding(page, /^Mobile phone/);
      await dialog.getByText('Start with + and the country code, for example +31 6 12345678.').waitFor();
      await dialog.getByLabel('Phone number').fill('+31 6 12345678');
      await dialog.getByLabel('Current password').fill(PASSWORD);
      since = new Date();
      await dialog.getByRole('button', { name: 'Send code' }).click();
      await dialog.getByText(/We've sent a text message/).waitFor();
      await dialog.getByLabel('8-digit code').fill(await devMailboxCode(server, '+31612345678', since));
      await dialog.getByRole('button', { name: 'Verify' }).click();
      await dialog.waitFor({ state: 'detached' });
      await table.getByRole('row').filter({ hasText: 'Mobile phone' }).filter({ hasText: '+31612345678' }).waitFor();
      await page.getByTestId('security-info-status').getByText('You can reset your password yourself.').waitFor();

      // Office phone: a voice call.
      dialog = await startAdding(page, /^Office phone/);
      await dialog.getByLabel('Phone number').fill('+31 20 123 4567');
      await dialog.getByLabel('Current password').fill(PASSWORD);
      since = new Date();
      await dialog.getByRole('button', { name: 'Call me' }).click();
      await dialog.getByText(/We're calling/).waitFor();
      await dialog.getByLabel('8-digit code').fill(await devMailboxCode(server, '+31201234567', since));
      await dialog.getByRole('button', { name: 'Verify' }).click();
      await dialog.waitFor({ state: 'detached' });
      await table.getByRole('row').filter({ hasText: 'Office phone' }).filter({ hasText: '+31201234567' }).waitFor();

      // Authenticator app: the QR code is an <img> of the server's SVG; the code comes from the key shown.
      dialog = await startAdding(page, /^Authenticator app/);
      await dialog.getByLabel('Current password').fill(PASSWORD);
      const [started] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/api/v1/me/methods/authenticator-app')), dialog.getByRole('button', { name: 'Next' }).click()]);
      const { qrCodeSvg } = (await started.json()) as { qrCodeSvg: string };
      const qr = dialog.getByRole('img', { name: 'QR code to add this account to an authenticator app' });
      await qr.waitFor();
      assert.match((await qr.getAttribute('src')) ?? '', /^data:image\/svg\+xml;base64,/);
      const markup = await page.evaluate(() => document.body.innerHTML);
      assert.ok(!markup.includes(qrCodeSvg.slice(0, 200)) && !markup.includes(qrCodeSvg.slice(-200)), "the server's SVG is never put into the page as markup");
      assert.ok(await qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0), 'the QR code image loads');
      const secret = ((await dialog.getByTestId('authenticator-secret').textContent()) ?? '').replace(/\s+/g, '');
      assert.match(secret, /^[A-Z2-7]{16,}$/);
      await shot(page, 'security-info-add-app');
      const appCode = dialog.getByLabel('6-digit code');
      assert.equal(await appCode.getAttribute('autocomplete'), 'one-time-code');
      await appCode.fill(totpCode(secret, new Date()));
      await dialog.getByRole('button', { name: 'Verify' }).click();
      await dialog.waitFor({ state: 'detached' });
      await table.getByRole('row').filter({ hasText: 'Authenticator app' }).waitFor();
      assert.equal(await page.getByRole('button', { name: 'Add sign-in method' }).isDisabled(), false, 'security questions can still be added');
      await shot(page, 'security-info');

      // Deleting asks for the current password; a wrong one is refused and nothing is deleted.
      await page.getByRole('button', { name: 'Delete Office phone' }).click();
      const confirm = page.getByRole('alertdialog', { name: 'Delete Office phone?' });
      await confirm.getByText(/\+31201234567 will no longer be used/).waitFor();
      await confirm.getByRole('button', { name: 'Delete' }).click();
      await confirm.getByText('Enter your current password.').waitFor();
      await confirm.getByLabel('Current password').fill('Wrong-password-9');
      await confirm.getByRole('button', { name: 'Delete' }).click();
      await confirm.getByText('Your current password is incorrect.').waitFor();
      await shot(page, 'security-info-delete');
      const kinds = async () => (await server.testApp.repos.securityInfo.methods(ids['adele.vance@contoso.test']!)).map((m) => m.kind).sort();
      assert.deepEqual(await kinds(), ['authenticatorApp', 'email', 'mobilePhone', 'officePhone'], 'nothing deleted with a wrong password');
      await confirm.getByLabel('Current password').fill(PASSWORD);
      await confirm.getByRole('button', { name: 'Delete' }).click();
      await confirm.waitFor({ state: 'detached' });
      await page.getByText('Office phone was deleted from your security info.').waitFor();
      await table.getByRole('row').filter({ hasText: '+31201234567' }).waitFor({ state: 'detached' });
      assert.deepEqual(await kinds(), ['authenticatorApp', 'email', 'mobilePhone']);

      await switchLanguage(page, 'Nederlands');
      await page.getByRole('heading', { level: 1, name: 'Beveiligingsgegevens' }).waitFor();
      await page.getByText('Telefoon op kantoor is verwijderd uit uw beveiligingsgegevens.').waitFor();
      await page.getByRole('table', { name: 'Uw methoden' }).getByText('Mobiele telefoon').waitFor();
      await page.getByTestId('security-info-status').getByText('U kunt uw wachtwoord zelf opnieuw instellen.').waitFor();
      await shot(page, 'security-info-nl');
      await switchLanguage(page, 'English');
    });
  });

  test('in Dutch, a user answers security questions and adds an email address', async () => {
    await withPage('questions-nl', 'nl-NL', async (page) => {
      await signIn(page, 'lynne.robbins@contoso.test');
      await page.getByRole('heading', { level: 1, name: 'Meer informatie vereist' }).waitFor();
      await shot(page, 'security-info-interrupt-nl');
      await page.getByRole('button', { name: 'Volgende' }).click();
      await page.getByRole('heading', { level: 1, name: 'Beveiligingsgegevens' }).waitFor();
      await page.getByText('Voeg nog 2 methoden toe om uw wachtwoord zelf opnieuw te kunnen instellen.').waitFor();

      const dialog = await startAdding(page, /^Beveiligingsvragen/);
      await dialog.getByRole('heading', { name: 'Beveiligingsvragen' }).waitFor();
      await dialog.getByText('Kies 3 verschillende vragen en beantwoord ze.', { exact: false }).waitFor();
      const answers = ['Haarlem', 'Rakker', 'Doe Maar'];
      for (let i = 0; i < 3; i++) {
        await dialog.getByRole('combobox', { name: `Beveiligingsvraag ${i + 1}` }).click();
        const listbox = page.getByRole('listbox');
        await listbox.waitFor();
        // The questions chosen in other rows are disabled; take the first free one.
        await listbox.locator('[role="option"]:not([aria-disabled="true"])').first().click();
        await listbox.waitFor({ state: 'detached' });
        await dialog.getByLabel(`Antwoord ${i + 1}`).fill(answers[i]!);
      }
      // The same answer twice is refused before anything is sent.
      await dialog.getByLabel('Antwoord 3').fill('haarlem');
      await dialog.getByLabel('Huidig wachtwoord').fill(PASSWORD);
      await dialog.getByRole('button', { name: 'Opslaan' }).click();
      await dialog.getByText('Geef op elke vraag een ander antwoord.').waitFor();
      await dialog.getByLabel('Antwoord 3').fill(answers[2]!);
      // The server refuses the user's own name as an answer; its message goes to that answer.
      await dialog.getByLabel('Antwoord 2').fill('Lynne Robbins');
      await dialog.getByRole('button', { name: 'Opslaan' }).click();
      await dialog.getByText('Gebruik uw naam of gebruikersnaam niet als antwoord.').waitFor();
      assert.match((await dialog.getByLabel('Antwoord 2').getAttribute('aria-invalid')) ?? '', /true/);
      assert.equal(await dialog.getByLabel('Antwoord 1').getAttribute('aria-invalid'), null);
      await shot(page, 'security-info-questions-nl');
      await dialog.getByLabel('Antwoord 2').fill(answers[1]!);
      await dialog.getByRole('button', { name: 'Opslaan' }).click();
      await dialog.waitFor({ state: 'detached' });
      const table = page.getByRole('table', { name: 'Uw methoden' });
      await page.getByText('Uw beveiligingsvragen en antwoorden zijn opgeslagen.').waitFor();
      await table.getByRole('row').filter({ hasText: 'Beveiligingsvragen' }).filter({ hasText: '3 vragen beantwoord' }).waitFor();
      assert.equal((await server.testApp.repos.securityInfo.answers(ids['lynne.robbins@contoso.test']!)).length, 3);

      const email = await startAdding(page, /^E-mail/);
      await email.getByLabel('E-mailadres').fill('lynne@example.org');
      await email.getByLabel('Huidig wachtwoord').fill(PASSWORD);
      const since = new Date();
      await email.getByRole('button', { name: 'Code verzenden' }).click();
      await email.getByText(/We hebben een code van 8 cijfers naar lynne@example\.org gestuurd/).waitFor();
      await shot(page, 'security-info-add-code-nl');
      await email.getByLabel('Code van 8 cijfers').fill(await devMailboxCode(server, 'lynne@example.org', since));
      await email.getByRole('button', { name: 'Verifiëren' }).click();
      await email.waitFor({ state: 'detached' });
      await page.getByText('E-mail is toegevoegd aan uw beveiligingsgegevens.').waitFor();
      await page.getByText('U kunt uw wachtwoord zelf opnieuw instellen.').waitFor();
      await shot(page, 'security-info-registered-nl');
    });
  });

  test('the interrupt: "Remind me later" continues for this sign-in; the next sign-in asks again', async () => {
    await withPage('remind-later', 'en-GB', async (page) => {
      await signIn(page, 'megan.bowen@contoso.test');
      const interrupt = page.getByTestId('security-info-interrupt');
      await page.getByRole('heading', { level: 1, name: 'More information required' }).waitFor();
      await interrupt.getByText('megan.bowen@contoso.test').waitFor();
      assert.equal(await page.getByRole('navigation').count(), 0, 'the interrupt is a full page, without the navigation');
      await shot(page, 'security-info-interrupt');
      await page.getByRole('button', { name: 'Remind me later' }).click();
      await page.getByRole('heading', { level: 1, name: 'My account' }).waitFor();

      // Not again in this sign-in, also after a reload and on other pages.
      await page.reload();
      await page.getByRole('heading', { level: 1, name: 'My account' }).waitFor();
      await page.locator('#app-nav').getByRole('link', { name: 'Security & privacy' }).click();
      await page.getByRole('heading', { level: 1, name: 'Security & privacy' }).waitFor();
      assert.equal(await interrupt.count(), 0);

      // A new sign-in asks again.
      await signOut(page);
      await signIn(page, 'megan.bowen@contoso.test');
      await page.getByRole('heading', { level: 1, name: 'More information required' }).waitFor();
    });
  });

  test('the reconfirm interrupt lists the methods; "Looks good" confirms them', async () => {
    await withPage('reconfirm', 'en-GB', async (page) => {
      await signIn(page, 'joni.sherman@contoso.test');
      await page.getByRole('heading', { level: 1, name: 'Is your security info still correct?' }).waitFor();
      const list = page.getByRole('list', { name: 'Your methods' });
      await list.getByText('joni.private@example.net').waitFor();
      await list.getByText('+31687654321').waitFor();
      await shot(page, 'security-info-reconfirm');
      await switchLanguage(page, 'Nederlands');
      await page.getByRole('heading', { level: 1, name: 'Kloppen uw beveiligingsgegevens nog?' }).waitFor();
      await page.getByRole('list', { name: 'Uw methoden' }).getByText('Mobiele telefoon').waitFor();
      await shot(page, 'security-info-reconfirm-nl');
      await switchLanguage(page, 'English');
      const before = await server.testApp.repos.securityInfo.confirmedAt(ids['joni.sherman@contoso.test']!);
      await page.getByRole('button', { name: 'Looks good' }).click();
      await page.getByRole('heading', { level: 1, name: 'My account' }).waitFor();
      const after = await server.testApp.repos.securityInfo.confirmedAt(ids['joni.sherman@contoso.test']!);
      assert.ok(after && before && after.getTime() > before.getTime(), 'confirmed now');

      await signOut(page);
      await signIn(page, 'joni.sherman@contoso.test');
      await page.getByRole('heading', { level: 1, name: 'My account' }).waitFor();
      assert.equal(await page.getByTestId('security-info-interrupt').count(), 0, 'no interrupt after confirming');

      await switchLanguage(page, 'Nederlands');
      await page.locator('#app-nav').getByRole('link', { name: 'Beveiligingsgegevens' }).click();
      await page.getByRole('heading', { level: 1, name: 'Beveiligingsgegevens' }).waitFor();
      await switchLanguage(page, 'English');
    });
  });
});
