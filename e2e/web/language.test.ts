// Browser tests of the language rule (issue 13, item 10; docs/web.md, Language): before sign-in the
// device's choice (the language menu) else the browser's; after sign-in the profile's, said on
// purpose by a notice with a one-click switch that updates the profile; the language menu on every
// page. Needs `npm run build:web` first (the test script does that).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../support/browser.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { browserGate, PASSWORD, SHOTS, seedUsers, shot, signIn, signOut, switchLanguage, withPage } from '../support/web.js';

const NOTICE = {
  en: { body: 'Shown in English, the language in your profile.', switch: 'Switch to Nederlands', close: 'Dismiss the language notice' },
  nl: { body: 'Weergegeven in het Nederlands, de taal in uw profiel.', switch: 'Overschakelen naar English', close: 'Taalmelding sluiten' },
};

/** The language on screen: `<html lang>`. */
const htmlLang = (page: Page) => page.locator('html').getAttribute('lang');

/** The signed-in user's profile language, as the server has it. */
const profileLanguage = (page: Page) => page.evaluate<string | null>(`fetch('/api/v1/me').then((r) => r.json()).then((me) => me.user.preferredLanguage)`);

/** The language menu's button, which names the language on screen. */
const languageMenu = (page: Page, lang: 'en' | 'nl') =>
  page.getByRole('button', { name: lang === 'en' ? 'Language: English' : 'Taal: Nederlands', exact: true });

const notice = (page: Page) => page.getByTestId('language-notice');

describe('language: the device before sign-in, the profile after it', browserGate('language'), () => {
  let server: TestServer;
  let browser: Browser;
  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    // The product's MFA defaults: the administrator below gets the MFA step at sign-in.
    server = await startTestServer({ mfa: 'product-defaults' });
    browser = await launchBrowser();
    await seedUsers(server, [
      { userPrincipalName: 'emma.english@contoso.test', displayName: 'Emma English', preferredLanguage: 'en', mustChangePassword: true },
      { userPrincipalName: 'ellis.english@contoso.test', displayName: 'Ellis English', preferredLanguage: 'en' },
      { userPrincipalName: 'noor.nederlands@contoso.test', displayName: 'Noor Nederlands', preferredLanguage: 'nl' },
      { userPrincipalName: 'ada.admin@contoso.test', displayName: 'Ada Admin', preferredLanguage: 'en', roles: ['global-administrator'] },
    ]);
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  test('Dutch browser, English profile: sign-in in Dutch, then English everywhere incl. the forced change; the switch sets Dutch in the profile', async () => {
    await withPage(browser, 'language-nl-browser', { locale: 'nl-NL' }, async (page) => {
      await page.goto(`${server.url}/sign-in`);
      await page.getByRole('heading', { level: 1, name: 'Aanmelden' }).waitFor();
      assert.equal(await htmlLang(page), 'nl');
      await signIn(page, server, 'emma.english@contoso.test');
      await page.waitForURL(/\/change-password$/);
      await page.getByRole('heading', { level: 1, name: 'You need to change your password' }).waitFor();
      assert.equal(await htmlLang(page), 'en');
      await languageMenu(page, 'en').waitFor();
      // Said on purpose, with the way back.
      await notice(page).getByText(NOTICE.en.body).waitFor();
      await shot(page, 'language-notice-forced-change');
      await notice(page).getByRole('button', { name: NOTICE.en.switch }).click();
      await page.getByRole('heading', { level: 1, name: 'U moet uw wachtwoord wijzigen' }).waitFor();
      assert.equal(await htmlLang(page), 'nl');
      assert.equal(await notice(page).count(), 0, 'nothing more to say once the profile has the language on screen');
      assert.equal(await profileLanguage(page), 'nl', 'the switch updated the profile');
      await page.reload();
      await page.getByRole('heading', { level: 1, name: 'U moet uw wachtwoord wijzigen' }).waitFor();
      assert.equal(await notice(page).count(), 0);
    });
  });

  test('English browser, Dutch profile: sign-in in English, then Dutch; closing the notice lasts for the session; signing out returns to English', async () => {
    await withPage(browser, 'language-en-browser', { locale: 'en-GB' }, async (page) => {
      await page.goto(`${server.url}/sign-in`);
      await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
      await signIn(page, server, 'noor.nederlands@contoso.test', PASSWORD, { landing: /\/account$/ });
      await page.getByRole('heading', { level: 1, name: 'Mijn account' }).waitFor();
      assert.equal(await htmlLang(page), 'nl');
      await notice(page).getByText(NOTICE.nl.body).waitFor();
      await notice(page).getByRole('button', { name: NOTICE.nl.switch }).waitFor();
      await shot(page, 'language-notice-account-nl');
      await notice(page).getByRole('button', { name: NOTICE.nl.close }).click();
      assert.equal(await notice(page).count(), 0, 'closed');
      // Another tab of this sign-in: the profile's language, the notice stays closed.
      const other = await page.context().newPage();
      await other.goto(`${server.url}/account/security`);
      await other.getByRole('heading', { level: 1, name: 'Beveiliging en privacy' }).waitFor();
      assert.equal(await notice(other).count(), 0, 'closed for the whole session');
      await other.close();

      // Signed out: the sign-in page is the device's (the browser's) language again.
      await signOut(page);
      await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
      assert.equal(await htmlLang(page), 'en');
      // A new sign-in says it again; the switch makes the profile English.
      await signIn(page, server, 'noor.nederlands@contoso.test', PASSWORD, { landing: /\/account$/ });
      await notice(page).getByText(NOTICE.nl.body).waitFor();
      await notice(page).getByRole('button', { name: NOTICE.nl.switch }).click();
      await page.getByRole('heading', { level: 1, name: 'My account' }).waitFor();
      assert.equal(await profileLanguage(page), 'en');
      assert.equal(await notice(page).count(), 0);
      // Back to Dutch for the other tests' sake, through the menu (which also updates the profile).
      await switchLanguage(page, 'Nederlands');
      await page.getByRole('heading', { level: 1, name: 'Mijn account' }).waitFor();
      assert.equal(await profileLanguage(page), 'nl');
    });
  });

  test("the device's choice on the sign-in page gives way to the profile after sign-in, and comes back after sign-out", async () => {
    await withPage(browser, 'language-device-choice', { locale: 'en-GB' }, async (page) => {
      await page.goto(`${server.url}/sign-in`);
      await switchLanguage(page, 'Nederlands');
      await page.getByRole('heading', { level: 1, name: 'Aanmelden' }).waitFor();
      await signIn(page, server, 'ellis.english@contoso.test', PASSWORD, { landing: /\/account$/ });
      await page.getByRole('heading', { level: 1, name: 'My account' }).waitFor();
      await notice(page).getByRole('button', { name: NOTICE.en.switch }).waitFor();
      assert.equal(await profileLanguage(page), 'en', 'signing in did not change the profile');
      await signOut(page);
      await page.getByRole('heading', { level: 1, name: 'Aanmelden' }).waitFor();
      await page.reload();
      await page.getByRole('heading', { level: 1, name: 'Aanmelden' }).waitFor();
    });
  });

  test('the language menu is on every public page, the MFA step (still the device language) and the signed-in pages', async () => {
    for (const [lang, locale] of [
      ['en', 'en-GB'],
      ['nl', 'nl-NL'],
    ] as const) {
      await withPage(browser, `language-menu-${lang}`, { locale }, async (page) => {
        for (const path of ['/sign-in', '/recover', '/set-password', '/no-such-page']) {
          await page.goto(`${server.url}${path}`);
          await page.getByRole('heading', { level: 1 }).first().waitFor();
          await languageMenu(page, lang).waitFor();
        }
        // The MFA step belongs to sign-in: the device's language, no notice (the admin's profile is English).
        await signIn(page, server, 'ada.admin@contoso.test', PASSWORD, { landing: /\/sign-in\/mfa/ });
        await page.getByRole('heading', { level: 1, name: lang === 'en' ? 'More information required' : 'Meer informatie vereist' }).waitFor();
        await languageMenu(page, lang).waitFor();
        assert.equal(await htmlLang(page), lang);
        assert.equal(await notice(page).count(), 0);
        if (lang === 'nl') await shot(page, 'language-mfa-nl');
      });
    }
    // Signed in (the frame): the menu in the top bar.
    await withPage(browser, 'language-menu-signed-in', { locale: 'en-GB' }, async (page) => {
      await signIn(page, server, 'ellis.english@contoso.test', PASSWORD, { landing: /\/account$/ });
      await languageMenu(page, 'en').waitFor();
      await page.goto(`${server.url}/account/password`);
      await languageMenu(page, 'en').waitFor();
    });
  });
});
