// Browser tests of Reports > Sign-ins and Audit log, the smart lockout section of Settings >
// Password protection, Settings > Mail (delivery log and dev mailbox) and the recent sign-ins on
// My account > Security & privacy. Needs `npm run build:web` first (the test script does that).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { chromiumAvailable, chromiumPath, launchBrowser } from '../support/browser.js';
import { startTestServer, type TestServer } from '../support/server.js';

const SHOTS = 'test-results';
const PASSWORD = 'Latchkey-Test-Passw0rd!';
const NEW_PASSWORD = 'Kx7#mQ2v!Lp9wR';
const available = chromiumAvailable();
const skipReason = `chromium not found at ${chromiumPath()} (set LATCHKEY_CHROMIUM): skipped the reports browser tests (sign-ins, audit log, smart lockout, mail)`;

if (!available && process.env.CI === 'true') {
  test('chromium is available for the reports browser tests', () => {
    assert.fail(`${skipReason}; on CI (CI=true) a missing browser is a failure, not a skip`);
  });
}

describe('reports, smart lockout and mail', { skip: available ? false : skipReason }, () => {
  let server: TestServer;
  let browser: Browser;

  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    server = await startTestServer();
    browser = await launchBrowser();
    const seed = [
      { userPrincipalName: 'pradeep.gupta@contoso.test', displayName: 'Pradeep Gupta', roles: ['reports-reader'] },
      { userPrincipalName: 'grady.archie@contoso.test', displayName: 'Grady Archie', roles: ['authentication-administrator'] },
      { userPrincipalName: 'miriam.graham@contoso.test', displayName: 'Miriam Graham', roles: ['global-administrator'] },
      { userPrincipalName: 'adele.vance@contoso.test', displayName: 'Adele Vance' },
      { userPrincipalName: 'megan.bowen@contoso.test', displayName: 'Megan Bowen' },
    ];
    for (const user of seed) await server.createUser({ ...user, password: PASSWORD, preferredLanguage: 'en' });
    // Failed sign-ins for the log: two wrong passwords for Adele.
    for (let i = 0; i < 2; i++) {
      const res = await fetch(`${server.url}/api/v1/auth/sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'adele.vance@contoso.test', password: 'Wrong-1' }),
      });
      assert.equal(res.status, 401);
    }
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  async function newPage(): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ locale: 'en-GB', viewport: { width: 1366, height: 900 }, acceptDownloads: true });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    return { context, page };
  }

  async function signIn(page: Page, username: string, password = PASSWORD): Promise<void> {
    if (!page.url().includes('/sign-in')) await page.goto(`${server.url}/sign-in`);
    await page.getByLabel(/^Email or username|^E-mailadres of gebruikersnaam/).fill(username);
    await page.locator('input[autocomplete="current-password"]').fill(password);
    await page.getByRole('button', { name: /^(Sign in|Aanmelden)$/ }).click();
    await page.waitForURL(/\/account$/);
  }

  async function switchLanguage(page: Page, name: 'Nederlands' | 'English'): Promise<void> {
    await page.getByRole('button', { name: /^(Language|Taal)/ }).click();
    await page.getByRole('menuitemradio', { name }).click();
  }

  /** A screenshot of the whole page: the frame scrolls inside <main>, so the viewport grows to fit it first. */
  async function shot(page: Page, name: string): Promise<void> {
    const size = page.viewportSize() ?? { width: 1366, height: 900 };
    // Every page here is inside the frame, whose <main id="main"> scrolls.
    const height = await page.locator('#main').evaluate((main) => main.scrollHeight + main.getBoundingClientRect().top);
    if (height > size.height) await page.setViewportSize({ width: size.width, height: Math.min(Math.ceil(height), 4000) });
    await page.screenshot({ path: `${SHOTS}/web-${name}.png`, fullPage: true });
    if (height > size.height) await page.setViewportSize(size);
  }

  test('a Reports Reader sees the failed sign-ins, filters them, downloads the CSV and reads them in Dutch', async () => {
    const { context, page } = await newPage();
    try {
      await signIn(page, 'pradeep.gupta@contoso.test');
      const nav = page.locator('#app-nav');
      await nav.getByText('Reports', { exact: true }).waitFor();
      assert.equal(await nav.getByRole('link', { name: 'Audit log' }).count(), 1, 'a Reports Reader may read the audit log');
      assert.equal(await nav.getByRole('link', { name: 'Mail' }).count(), 0, 'no Settings > Mail without mail:read');
      await nav.getByRole('link', { name: 'Sign-ins' }).click();
      await page.waitForURL(/\/admin\/reports\/sign-ins$/);
      await page.getByRole('heading', { level: 1, name: 'Sign-ins' }).waitFor();
      const grid = page.getByRole('grid', { name: 'Sign-ins' });
      await grid.getByText('Wrong password').first().waitFor();
      assert.equal(await grid.getByRole('row').filter({ hasText: 'adele.vance@contoso.test' }).filter({ hasText: 'Wrong password' }).count(), 2);
      assert.ok(await grid.getByRole('row').filter({ hasText: 'pradeep.gupta@contoso.test' }).filter({ hasText: 'Success' }).count() >= 1, "the reader's own sign-in");
      for (const header of ['Date', 'User', 'Result', 'Reason', 'IP address', 'Device', 'Familiar device']) {
        await grid.getByRole('columnheader', { name: header, exact: true }).waitFor();
      }
      await shot(page, 'sign-ins');

      // Only failures.
      await page.getByRole('combobox', { name: 'Result' }).click();
      await page.getByRole('option', { name: 'Failure' }).click();
      await grid.getByText('pradeep.gupta@contoso.test').waitFor({ state: 'detached' });
      assert.equal(await grid.getByText('Success', { exact: true }).count(), 0);
      assert.equal(await grid.getByText('Wrong password').count(), 2);

      // The CSV export has the same filters.
      const link = page.getByRole('link', { name: 'Download' });
      assert.match((await link.getAttribute('href')) ?? '', /^\/api\/v1\/sign-in-logs\.csv\?result=failure$/);
      const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
      const csv = readFileSync((await download.path())!, 'utf8');
      const lines = csv.trim().split(/\r?\n/);
      assert.match(lines[0]!, /^createdDateTime,userPrincipalName/);
      assert.equal(lines.length, 3, csv);
      assert.ok(lines.slice(1).every((l) => l.includes('failure') && l.includes('wrong_password')), csv);

      // The details panel.
      await grid.getByRole('row').filter({ hasText: 'adele.vance@contoso.test' }).first().getByRole('button').click();
      const details = page.getByRole('dialog', { name: 'Sign-in details' });
      await details.waitFor();
      await details.getByText('Correlation ID').waitFor();
      await details.getByText('wrong_password').waitFor();
      await details.getByText('adele.vance@contoso.test').waitFor();
      await page.waitForTimeout(300); // the drawer's opening animation
      await shot(page, 'sign-in-details');
      await details.getByRole('button', { name: 'Close' }).click();
      await details.waitFor({ state: 'detached' });

      await switchLanguage(page, 'Nederlands');
      await page.getByRole('heading', { level: 1, name: 'Aanmeldingen' }).waitFor();
      for (const header of ['Datum', 'Gebruiker', 'Resultaat', 'Reden', 'IP-adres', 'Apparaat', 'Bekend apparaat']) {
        await page.getByRole('grid', { name: 'Aanmeldingen' }).getByRole('columnheader', { name: header, exact: true }).waitFor();
      }
      await page.getByRole('grid', { name: 'Aanmeldingen' }).getByText('Onjuist wachtwoord').first().waitFor();
      assert.ok(await page.locator('#app-nav').getByText('Rapporten', { exact: true }).isVisible());
      assert.ok(await page.getByRole('link', { name: 'Downloaden' }).isVisible());
      await shot(page, 'sign-ins-nl');
      await switchLanguage(page, 'English');
    } finally {
      await context.close();
    }
  });

  test('an Authentication Administrator sees only smart lockout on Password protection; 0 is refused, 5 is saved', async () => {
    const { context, page } = await newPage();
    try {
      await signIn(page, 'grady.archie@contoso.test');
      const nav = page.locator('#app-nav');
      await nav.getByRole('link', { name: 'Password protection' }).waitFor();
      assert.equal(await nav.getByRole('link', { name: 'Org settings' }).count(), 0, 'no Org settings without a password policy permission');
      assert.equal(await nav.getByText('Reports', { exact: true }).count(), 0, 'no Reports without reports:read');
      await nav.getByRole('link', { name: 'Password protection' }).click();
      await page.waitForURL(/\/admin\/settings\/password-protection$/);
      await page.getByRole('heading', { level: 2, name: 'Smart lockout' }).waitFor();
      assert.equal(await page.getByRole('heading', { level: 2, name: 'Custom banned passwords' }).count(), 0, 'the banned list needs settings:password-policy');
      const threshold = page.getByRole('spinbutton', { name: 'Lockout threshold' });
      const duration = page.getByRole('spinbutton', { name: 'Lockout duration in seconds' });
      assert.equal(await threshold.inputValue(), '10');
      assert.equal(await duration.inputValue(), '60');
      const save = page.getByRole('button', { name: 'Save smart lockout settings' });

      await threshold.fill('0');
      await save.click();
      await page.getByRole('alert').getByText('Some of the information you entered isn’t valid.').waitFor();
      // The server's message is shown next to the field (Fluent links it as the field's description).
      await page.getByText('Enter a value of at least 1.').waitFor();
      assert.match((await threshold.getAttribute('aria-invalid')) ?? '', /true/);
      await shot(page, 'smart-lockout-error');
      await page.reload();
      await page.getByRole('heading', { level: 2, name: 'Smart lockout' }).waitFor();
      assert.equal(await threshold.inputValue(), '10', 'nothing was saved');

      await threshold.fill('5');
      await duration.fill('120');
      await save.click();
      await page.getByText('Your changes have been saved.').waitFor();
      await page.reload();
      await page.getByRole('heading', { level: 2, name: 'Smart lockout' }).waitFor();
      assert.equal(await threshold.inputValue(), '5');
      assert.equal(await duration.inputValue(), '120');
      await shot(page, 'smart-lockout');

      await threshold.fill('10');
      await duration.fill('60');
      await save.click();
      await page.getByText('Your changes have been saved.').waitFor();
    } finally {
      await context.close();
    }
  });

  test('the audit log shows a sign-out with its details panel', async () => {
    const user = await newPage();
    try {
      await signIn(user.page, 'megan.bowen@contoso.test');
      await user.page.getByRole('button', { name: /^Account manager for Megan Bowen/ }).click();
      await user.page.getByRole('menuitem', { name: 'Sign out' }).click();
      await user.page.waitForURL(/\/sign-in$/);
    } finally {
      await user.context.close();
    }

    const { context, page } = await newPage();
    try {
      await signIn(page, 'pradeep.gupta@contoso.test');
      await page.locator('#app-nav').getByRole('link', { name: 'Audit log' }).click();
      await page.waitForURL(/\/admin\/reports\/audit$/);
      await page.getByRole('heading', { level: 1, name: 'Audit log' }).waitFor();
      const grid = page.getByRole('grid', { name: 'Audit log' });
      const signOut = grid.getByRole('row').filter({ hasText: 'Sign out' }).filter({ hasText: 'megan.bowen@contoso.test' });
      await signOut.first().waitFor();
      for (const header of ['Date', 'Activity', 'Outcome', 'Initiated by', 'Target', 'IP address']) {
        await grid.getByRole('columnheader', { name: header, exact: true }).waitFor();
      }
      // The smart lockout change of the previous test, by its localised name.
      await grid.getByText('Update smart lockout').first().waitFor();
      await shot(page, 'audit-log');

      // Filter by an action code.
      await page.getByRole('combobox', { name: 'Activity' }).fill('user.sign_out');
      await grid.getByText('Update smart lockout').first().waitFor({ state: 'detached' });
      assert.equal(await grid.getByRole('row').filter({ hasNotText: 'Sign out' }).count(), 1, 'only the header row besides the sign-outs');
      assert.match((await page.getByRole('link', { name: 'Download' }).getAttribute('href')) ?? '', /action=user.sign_out/);

      await signOut.first().getByRole('button').click();
      const details = page.getByRole('dialog', { name: 'Audit log details' });
      await details.waitFor();
      await details.getByText('user.sign_out').waitFor();
      await details.getByText('Correlation ID').waitFor();
      await details.getByText('No additional details.').waitFor();
      await page.waitForTimeout(300);
      await shot(page, 'audit-details');
      await details.getByRole('button', { name: 'Close' }).click();

      // An event with details: they are listed as key/value text.
      await page.getByRole('button', { name: 'Clear filters' }).click();
      await grid.getByText('Update smart lockout').first().waitFor();
      await grid.getByRole('row').filter({ hasText: 'Update smart lockout' }).first().getByRole('button').click();
      await details.waitFor();
      await details.getByText('before', { exact: true }).waitFor();
      await details.getByText('after', { exact: true }).waitFor();
      await details.getByText(/"lockoutThreshold":/).first().waitFor();
      await page.waitForTimeout(300);
      await shot(page, 'audit-details-settings');
    } finally {
      await context.close();
    }
  });

  test('a Global Administrator sees the "password changed" mail in the delivery log and the dev mailbox', async () => {
    // Change the password through the API (cookie session and CSRF token), which queues the mail.
    const signInRes = await fetch(`${server.url}/api/v1/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'miriam.graham@contoso.test', password: PASSWORD }),
    });
    assert.equal(signInRes.status, 200);
    const { csrfToken } = (await signInRes.json()) as { csrfToken: string };
    const cookie = signInRes.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const change = await fetch(`${server.url}/api/v1/me/change-password`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
      body: JSON.stringify({ currentPassword: PASSWORD, newPassword: NEW_PASSWORD }),
    });
    assert.equal(change.status, 204, await change.text());

    const { context, page } = await newPage();
    try {
      await signIn(page, 'miriam.graham@contoso.test', NEW_PASSWORD);

      // My account shows the recent sign-ins.
      await page.getByRole('link', { name: 'Security & privacy' }).first().click();
      await page.getByRole('heading', { level: 2, name: 'Recent sign-ins' }).waitFor();
      const recent = page.getByRole('table', { name: 'Recent sign-ins' });
      await recent.getByText('Success').first().waitFor();
      await shot(page, 'security-recent-sign-ins');

      await page.locator('#app-nav').getByRole('link', { name: 'Mail' }).click();
      await page.waitForURL(/\/admin\/settings\/mail$/);
      await page.getByRole('heading', { level: 1, name: 'Mail' }).waitFor();
      await page.getByText('No SMTP server is configured: mail is kept here and printed to the server console (LATCHKEY_SMTP_URL).').waitFor();
      const grid = page.getByRole('grid', { name: 'Delivery log' });
      const row = grid.getByRole('row').filter({ hasText: 'miriam.graham@contoso.test' }).filter({ hasText: 'password-changed' });
      await row.first().waitFor();
      // The worker delivers right after the commit; refresh until it has.
      for (let i = 0; i < 20 && !(await row.first().getByText('Sent', { exact: true }).count()); i++) {
        await page.waitForTimeout(250);
        await page.getByRole('button', { name: 'Refresh' }).click();
      }
      await row.first().getByText('Sent', { exact: true }).first().waitFor();
      await shot(page, 'mail-deliveries');

      await row.first().getByRole('button').click();
      const details = page.getByRole('dialog', { name: 'Delivery details' });
      await details.waitFor();
      await details.getByRole('table', { name: 'Delivery attempts' }).getByText('Sent').waitFor();
      await page.waitForTimeout(300);
      await shot(page, 'mail-delivery-details');
      await details.getByRole('button', { name: 'Open in Dev mailbox' }).click();

      await page.getByRole('tab', { name: 'Dev mailbox', selected: true }).waitFor();
      const reader = page.getByTestId('mail-reader');
      await reader.getByText(/The password of your account miriam\.graham@contoso\.test was changed/).waitFor();
      assert.equal(await reader.locator('pre').count(), 1, 'the text version in a <pre>');
      assert.equal(await reader.locator('a, img, table').count(), 0, 'no HTML from the mail is rendered');
      await shot(page, 'mail-dev-mailbox');

      await switchLanguage(page, 'Nederlands');
      await page.getByRole('tab', { name: 'Afleveringslogboek' }).waitFor();
      await page.getByRole('tab', { name: 'Ontwikkelpostvak' }).waitFor();
      await switchLanguage(page, 'English');
    } finally {
      await context.close();
    }
  });
});
