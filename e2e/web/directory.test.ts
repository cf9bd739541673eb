// Browser tests of the admin centre for directory users (issue 14), against a real slapd (H1's
// harness, src/server/testing/slapd.ts): Users > Directory sync with Sync now and its counts, a
// directory user's directory-owned fields read-only with the note, "Locked in the directory" as the
// lock reason, and the directory's own refusal in the Reset password panel; English and Dutch, axe
// on the new page. Needs `npm run build:web` first (the test script does that).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { startSlapd, slapdSkip, type Slapd } from '../../src/server/testing/slapd.js';
import { expectNoAxeViolations } from '../support/axe.js';
import { apiSignIn, shot as drawerShot } from '../support/admin-users.js';
import { launchBrowser } from '../support/browser.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { PASSWORD, SHOTS, browserGate, newPage, seedUsers, shot, signIn, switchLanguage } from '../support/web.js';

const ADMIN = 'miriam.graham@contoso.example';
/** Directory users' passwords (slapd's own; Latchkey keeps no copy). */
const DIR_PASSWORD = 'Dir3ctory-Start!Pass';
/** Latchkey's policy accepts it (20 characters, four kinds); the directory's pwdMinLength 24 refuses it. */
const SHORT_FOR_DIRECTORY = 'Kx7#mQ2v!Lp9wR-Otter';
/** Long enough for both. */
const LONG_ENOUGH = 'Kx7#mQ2v!Lp9wR-Otter-Badger-42';

const people = [
  { uid: 'pradeep.gupta', givenName: 'Pradeep', sn: 'Gupta', displayName: 'Pradeep Gupta', mail: 'pradeep.gupta@contoso.example', title: 'Accountant' },
  { uid: 'grady.archie', givenName: 'Grady', sn: 'Archie', displayName: 'Grady Archie', mail: 'grady.archie@contoso.example' },
  { uid: 'joni.sherman', givenName: 'Joni', sn: 'Sherman', displayName: 'Joni Sherman', mail: 'joni.sherman@contoso.example' },
];

/** Some skip reason, or false: chromium (browserGate) and slapd (slapdSkip) must both be here. */
function gate(): { skip: string | false } {
  const browser = browserGate('directory', 'sync page, read-only fields, directory lock, directory refusal');
  return browser.skip ? browser : { skip: slapdSkip() };
}

describe('directory in the admin centre', gate(), () => {
  let slapd: Slapd;
  let server: TestServer;
  let browser: Browser;

  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    slapd = await startSlapd({
      users: people.map((p) => ({ ...p, password: DIR_PASSWORD })),
      groups: [{ cn: 'finance', members: ['pradeep.gupta'] }],
      // Longer than Latchkey's minimum, so a password Latchkey accepts can still be the directory's to refuse.
      policy: { pwdMinLength: 24, pwdCheckQuality: 2, pwdMaxFailure: 3, pwdLockout: true },
    });
    server = await startTestServer({ config: { ...slapd.config() } });
    await seedUsers(server, [{ userPrincipalName: ADMIN, displayName: 'Miriam Graham', roles: ['global-administrator'] }]);
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    await slapd?.close();
  });

  const withAdmin = async (name: string, locale: string, fn: (page: Page) => Promise<void>) => {
    const { context, page } = await newPage(browser, { locale, timeout: 20_000 });
    try {
      await signIn(page, server, ADMIN, PASSWORD, { reload: true, landing: /\/account$/ });
      await fn(page);
    } catch (err) {
      await page.screenshot({ path: `${SHOTS}/web-failed-${name}.png`, fullPage: true }).catch(() => undefined);
      throw err;
    } finally {
      await context.close();
    }
  };

  test('Users > Directory sync shows the connection, and the counts after Sync now (English), then in Dutch', async () => {
    await withAdmin('directory-sync', 'en-GB', async (page) => {
      await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Directory sync' }).click();
      await page.waitForURL(/\/admin\/users\/directory-sync$/);
      await page.getByRole('heading', { level: 1, name: 'Directory synchronization' }).waitFor();
      const connection = page.getByTestId('directory-connection');
      await connection.getByText('OpenLDAP').waitFor();
      await connection.getByText(slapd.url).waitFor();
      await connection.getByText(slapd.baseDn).waitFor();
      await connection.getByText('Only on demand').waitFor();

      // The split button's menu: a full sync.
      await page.getByRole('button', { name: 'Choose the kind of sync' }).click();
      await page.getByRole('menuitem', { name: /^Full sync/ }).click();
      const last = page.getByTestId('directory-last-sync');
      await last.getByTestId('directory-run-status').getByText('Succeeded').waitFor({ timeout: 30_000 });
      await last.getByText('Full').waitFor();
      await last.getByText(ADMIN).waitFor();
      const counts = page.getByTestId('directory-counts');
      assert.equal((await counts.locator('[data-count="read"] dd').textContent())?.trim(), String(people.length));
      assert.equal((await counts.locator('[data-count="created"] dd').textContent())?.trim(), String(people.length));
      assert.equal((await counts.locator('[data-count="failed"] dd').textContent())?.trim(), '0');
      await page.getByText('No errors in the last sync.').waitFor();
      assert.notEqual((await page.getByTestId('directory-last-success').textContent())?.trim(), 'None yet');
      await expectNoAxeViolations(page, 'Users > Directory sync after a sync');
      await shot(page, 'directory-sync');
    });

    await withAdmin('directory-sync-nl', 'nl-NL', async (page) => {
      await page.goto(`${server.url}/admin/users/directory-sync`);
      await page.getByRole('heading', { level: 1, name: 'Directory synchronization' }).waitFor();
      await switchLanguage(page, 'Nederlands');
      await page.getByRole('heading', { level: 1, name: 'Synchronisatie met de adreslijst' }).waitFor();
      await page.getByTestId('directory-counts').getByText('Aangemaakt').waitFor();
      await page.getByTestId('directory-run-status').getByText('Geslaagd').waitFor();
      await page.getByRole('button', { name: 'Nu synchroniseren' }).waitFor();
      await expectNoAxeViolations(page, 'Gebruikers > Adreslijstsynchronisatie');
      await shot(page, 'directory-sync-nl');
      // Back to English for the other tests (the choice is saved in the profile).
      await switchLanguage(page, 'English');
      await page.getByRole('heading', { level: 1, name: 'Directory synchronization' }).waitFor();
    });
  });

  test("a directory user's directory-owned fields are read-only with the note; Latchkey's own stay editable", async () => {
    await withAdmin('directory-fields', 'en-GB', async (page) => {
      await page.goto(`${server.url}/admin/users`);
      const grid = page.getByRole('grid', { name: 'Active users' });
      const row = grid.getByRole('row').filter({ hasText: 'Pradeep Gupta' });
      await row.getByTestId('directory-badge').getByText('In directory').waitFor();
      await row.getByRole('button', { name: 'Pradeep Gupta' }).click();
      const panel = page.getByTestId('user-panel');
      await panel.getByText(slapd.userDn('pradeep.gupta')).waitFor();
      await panel.getByRole('button', { name: 'Edit' }).click();
      const form = panel.getByRole('form', { name: 'Edit user' });
      await form.getByTestId('directory-managed-note').getByText('Managed by your on-premises directory. Change it there.').waitFor();
      for (const label of ['Display name', 'First name', 'Last name', 'Email', 'Job title'])
        assert.equal(await form.getByRole('textbox', { name: label, exact: true }).getAttribute('readonly'), '', `${label} is read-only`);
      assert.ok(await form.getByRole('switch', { name: 'Block this user from signing in' }).isDisabled());
      assert.equal(await form.getByRole('textbox', { name: 'Alternate email addresses' }).getAttribute('readonly'), null, 'Latchkey owns the alternates');
      await drawerShot(page, 'directory-fields');
    });
  });

  test('a user locked in the directory shows "Locked in the directory" as the lock reason', async () => {
    const dn = slapd.userDn('grady.archie');
    // Locked by the directory itself: wrong binds straight to slapd up to its pwdMaxFailure.
    for (let i = 0; i < 3; i++) assert.equal(await slapd.bindAs(dn, 'wrong-password'), false);
    assert.equal(await slapd.bindAs(dn, DIR_PASSWORD), false, 'slapd locked the account');
    // Latchkey learns of it at the next sign-in attempt (the bind says locked) or sync.
    const res = await apiSignIn(server, 'grady.archie@contoso.example', DIR_PASSWORD);
    assert.notEqual(res.status, 200);
    await withAdmin('directory-locked', 'en-GB', async (page) => {
      await page.goto(`${server.url}/admin/users`);
      const row = page.getByRole('grid', { name: 'Active users' }).getByRole('row').filter({ hasText: 'Grady Archie' });
      await row.getByText('Locked in the directory').waitFor();
      await row.getByRole('button', { name: 'Grady Archie' }).click();
      const panel = page.getByTestId('user-panel');
      assert.equal((await panel.getByTestId('lock-reason').textContent())?.trim(), 'Locked in the directory');
      await panel.getByRole('button', { name: 'Unlock' }).waitFor();
      await drawerShot(page, 'directory-locked');
    });
  });

  test("a directory user's own change refused by the directory says it is the directory's, not Latchkey's policy", async () => {
    const { context, page } = await newPage(browser, { locale: 'en-GB', timeout: 20_000 });
    try {
      await signIn(page, server, 'pradeep.gupta@contoso.example', DIR_PASSWORD, { reload: true, landing: /\/account/ });
      await page.goto(`${server.url}/account/password`);
      const form = page.getByRole('form');
      await form.getByLabel('Current password').fill(DIR_PASSWORD);
      await form.locator('input[name="new-password"]').fill(SHORT_FOR_DIRECTORY);
      await form.locator('input[name="confirm-password"]').fill(SHORT_FOR_DIRECTORY);
      await form.getByRole('button', { name: 'Submit' }).click();
      const refusal = form.getByTestId('directory-refusal');
      await refusal.waitFor();
      assert.match((await refusal.textContent()) ?? '', /^Refused by your organisation's directory: /);
      await shot(page, 'directory-refusal-change');
    } catch (err) {
      await page.screenshot({ path: `${SHOTS}/web-failed-directory-refusal-change.png`, fullPage: true }).catch(() => undefined);
      throw err;
    } finally {
      await context.close();
    }
    assert.equal(await slapd.bindAs(slapd.userDn('pradeep.gupta'), DIR_PASSWORD), true, 'the directory kept the password');
  });

  test("the directory's refusal of a chosen password is shown in the Reset password panel as the directory's, in English and Dutch; nothing changes", async () => {
    const dn = slapd.userDn('joni.sherman');
    for (const [locale, heading, refused] of [
      ['en-GB', 'Reset password', "Refused by your organisation's directory:"],
      ['nl-NL', 'Wachtwoord opnieuw instellen', 'Geweigerd door de adreslijst van uw organisatie:'],
    ] as const) {
      await withAdmin(`directory-refusal-${locale}`, locale, async (page) => {
        if (locale === 'nl-NL') await switchLanguage(page, 'Nederlands');
        await page.goto(`${server.url}/admin/users`);
        const row = page.getByRole('grid').getByRole('row').filter({ hasText: 'Joni Sherman' });
        await row.getByRole('checkbox').check();
        await page
          .getByRole('toolbar', { name: /^(User commands|Gebruikersopdrachten)$/ })
          .getByRole('button', { name: /^(Reset password|Wachtwoord opnieuw instellen)$/ })
          .click();
        const panel = page.getByRole('dialog', { name: heading });
        await panel.waitFor();
        await panel.getByRole('checkbox', { name: /^(Automatically create a password|Automatisch een wachtwoord maken)/ }).uncheck();
        await panel.locator('input[autocomplete="new-password"]').fill(SHORT_FOR_DIRECTORY);
        await panel.getByRole('button', { name: /^(Reset password|Wachtwoord opnieuw instellen)$/ }).click();
        const refusal = panel.getByTestId('directory-refusal');
        await refusal.waitFor();
        assert.ok((await refusal.textContent())?.includes(refused), `the refusal says it is the directory's: ${await refusal.textContent()}`);
        await drawerShot(page, `directory-refusal-${locale}`);
        if (locale === 'nl-NL') {
          await panel.getByRole('button', { name: 'Annuleren' }).click();
          await switchLanguage(page, 'English');
        }
      });
    }
    assert.equal(await slapd.bindAs(dn, DIR_PASSWORD), true, 'the directory still has the old password');
    assert.equal(await slapd.bindAs(dn, SHORT_FOR_DIRECTORY), false);
  });
  test("a directory that can't be reached: the reset says nothing was changed; a bulk job pauses and resumes on its own", async () => {
    await withAdmin('directory-unavailable', 'en-GB', async (page) => {
      await page.goto(`${server.url}/admin/users`);
      const grid = page.getByRole('grid', { name: 'Active users' });
      await grid.getByRole('row').filter({ hasText: 'Joni Sherman' }).getByRole('checkbox').check();
      const commands = page.getByRole('toolbar', { name: 'User commands' });
      await commands.getByRole('button', { name: 'Reset password' }).click();
      const panel = page.getByRole('dialog', { name: 'Reset password' });
      await panel.waitFor();
      await slapd.stop();
      try {
        await panel.getByRole('button', { name: 'Reset password' }).click();
        await panel.getByText("Your directory can't be reached; nothing was changed. Try again later.").waitFor();
        await drawerShot(page, 'directory-unavailable');
        await panel.getByRole('button', { name: 'Cancel' }).click();

        // Two users in bulk while the directory is down: the job pauses, then finishes once it is back.
        await grid.getByRole('row').filter({ hasText: 'Pradeep Gupta' }).getByRole('checkbox').check();
        await commands.getByRole('button', { name: 'Reset password' }).click();
        const bulk = page.getByRole('dialog', { name: 'Reset passwords' });
        // A password long enough for the directory's pwdMinLength 24, so only the outage stands in the way.
        await bulk.getByRole('checkbox', { name: 'Automatically create a password' }).uncheck();
        await bulk.locator('input[autocomplete="new-password"]').fill(LONG_ENOUGH);
        await bulk.getByRole('button', { name: 'Reset passwords' }).click();
        await bulk.getByTestId('reset-paused').getByText("Paused: the directory can't be reached. It resumes on its own.").waitFor({ timeout: 30_000 });
        await drawerShot(page, 'directory-paused');
      } finally {
        await slapd.start();
      }
      const done = page.getByRole('dialog', { name: 'Passwords have been reset' });
      await done.waitFor({ timeout: 90_000 });
      await done.getByText('2 of 2 passwords reset').waitFor();
    });
    // Written back once the directory was there again: both users bind with the new password.
    for (const uid of ['joni.sherman', 'pradeep.gupta']) assert.equal(await slapd.bindAs(slapd.userDn(uid), LONG_ENOUGH), true, `${uid} has the new password`);
  });
});
