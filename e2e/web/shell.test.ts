// Browser tests of the web shell: sign-in, the frame, Active users, language, sign-out and the
// must-change-password frame. Needs `npm run build:web` first (the test script does that).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { expectNoAxeViolations } from '../support/axe.js';
import type { TestServer } from '../support/server.js';
import { SHOTS, browserGate, seedUsers, suitePages, useBrowserSuite } from '../support/web.js';

async function seed(server: TestServer): Promise<void> {
  await seedUsers(server, [
    {
      userPrincipalName: 'nestor.wilke@contoso.test',
      displayName: 'Nestor Wilke',
      roles: ['user-administrator'],
      department: 'Operations',
      jobTitle: 'IT administrator',
    },
    { userPrincipalName: 'adele.vance@contoso.test', displayName: 'Adele Vance', department: 'Retail', jobTitle: 'Retail manager' },
    { userPrincipalName: 'alex.wilber@contoso.test', displayName: 'Alex Wilber', department: 'Marketing' },
    { userPrincipalName: 'megan.bowen@contoso.test', displayName: 'Megan Bowen', roles: ['helpdesk-administrator'] },
    { userPrincipalName: 'lidia.holloway@contoso.test', displayName: 'Lidia Holloway', mustChangePassword: true },
  ]);
}

describe('web shell', browserGate('web shell', 'sign-in, Active users, language, sign-out, wrong password, must-change-password'), () => {
  const suite = useBrowserSuite(seed);
  const { newPage, signIn } = suitePages(suite, { height: 820 }, { reload: true });

  const shot = (page: Page, name: string) => page.screenshot({ path: `${SHOTS}/web-${name}.png`, fullPage: true });

  test('an admin signs in, sees the frame and searches Active users', async () => {
    const { context, page } = await newPage();
    try {
      await page.goto(`${suite.server.url}/sign-in`);
      await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
      await expectNoAxeViolations(page, 'the sign-in page');
      await shot(page, 'sign-in');
      await signIn(page, 'nestor.wilke@contoso.test');
      await page.waitForURL(/\/account$/);
      await page.getByRole('heading', { level: 1, name: 'My account' }).waitFor();
      assert.ok(await page.getByRole('navigation').getByText('Security & privacy').isVisible());
      assert.ok(await page.getByText('User Administrator').first().isVisible(), 'role shown by its Entra display name');
      await shot(page, 'account');

      await page.getByRole('link', { name: 'Security & privacy' }).first().click();
      await page.getByRole('heading', { level: 1, name: 'Security & privacy' }).waitFor();
      await page.getByText('This session').waitFor();
      await shot(page, 'security');

      const nav = page.getByRole('navigation');
      await nav.getByRole('link', { name: 'Home' }).click();
      await page.getByRole('heading', { level: 1, name: 'Home' }).waitFor();
      await shot(page, 'admin-home');

      await nav.getByRole('link', { name: 'Active users' }).click();
      await page.waitForURL(/\/admin\/users$/);
      await page.getByRole('heading', { level: 1, name: 'Active users' }).waitFor();
      const grid = page.getByRole('grid', { name: 'Active users' });
      await grid.getByText('Adele Vance').waitFor();
      for (const name of ['Nestor Wilke', 'Alex Wilber', 'Megan Bowen', 'Lidia Holloway']) {
        assert.ok(await grid.getByText(name).isVisible(), `${name} listed`);
      }
      assert.ok(await grid.getByText('Must change password').isVisible());
      await page.getByRole('checkbox', { name: 'Select Adele Vance' }).check();
      await page.getByText('1 selected').waitFor();
      await expectNoAxeViolations(page, 'Active users with a selection');
      await shot(page, 'active-users');

      await page.getByRole('searchbox', { name: 'Search active users list' }).fill('adele');
      await grid.getByText('Alex Wilber').waitFor({ state: 'detached' });
      assert.ok(await grid.getByText('Adele Vance').isVisible());
      assert.equal(await grid.getByRole('row').count(), 2, 'header row plus one user');
      await page.getByRole('searchbox', { name: 'Search active users list' }).fill('zz-nobody');
      await page.getByText('No users match “zz-nobody”.').waitFor();
    } finally {
      await context.close();
    }
  });

  test('switching to Nederlands shows Dutch labels and survives a reload', async () => {
    const { context, page } = await newPage();
    try {
      await signIn(page, 'nestor.wilke@contoso.test');
      await page.waitForURL(/\/account$/);
      await page.goto(`${suite.server.url}/admin/users`);
      await page.getByRole('heading', { level: 1, name: 'Active users' }).waitFor();
      await page.getByRole('button', { name: /^Language/ }).click();
      await page.getByRole('menuitemradio', { name: 'Nederlands' }).click();
      await page.getByRole('heading', { level: 1, name: 'Actieve gebruikers' }).waitFor();
      assert.equal(await page.locator('html').getAttribute('lang'), 'nl');
      await page.reload();
      await page.getByRole('heading', { level: 1, name: 'Actieve gebruikers' }).waitFor();
      assert.ok(await page.getByRole('navigation').getByText('Beheercentrum').isVisible());
      await page.getByRole('columnheader', { name: 'Weergavenaam' }).waitFor();
      await shot(page, 'active-users-nl');
    } finally {
      await context.close();
    }
  });

  test('sign out returns to sign-in, and /account then redirects to sign-in', async () => {
    const { context, page } = await newPage();
    try {
      await signIn(page, 'megan.bowen@contoso.test');
      await page.waitForURL(/\/account$/);
      await page.getByRole('button', { name: /^Account manager for Megan Bowen/ }).click();
      await page.getByRole('menuitem', { name: 'Sign out' }).click();
      await page.waitForURL(/\/sign-in$/);
      await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
      await page.goto(`${suite.server.url}/account`);
      await page.waitForURL(/\/sign-in\?returnTo=%2Faccount$/);
      await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    } finally {
      await context.close();
    }
  });

  test('a wrong password shows the localised error', async () => {
    const { context, page } = await newPage();
    try {
      await signIn(page, 'adele.vance@contoso.test', 'not-the-password');
      const alert = page.getByRole('alert');
      await alert.waitFor();
      const english = (await alert.innerText()).trim();
      assert.match(english, /incorrect/i, 'the problem title is shown');
      assert.match(page.url(), /\/sign-in/);
      await shot(page, 'sign-in-error');

      await page.getByRole('button', { name: /^Language/ }).click();
      await page.getByRole('menuitemradio', { name: 'Nederlands' }).click();
      await page.getByRole('heading', { level: 1, name: 'Aanmelden' }).waitFor();
      await page.locator('input[autocomplete="current-password"]').fill('still-not-the-password');
      await page.getByRole('button', { name: 'Aanmelden', exact: true }).click();
      await page.getByRole('alert').filter({ hasNotText: english }).waitFor();
      const dutch = (await page.getByRole('alert').innerText()).trim();
      assert.notEqual(dutch, english, 'the server localised the problem title');
      assert.match(dutch, /onjuist/i);
    } finally {
      await context.close();
    }
  });

  test('a user who must change their password only sees the change-password frame', async () => {
    const { context, page } = await newPage();
    try {
      await signIn(page, 'lidia.holloway@contoso.test');
      await page.waitForURL(/\/change-password$/);
      await page.getByText('Choose a new password to continue').waitFor();
      assert.equal(await page.getByRole('navigation').count(), 0, 'no navigation in the limited frame');
      await expectNoAxeViolations(page, 'the forced change');
      await shot(page, 'must-change');
      await page.goto(`${suite.server.url}/admin/users`);
      await page.waitForURL(/\/change-password$/);
      await page.goto(`${suite.server.url}/account`);
      await page.waitForURL(/\/change-password$/);
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.waitForURL(/\/sign-in$/);
    } finally {
      await context.close();
    }
  });
});
