// Browser tests of Users > Active users beyond the reset panel: Add a user with roles, a link to
// set one's own password (/set-password), Unlock, and the status and role filters.
// Needs `npm run build:web` first (the test script does that).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DOMAIN, STRONG, apiSignIn, openActiveUsers, seedAdminUsers, select, shot, upn } from '../support/admin-users.js';
import { PASSWORD, SHOTS, browserGate, suitePages, useBrowserSuite } from '../support/web.js';

describe('admin reset: users', browserGate('admin reset', 'bulk reset, role matrix, policy, Dutch, add a user, unlock'), () => {
  const suite = useBrowserSuite(seedAdminUsers);
  const { newPage, signIn } = suitePages(suite, { acceptDownloads: true }, { reload: true, landing: /\/account$/ });

  test('a Global Administrator adds a user (password shown once) and assigns a role in the user panel', async () => {
    const { context, page } = await newPage();
    try {
      await signIn(page, upn('miriam.graham'));
      await openActiveUsers(page, suite.server);
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
      assert.equal((await apiSignIn(suite.server, upn('pradeep.gupta'), password)).passwordChangeRequired, true);

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
      const grid = await openActiveUsers(page, suite.server);
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
        const res = await page.request.get(`${suite.server.url}/api/v1/mail/dev-mailbox?limit=200`);
        const body = (await res.json()) as { items: { recipient: string; text: string }[] };
        url = body.items
          .filter((m) => m.recipient === 'pradeep@fabrikam.example')
          .map((m) => /https?:\/\/\S+\/set-password#token=[\w-]+/.exec(m.text)?.[0])
          .find(Boolean);
        if (!url) await page.waitForTimeout(200);
      }
      assert.ok(url, 'a set-password link was mailed to the alternate address');
      const link = new URL(url);

      const visitor = await newPage();
      try {
        await visitor.page.goto(`${suite.server.url}${link.pathname}${link.hash}`);
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
      const after = await apiSignIn(suite.server, upn('pradeep.gupta'), STRONG);
      assert.equal(after.status, 200);
      assert.equal(after.passwordChangeRequired, false, 'a password the user chose is not a temporary one');

      // Single use.
      const again = await newPage();
      try {
        await again.page.goto(`${suite.server.url}${link.pathname}${link.hash}`);
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
    for (let i = 0; i < 10; i++) assert.equal((await apiSignIn(suite.server, upn('johanna.lorenz'), `Wrong-${i}`)).status, 401);
    const locked = await apiSignIn(suite.server, upn('johanna.lorenz'), PASSWORD);
    assert.notEqual(locked.status, 200, 'locked out');
    const { context, page } = await newPage();
    try {
      await signIn(page, upn('megan.bowen'));
      const grid = await openActiveUsers(page, suite.server);
      const row = grid.getByRole('row').filter({ hasText: 'Johanna Lorenz' });
      await row.getByText('Locked').waitFor();
      await select(page, ['Johanna Lorenz']);
      const commands = page.getByRole('toolbar', { name: 'User commands' });
      for (const name of ['Reset password', 'Unlock', 'Sign out of all sessions', 'Require password change'])
        await commands.getByRole('button', { name }).waitFor();
      assert.equal(await commands.getByRole('button', { name: 'Delete user' }).count(), 0, 'a Helpdesk Administrator cannot delete users');
      await page.screenshot({ path: `${SHOTS}/web-users-locked.png` });
      await commands.getByRole('button', { name: 'Unlock' }).click();
      await page.getByText('Johanna Lorenz has been unlocked and can sign in again.').waitFor();
      await row.getByText('Locked').waitFor({ state: 'detached' });
      assert.equal((await apiSignIn(suite.server, upn('johanna.lorenz'), PASSWORD)).status, 200, 'unlocked');
    } finally {
      await context.close();
    }
  });

  test('Active users filtered by status (Locked) and by role, on the server, with chips to clear them', async () => {
    // Diego locks himself out: ten wrong passwords, the default smart lockout threshold.
    for (let i = 0; i < 10; i++) assert.equal((await apiSignIn(suite.server, upn('diego.siciliani'), `Wrong-${i}`)).status, 401);
    assert.notEqual((await apiSignIn(suite.server, upn('diego.siciliani'), PASSWORD)).status, 200, 'locked out');
    const { context, page } = await newPage();
    try {
      await signIn(page, upn('megan.bowen'));
      const grid = await openActiveUsers(page, suite.server);
      /** The display names in the grid, once they equal `expected` (the list is read again in the background). */
      const expectNames = async (expected: string[]): Promise<void> => {
        const names = () => grid.locator('button[title^="Open "]').allInnerTexts();
        for (let i = 0; i < 50 && (await names()).join('|') !== expected.join('|'); i++) await page.waitForTimeout(100);
        assert.deepEqual(await names(), expected);
      };
      const usersRequest = (param: string) =>
        page.waitForRequest(
          (req) => req.method() === 'GET' && new URL(req.url()).pathname === '/api/v1/users' && new URL(req.url()).searchParams.toString().includes(param),
        );

      // Status: a Filter menu in the command bar, as in the admin centre.
      await page.getByRole('button', { name: 'Filter', exact: true }).click();
      for (const name of ['All users', 'Enabled', 'Blocked sign-in', 'Must change password', 'Locked'])
        await page.getByRole('menuitemradio', { name, exact: true }).waitFor();
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
