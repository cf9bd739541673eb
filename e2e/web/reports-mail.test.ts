// Browser tests of Settings > Mail: the delivery log and the dev mailbox, with the "password
// changed" mail. Needs `npm run build:web` first (the test script does that).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { NEW_PASSWORD } from '../support/password.js';
import { seedReports } from '../support/reports.js';
import { PASSWORD, browserGate, shot, suitePages, switchLanguage, useBrowserSuite } from '../support/web.js';

describe('reports, smart lockout and mail: mail', browserGate('reports', 'sign-ins, audit log, smart lockout, mail'), () => {
  const suite = useBrowserSuite(seedReports);
  const { newPage, signIn } = suitePages(suite, { acceptDownloads: true }, { landing: /\/account$/ });

  test('a Global Administrator sees the "password changed" mail in the delivery log and the dev mailbox', async () => {
    // Change the password through the API (cookie session and CSRF token), which queues the mail.
    const signInRes = await fetch(`${suite.server.url}/api/v1/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'miriam.graham@contoso.test', password: PASSWORD }),
    });
    assert.equal(signInRes.status, 200);
    const { csrfToken } = (await signInRes.json()) as { csrfToken: string };
    const cookie = signInRes.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    const change = await fetch(`${suite.server.url}/api/v1/me/change-password`, {
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
      const row = grid.getByRole('row').filter({ hasText: 'miriam.graham@contoso.test' }).filter({ hasText: 'Password changed' });
      // The template by name, not by id (issue 13).
      assert.equal(await grid.getByText('password-changed').count(), 0);
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
      await page.getByRole('tab', { name: 'Testpostvak' }).waitFor();
      await switchLanguage(page, 'English');
    } finally {
      await context.close();
    }
  });
});
