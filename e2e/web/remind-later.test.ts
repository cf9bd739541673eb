// Browser tests of "Remind me later" on the registration interrupt (issue 13, item 2): it lasts for
// the sign-in session in every tab of the browser (a new tab, a Ctrl-click, a tab that was already
// showing the interrupt), and the next sign-in asks again; English and Dutch.
// Needs `npm run build:web` first (the test script does that).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { useSecurityInfoSuite } from '../support/security-info.js';
import { browserGate, shot, signOut } from '../support/web.js';

const TEXT = {
  en: { title: 'More information required', later: 'Remind me later', home: 'My account', security: 'Security & privacy' },
  nl: { title: 'Meer informatie vereist', later: 'Later herinneren', home: 'Mijn account', security: 'Beveiliging en privacy' },
};

describe('security info: "Remind me later" lasts for the sign-in session', browserGate('remind-me-later'), () => {
  const { suite, signIn, withPage } = useSecurityInfoSuite();

  const cases = [
    { lang: 'en' as const, locale: 'en-GB', user: 'megan.bowen@contoso.test' },
    { lang: 'nl' as const, locale: 'nl-NL', user: 'lynne.robbins@contoso.test' },
  ];
  for (const { lang, locale, user } of cases) {
    test(`${lang}: deferred in one tab, not asked in other tabs of the session; asked again after signing in again`, async () => {
      await withPage(`remind-later-${lang}`, locale, async (page) => {
        const text = TEXT[lang];
        const title = (p: Page) => p.getByRole('heading', { level: 1, name: text.title });
        const home = (p: Page) => p.getByRole('heading', { level: 1, name: text.home });
        await signIn(page, user);
        await title(page).waitFor();

        // A second tab of the same sign-in, open before the choice: it shows the interrupt too.
        const other = await page.context().newPage();
        await other.goto(`${suite.server.url}/account`);
        await title(other).waitFor();

        await page.getByRole('button', { name: text.later }).click();
        await home(page).waitFor();
        // The tab that was already showing the interrupt lets it go at once (the storage event).
        await home(other).waitFor();
        await other.close();

        // A new tab: no interrupt.
        const fresh = await page.context().newPage();
        await fresh.goto(`${suite.server.url}/account/security`);
        await fresh.getByRole('heading', { level: 1, name: text.security }).waitFor();
        assert.equal(await fresh.getByTestId('security-info-interrupt').count(), 0, 'a new tab is not interrupted');
        await fresh.close();

        // A Ctrl-click on a navigation link opens a new tab: no interrupt there either.
        const [opened] = await Promise.all([
          page.context().waitForEvent('page'),
          page
            .locator('#app-nav')
            .getByRole('link', { name: text.security })
            .click({ modifiers: ['Control'] }),
        ]);
        await opened.waitForLoadState();
        await opened.getByRole('heading', { level: 1, name: text.security }).waitFor();
        assert.equal(await opened.getByTestId('security-info-interrupt').count(), 0, 'a Ctrl-click is not interrupted');
        await shot(opened, `remind-later-new-tab-${lang}`);
        await opened.close();

        // The next sign-in is a new session: asked again, in this tab and in new ones.
        await signOut(page);
        await signIn(page, user);
        await title(page).waitFor();
        const again = await page.context().newPage();
        await again.goto(`${suite.server.url}/account`);
        await title(again).waitFor();
        await again.close();
      });
    });
  }
});
