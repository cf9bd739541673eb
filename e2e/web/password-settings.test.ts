// Browser tests of the password settings: Settings > Password protection and Settings > Password
// policy (password policy, expiration policy) with their permissions. The change-password
// pages are in password.test.ts. Needs `npm run build:web` first (the test script does that).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { seedPasswordUsers } from '../support/password.js';
import { browserGate, shot, suitePages, switchLanguage, useBrowserSuite } from '../support/web.js';

describe('password pages: settings', browserGate('password', 'password protection, password policy, change password'), () => {
  const suite = useBrowserSuite(seedPasswordUsers);
  const { newPage, signIn } = suitePages(suite);

  test('password protection: a bad term gets its own error, a good list is saved, in English and Dutch', async () => {
    const { context, page } = await newPage();
    try {
      await signIn(page, 'irvin.sayers@contoso.test');
      await page.waitForURL(/\/account$/);
      const nav = page.locator('#app-nav');
      await nav.getByRole('link', { name: 'Password protection' }).click();
      await page.waitForURL(/\/admin\/settings\/password-protection$/);
      await page.getByRole('heading', { level: 1, name: 'Password protection' }).waitFor();
      await page.getByText('0 of 1,000').waitFor();
      await shot(page, 'password-protection');

      const list = page.getByRole('textbox', { name: 'Custom banned password list' });
      await page.getByRole('switch', { name: 'Enforce custom list' }).check();
      await list.fill('contoso\nabc\n\nfabrikam');
      await page.getByText('3 of 1,000').waitFor();
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      const errors = page.getByTestId('banned-errors');
      await errors.waitFor();
      const text = await errors.innerText();
      assert.match(text, /Line 2: ‘abc’ — Each banned password must have at least 4 characters\./, text);
      await page.getByText('1 banned password needs to be fixed.').waitFor();
      await shot(page, 'password-protection-error');

      // Nothing was saved.
      await page.reload();
      await page.getByRole('heading', { level: 1, name: 'Password protection' }).waitFor();
      assert.equal(await list.inputValue(), '');
      assert.equal(await page.getByRole('switch', { name: 'Enforce custom list' }).isChecked(), false);

      await page.getByRole('switch', { name: 'Enforce custom list' }).check();
      await list.fill('contoso\nabcd\nfabrikam');
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      await page.getByText('Your changes have been saved.').waitFor();
      assert.equal(await errors.count(), 0);

      await page.reload();
      await page.getByRole('heading', { level: 1, name: 'Password protection' }).waitFor();
      assert.deepEqual((await list.inputValue()).split('\n'), ['contoso', 'abcd', 'fabrikam']);
      assert.equal(await page.getByRole('switch', { name: 'Enforce custom list' }).isChecked(), true);

      // 1,001 terms: shown as over the limit, refused by the server, nothing saved.
      const many = Array.from({ length: 1001 }, (_, i) => `term${String(i).padStart(4, '0')}`).join('\n');
      // A thousand lines re-render the list checks: allow for a slow, shared machine.
      await list.fill(many, { timeout: 60_000 });
      await page.getByText('1,001 of 1,000').waitFor({ timeout: 60_000 });
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      await errors.waitFor();
      assert.match(await errors.innerText(), /1,000|1000/);
      await page.getByRole('button', { name: 'Cancel' }).click();
      assert.deepEqual((await list.inputValue()).split('\n'), ['contoso', 'abcd', 'fabrikam']);

      await switchLanguage(page, 'Nederlands');
      await page.getByRole('heading', { level: 1, name: 'Wachtwoordbeveiliging' }).waitFor();
      await page.getByRole('switch', { name: 'Aangepaste lijst afdwingen' }).waitFor();
      await page.getByRole('textbox', { name: 'Aangepaste lijst met verboden wachtwoorden' }).waitFor();
      await page.getByText('3 van 1.000').waitFor();
      assert.ok(await nav.getByText('Instellingen', { exact: true }).isVisible());
      assert.ok(await nav.getByRole('link', { name: 'Wachtwoordbeleid' }).isVisible());
      await page.getByRole('textbox', { name: 'Aangepaste lijst met verboden wachtwoorden' }).fill('contoso\nxyz');
      await page.getByRole('button', { name: 'Opslaan', exact: true }).click();
      await page
        .getByTestId('banned-errors')
        .getByText(/Regel 2: ‘xyz’ — /)
        .waitFor();
      await shot(page, 'password-protection-nl');
      await switchLanguage(page, 'English');
    } finally {
      await context.close();
    }
  });

  test('password policy: 13 days gets the server error and nothing is saved; a good value is saved', async () => {
    const { context, page } = await newPage();
    try {
      await signIn(page, 'irvin.sayers@contoso.test');
      await page.waitForURL(/\/account$/);
      await page.locator('#app-nav').getByRole('link', { name: 'Password policy' }).click();
      await page.waitForURL(/\/admin\/settings\/security$/);
      await page.getByRole('heading', { level: 1, name: 'Password policy' }).waitFor();
      await page.getByRole('heading', { level: 2, name: 'Password policy' }).waitFor();
      await page.getByRole('heading', { level: 2, name: 'Password expiration policy' }).waitFor();
      const never = page.getByRole('checkbox', { name: 'Set passwords to never expire (recommended)' });
      const validity = page.getByRole('spinbutton', { name: 'Days before passwords expire' });
      assert.equal(await never.isChecked(), true);
      assert.equal(await validity.isDisabled(), true, 'days are disabled while passwords never expire');
      assert.equal(await page.getByRole('radio', { name: /^Microsoft Entra/ }).isChecked(), true);
      assert.equal(await page.getByRole('switch', { name: /multifactor/ }).count(), 0, 'the MFA switch belongs to NIST');
      await page.getByRole('radio', { name: /^NIST/ }).check();
      await page.getByRole('switch', { name: /multifactor/ }).waitFor();
      await page.getByRole('radio', { name: /^Microsoft Entra/ }).check();
      await shot(page, 'password-policy');

      await never.uncheck();
      await validity.fill('13');
      await page.getByRole('spinbutton', { name: 'Days before a user is notified about expiration' }).fill('7');
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      await page.getByText('Enter a value of at least 14.').waitFor();
      await page.getByRole('alert').getByText('Some of the information you entered isn’t valid.').waitFor();
      await shot(page, 'password-policy-error');

      await page.reload();
      await page.getByRole('heading', { level: 2, name: 'Password expiration policy' }).waitFor();
      assert.equal(await never.isChecked(), true, 'nothing was saved');
      assert.equal(await validity.inputValue(), '90');

      const history = page.getByRole('spinbutton', { name: "Previous passwords that can't be reused" });
      await history.fill('5');
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      await page.getByText('Your changes have been saved.').waitFor();
      await page.reload();
      await page.getByRole('heading', { level: 2, name: 'Password policy' }).waitFor();
      assert.equal(await history.inputValue(), '5');
      await history.fill('0');
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      await page.getByText('Your changes have been saved.').waitFor();
    } finally {
      await context.close();
    }
  });

  test('a User Administrator can edit only the expiration policy; others get no access', async () => {
    const { context, page } = await newPage();
    try {
      await signIn(page, 'nestor.wilke@contoso.test');
      await page.waitForURL(/\/account$/);
      const nav = page.locator('#app-nav');
      await nav.getByRole('link', { name: 'Password policy' }).waitFor();
      assert.equal(await nav.getByRole('link', { name: 'Password protection' }).count(), 0, 'no Password protection entry');
      await nav.getByRole('link', { name: 'Password policy' }).click();
      await page.getByRole('heading', { level: 2, name: 'Password expiration policy' }).waitFor();
      await page.getByTestId('policy-read-only').waitFor();
      for (const radio of await page.getByRole('radio').all()) assert.equal(await radio.isDisabled(), true, 'profile is read-only');
      assert.equal(await page.getByRole('spinbutton', { name: "Previous passwords that can't be reused" }).isDisabled(), true);
      const never = page.getByRole('checkbox', { name: 'Set passwords to never expire (recommended)' });
      assert.equal(await never.isEnabled(), true);
      await never.uncheck();
      const validity = page.getByRole('spinbutton', { name: 'Days before passwords expire' });
      assert.equal(await validity.isEnabled(), true);
      await validity.fill('180');
      await shot(page, 'password-policy-user-admin');
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      await page.getByText('Your changes have been saved.').waitFor();
      await page.reload();
      await page.getByRole('heading', { level: 2, name: 'Password expiration policy' }).waitFor();
      assert.equal(await validity.inputValue(), '180');
      await never.check();
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      await page.getByText('Your changes have been saved.').waitFor();

      await page.goto(`${suite.server.url}/admin/settings/password-protection`);
      await page.getByRole('heading', { level: 1, name: "You don't have access" }).waitFor();
    } finally {
      await context.close();
    }

    const other = await newPage();
    try {
      await signIn(other.page, 'alex.wilber@contoso.test');
      await other.page.waitForURL(/\/account$/);
      assert.equal(await other.page.locator('#app-nav').getByText('Settings', { exact: true }).count(), 0, 'no Settings for a user without a role');
      await other.page.goto(`${suite.server.url}/admin/settings/security`);
      await other.page.getByRole('heading', { level: 1, name: "You don't have access" }).waitFor();
    } finally {
      await other.context.close();
    }
  });
});
