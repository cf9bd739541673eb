// Browser tests of the admin side of self-service password reset: Settings > Self-service password
// reset (saving, a field error from the server, custom questions, the group, the helpdesk link,
// permissions) and Reports > Password reset (registration and usage, filters, CSV), in English and
// Dutch. Needs `npm run build:web` first (the test script does that).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { newId } from '../../src/server/core/crypto.js';
import { apiSession, updateSsprSettings } from '../support/security-info.js';
import { PASSWORD, browserGate, seedUsers, shot, suitePages, switchLanguage, useBrowserSuite, type SeedUser } from '../support/web.js';

describe('self-service password reset: settings and report', browserGate('SSPR admin'), () => {
  const ids: Record<string, string> = {};
  const groupId = newId();

  const suite = useBrowserSuite(async (server) => {
    const seed: SeedUser[] = [
      { userPrincipalName: 'miriam.graham@contoso.test', displayName: 'Miriam Graham', roles: ['global-administrator'] },
      { userPrincipalName: 'pradeep.gupta@contoso.test', displayName: 'Pradeep Gupta', roles: ['reports-reader'] },
      { userPrincipalName: 'adele.vance@contoso.test', displayName: 'Adele Vance' },
      { userPrincipalName: 'megan.bowen@contoso.test', displayName: 'Megan Bowen' },
    ];
    Object.assign(ids, await seedUsers(server, seed));
    const { repos, clock } = server.testApp;
    const now = clock.now();
    await repos.groups.create({ id: groupId, displayName: 'SSPR pilot' }, now);
    await repos.groups.addMembers(groupId, [ids['adele.vance@contoso.test']!]);
    // Adele registered an email address and a mobile phone; Megan nothing.
    const adele = ids['adele.vance@contoso.test']!;
    await repos.securityInfo.putMethod({ id: newId(), userId: adele, kind: 'email', value: 'adele.private@example.net' }, now);
    await repos.securityInfo.putMethod({ id: newId(), userId: adele, kind: 'mobilePhone', value: '+31612345678' }, now);
    await repos.securityInfo.markConfirmed(adele, now);
    // Two self-service resets by Adele: one completed with her email, one that failed on a wrong code.
    for (const outcome of ['completed', 'wrong_proof'] as const) {
      const id = newId();
      await repos.recovery.createFlow({
        id,
        subject: `user:${adele}`,
        userId: adele,
        userPrincipalName: 'adele.vance@contoso.test',
        eligibility: 'eligible',
        state: 'verify',
        passwordStamp: 'stamp',
        methodsRequired: 1,
        offered: [{ method: 'email', destination: 'a•••@e•••.net', methodId: null }],
        proven: [],
        questions: [],
        locale: 'en',
        createdAt: now,
        expiresAt: new Date(now.getTime() + 15 * 60_000),
        captchaKey: newId(),
        ipAddress: '192.0.2.10',
        userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Chrome/126.0',
      });
      const flow = await repos.recovery.findFlow(id);
      const finished = outcome === 'completed' ? { state: 'completed' as const, proven: ['email' as const] } : { state: 'failed' as const, failures: 3 };
      assert.ok(await repos.recovery.updateFlow(id, flow!.version, { ...finished, outcome, finishedAt: new Date(now.getTime() + 60_000) }));
    }
  });
  const { withPage, signIn } = suitePages(suite, { acceptDownloads: true }, { landing: /\/account$/ });

  test('a Global Administrator turns SSPR on, sees the server refuse more questions to reset than to register, and saves', async () => {
    await withPage('sspr-settings', async (page) => {
      await signIn(page, 'miriam.graham@contoso.test');
      // SSPR is off by default, so no interrupt.
      await page.getByRole('heading', { level: 1, name: 'My account' }).waitFor();
      await page.locator('#app-nav').getByRole('link', { name: 'Self-service password reset' }).click();
      await page.waitForURL(/\/admin\/settings\/self-service-password-reset$/);
      await page.getByRole('heading', { level: 1, name: 'Self-service password reset' }).waitFor();
      assert.ok(await page.getByRole('radio', { name: /^Nobody/ }).isChecked(), 'off by default');
      await shot(page, 'sspr-settings');

      await page.getByRole('radio', { name: /^Everyone/ }).check();
      await page.getByRole('checkbox', { name: 'Security questions' }).check();
      const register = page.getByRole('spinbutton', { name: 'Questions to register' });
      const reset = page.getByRole('spinbutton', { name: 'Questions asked to reset' });
      await register.fill('3');
      await reset.fill('5');
      const save = page.getByRole('button', { name: 'Save', exact: true });
      await save.click();
      // The server's message, next to its field.
      await page.getByText('Users can’t be asked more questions than they register.').waitFor();
      assert.match((await reset.getAttribute('aria-invalid')) ?? '', /true/);
      assert.equal(await register.getAttribute('aria-invalid'), null);
      await shot(page, 'sspr-settings-error');

      // Custom questions: a duplicate is refused on its own line.
      await reset.fill('3');
      await page.getByRole('button', { name: 'Add a question' }).click();
      await page.getByRole('textbox', { name: 'Custom question 1' }).fill('What was the name of your first team?');
      await page.getByRole('button', { name: 'Add a question' }).click();
      await page.getByRole('textbox', { name: 'Custom question 2' }).fill('what was the name of your first team?');
      await save.click();
      await page.getByText('This question is already in the list.').waitFor();
      assert.match((await page.getByRole('textbox', { name: 'Custom question 2' }).getAttribute('aria-invalid')) ?? '', /true/);
      assert.equal(await page.getByRole('textbox', { name: 'Custom question 1' }).getAttribute('aria-invalid'), null);
      await page.getByRole('button', { name: 'Remove question 2' }).click();

      // The helpdesk link must be an email address or a web address.
      await page.getByRole('switch', { name: 'Use my own helpdesk email address or web address' }).check();
      const helpdesk = page.getByRole('textbox', { name: 'Helpdesk email or URL' });
      await helpdesk.fill('ask Tom');
      await save.click();
      await page
        .getByText(/Enter an email address or a web address/)
        .first()
        .waitFor();
      assert.match((await helpdesk.getAttribute('aria-invalid')) ?? '', /true/);
      await helpdesk.fill('https://support.contoso.example/password');

      await page.getByRole('spinbutton', { name: 'Days before users confirm their security info again' }).fill('90');
      await save.click();
      await page.getByText('Your changes have been saved.').waitFor();

      // SSPR now applies to this administrator, who has no methods: loading the page again brings
      // the registration interrupt, which can wait until the next sign-in.
      await page.reload();
      await page.getByRole('heading', { level: 1, name: 'More information required' }).waitFor();
      await page.getByText('It takes a few minutes: add two methods').waitFor();
      await page.getByRole('button', { name: 'Remind me later' }).click();
      await page.getByRole('heading', { level: 1, name: 'Self-service password reset' }).waitFor();
      assert.ok(await page.getByRole('radio', { name: /^Everyone/ }).isChecked());
      assert.ok(await page.getByRole('checkbox', { name: 'Security questions' }).isChecked());
      assert.equal(await page.getByRole('textbox', { name: 'Custom question 1' }).inputValue(), 'What was the name of your first team?');
      assert.equal(await page.getByRole('textbox', { name: 'Custom question 2' }).count(), 0);
      assert.equal(await page.getByRole('textbox', { name: 'Helpdesk email or URL' }).inputValue(), 'https://support.contoso.example/password');
      assert.equal(await page.getByRole('spinbutton', { name: 'Days before users confirm their security info again' }).inputValue(), '90');
      await shot(page, 'sspr-settings-saved');

      // One group instead of everyone.
      await page.getByRole('radio', { name: /^Selected group/ }).check();
      await save.click();
      await page.getByText('Choose a group.').waitFor();
      const group = page.getByRole('combobox', { name: 'Group' });
      await group.click();
      await group.pressSequentially('SSPR');
      await page.getByRole('option', { name: 'SSPR pilot' }).click();
      await save.click();
      await page.getByText('Your changes have been saved.').waitFor();
      await page.reload();
      await page.getByRole('heading', { level: 1, name: 'Self-service password reset' }).waitFor();
      assert.ok(await page.getByRole('radio', { name: /^Selected group/ }).isChecked());
      await page.waitForFunction(() => (document.querySelector<HTMLInputElement>('input[role="combobox"]')?.value ?? '') === 'SSPR pilot');
      const saved = (await (await page.request.get(`${suite.server.url}/api/v1/settings/self-service-password-reset`)).json()) as {
        enabledFor: string;
        groupId: string;
      };
      assert.deepEqual([saved.enabledFor, saved.groupId], ['group', groupId]);

      await switchLanguage(page, 'Nederlands');
      await page.getByRole('heading', { level: 1, name: 'Selfservice voor wachtwoordherstel' }).waitFor();
      await page.getByRole('radio', { name: /^Geselecteerde groep/ }).waitFor();
      await shot(page, 'sspr-settings-nl');
      await switchLanguage(page, 'English');

      // An administrator's own security info says admins need two methods and no questions.
      await page.locator('#app-nav').getByRole('link', { name: 'Security info' }).click();
      await page
        .getByTestId('security-info-admin-note')
        .getByText(/you need two methods/)
        .waitFor();
    });
  });

  test('a Reports Reader reads the password reset report, filters it and downloads both CSVs; the settings are not theirs', async () => {
    // Everyone may reset with one method, so Adele counts as registered.
    const admin = await apiSession(suite.server, 'miriam.graham@contoso.test', PASSWORD);
    await updateSsprSettings(suite.server, admin, { enabledFor: 'all', methodsRequired: 1, requireRegistration: false });

    await withPage('sspr-report', async (page) => {
      await signIn(page, 'pradeep.gupta@contoso.test');
      const nav = page.locator('#app-nav');
      await nav.getByRole('link', { name: 'Sign-ins' }).waitFor();
      assert.equal(await nav.getByRole('link', { name: 'Self-service password reset' }).count(), 0, 'no SSPR settings without settings:sspr');
      await nav.getByRole('link', { name: 'Password reset' }).click();
      await page.waitForURL(/\/admin\/reports\/password-reset$/);
      await page.getByRole('heading', { level: 1, name: 'Password reset' }).waitFor();
      await page.getByRole('tab', { name: 'Registration', selected: true }).waitFor();
      const grid = page.getByRole('grid', { name: 'Registration for password reset' });
      const adele = grid.getByRole('row').filter({ hasText: 'adele.vance@contoso.test' });
      await adele.getByText('Registered', { exact: true }).waitFor();
      await adele.getByText('Email, Mobile phone').waitFor();
      await grid.getByRole('row').filter({ hasText: 'megan.bowen@contoso.test' }).getByText('Not registered').waitFor();
      await shot(page, 'sspr-report-registration');

      await page.getByRole('combobox', { name: 'Status' }).click();
      await page.getByRole('option', { name: 'Not registered' }).click();
      await adele.waitFor({ state: 'detached' });
      await grid.getByRole('row').filter({ hasText: 'megan.bowen@contoso.test' }).waitFor();
      await page.getByRole('button', { name: 'Clear filters' }).click();
      await page.getByRole('searchbox', { name: 'Search' }).fill('adele');
      await grid.getByRole('row').filter({ hasText: 'megan.bowen@contoso.test' }).waitFor({ state: 'detached' });
      await adele.waitFor();

      const link = page.getByRole('link', { name: 'Download' });
      await page.waitForFunction(() => document.querySelector('a[download]')?.getAttribute('href')?.includes('search=adele'));
      assert.match((await link.getAttribute('href')) ?? '', /^\/api\/v1\/reports\/password-reset\/registration\.csv\?search=adele$/);
      const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
      const csv = readFileSync(await download.path(), 'utf8');
      const lines = csv.trim().split(/\r?\n/);
      assert.ok(lines.length >= 2, csv);
      assert.ok(
        lines.some((l) => l.includes('adele.vance@contoso.test')),
        csv,
      );
      assert.ok(!csv.includes('megan.bowen@contoso.test'), 'the CSV has the same filters');

      await page.getByRole('tab', { name: 'Usage' }).click();
      await page.waitForURL(/\?tab=usage$/);
      const summary = page.getByTestId('password-reset-summary');
      await summary.waitFor();
      const tile = (label: string) =>
        summary
          .locator('div')
          .filter({ has: page.getByText(label, { exact: true }) })
          .first();
      assert.equal((await tile('Started').textContent())?.replace('Started', ''), '2');
      assert.equal((await tile('Completed').textContent())?.replace('Completed', ''), '1');
      assert.equal((await tile('Failed').textContent())?.replace('Failed', ''), '1');
      await summary.getByText('Wrong code or answer').waitFor();
      const usage = page.getByRole('grid', { name: 'Self-service password resets' });
      await usage.getByRole('row').filter({ hasText: 'Completed' }).filter({ hasText: 'Email' }).waitFor();
      await usage.getByRole('row').filter({ hasText: 'Wrong code or answer' }).filter({ hasText: '192.0.2.10' }).waitFor();
      await shot(page, 'sspr-report-usage');

      await page.getByRole('combobox', { name: 'Outcome' }).click();
      await page.getByRole('option', { name: 'Completed' }).click();
      await usage.getByRole('row').filter({ hasText: 'Wrong code or answer' }).waitFor({ state: 'detached' });
      const usageLink = page.getByRole('link', { name: 'Download' });
      assert.match((await usageLink.getAttribute('href')) ?? '', /^\/api\/v1\/reports\/password-reset\/activity\.csv\?outcome=completed$/);
      const [usageDownload] = await Promise.all([page.waitForEvent('download'), usageLink.click()]);
      const usageCsv = readFileSync(await usageDownload.path(), 'utf8')
        .trim()
        .split(/\r?\n/);
      assert.equal(usageCsv.length, 2, usageCsv.join('\n'));
      assert.ok(usageCsv[1]!.includes('adele.vance@contoso.test') && usageCsv[1]!.includes('completed'), usageCsv.join('\n'));

      await switchLanguage(page, 'Nederlands');
      await page.getByRole('heading', { level: 1, name: 'Wachtwoordherstel' }).waitFor();
      await page.getByRole('tab', { name: 'Gebruik', selected: true }).waitFor();
      await page.getByRole('grid', { name: 'Gebruik van selfservice voor wachtwoordherstel' }).getByText('Voltooid').first().waitFor();
      await shot(page, 'sspr-report-usage-nl');
      await page.getByRole('tab', { name: 'Registratie' }).click();
      await page.getByRole('grid', { name: 'Registratie voor wachtwoordherstel' }).getByText('E-mail, Mobiele telefoon').waitFor();
      await shot(page, 'sspr-report-registration-nl');
      await switchLanguage(page, 'English');

      // The settings page is not for a Reports Reader.
      await page.goto(`${suite.server.url}/admin/settings/self-service-password-reset`);
      await page.getByRole('heading', { level: 1, name: "You don't have access" }).waitFor();
    });
  });
});
