// Browser tests of changing a password: the live password feedback on the change-password page, the
// expiry reminder, and (once the server has POST /api/v1/me/change-password) the change itself and
// the forced change after sign-in. The password settings are in password-settings.test.ts.
// Needs `npm run build:web` first (the test script does that).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { NEW_PASSWORD, seedPasswordUsers } from '../support/password.js';
import { PASSWORD, browserGate, hasOperation, shot, suitePages, switchLanguage, useBrowserSuite } from '../support/web.js';

describe('password pages', browserGate('password', 'password protection, password policy, change password'), () => {
  const suite = Object.assign(
    useBrowserSuite(async (server) => {
      suite.canChange = await hasOperation(server, '/api/v1/me/change-password');
      await seedPasswordUsers(server);
    }),
    /** Whether the server offers POST /api/v1/me/change-password (read from its OpenAPI document). */
    { canChange: false },
  );
  const noChangeEndpoint = 'the server has no POST /api/v1/me/change-password yet (not in /api/openapi.json): skipped';
  const { newPage, signIn } = suitePages(suite);

  test('the change-password page gives live feedback; the top bar shows the organisation; the expiry reminder links to it', async () => {
    const { context, page } = await newPage();
    try {
      // The reminder needs a password inside the notification window: the test answers /me with it.
      await page.route('**/api/v1/me', async (route) => {
        if (route.request().method() !== 'GET') return route.fallback();
        const response = await route.fetch();
        const body = await response.json();
        body.passwordExpiry = { expiresDateTime: new Date(Date.now() + 5 * 86_400_000).toISOString(), daysLeft: 5, remind: true };
        await route.fulfill({ response, json: body });
      });
      await signIn(page, 'adele.vance@contoso.test');
      await page.waitForURL(/\/account$/);
      assert.equal(await page.getByTestId('organization-name').innerText(), 'Contoso');
      const banner = page.getByTestId('password-expiry-banner');
      await banner.getByText('Your password expires in 5 days.').waitFor();
      await page.getByRole('heading', { level: 1, name: 'My account' }).waitFor();
      await page.waitForTimeout(400); // the navigation drawer's opening animation
      await shot(page, 'expiry-banner');
      await banner.getByRole('link', { name: 'Change it now.' }).click();
      await page.waitForURL(/\/account\/password$/);
      await page.goBack();
      await page.waitForURL(/\/account$/);
      await banner.getByRole('button', { name: 'Dismiss' }).click();
      assert.equal(await banner.count(), 0, 'dismissed');
      await page.reload();
      await page.getByRole('heading', { level: 1, name: 'My account' }).waitFor();
      assert.equal(await banner.count(), 0, 'stays dismissed for this session');

      await page.getByRole('link', { name: 'Security & privacy' }).first().click();
      await page.getByRole('heading', { level: 1, name: 'Security & privacy' }).waitFor();
      await page.getByRole('link', { name: 'Change password' }).click();
      await page.waitForURL(/\/account\/password$/);
      await page.getByRole('heading', { level: 1, name: 'Change password' }).waitFor();
      await page.getByText("Your password will be changed and you'll be asked to sign in again.").waitFor();

      const current = page.getByLabel(/^Current password/);
      const next = page.getByLabel(/^New password/);
      const confirm = page.getByLabel(/^Confirm new password/);
      assert.equal(await current.getAttribute('autocomplete'), 'current-password');
      assert.equal(await next.getAttribute('autocomplete'), 'new-password');
      assert.equal(await next.getAttribute('type'), 'password');
      await page.getByRole('button', { name: 'Show password' }).nth(1).click();
      assert.equal(await next.getAttribute('type'), 'text');
      await page.getByRole('button', { name: 'Hide password' }).click();
      assert.equal(await next.getAttribute('type'), 'password');

      const rule = (id: string) => page.locator(`li[data-rule="${id}"]`);
      await rule('minLength').getByText('At least 8 characters').waitFor();
      await rule('categories').getByText('3 of 4: lowercase letters, uppercase letters, digits, symbols').waitFor();
      assert.equal(await rule('minLength').getAttribute('data-met'), 'false');

      await next.fill('password');
      await page.getByText('We’ve seen that password too many times before. Choose something harder to guess.').waitFor();
      await page
        .getByTestId('password-strength')
        .getByText(/^Strength: (Very weak|Weak)$/)
        .waitFor();
      assert.equal(await rule('minLength').getAttribute('data-met'), 'true');
      assert.equal(await rule('categories').getAttribute('data-met'), 'false');
      await shot(page, 'change-password-weak');

      await next.fill(NEW_PASSWORD);
      await page
        .getByTestId('password-strength')
        .getByText(/^Strength: (Strong|Very strong)$/)
        .waitFor();
      for (const id of ['minLength', 'categories', 'characters']) assert.equal(await rule(id).getAttribute('data-met'), 'true', id);
      assert.equal(await page.getByTestId('password-problems').count(), 0, 'no problems for a strong password');

      await current.fill(PASSWORD);
      await confirm.fill(`${NEW_PASSWORD}x`);
      await page.getByRole('button', { name: 'Submit' }).click();
      await page.getByText("The passwords don't match.").waitFor();
      assert.match(page.url(), /\/account\/password$/);
      await shot(page, 'change-password');

      await switchLanguage(page, 'Nederlands');
      await page.getByRole('heading', { level: 1, name: 'Wachtwoord wijzigen' }).waitFor();
      await page.getByLabel(/^Huidig wachtwoord/).waitFor();
      await page.getByLabel(/^Nieuw wachtwoord bevestigen/).waitFor();
      await page
        .getByTestId('password-strength')
        .getByText(/^Sterkte: (Sterk|Zeer sterk)$/)
        .waitFor();
      await page.getByLabel(/^Nieuw wachtwoord(?! bevestigen)/).fill('password');
      await page
        .getByTestId('password-strength')
        .getByText(/^Sterkte: (Zeer zwak|Zwak)$/)
        .waitFor();
      await page
        .getByTestId('password-problems')
        .getByText(/wachtwoord/i)
        .first()
        .waitFor();
      await shot(page, 'change-password-nl');
      await switchLanguage(page, 'English');
    } finally {
      await context.close();
    }
  });

  test('changing the password in My account signs out every session; the new password works (Dutch)', async (t) => {
    if (!suite.canChange) return t.skip(noChangeEndpoint);
    const other = await newPage();
    const { context, page } = await newPage();
    try {
      await signIn(other.page, 'alex.wilber@contoso.test');
      await other.page.waitForURL(/\/account$/);

      await signIn(page, 'alex.wilber@contoso.test');
      await page.waitForURL(/\/account$/);
      await switchLanguage(page, 'Nederlands');
      await page.goto(`${suite.server.url}/account/password`);
      await page.getByRole('heading', { level: 1, name: 'Wachtwoord wijzigen' }).waitFor();
      await page.getByLabel(/^Huidig wachtwoord/).fill(PASSWORD);
      await page.getByLabel(/^Nieuw wachtwoord(?! bevestigen)/).fill(NEW_PASSWORD);
      await page.getByLabel(/^Nieuw wachtwoord bevestigen/).fill(NEW_PASSWORD);
      await page.getByRole('button', { name: 'Verzenden' }).click();
      await page.waitForURL(/\/sign-in$/);
      await page.getByText('Uw wachtwoord is gewijzigd. Meld u aan met uw nieuwe wachtwoord.').waitFor();
      assert.equal(await page.getByLabel(/^E-mailadres of gebruikersnaam/).inputValue(), 'alex.wilber@contoso.test');
      await shot(page, 'sign-in-password-changed-nl');

      await signIn(page, 'alex.wilber@contoso.test', PASSWORD);
      await page.getByRole('alert').waitFor();
      await signIn(page, 'alex.wilber@contoso.test', NEW_PASSWORD);
      await page.waitForURL(/\/account$/);

      // The other session was revoked too.
      await other.page.reload();
      await other.page.waitForURL(/\/sign-in/);
    } finally {
      await context.close();
      await other.context.close();
    }
  });

  test('an expired password gets its own heading on the forced change page (Dutch too)', async () => {
    const { context, page } = await newPage();
    try {
      // The test server's clock cannot age a password: the test answers /me with the expired reason.
      await page.route('**/api/v1/me', async (route) => {
        if (route.request().method() !== 'GET') return route.fallback();
        const response = await route.fetch();
        const body = await response.json();
        if (body.passwordChangeRequired) body.passwordChangeReason = 'expired';
        await route.fulfill({ response, json: body });
      });
      await signIn(page, 'megan.bowen@contoso.test');
      await page.waitForURL(/\/change-password$/);
      await page.getByRole('heading', { level: 1, name: 'Your password has expired' }).waitFor();
      await page.getByText('Passwords in your organisation expire after a set time.', { exact: false }).waitFor();
      await shot(page, 'forced-change-expired');
      await switchLanguage(page, 'Nederlands');
      await page.getByRole('heading', { level: 1, name: 'Uw wachtwoord is verlopen' }).waitFor();
      await page.getByLabel(/^Huidig wachtwoord/).waitFor();
      await page.getByText('Minstens 8 tekens').waitFor();
      await shot(page, 'forced-change-expired-nl');
    } finally {
      await context.close();
    }
  });

  test('a user who must change their password does so at sign-in; a wrong current password keeps them there', async (t) => {
    if (!suite.canChange) return t.skip(noChangeEndpoint);
    const { context, page } = await newPage();
    try {
      await signIn(page, 'lidia.holloway@contoso.test');
      await page.waitForURL(/\/change-password$/);
      await page.getByRole('heading', { level: 1, name: 'You need to change your password' }).waitFor();
      assert.equal(await page.getByRole('navigation').count(), 0, 'no navigation in the limited frame');
      await page.getByText('At least 8 characters').waitFor();
      await shot(page, 'forced-change');

      const current = page.getByLabel(/^Current password/);
      const next = page.getByLabel(/^New password/);
      const confirm = page.getByLabel(/^Confirm new password/);
      await current.fill('not-the-password');
      await next.fill(NEW_PASSWORD);
      await confirm.fill(NEW_PASSWORD);
      await page.getByRole('button', { name: 'Submit' }).click();
      await page.getByText('Your current password is incorrect.').waitFor();
      assert.match(page.url(), /\/change-password$/);
      await page.getByRole('heading', { level: 1, name: 'You need to change your password' }).waitFor();
      await shot(page, 'forced-change-wrong-current');

      // The new password may not be the temporary one.
      await current.fill(PASSWORD);
      await next.fill(PASSWORD);
      await confirm.fill(PASSWORD);
      await page.getByRole('button', { name: 'Submit' }).click();
      await page.getByText('Your new password must be different from your current password.').waitFor();
      assert.match(page.url(), /\/change-password$/);

      await current.fill(PASSWORD);
      await next.fill(NEW_PASSWORD);
      await confirm.fill(NEW_PASSWORD);
      await page.getByRole('button', { name: 'Submit' }).click();
      await page.waitForURL(/\/sign-in$/);
      await page.getByText('Your password has been changed. Sign in with your new password.').waitFor();
      await shot(page, 'sign-in-password-changed');
      await signIn(page, 'lidia.holloway@contoso.test', NEW_PASSWORD);
      await page.waitForURL(/\/account$/);
      await page.getByRole('heading', { level: 1, name: 'My account' }).waitFor();
    } finally {
      await context.close();
    }
  });
});
