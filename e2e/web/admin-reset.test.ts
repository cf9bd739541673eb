// Browser tests of the admin reset in Users > Active users: the Reset password panel for one and
// many users (a bulk job with live progress), the generated passwords shown once with copy, CSV
// and print, Entra's role matrix (a Helpdesk Administrator may not reset a User Administrator),
// the policy on a chosen password, Dutch, Add a user with roles, and Unlock.
// Needs `npm run build:web` first (the test script does that).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { chromiumAvailable, chromiumPath, launchBrowser } from '../support/browser.js';
import { startTestServer, type TestServer } from '../support/server.js';

const SHOTS = 'test-results';
const PASSWORD = 'Latchkey-Test-Passw0rd!';
const STRONG = 'Kx7#mQ2v!Lp9wR-Otter';
// The test server's organisation has one domain: contoso.example.
const DOMAIN = 'contoso.example';
const available = chromiumAvailable();
const skipReason = `chromium not found at ${chromiumPath()} (set LATCHKEY_CHROMIUM): skipped the admin reset browser tests (bulk reset, role matrix, policy, Dutch, add a user, unlock)`;

if (!available && process.env.CI === 'true') {
  test('chromium is available for the admin reset browser tests', () => {
    assert.fail(`${skipReason}; on CI (CI=true) a missing browser is a failure, not a skip`);
  });
}

const upn = (name: string) => `${name}@${DOMAIN}`;

describe('admin reset', { skip: available ? false : skipReason }, () => {
  let server: TestServer;
  let browser: Browser;

  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    server = await startTestServer();
    browser = await launchBrowser();
    const seed = [
      { userPrincipalName: upn('megan.bowen'), displayName: 'Megan Bowen', roles: ['helpdesk-administrator'] },
      { userPrincipalName: upn('miriam.graham'), displayName: 'Miriam Graham', roles: ['global-administrator'] },
      { userPrincipalName: upn('nestor.wilke'), displayName: 'Nestor Wilke', roles: ['user-administrator'] },
      { userPrincipalName: upn('adele.vance'), displayName: 'Adele Vance', department: 'Retail' },
      { userPrincipalName: upn('alex.wilber'), displayName: 'Alex Wilber', department: 'Marketing' },
      { userPrincipalName: upn('lidia.holloway'), displayName: 'Lidia Holloway' },
      { userPrincipalName: upn('lynne.robbins'), displayName: 'Lynne Robbins' },
      { userPrincipalName: upn('isaiah.langer'), displayName: 'Isaiah Langer' },
      { userPrincipalName: upn('johanna.lorenz'), displayName: 'Johanna Lorenz' },
      { userPrincipalName: upn('diego.siciliani'), displayName: 'Diego Siciliani' },
    ];
    for (const user of seed) await server.createUser({ ...user, password: PASSWORD, preferredLanguage: 'en' });
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

  async function signIn(page: Page, username: string, password = PASSWORD, landing: RegExp = /\/account$/): Promise<void> {
    await page.goto(`${server.url}/sign-in`);
    await page.getByLabel(/^Email or username|^E-mailadres of gebruikersnaam/).fill(username);
    await page.locator('input[autocomplete="current-password"]').fill(password);
    await page.getByRole('button', { name: /^(Sign in|Aanmelden)$/ }).click();
    await page.waitForURL(landing);
  }

  async function openActiveUsers(page: Page): Promise<Locator> {
    await page.goto(`${server.url}/admin/users`);
    await page.getByRole('heading', { level: 1, name: /^(Active users|Actieve gebruikers)$/ }).waitFor();
    const grid = page.getByRole('grid', { name: /^(Active users|Actieve gebruikers)$/ });
    await grid.getByText('Adele Vance').waitFor();
    return grid;
  }

  async function select(page: Page, names: string[]): Promise<void> {
    for (const name of names) await page.getByRole('checkbox', { name: new RegExp(`^(Select ${name}|${name} selecteren)$`) }).check();
  }

  /** Signs in through the API: the status code and, on success, whether a change is required. */
  async function apiSignIn(username: string, password: string): Promise<{ status: number; passwordChangeRequired?: boolean }> {
    const res = await fetch(`${server.url}/api/v1/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
    const body = (await res.json().catch(() => ({}))) as { passwordChangeRequired?: boolean };
    return { status: res.status, passwordChangeRequired: body.passwordChangeRequired };
  }

  /** A screenshot with an open drawer: the drawer is fixed, so the viewport is enough. */
  async function shot(page: Page, name: string): Promise<void> {
    await page.waitForTimeout(350); // the drawer's opening animation
    await page.screenshot({ path: `${SHOTS}/web-${name}.png` });
  }

  test('a Helpdesk Administrator resets three users in bulk, sees and downloads the passwords, and one of them must change it at sign-in', async () => {
    const { context, page } = await newPage();
    try {
      await signIn(page, upn('megan.bowen'));
      await openActiveUsers(page);
      const commands = page.getByRole('toolbar', { name: 'User commands' });
      assert.equal(await commands.getByRole('button', { name: 'Reset password' }).count(), 0, 'no Reset password without a selection');
      assert.equal(await commands.getByRole('button', { name: 'Add a user' }).count(), 0, 'a Helpdesk Administrator cannot add users');
      await select(page, ['Adele Vance', 'Alex Wilber', 'Lidia Holloway']);
      await commands.getByRole('button', { name: 'Reset password' }).click();
      const panel = page.getByRole('dialog', { name: 'Reset passwords' });
      await panel.waitFor();
      assert.ok(await panel.getByRole('checkbox', { name: 'Automatically create a password' }).isChecked());
      assert.ok(await panel.getByRole('checkbox', { name: 'Require this user to change their password when they first sign in' }).isChecked());
      assert.equal(await panel.getByRole('checkbox', { name: /Send the user a link/ }).count(), 0, 'no link option for several users');
      for (const name of ['Adele Vance', 'Alex Wilber', 'Lidia Holloway']) await panel.getByText(name).waitFor();
      await shot(page, 'reset-panel-bulk');

      // The outcomes are read after the job has finished; holding that request back a moment
      // leaves the finished progress on screen for the screenshot.
      await page.route('**/api/v1/password-reset-jobs/*/items*', async (route) => {
        await new Promise((r) => setTimeout(r, 800));
        await route.continue();
      });
      let passwordCalls = 0;
      page.on('request', (req) => {
        if (req.method() === 'POST' && /\/password-reset-jobs\/[^/]+\/passwords$/.test(req.url())) passwordCalls++;
      });
      await panel.getByRole('button', { name: 'Reset passwords' }).click();
      const progress = panel.getByTestId('reset-progress');
      await progress.waitFor();
      await panel.getByText('3 of 3 done').waitFor();
      await panel.getByTestId('reset-counts').getByText('Reset: 3').waitFor();
      await shot(page, 'reset-progress');

      const done = page.getByRole('dialog', { name: 'Passwords have been reset' });
      await done.waitFor();
      await done.getByText('These passwords won’t be shown again.').waitFor();
      await done.getByText('3 of 3 passwords reset').waitFor();
      const rows = done.getByTestId('generated-passwords').getByRole('row');
      assert.equal(await rows.count(), 4, 'a header and three users');
      const shown = new Map<string, string>();
      for (const name of ['adele.vance', 'alex.wilber', 'lidia.holloway']) {
        const row = rows.filter({ hasText: upn(name) });
        const password = (await row.getByTestId('generated-password').textContent()) ?? '';
        assert.ok(password.length >= 12, `a generated password for ${name}`);
        shown.set(upn(name), password);
        await row.getByRole('button', { name: `Copy the password of ${upn(name)}` }).waitFor();
      }
      assert.equal(passwordCalls, 1, 'the passwords are fetched exactly once');
      await done.getByRole('button', { name: 'Print' }).waitFor();
      await shot(page, 'reset-results-bulk');

      const [download] = await Promise.all([page.waitForEvent('download'), done.getByRole('button', { name: 'Download (CSV)' }).click()]);
      const csv = readFileSync((await download.path())!, 'utf8');
      const lines = csv.trim().split(/\r?\n/);
      assert.equal(lines[0], 'userPrincipalName,password');
      assert.equal(lines.length, 4, csv);
      for (const [user, password] of shown) assert.ok(lines.includes(`${user},${password}`) || lines.includes(`${user},"${password.replace(/"/g, '""')}"`), `${user} in the CSV`);

      // Closing the panel drops the passwords: they are nowhere in the page any more.
      await done.getByRole('button', { name: 'Close' }).first().click();
      await done.waitFor({ state: 'detached' });
      const adelePassword = shown.get(upn('adele.vance'))!;
      assert.equal(await page.getByText(adelePassword).count(), 0);
      await page.getByRole('grid', { name: 'Active users' }).getByRole('row').filter({ hasText: 'Adele Vance' }).getByText('Must change password').waitFor();

      // Adele signs in with the generated password in a fresh browser and must change it.
      const fresh = await newPage();
      try {
        await signIn(fresh.page, upn('adele.vance'), adelePassword, /\/change-password$/);
        await fresh.page.getByRole('heading', { level: 1 }).waitFor();
      } finally {
        await fresh.context.close();
      }
    } finally {
      await context.close();
    }
  });

  test('a Helpdesk Administrator may not reset a User Administrator: one reset, one skipped', async () => {
    const { context, page } = await newPage();
    try {
      await signIn(page, upn('megan.bowen'));
      await openActiveUsers(page);
      await select(page, ['Lynne Robbins', 'Nestor Wilke']);
      await page.getByRole('toolbar', { name: 'User commands' }).getByRole('button', { name: 'Reset password' }).click();
      const panel = page.getByRole('dialog', { name: 'Reset passwords' });
      await panel.getByRole('button', { name: 'Reset passwords' }).click();
      const done = page.getByRole('dialog', { name: 'Passwords have been reset' });
      await done.getByText('1 of 2 passwords reset').waitFor();
      await done.getByTestId('reset-counts').getByText('Skipped: 1').waitFor();
      const outcomes = done.getByTestId('reset-outcomes');
      const nestor = outcomes.getByRole('row').filter({ hasText: upn('nestor.wilke') });
      await nestor.getByText('Skipped').waitFor();
      await nestor.getByText('Your role can’t reset this user').waitFor();
      await outcomes.getByRole('row').filter({ hasText: upn('lynne.robbins') }).getByText('Reset', { exact: true }).waitFor();
      assert.equal(await done.getByTestId('generated-password').count(), 1, 'only the reset user has a password');
      await shot(page, 'reset-results-skipped');
      assert.equal((await apiSignIn(upn('nestor.wilke'), PASSWORD)).status, 200, 'the User Administrator kept the password');
    } finally {
      await context.close();
    }
  });

  test('a chosen weak password is refused with the policy messages; a strong one is set', async () => {
    const { context, page } = await newPage();
    try {
      await signIn(page, upn('megan.bowen'));
      const grid = await openActiveUsers(page);
      // From the user panel, as in the admin centre.
      await grid.getByRole('button', { name: 'Isaiah Langer' }).click();
      const userPanel = page.getByRole('dialog', { name: /Isaiah Langer/ });
      await userPanel.getByRole('toolbar', { name: 'User actions' }).getByRole('button', { name: 'Reset password' }).click();
      const panel = page.getByRole('dialog', { name: 'Reset password' });
      await panel.getByText(`Reset the password of Isaiah Langer (${upn('isaiah.langer')}).`).waitFor();
      await panel.getByRole('checkbox', { name: 'Automatically create a password' }).uncheck();
      const box = panel.locator('input[autocomplete="new-password"]');
      await box.fill('Password1');
      // Live feedback from the policy engine for this user.
      await panel.getByTestId('password-problems').waitFor();
      await panel.getByRole('button', { name: 'Reset password' }).click();
      // The server's problems next to the field; nothing changed.
      await panel.locator('[id$="__validationMessage"]').first().waitFor();
      assert.match((await box.getAttribute('aria-invalid')) ?? '', /true/);
      await shot(page, 'reset-single-weak');
      assert.equal(await page.getByRole('dialog', { name: 'Password has been reset' }).count(), 0);
      const before = await apiSignIn(upn('isaiah.langer'), PASSWORD);
      assert.equal(before.status, 200, 'the old password still works');

      await box.fill(STRONG);
      await panel.getByRole('checkbox', { name: 'Require this user to change their password when they first sign in' }).uncheck();
      await panel.getByRole('button', { name: 'Reset password' }).click();
      const done = page.getByRole('dialog', { name: 'Password has been reset' });
      await done.getByText('The password of Isaiah Langer has been reset').waitFor();
      assert.equal(await done.getByTestId('generated-password').count(), 0, 'a chosen password is not shown back');
      const after = await apiSignIn(upn('isaiah.langer'), STRONG);
      assert.equal(after.status, 200);
      assert.equal(after.passwordChangeRequired, false);
    } finally {
      await context.close();
    }
  });

  test('the Reset password panel in Dutch', async () => {
    const { context, page } = await newPage();
    try {
      await signIn(page, upn('megan.bowen'));
      await openActiveUsers(page);
      await page.getByRole('button', { name: /^Language/ }).click();
      await page.getByRole('menuitemradio', { name: 'Nederlands' }).click();
      await page.getByRole('heading', { level: 1, name: 'Actieve gebruikers' }).waitFor();
      await select(page, ['Diego Siciliani']);
      await page.getByRole('toolbar', { name: 'Gebruikersopdrachten' }).getByRole('button', { name: 'Wachtwoord opnieuw instellen' }).click();
      const panel = page.getByRole('dialog', { name: 'Wachtwoord opnieuw instellen' });
      await panel.waitFor();
      await panel.getByRole('checkbox', { name: 'Automatisch een wachtwoord maken' }).waitFor();
      await panel.getByRole('checkbox', { name: 'Deze gebruiker verplichten het wachtwoord te wijzigen bij de eerste aanmelding' }).waitFor();
      await panel.getByRole('button', { name: 'Annuleren' }).waitFor();
      await shot(page, 'reset-panel-nl');
      await panel.getByRole('button', { name: 'Annuleren' }).click();
      await panel.waitFor({ state: 'detached' });
      await page.getByRole('button', { name: /^Taal/ }).click();
      await page.getByRole('menuitemradio', { name: 'English' }).click();
      await page.getByRole('heading', { level: 1, name: 'Active users' }).waitFor();
    } finally {
      await context.close();
    }
  });

  test('a Global Administrator adds a user (password shown once) and assigns a role in the user panel', async () => {
    const { context, page } = await newPage();
    try {
      await signIn(page, upn('miriam.graham'));
      await openActiveUsers(page);
      await page.getByRole('toolbar', { name: 'User commands' }).getByRole('button', { name: 'Add a user' }).click();
      const panel = page.getByRole('dialog', { name: 'Add a user' });
      await panel.getByLabel('First name').fill('Pradeep');
      await panel.getByLabel('Last name').fill('Gupta');
      assert.equal(await panel.getByLabel('Display name').inputValue(), 'Pradeep Gupta');
      const username = panel.getByRole('textbox', { name: 'Username' });
      assert.equal(await username.inputValue(), 'pradeep.gupta');
      await panel.getByText(`@${DOMAIN}`).waitFor();
      await panel.getByLabel('Department').fill('Finance');
      await panel.getByLabel('Job title').fill('Accountant');
      await shot(page, 'add-user');
      await panel.getByRole('button', { name: 'Add user' }).click();
      const done = page.getByRole('dialog', { name: 'User added' });
      await done.getByText('Pradeep Gupta has been added').waitFor();
      const password = (await done.getByTestId('generated-password').textContent()) ?? '';
      assert.ok(password.length >= 12, 'the generated password');
      await done.getByText('This password won’t be shown again.').waitFor();
      await shot(page, 'add-user-done');
      await done.getByRole('button', { name: 'Close' }).first().click();
      await done.waitFor({ state: 'detached' });
      assert.equal((await apiSignIn(upn('pradeep.gupta'), password)).passwordChangeRequired, true);

      const grid = page.getByRole('grid', { name: 'Active users' });
      await grid.getByRole('button', { name: 'Pradeep Gupta' }).click();
      const userPanel = page.getByRole('dialog', { name: /Pradeep Gupta/ });
      await userPanel.getByText('Finance').waitFor();
      await userPanel.getByRole('tab', { name: 'Roles' }).click();
      await userPanel.getByText('User (no admin centre access)').waitFor();
      await userPanel.getByRole('combobox', { name: 'Assign a role' }).click();
      await page.getByRole('option', { name: 'Reports Reader', exact: true }).click();
      await userPanel.getByRole('button', { name: 'Assign' }).click();
      await userPanel.getByRole('list', { name: 'Assigned roles' }).getByText('Reports Reader').waitFor();
      await userPanel.getByRole('button', { name: 'Remove Reports Reader' }).waitFor();
      await shot(page, 'user-panel-roles');

      // The Account tab and Edit: the password policies switches.
      await userPanel.getByRole('tab', { name: 'Account' }).click();
      await userPanel.getByRole('button', { name: 'Edit' }).click();
      await userPanel.getByLabel('Alternate email addresses').fill('pradeep@fabrikam.example');
      await userPanel.getByRole('switch', { name: 'Password never expires' }).check();
      await shot(page, 'user-panel-edit');
      await userPanel.getByRole('button', { name: 'Save changes' }).click();
      await userPanel.getByText('pradeep@fabrikam.example').waitFor();
      await userPanel.getByRole('button', { name: 'Edit' }).waitFor();
      await shot(page, 'user-panel');
      // The list behind the (modal) panel has been read again.
      await userPanel.getByRole('button', { name: 'Close' }).click();
      await userPanel.waitFor({ state: 'detached' });
      await grid.getByRole('row').filter({ hasText: 'Pradeep Gupta' }).getByText('Reports Reader').waitFor();
    } finally {
      await context.close();
    }
  });

  test('a link instead of a password: the user sets their own at /set-password', async (t) => {
    const { context, page } = await newPage();
    try {
      await signIn(page, upn('miriam.graham'));
      const grid = await openActiveUsers(page);
      await grid.getByRole('button', { name: 'Pradeep Gupta' }).click();
      const userPanel = page.getByRole('dialog', { name: /Pradeep Gupta/ });
      await userPanel.getByText('pradeep@fabrikam.example').waitFor();
      await userPanel.getByRole('toolbar', { name: 'User actions' }).getByRole('button', { name: 'Reset password' }).click();
      const panel = page.getByRole('dialog', { name: 'Reset password' });
      await panel.getByText(/^Reset the password of Pradeep Gupta/).waitFor();
      const option = panel.getByRole('checkbox', { name: 'Send the user a link to set their own password instead' });
      // Only when the server offers sendLink (read from its OpenAPI document).
      await page.waitForTimeout(300);
      if (!(await option.count())) return t.skip('the server has no sendLink');
      await option.check();
      assert.equal(await panel.getByRole('checkbox', { name: 'Automatically create a password' }).count(), 0);
      await panel.getByText(/pradeep@fabrikam\.example/).waitFor();
      await panel.getByRole('button', { name: 'Send link' }).click();
      const done = page.getByRole('dialog', { name: 'Password has been reset' });
      await done.getByText('Link sent').waitFor();
      assert.equal(await done.getByTestId('generated-password').count(), 0);

      // The mail in the dev mailbox (a Global Administrator may read it through the API).
      let url: string | undefined;
      for (let i = 0; i < 50 && !url; i++) {
        const res = await page.request.get(`${server.url}/api/v1/mail/dev-mailbox?limit=200`);
        const body = (await res.json()) as { items: { recipient: string; text: string }[] };
        url = body.items.filter((m) => m.recipient === 'pradeep@fabrikam.example').map((m) => /https?:\/\/\S+\/set-password#token=[\w-]+/.exec(m.text)?.[0]).find(Boolean);
        if (!url) await page.waitForTimeout(200);
      }
      assert.ok(url, 'a set-password link was mailed to the alternate address');
      const link = new URL(url!);

      const visitor = await newPage();
      try {
        await visitor.page.goto(`${server.url}${link.pathname}${link.hash}`);
        await visitor.page.getByRole('heading', { level: 1, name: 'Set your password' }).waitFor();
        await visitor.page.getByText(`Choose a new password for ${upn('pradeep.gupta')}.`).waitFor();
        assert.equal(new URL(visitor.page.url()).hash, '', 'the token is taken out of the address bar');
        const boxes = visitor.page.locator('input[autocomplete="new-password"]');
        await boxes.nth(0).fill('Password1');
        await boxes.nth(1).fill('Password1');
        await visitor.page.getByRole('button', { name: 'Set password' }).click();
        // The client-side rules are met; the server refuses the banned password.
        await visitor.page.locator('[id$="__validationMessage"]').first().waitFor();
        await visitor.page.screenshot({ path: `${SHOTS}/web-set-password-refused.png` });
        await boxes.nth(0).fill(STRONG);
        await boxes.nth(1).fill(STRONG);
        await visitor.page.getByRole('button', { name: 'Set password' }).click();
        await visitor.page.getByText('Your password has been set').waitFor();
        await visitor.page.screenshot({ path: `${SHOTS}/web-set-password-done.png` });
      } finally {
        await visitor.context.close();
      }
      const after = await apiSignIn(upn('pradeep.gupta'), STRONG);
      assert.equal(after.status, 200);
      assert.equal(after.passwordChangeRequired, false, 'a password the user chose is not a temporary one');

      // Single use.
      const again = await newPage();
      try {
        await again.page.goto(`${server.url}${link.pathname}${link.hash}`);
        await again.page.getByText('This link can’t be used').waitFor();
      } finally {
        await again.context.close();
      }
    } finally {
      await context.close();
    }
  });

  test('a locked user is shown as Locked and unlocked from the command bar', async () => {
    // Ten wrong passwords: the default smart lockout threshold.
    for (let i = 0; i < 10; i++) assert.equal((await apiSignIn(upn('johanna.lorenz'), `Wrong-${i}`)).status, 401);
    const locked = await apiSignIn(upn('johanna.lorenz'), PASSWORD);
    assert.notEqual(locked.status, 200, 'locked out');
    const { context, page } = await newPage();
    try {
      await signIn(page, upn('megan.bowen'));
      const grid = await openActiveUsers(page);
      const row = grid.getByRole('row').filter({ hasText: 'Johanna Lorenz' });
      await row.getByText('Locked').waitFor();
      await select(page, ['Johanna Lorenz']);
      const commands = page.getByRole('toolbar', { name: 'User commands' });
      for (const name of ['Reset password', 'Unlock', 'Sign out of all sessions', 'Require password change']) await commands.getByRole('button', { name }).waitFor();
      assert.equal(await commands.getByRole('button', { name: 'Delete user' }).count(), 0, 'a Helpdesk Administrator cannot delete users');
      await page.screenshot({ path: `${SHOTS}/web-users-locked.png` });
      await commands.getByRole('button', { name: 'Unlock' }).click();
      await page.getByText('Johanna Lorenz has been unlocked and can sign in again.').waitFor();
      await row.getByText('Locked').waitFor({ state: 'detached' });
      assert.equal((await apiSignIn(upn('johanna.lorenz'), PASSWORD)).status, 200, 'unlocked');
    } finally {
      await context.close();
    }
  });

  test('Active users filtered by status (Locked) and by role, on the server, with chips to clear them', async () => {
    // Diego locks himself out: ten wrong passwords, the default smart lockout threshold.
    for (let i = 0; i < 10; i++) assert.equal((await apiSignIn(upn('diego.siciliani'), `Wrong-${i}`)).status, 401);
    assert.notEqual((await apiSignIn(upn('diego.siciliani'), PASSWORD)).status, 200, 'locked out');
    const { context, page } = await newPage();
    try {
      await signIn(page, upn('megan.bowen'));
      const grid = await openActiveUsers(page);
      /** The display names in the grid, once they equal `expected` (the list is read again in the background). */
      const expectNames = async (expected: string[]): Promise<void> => {
        const names = () => grid.locator('button[title^="Open "]').allInnerTexts();
        for (let i = 0; i < 50 && (await names()).join('|') !== expected.join('|'); i++) await page.waitForTimeout(100);
        assert.deepEqual(await names(), expected);
      };
      const usersRequest = (param: string) => page.waitForRequest((req) => req.method() === 'GET' && new URL(req.url()).pathname === '/api/v1/users' && new URL(req.url()).searchParams.toString().includes(param));

      // Status: a Filter menu in the command bar, as in the admin centre.
      await page.getByRole('button', { name: 'Filter', exact: true }).click();
      for (const name of ['All users', 'Enabled', 'Blocked sign-in', 'Must change password', 'Locked']) await page.getByRole('menuitemradio', { name, exact: true }).waitFor();
      await page.waitForTimeout(250); // the menu's opening animation
      await page.screenshot({ path: `${SHOTS}/web-users-filter-menu.png` });
      const lockedRequest = usersRequest('status=locked');
      await page.getByRole('menuitemradio', { name: 'Locked', exact: true }).click();
      await lockedRequest;
      await expectNames(['Diego Siciliani']);
      const chips = page.getByRole('toolbar', { name: 'Active filters' });
      await chips.getByRole('button', { name: 'Remove filter Locked' }).waitFor();
      await grid.getByRole('row').filter({ hasText: 'Diego Siciliani' }).getByText('Locked').waitFor();
      await page.screenshot({ path: `${SHOTS}/web-users-filter-locked.png` });

      // Both filters: nobody is a locked Helpdesk Administrator.
      await page.getByRole('combobox', { name: 'Filter by role' }).click();
      await page.getByRole('option', { name: 'Helpdesk Administrator', exact: true }).click();
      await page.getByText('No users match the filters.').waitFor();
      assert.equal(await grid.count(), 0);

      // The status chip cleared: the Helpdesk Administrators only.
      const roleRequest = usersRequest('role=helpdesk-administrator');
      await chips.getByRole('button', { name: 'Remove filter Locked' }).click();
      await roleRequest;
      await expectNames(['Megan Bowen']);
      await chips.getByRole('button', { name: 'Remove filter Role: Helpdesk Administrator' }).waitFor();
      assert.equal(await chips.getByRole('button', { name: /Remove filter Locked/ }).count(), 0);
      await page.screenshot({ path: `${SHOTS}/web-users-filter-role.png` });

      // Another role, then Clear filters: everyone again, from the first page.
      await page.getByRole('combobox', { name: 'Filter by role' }).click();
      await page.getByRole('option', { name: 'Global Administrator', exact: true }).click();
      await expectNames(['Miriam Graham']);
      await page.getByRole('button', { name: 'Clear filters' }).click();
      await grid.getByText('Adele Vance').waitFor();
      assert.equal(await chips.count(), 0);
      assert.ok((await grid.locator('button[title^="Open "]').count()) >= 10, 'all users again');
    } finally {
      await context.close();
    }
  });
});
