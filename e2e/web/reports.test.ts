// Browser tests of Reports > Sign-ins and Audit log, the smart lockout section of Settings >
// Password protection and the recent sign-ins on My account > Security & privacy. Settings > Mail
// is in reports-mail.test.ts. Needs `npm run build:web` first (the test script does that).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { seedReports } from '../support/reports.js';
import { browserGate, shot, suitePages, switchLanguage, useBrowserSuite } from '../support/web.js';

describe('reports, smart lockout and mail', browserGate('reports', 'sign-ins, audit log, smart lockout, mail'), () => {
  const suite = useBrowserSuite(seedReports);
  const { newPage, signIn } = suitePages(suite, { acceptDownloads: true }, { landing: /\/account$/ });

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
      assert.ok(
        (await grid.getByRole('row').filter({ hasText: 'pradeep.gupta@contoso.test' }).filter({ hasText: 'Success' }).count()) >= 1,
        "the reader's own sign-in",
      );
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
      const csv = readFileSync(await download.path(), 'utf8');
      const lines = csv.trim().split(/\r?\n/);
      assert.match(lines[0]!, /^createdDateTime,userPrincipalName/);
      assert.equal(lines.length, 3, csv);
      assert.ok(
        lines.slice(1).every((l) => l.includes('failure') && l.includes('wrong_password')),
        csv,
      );

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
      assert.equal(await nav.getByRole('link', { name: 'Password policy' }).count(), 0, 'no Password policy page without a password policy permission');
      assert.equal(await nav.getByText('Reports', { exact: true }).count(), 0, 'no Reports without reports:read');
      await nav.getByRole('link', { name: 'Password protection' }).click();
      await page.waitForURL(/\/admin\/settings\/password-protection$/);
      await page.getByRole('heading', { level: 2, name: 'Smart lockout' }).waitFor();
      assert.equal(await page.getByRole('heading', { level: 2, name: 'Custom banned passwords' }).count(), 0, 'the banned list needs settings:password-policy');
      const threshold = page.getByRole('spinbutton', { name: 'Lockout threshold' });
      const duration = page.getByRole('spinbutton', { name: 'Lockout duration in seconds' });
      assert.equal(await threshold.inputValue(), '10');
      assert.equal(await duration.inputValue(), '60');
      const save = page.getByRole('button', { name: 'Save', exact: true });

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
      await details.getByText('Before', { exact: true }).waitFor();
      await details.getByText('After', { exact: true }).waitFor();
      await details
        .getByText(/"lockoutThreshold":/)
        .first()
        .waitFor();
      await page.waitForTimeout(300);
      await shot(page, 'audit-details-settings');
    } finally {
      await context.close();
    }
  });
});
