// Browser tests of the phone layout (issue 13 item 5; docs/web.md "Phone layout"): at 390×844 the
// navigation is a drawer over the page, opened from the top bar, closed by picking a page, Escape
// or a tap beside it; the page keeps the whole width and no page scrolls sideways. At desktop size
// the navigation stays beside the page and collapses to a strip. English and Dutch.
// Needs `npm run build:web` first (the test script does that).
import { ACCOUNT_PAGES, ADMIN_PAGES, PUBLIC_PAGES } from '../support/pages.js';
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { expectNoAxeViolations } from '../support/axe.js';
import type { TestServer } from '../support/server.js';
import { PASSWORD, browserGate, newPage, seedUsers, signIn, useBrowserSuite } from '../support/web.js';

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };
const SHOTS = '/tmp/shots/h5';
const upn = (lang: string) => `admin.${lang}@contoso.example`;

const WORDS = {
  en: { nav: 'Navigation', menu: 'Main navigation', activeUsers: 'Active users', overview: 'Overview', h1: 'Active users', language: /^Language/ },
  nl: { nav: 'Navigatie', menu: 'Hoofdnavigatie', activeUsers: 'Actieve gebruikers', overview: 'Overzicht', h1: 'Actieve gebruikers', language: /^Taal/ },
};

/** Every page of the app a Global Administrator can open. */
const PAGES = [...ACCOUNT_PAGES, '/admin/users', ...ADMIN_PAGES];

async function seed(server: TestServer): Promise<void> {
  await seedUsers(server, [
    { userPrincipalName: upn('en'), displayName: 'Miriam Graham', roles: ['global-administrator'], preferredLanguage: 'en' },
    { userPrincipalName: upn('nl'), displayName: 'Anne van der Heijden', roles: ['global-administrator'], preferredLanguage: 'nl' },
  ]);
}

/** How far the page (the document, and the frame's scrolling <main>) reaches past the viewport's right edge. */
async function sidewaysOverflow(page: Page): Promise<{ document: number; main: number; widest: string }> {
  return page.evaluate(`(() => {
    const doc = document.documentElement;
    const main = document.querySelector('#main');
    // The element that reaches furthest right, to name in the failure.
    let widest = '', right = 0;
    for (const el of document.querySelectorAll('#main *')) {
      const r = el.getBoundingClientRect();
      if (r.right > right && r.width > 0) { right = r.right; widest = el.tagName.toLowerCase() + (el.className && typeof el.className === 'string' ? '.' + el.className.split(' ').slice(0, 2).join('.') : ''); }
    }
    return {
      document: doc.scrollWidth - doc.clientWidth,
      main: main ? main.scrollWidth - main.clientWidth : 0,
      widest: widest + ' right=' + Math.round(right),
    };
  })()`);
}

async function settle(page: Page): Promise<void> {
  await page.locator('h1').first().waitFor();
  await page
    .locator('.fui-Spinner')
    .first()
    .waitFor({ state: 'detached' })
    .catch(() => undefined);
  await page.evaluate(`Promise.all(document.getAnimations()
    .filter((a) => a.effect?.getComputedTiming().iterations !== Infinity)
    .map((a) => a.finished.catch(() => undefined)))`);
}

async function box(page: Page, selector: string) {
  const b = await page.locator(selector).first().boundingBox();
  assert.ok(b, `${selector} is on screen`);
  return b;
}

describe('phone layout', browserGate('phone layout', 'navigation drawer, no sideways scrolling'), () => {
  const suite = useBrowserSuite(seed);

  for (const lang of ['en', 'nl'] as const) {
    const w = WORDS[lang];
    const locale = lang === 'en' ? 'en-GB' : 'nl-NL';

    test(`on a phone the navigation is a drawer over the page; at desktop size it stays beside it (${lang})`, async () => {
      mkdirSync(SHOTS, { recursive: true });
      const { context, page } = await newPage(suite.browser, { locale });
      try {
        await page.setViewportSize(PHONE);
        await signIn(page, suite.server, upn(lang), PASSWORD, { landing: /\/account$/ });
        await settle(page);
        // The page has the whole width; no strip of navigation beside it.
        assert.equal(await page.getByRole('navigation', { name: w.menu }).count(), 0, 'no navigation on screen');
        assert.deepEqual([(await box(page, '#main')).x, (await box(page, '#main')).width], [0, PHONE.width]);
        await page.screenshot({ path: `${SHOTS}/phone-account-${lang}.png` });

        // The top bar's button opens the drawer over the page (the page does not move).
        const button = page.getByRole('banner').getByRole('button', { name: w.nav, exact: true });
        assert.equal(await button.getAttribute('aria-expanded'), 'false');
        // While the drawer is open the page behind it, top bar included, is hidden from assistive technology (a modal).
        const topBarButton = page.locator('header button[aria-controls="app-nav"]').first();
        await button.click();
        const nav = page.getByRole('navigation', { name: w.menu });
        await nav.waitFor();
        await settle(page);
        assert.equal(await topBarButton.getAttribute('aria-expanded'), 'true');
        assert.equal(await page.getByRole('banner').count(), 0, 'the top bar is behind the modal drawer');
        // A modal dialog holding the navigation landmark.
        assert.equal(await page.locator('#app-nav').getAttribute('role'), 'dialog');
        assert.equal(await page.locator('#app-nav').getAttribute('aria-modal'), 'true');
        const drawer = await page.locator('#app-nav').boundingBox();
        assert.ok(drawer && drawer.x === 0 && drawer.width <= PHONE.width - 48, `the drawer leaves a strip beside it: ${JSON.stringify(drawer)}`);
        assert.deepEqual([(await box(page, '#main')).x, (await box(page, '#main')).width], [0, PHONE.width], 'the page stays where it was');
        await page.screenshot({ path: `${SHOTS}/phone-nav-open-${lang}.png` });
        await expectNoAxeViolations(page, 'the open navigation drawer');

        // Picking a page closes it.
        await nav.getByRole('link', { name: w.activeUsers }).click();
        await page.waitForURL(/\/admin\/users$/);
        await page.getByRole('heading', { level: 1, name: w.h1 }).waitFor();
        await nav.waitFor({ state: 'detached' });
        assert.equal(await button.getAttribute('aria-expanded'), 'false');

        // Escape closes it and focus goes back to the button.
        await button.click();
        await nav.waitFor();
        await page.keyboard.press('Escape');
        await nav.waitFor({ state: 'detached' });
        assert.equal(await button.evaluate((el) => el === document.activeElement), true, 'focus is back on the menu button');

        // A tap beside it closes it; so does its own menu button.
        await button.click();
        await nav.waitFor();
        await page.mouse.click(PHONE.width - 10, PHONE.height / 2);
        await nav.waitFor({ state: 'detached' });
        await button.click();
        await page.getByRole('dialog', { name: w.menu }).getByRole('button', { name: w.nav, exact: true }).click();
        await nav.waitFor({ state: 'detached' });

        // The language menu is at hand on a phone too.
        await page.getByRole('button', { name: w.language }).click();
        await page.getByRole('menuitemradio').first().waitFor();
        await page.keyboard.press('Escape');

        // Desktop: the navigation is beside the page, collapses to a strip and has no top-bar button.
        await page.setViewportSize(DESKTOP);
        await nav.waitFor();
        assert.equal(await button.count(), 0, 'no menu button in the top bar');
        const beside = await box(page, '#main');
        assert.ok(beside.x >= 200, `the page is beside the navigation: x=${beside.x}`);
        await nav.getByRole('button', { name: w.nav, exact: true }).click();
        await nav.waitFor({ state: 'hidden' });
        const collapsed = await box(page, '#main');
        assert.ok(collapsed.x > 0 && collapsed.x <= 64, `a strip stays beside the page: x=${collapsed.x}`);
        // And back to a phone: the drawer is closed, the page has the whole width again.
        await page.setViewportSize(PHONE);
        await settle(page);
        assert.equal(await page.getByRole('navigation', { name: w.menu }).count(), 0);
        assert.equal((await box(page, '#main')).x, 0);
      } finally {
        await context.close();
      }
    });

    test(`no page scrolls sideways at 390×844 (${lang})`, async () => {
      const { context, page } = await newPage(suite.browser, { locale });
      const wide: string[] = [];
      const check = async (path: string) => {
        await settle(page);
        const overflow = await sidewaysOverflow(page);
        if (overflow.document > 0 || overflow.main > 0) wide.push(`${path}: ${JSON.stringify(overflow)}`);
        // The page has the phone's whole width (no navigation strip beside it).
        const main = await page.locator('#main').boundingBox();
        if (main && (main.x !== 0 || main.width !== PHONE.width)) wide.push(`${path}: the page is ${main.width} px wide at x=${main.x}`);
        await page.screenshot({ path: `${SHOTS}/phone-${path.replace(/\W+/g, '-').replace(/^-|-$/g, '') || 'root'}-${lang}.png`, fullPage: true });
      };
      try {
        await page.setViewportSize(PHONE);
        for (const path of PUBLIC_PAGES) {
          await page.goto(`${suite.server.url}${path}`);
          await check(path);
        }
        await signIn(page, suite.server, upn(lang), PASSWORD, { reload: true, landing: /\/account$/ });
        for (const path of PAGES) {
          await page.goto(`${suite.server.url}${path}`);
          await check(path);
        }
        assert.deepEqual(wide, [], 'pages narrower or wider than the phone');
      } finally {
        await context.close();
      }
    });
  }
});
