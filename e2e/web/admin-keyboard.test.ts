// Keyboard only (issue 13, item 8): sign in, select a user in Active users with Tab, the arrow keys
// and Space, reach Reset password in the command bar, complete the panel, and find focus on the
// result heading with the outcome in a live region, in English and Dutch. No clicks anywhere: every
// step is page.keyboard, and each Tab sequence is bounded, so a broken path fails rather than hangs.
// Needs `npm run build:web` first (the test script does that).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { seedAdminUsers, shot, upn } from '../support/admin-users.js';
import { PASSWORD, browserGate, newPage, seedUsers, useBrowserSuite } from '../support/web.js';

/** What has focus: its tag, role and accessible name (aria-label, its label, else its text). */
interface Focused {
  tag: string;
  role: string | null;
  name: string;
  inDialog: string | null;
  selected: string | null;
}

function focused(page: Page): Promise<Focused> {
  // A string, as e2e/support/web.ts does: the page's DOM is not this file's.
  return page.evaluate<Focused>(`(() => {
    const el = document.activeElement;
    const label = el.getAttribute('aria-label') || (el.labels && el.labels[0] ? el.labels[0].textContent : '') || el.textContent || '';
    const dialog = el.closest('[role="dialog"], [role="alertdialog"]');
    const row = el.closest('[role="row"]');
    return {
      tag: el.tagName.toLowerCase(),
      role: el.getAttribute('role'),
      name: label.trim(),
      inDialog: dialog ? dialog.getAttribute('aria-label') || (dialog.querySelector('h2') || {}).textContent || '' : null,
      selected: row ? row.getAttribute('aria-selected') : null,
    };
  })()`);
}

/** Presses `key` until `wanted` has focus (at most `max` times); @returns how many presses it took. */
async function pressUntil(page: Page, key: string, wanted: (f: Focused) => boolean, max: number, what: string): Promise<number> {
  const seen: string[] = [];
  for (let i = 1; i <= max; i++) {
    await page.keyboard.press(key);
    const f = await focused(page);
    seen.push(`${f.tag}${f.role ? `[${f.role}]` : ''} "${f.name.slice(0, 40)}"`);
    if (wanted(f)) return i;
  }
  assert.fail(`${what}: not reached with ${max} × ${key}; focus went ${seen.join(' → ')}`);
}

interface Words {
  locale: string;
  admin: string;
  target: string;
  selectAll: string;
  selectedCount: string;
  resetCommand: string;
  panel: string;
  submit: string;
  doneHeading: string;
  outcome: string;
}

const en: Words = {
  locale: 'en-GB',
  admin: 'megan.bowen',
  target: 'Adele Vance',
  selectAll: 'Select all users',
  selectedCount: '1 selected',
  resetCommand: 'Reset password',
  panel: 'Reset password',
  submit: 'Reset password',
  doneHeading: 'Password has been reset',
  outcome: 'Reset finished: Adele Vance has a new password.',
};

const nl: Words = {
  locale: 'nl-NL',
  admin: 'femke.dekker',
  target: 'Alex Wilber',
  selectAll: 'Alle gebruikers selecteren',
  selectedCount: '1 geselecteerd',
  resetCommand: 'Wachtwoord opnieuw instellen',
  panel: 'Wachtwoord opnieuw instellen',
  submit: 'Wachtwoord opnieuw instellen',
  doneHeading: 'Wachtwoord is opnieuw ingesteld',
  outcome: 'Klaar: Alex Wilber heeft een nieuw wachtwoord.',
};

describe('admin keyboard path', browserGate('admin keyboard', 'Active users to Reset password, keyboard only'), () => {
  const suite = useBrowserSuite(async (server) => {
    await seedAdminUsers(server);
    await seedUsers(server, [
      { userPrincipalName: upn('femke.dekker'), displayName: 'Femke Dekker', roles: ['helpdesk-administrator'], preferredLanguage: 'nl' },
    ]);
  });

  for (const words of [en, nl]) {
    test(`${words.locale}: Tab, arrows and Space select a user; Reset password is reached and the outcome is focused and announced`, async () => {
      const { context, page } = await newPage(suite.browser, { locale: words.locale });
      try {
        // Sign in: the username box has focus; Tab to the password, Enter submits.
        await page.goto(`${suite.server.url}/sign-in`);
        await page.locator('input[autocomplete="username"]').waitFor();
        assert.equal((await focused(page)).tag, 'input', 'the username box has focus on arrival');
        await page.keyboard.type(upn(words.admin));
        await pressUntil(page, 'Tab', (f) => f.tag === 'input' && /password|wachtwoord/i.test(f.name), 3, 'the password box');
        await page.keyboard.type(PASSWORD);
        await page.keyboard.press('Enter');
        await page.waitForURL(/\/account$/);

        await page.goto(`${suite.server.url}/admin/users`);
        const grid = page.getByRole('grid');
        await grid.getByText(words.target).waitFor();

        // Tab reaches the command bar (one stop), the filters and search, then the grid (one stop).
        const toGrid = await pressUntil(page, 'Tab', (f) => f.name === words.selectAll, 25, 'the grid');
        assert.ok(toGrid > 1, 'the grid is reached by Tab');
        // Down arrows move between rows; Space toggles the focused row's checkbox.
        await pressUntil(page, 'ArrowDown', (f) => f.role === 'row' && f.name.includes(words.target), 12, `the row of ${words.target}`);
        await page.keyboard.press('Space');
        assert.equal((await focused(page)).selected, 'true', 'Space selected the focused row');
        await page.getByText(words.selectedCount, { exact: true }).waitFor();
        // Right arrow enters the row's cells (the name opens the user panel), Left goes back to the row.
        await page.keyboard.press('ArrowRight');
        assert.notEqual((await focused(page)).role, 'row', 'Right arrow enters the cells');
        await page.keyboard.press('ArrowLeft');
        assert.equal((await focused(page)).role, 'row');

        // Back to the command bar: its Tab stop is now the first command, Reset password.
        const back = await pressUntil(page, 'Shift+Tab', (f) => f.tag === 'button' && f.name === words.resetCommand, 5, 'Reset password');
        assert.ok(back <= 4, 'Reset password is the command bar’s Tab stop (search, role, filter, then the command bar)');
        await page.keyboard.press('Enter');

        const panel = page.getByRole('dialog', { name: words.panel });
        await panel.waitFor();
        await panel.getByText(words.target, { exact: false }).first().waitFor();
        await pressUntil(page, 'Tab', (f) => f.tag === 'button' && f.name === words.submit && f.inDialog !== null, 12, 'the panel’s submit button');
        await page.keyboard.press('Enter');

        // The outcome: focus on its heading (not <body>), and the live region says what happened.
        const done = page.getByRole('dialog', { name: words.doneHeading });
        await done.waitFor();
        let f = await focused(page);
        // Give the outcome a moment to take focus (a string function can't run under the page's CSP).
        for (let i = 0; i < 20 && f.tag !== 'h2'; i++) {
          await page.waitForTimeout(100);
          f = await focused(page);
        }
        assert.equal(f.tag, 'h2', `focus is on the result heading, not ${f.tag}`);
        assert.equal(f.name, words.doneHeading);
        const live = done.locator('[role="status"][aria-live="polite"]', { hasText: words.outcome });
        await live.waitFor({ state: 'attached' });
        assert.equal((await live.textContent())?.trim(), words.outcome);
        await shot(page, `admin-keyboard-result-${words.locale}`);
      } finally {
        await context.close();
      }
    });
  }
});
