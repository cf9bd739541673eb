// Browser tests of the sign-in error's "reset it now" link (issue 13, item 9): as Microsoft's, the
// words are a link to the reset portal with the typed name, reachable by keyboard, the same for an
// unknown name (no enumeration, checklist N4); English and Dutch.
// Needs `npm run build:web` first (the test script does that).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { browserGate, seedUsers, shot, suitePages, useBrowserSuite } from '../support/web.js';

const TEXT = {
  en: {
    message: (link: string) => `Your account or password is incorrect. If you don’t remember your password, ${link}.`,
    link: 'reset it now',
    portal: 'Get back into your account',
    userId: /^User ID/,
  },
  nl: {
    message: (link: string) => `Uw account of wachtwoord is onjuist. Als u uw wachtwoord niet meer weet, kunt u ${link}.`,
    link: 'het nu opnieuw instellen',
    portal: 'Terug naar uw account',
    userId: /^Gebruikers-id/,
  },
};

describe('sign-in: "reset it now" links to the reset portal', browserGate('sign-in reset link'), () => {
  const suite = useBrowserSuite(async (server) => {
    await seedUsers(server, [{ userPrincipalName: 'adele.vance@contoso.test', displayName: 'Adele Vance' }]);
  });
  const { withPage } = suitePages(suite);

  /** Submits a wrong password for `name`; @returns the error's text. */
  async function failSignIn(page: Page, name: string): Promise<string> {
    await page.getByLabel(/^Email or username|^E-mailadres of gebruikersnaam/).fill(name);
    await page.locator('input[autocomplete="current-password"]').fill('not-the-password');
    const answered = page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/sign-in'));
    await page.getByRole('button', { name: /^(Sign in|Aanmelden)$/ }).click();
    assert.equal((await answered).status(), 401);
    const alert = page.getByRole('alert').filter({ hasText: /incorrect|onjuist/ });
    await alert.waitFor();
    return (await alert.innerText()).trim();
  }

  for (const [lang, locale] of [
    ['en', 'en-GB'],
    ['nl', 'nl-NL'],
  ] as const) {
    test(`${lang}: the link carries the typed name, is reached with the keyboard and the portal shows the name`, async () => {
      const text = TEXT[lang];
      await withPage(
        `sign-in-reset-link-${lang}`,
        async (page) => {
          await page.goto(`${suite.server.url}/sign-in`);
          const known = await failSignIn(page, 'adele.vance@contoso.test');
          assert.equal(known, text.message(text.link), 'the whole sentence, in the language on screen');
          const link = page.getByRole('alert').getByRole('link', { name: text.link });
          assert.equal(await link.getAttribute('href'), '/recover?username=adele.vance%40contoso.test');
          await shot(page, `sign-in-reset-link-${lang}`);

          // An unknown name gets the same sentence and a link with that name (no enumeration).
          const unknown = await failSignIn(page, 'nobody.here@contoso.test');
          assert.equal(unknown, known, 'the same message for a user that does not exist');
          assert.equal(await link.getAttribute('href'), '/recover?username=nobody.here%40contoso.test');

          // Keyboard: focus is back on the password box; Shift+Tab goes to the name, then to the link.
          const focused = () => page.evaluate(() => (document.activeElement as HTMLElement | null)?.textContent ?? '');
          await page.getByLabel(/^Email or username|^E-mailadres of gebruikersnaam/).focus();
          await page.keyboard.press('Shift+Tab');
          assert.equal(await focused(), text.link, 'the link is the previous tab stop before the name');
          await page.keyboard.press('Enter');
          await page.waitForURL(/\/recover\?username=nobody\.here%40contoso\.test$/);
          await page.getByRole('heading', { level: 1, name: text.portal }).waitFor();
          assert.equal(await page.getByRole('textbox', { name: text.userId }).inputValue(), 'nobody.here@contoso.test', 'prefilled in the portal');
          await shot(page, `sign-in-reset-link-portal-${lang}`);
        },
        { locale },
      );
    });
  }
});
