// Browser tests of the admin centre's settings pages as one pattern (issue 13 item 7): every page's
// nav label, h1, last breadcrumb item and document title are the same words, and the breadcrumb
// follows the nav (Settings > page); a settings form has exactly one Save, whose sticky bar never
// lies on a card nor hides the field in use; Password protection saves smart lockout, the banned
// list and breached passwords with that one Save (a partial failure says what was and wasn't
// saved; a stale sign-in is asked to verify once). English and Dutch. Needs `npm run build:web`.
import { beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { apiSession } from '../support/security-info.js';
import { PASSWORD, browserGate, fullShot, seedUsers, suitePages, switchLanguage, useBrowserSuite } from '../support/web.js';

const SHOTS = process.env.LATCHKEY_NOTE_SHOTS ?? 'test-results';

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}
const overlaps = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/** The page's names: the selected nav item, the h1, the breadcrumb's items and the document title's page part. */
async function names(page: Page) {
  const h1 = (await page.getByRole('heading', { level: 1 }).innerText()).trim();
  const crumbs = (
    await page
      .getByRole('navigation', { name: /^(Breadcrumb|Kruimelpad)$/ })
      .getByRole('listitem')
      .allInnerTexts()
  ).map((s) => s.trim());
  const title = await page.title();
  return { h1, crumbs, title: title.replace(/ - Latchkey$/, '') };
}

/**
 * The save bar: the sticky element around the page's Save button (written as a string: this file is
 * also type-checked without the DOM types).
 */
const FIND_BAR = `(() => {
  for (const button of document.querySelectorAll('#main button')) {
    if (!/^(Save|Opslaan)$/.test(button.textContent.trim())) continue;
    for (let el = button; el && el !== document.body; el = el.parentElement) if (getComputedStyle(el).position === 'sticky') return el;
  }
  return null;
})()`;

/** The save bar's box in the viewport, or null without one. */
const barBox = (page: Page) =>
  page.evaluate<Box | null>(
    `(() => { const bar = ${FIND_BAR}; if (!bar) return null; const r = bar.getBoundingClientRect(); return { x: r.x, y: r.y, width: r.width, height: r.height }; })()`,
  );

/** Scrolls the frame's <main> to its end. */
const scrollToEnd = (page: Page) => page.evaluate(() => document.querySelector('#main')?.scrollTo({ top: 1e6 }));

/** Scrolled to the end, the save bar lies on no card. */
async function barClearOfCards(page: Page, what: string): Promise<void> {
  await scrollToEnd(page);
  const bar = await barBox(page);
  assert.ok(bar, `${what}: a sticky save bar`);
  const cards = await page.locator('#main .fui-Card').all();
  assert.ok(cards.length > 0, `${what}: cards`);
  for (const card of cards) {
    const box = await card.boundingBox();
    assert.ok(box && !overlaps(bar, box), `${what}: the save bar (${JSON.stringify(bar)}) lies on a card (${JSON.stringify(box)})`);
  }
}

/**
 * From the top, Tab through the form: whatever gets the focus is never under the sticky save bar
 * (the browser scrolls it into view with room for the bar; of a tall box, its first lines).
 */
async function tabNeverUnderBar(page: Page, what: string): Promise<number> {
  await page.evaluate(() => document.querySelector('#main')?.scrollTo({ top: 0 }));
  await page.locator('#main form').first().locator('input, textarea, button').first().focus();
  let steps = 0;
  for (; steps < 80; steps++) {
    const state = await page.evaluate<{ inBar: boolean; under: boolean; label: string; rect: number[] } | null>(`(() => {
      const bar = ${FIND_BAR};
      const el = document.activeElement;
      if (!bar || !el) return null;
      const a = el.getBoundingClientRect();
      const b = bar.getBoundingClientRect();
      return {
        inBar: bar.contains(el),
        // A field shorter than 60 px is in full view above the bar; a taller one (the banned list) shows its first lines.
        under: a.height > 0 && a.top < b.bottom && (a.height < 60 ? a.bottom > b.top : a.top + 40 > b.top),
        label: el.tagName + ' ' + (el.getAttribute('aria-label') || el.getAttribute('name') || el.id),
        rect: [Math.round(a.top), Math.round(a.bottom), Math.round(b.top)],
      };
    })()`);
    assert.ok(state, `${what}: focus and bar`);
    if (state.inBar) break;
    assert.ok(!state.under, `${what}: the focused ${state.label} is under the save bar (${state.rect.join(', ')})`);
    await page.keyboard.press('Tab');
  }
  return steps;
}

describe('settings pages: one pattern, one name', browserGate('settings pages'), () => {
  const suite = useBrowserSuite(async (server) => {
    await seedUsers(server, [
      { userPrincipalName: 'miriam.graham@contoso.test', displayName: 'Miriam Graham', roles: ['global-administrator'] },
      { userPrincipalName: 'grady.archie@contoso.test', displayName: 'Grady Archie', roles: ['authentication-administrator'] },
    ]);
  });
  const pages = suitePages(suite, { height: 800 }, { landing: /\/account$/ });
  /** The language is saved with the profile: each test starts in English, whatever the one before did. */
  beforeEach(async () => {
    if (!suite.server) return;
    for (const user of ['miriam.graham@contoso.test', 'grady.archie@contoso.test']) {
      const { cookie, csrf } = await apiSession(suite.server, user, PASSWORD);
      const res = await suite.server.testApp.app.inject({
        method: 'PATCH',
        url: '/api/v1/me',
        headers: { cookie, 'x-csrf-token': csrf },
        payload: { preferredLanguage: 'en' },
      });
      assert.ok([200, 204].includes(res.statusCode), res.body);
    }
  });

  for (const [language, words] of [
    ['English', { settings: 'Settings', save: /save/i, policy: 'Password policy', employee: 'Security & privacy' }],
    ['Nederlands', { settings: 'Instellingen', save: /opslaan/i, policy: 'Wachtwoordbeleid', employee: 'Beveiliging en privacy' }],
  ] as const) {
    test(`${language}: nav label = h1 = last breadcrumb = document title, breadcrumb = nav path, one Save, the bar clear of the cards`, async () => {
      await pages.withPage(`settings-pages-${language}`, async (page) => {
        await page.setViewportSize({ width: 1280, height: 800 });
        await pages.signIn(page, 'miriam.graham@contoso.test');
        if (language === 'Nederlands') await switchLanguage(page, 'Nederlands');
        const nav = page.locator('#app-nav');
        const links = nav.locator('a[href^="/admin/settings/"]');
        await links.first().waitFor();
        const entries = await Promise.all(
          (await links.all()).map(async (l) => ({ href: (await l.getAttribute('href'))!, label: (await l.innerText()).trim() })),
        );
        assert.deepEqual(
          entries.map((e) => e.href),
          [
            '/admin/settings/security',
            '/admin/settings/password-protection',
            '/admin/settings/self-service-password-reset',
            '/admin/settings/multifactor',
            '/admin/settings/mail',
          ],
        );
        // Every difference is collected, so that one run lists them all.
        const problems: string[] = [];
        const expect = (ok: boolean, message: string) => (ok ? undefined : problems.push(message));
        expect(entries[0]!.label === words.policy, `the org password page is called ${entries[0]!.label}, not ${words.policy}`);
        expect(!entries.some((e) => e.label === words.employee), 'a settings page shares the employee page’s name');

        let before = (
          await page
            .getByRole('heading', { level: 1 })
            .innerText()
            .catch(() => '')
        ).trim();
        for (const { href, label } of entries) {
          await nav.locator(`a[href="${href}"]`).click();
          await page.waitForURL((url) => url.pathname === href);
          await page.getByRole('heading', { level: 1 }).waitFor();
          // The new page's h1, not the last one's (pages load lazily).
          await page
            .waitForFunction((old) => (document.querySelector('#main h1')?.textContent ?? old) !== old, before, { timeout: 5000 })
            .catch(() => undefined);
          const seen = await names(page);
          before = seen.h1;
          expect(seen.h1 === label, `${href}: h1 "${seen.h1}" is not the nav label "${label}"`);
          expect(seen.title === label, `${href}: document title "${seen.title}" is not the nav label "${label}"`);
          expect(
            JSON.stringify(seen.crumbs) === JSON.stringify([words.settings, label]),
            `${href}: breadcrumb ${seen.crumbs.join(' > ')} is not the nav path ${words.settings} > ${label}`,
          );
          if (href === '/admin/settings/mail') continue; // a log, not a settings form: nothing to save
          await page.locator('#main .fui-Card').last().waitFor();
          await page.getByRole('button', { name: words.save }).first().waitFor();
          const saves = await page.getByRole('button', { name: words.save }).count();
          expect(saves === 1, `${href}: ${saves} Save buttons`);
          try {
            await barClearOfCards(page, href);
          } catch (err) {
            problems.push((err as Error).message);
          }
        }
        assert.deepEqual(problems, []);
      });
    });
  }

  test('Password protection: Tab never leaves the field in use under the save bar (1280×800 and 390×844)', async () => {
    await pages.withPage('settings-pages-keyboard', async (page) => {
      await page.setViewportSize({ width: 1280, height: 800 });
      await pages.signIn(page, 'miriam.graham@contoso.test');
      for (const path of ['/admin/settings/password-protection', '/admin/settings/security', '/admin/settings/self-service-password-reset']) {
        await page.goto(`${suite.server.url}${path}`);
        await page.getByRole('button', { name: 'Save', exact: true }).first().waitFor();
        await page.locator('#main .fui-Card').last().waitFor();
        await fullShot(page, `${SHOTS}/settings${path.slice('/admin/settings'.length).replace('/', '-')}-desktop.png`);
        const steps = await tabNeverUnderBar(page, path);
        assert.ok(steps >= 3, `${path}: tabbed through the form (${steps} stops)`);
      }
      await page.setViewportSize({ width: 390, height: 844 });
      await page.goto(`${suite.server.url}/admin/settings/password-protection`);
      await page.getByRole('button', { name: 'Save', exact: true }).first().waitFor();
      await page.locator('#main .fui-Card').last().waitFor();
      await tabNeverUnderBar(page, 'password protection on a phone');
      await page.screenshot({ path: `${SHOTS}/settings-password-protection-phone-focus.png` });
      await barClearOfCards(page, 'password protection on a phone');
      await fullShot(page, `${SHOTS}/settings-password-protection-phone.png`);
      // The breached-password source names a long URL or variable: it wraps inside its bar.
      const spill = await page
        .getByTestId('breached-source')
        .evaluate((bar) => Math.max(...Array.from(bar.querySelectorAll('p')).map((p) => p.getBoundingClientRect().right)) - bar.getBoundingClientRect().right);
      assert.ok(spill <= 0, `the source text runs ${spill}px out of its bar`);
    });
  });

  test('Password protection: one Save for smart lockout and the banned list; a partial failure says what was saved (English, Dutch)', async () => {
    await pages.withPage('settings-pages-protection', async (page) => {
      await page.setViewportSize({ width: 1280, height: 800 });
      await pages.signIn(page, 'miriam.graham@contoso.test');
      await page.goto(`${suite.server.url}/admin/settings/password-protection`);
      const threshold = page.getByRole('spinbutton', { name: 'Lockout threshold' });
      const list = page.getByRole('textbox', { name: 'Custom banned password list' });
      const save = page.getByRole('button', { name: 'Save', exact: true });
      await threshold.waitFor();
      await list.waitFor();

      // Two documents changed, one Save: both are saved.
      await threshold.fill('7');
      await list.fill('contoso\nfabrikam');
      await save.click();
      await page.getByText('Your changes have been saved.').waitFor();
      await page.reload();
      await list.waitFor();
      assert.equal(await threshold.inputValue(), '7');
      assert.deepEqual((await list.inputValue()).split('\n'), ['contoso', 'fabrikam']);

      // One good, one refused: the good one is saved, the bar says which was not, the term keeps its line.
      await threshold.fill('8');
      await list.fill('contoso\nabc');
      await save.click();
      const partial = page.getByTestId('settings-partial-save');
      await partial.getByText('Not all of your changes were saved.').waitFor();
      assert.equal(await partial.locator('li[data-outcome="saved"]').innerText(), 'Smart lockout: saved.');
      assert.match(await partial.locator('li[data-outcome="failed"]').innerText(), /^Custom banned passwords: not saved\. /);
      await page
        .getByTestId('banned-errors')
        .getByText(/Line 2: ‘abc’ — /)
        .waitFor();
      await scrollToEnd(page);
      await fullShot(page, `${SHOTS}/settings-password-protection-partial-en.png`);
      await barClearOfCards(page, 'with the partial-save message');
      await page.reload();
      await list.waitFor();
      assert.equal(await threshold.inputValue(), '8', 'smart lockout was saved');
      assert.deepEqual((await list.inputValue()).split('\n'), ['contoso', 'fabrikam'], 'the list was not');

      await switchLanguage(page, 'Nederlands');
      const drempel = page.getByRole('spinbutton', { name: 'Drempelwaarde voor vergrendeling' });
      await drempel.fill('9');
      await page.getByRole('textbox', { name: 'Aangepaste lijst met verboden wachtwoorden' }).fill('contoso\nxyz');
      await page.getByRole('button', { name: 'Opslaan', exact: true }).click();
      await partial.getByText('Niet al uw wijzigingen zijn opgeslagen.').waitFor();
      assert.match(await partial.locator('li[data-outcome="saved"]').innerText(), /: opgeslagen\.$/);
      assert.match(await partial.locator('li[data-outcome="failed"]').innerText(), /: niet opgeslagen\. /);
      await fullShot(page, `${SHOTS}/settings-password-protection-partial-nl.png`);
      // Annuleren restores what is saved.
      await page.getByRole('button', { name: 'Annuleren', exact: true }).click();
      assert.equal(await drempel.inputValue(), '9');
      assert.deepEqual((await page.getByRole('textbox', { name: 'Aangepaste lijst met verboden wachtwoorden' }).inputValue()).split('\n'), [
        'contoso',
        'fabrikam',
      ]);
      assert.equal(await partial.count(), 0);
    });
  });

  test('Password protection: a stale sign-in verifies once for two documents; cancelled, nothing is saved and the bar says so', async () => {
    const windowMs = suite.server.testApp.config.stepUpMaxAgeSeconds * 1000;
    await pages.withPage('settings-pages-step-up', async (page) => {
      await pages.signIn(page, 'miriam.graham@contoso.test');
      await page.goto(`${suite.server.url}/admin/settings/password-protection`);
      const threshold = page.getByRole('spinbutton', { name: 'Lockout threshold' });
      const breached = page.getByRole('spinbutton', { name: 'Times seen before a password is refused' });
      await threshold.waitFor();
      await breached.waitFor();
      const verify = page.getByRole('dialog', { name: 'Verify your identity' });

      suite.server.testApp.clock.advance(windowMs + 1000);
      await threshold.fill('6');
      await breached.fill('3');
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      await verify.waitFor();
      await page.keyboard.press('Escape');
      await verify.waitFor({ state: 'detached' });
      const partial = page.getByTestId('settings-partial-save');
      await partial.getByText("Your changes weren't saved.").waitFor();
      assert.equal(await partial.locator('li[data-outcome="failed"]').count(), 1);
      assert.match(await partial.locator('li[data-outcome="not-sent"]').innerText(), /^Breached passwords: not saved, because saving stopped/);

      // Save again: one dialog, then both documents go through.
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      await verify.waitFor();
      await page.keyboard.type(PASSWORD);
      await page.keyboard.press('Enter');
      await verify.waitFor({ state: 'detached' });
      await page.getByText('Your changes have been saved.').waitFor();
      assert.equal(await verify.count(), 0, 'asked once');
      await page.reload();
      await breached.waitFor();
      assert.equal(await threshold.inputValue(), '6');
      assert.equal(await breached.inputValue(), '3');
    });
  });

  test('an Authentication Administrator sees smart lockout alone, with the same one Save', async () => {
    await pages.withPage('settings-pages-auth-admin', async (page) => {
      await pages.signIn(page, 'grady.archie@contoso.test');
      const nav = page.locator('#app-nav');
      await nav.getByRole('link', { name: 'Password protection' }).click();
      await page.getByRole('heading', { level: 2, name: 'Smart lockout' }).waitFor();
      assert.equal(await page.getByRole('heading', { level: 2, name: 'Custom banned passwords' }).count(), 0);
      assert.equal(await page.getByRole('heading', { level: 2, name: 'Breached passwords' }).count(), 0);
      assert.equal(await page.getByRole('button', { name: /save/i }).count(), 1);
      assert.equal(await nav.getByRole('link', { name: 'Password policy' }).count(), 0, 'no password policy permission');
      await page.getByRole('spinbutton', { name: 'Lockout threshold' }).fill('12');
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      await page.getByText('Your changes have been saved.').waitFor();
      assert.deepEqual((await names(page)).crumbs, ['Settings', 'Password protection']);
    });
  });
});
