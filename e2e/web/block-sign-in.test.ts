// Browser tests of Microsoft 365 parity in Users > Active users (issue 13): the user count above
// the list (plurals, and the count of what a search shows), and Block sign-in / Unblock sign-in in
// the user panel: the confirmation, the result, the status in the panel and the refreshed grid, the
// blocked user signed out everywhere (PATCH accountEnabled revokes the sessions) and the role
// matrix's refusal in the admin's words, in English and Dutch.
// Needs `npm run build:web` first (the test script does that).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { apiSignIn, openActiveUsers, seedAdminUsers, shot, upn } from '../support/admin-users.js';
import { PASSWORD, browserGate, newPage, seedUsers, signIn, useBrowserSuite } from '../support/web.js';
import type { BrowserSuite } from '../support/web.js';

interface Words {
  locale: string;
  admin: string;
  target: string;
  users: (n: number) => string;
  search: string;
  block: string;
  blockTitle: string;
  blockBody: string;
  confirm: string;
  blocked: string;
  badge: string;
  unblock: string;
  unblockTitle: string;
  unblockConfirm: string;
  unblocked: string;
  refused: string;
}

const en: Words = {
  locale: 'en-GB',
  admin: 'miriam.graham',
  target: 'Adele Vance',
  users: (n) => (n === 1 ? '1 user' : `${n} users`),
  search: 'Search active users list',
  block: 'Block sign-in',
  blockTitle: 'Block sign-in for Adele Vance?',
  blockBody: `Adele Vance (${upn('adele.vance')}) will be signed out everywhere and can’t sign in until you unblock sign-in.`,
  confirm: 'Block sign-in',
  blocked: 'Sign-in is blocked for Adele Vance, who has been signed out everywhere.',
  badge: 'Sign-in blocked',
  unblock: 'Unblock sign-in',
  unblockTitle: 'Unblock sign-in for Adele Vance?',
  unblockConfirm: 'Unblock sign-in',
  unblocked: 'Adele Vance can sign in again.',
  refused: 'Your admin role doesn’t let you block or unblock sign-in for this user.',
};

const nl: Words = {
  locale: 'nl-NL',
  admin: 'femke.dekker',
  target: 'Alex Wilber',
  users: (n) => (n === 1 ? '1 gebruiker' : `${n} gebruikers`),
  search: 'Lijst met actieve gebruikers doorzoeken',
  block: 'Aanmelden blokkeren',
  blockTitle: 'Aanmelden blokkeren voor Alex Wilber?',
  blockBody: `Alex Wilber (${upn('alex.wilber')}) wordt op alle apparaten afgemeld en kan zich pas weer aanmelden als u de blokkering opheft.`,
  confirm: 'Aanmelden blokkeren',
  blocked: 'Aanmelden is geblokkeerd voor Alex Wilber. De gebruiker is op alle apparaten afgemeld.',
  badge: 'Aanmelden geblokkeerd',
  unblock: 'Blokkering van aanmelden opheffen',
  unblockTitle: 'Blokkering van aanmelden opheffen voor Alex Wilber?',
  unblockConfirm: 'Blokkering opheffen',
  unblocked: 'Alex Wilber kan zich weer aanmelden.',
  refused: 'Met uw beheerdersrol kunt u het aanmelden van deze gebruiker niet blokkeren of de blokkering opheffen.',
};

/** Opens a user's panel from the grid. */
async function openUser(page: Page, name: string) {
  await page.getByRole('grid').getByRole('button', { name, exact: true }).click();
  const panel = page.getByRole('dialog', { name: new RegExp(name) });
  await panel.getByRole('toolbar').waitFor();
  return panel;
}

/** The target, signed in in a browser of their own: after a block, their next page goes to sign-in. */
async function signedInElsewhere(suite: BrowserSuite, username: string) {
  const other = await newPage(suite.browser);
  await signIn(other.page, suite.server, username, PASSWORD, { landing: /\/account$/ });
  return other;
}

describe('block sign-in and the user count', browserGate('block sign-in', 'user count, block and unblock, refusal, Dutch'), () => {
  const suite = useBrowserSuite(async (server) => {
    await seedAdminUsers(server);
    // A Dutch User Administrator: may block ordinary users, not a Global Administrator (Entra's matrix).
    await seedUsers(server, [{ userPrincipalName: upn('femke.dekker'), displayName: 'Femke Dekker', roles: ['user-administrator'], preferredLanguage: 'nl' }]);
  });

  for (const words of [en, nl]) {
    test(`${words.locale}: the user count, Block sign-in with a confirmation, the status, Unblock, and a refusal in words`, async () => {
      const { context, page } = await newPage(suite.browser, { locale: words.locale });
      const target = upn(words.target.toLowerCase().replace(' ', '.'));
      const elsewhere = await signedInElsewhere(suite, target);
      try {
        await signIn(page, suite.server, upn(words.admin), PASSWORD, { landing: /\/account$/ });
        await openActiveUsers(page, suite.server);

        // The count of the users the list shows, as the admin centre; a search counts what it finds.
        const all = (await (await page.request.get(`${suite.server.url}/api/v1/users?limit=200`)).json()) as { items: unknown[] };
        const total = page.getByTestId('users-total');
        await total.getByText(words.users(all.items.length), { exact: true }).waitFor();
        await page
          .getByRole('searchbox', { name: words.search })
          .or(page.getByRole('textbox', { name: words.search }))
          .fill(words.target);
        await total.getByText(words.users(1), { exact: true }).waitFor();
        await page.screenshot({ path: `test-results/web-users-count-${words.locale}.png` });
        await page
          .getByRole('searchbox', { name: words.search })
          .or(page.getByRole('textbox', { name: words.search }))
          .fill('');
        await total.getByText(words.users(all.items.length), { exact: true }).waitFor();

        // Block: a confirmation that says what happens, then the result, the status and Unblock.
        let panel = await openUser(page, words.target);
        await panel.getByRole('toolbar').getByRole('button', { name: words.block }).click();
        const confirm = page.getByRole('alertdialog', { name: words.blockTitle });
        await confirm.getByText(words.blockBody).waitFor();
        await shot(page, `block-sign-in-confirm-${words.locale}`);
        await confirm.getByRole('button', { name: words.confirm }).click();
        await confirm.waitFor({ state: 'detached' });
        await panel.getByRole('status').getByText(words.blocked).waitFor();
        await panel.getByText(words.badge, { exact: true }).waitFor();
        await panel.getByRole('toolbar').getByRole('button', { name: words.unblock }).waitFor();
        await shot(page, `block-sign-in-done-${words.locale}`);

        // Signed out everywhere, and no new sign-in.
        await elsewhere.page.reload();
        await elsewhere.page.waitForURL(/\/sign-in/);
        assert.notEqual((await apiSignIn(suite.server, target, PASSWORD)).status, 200, 'a blocked user cannot sign in');

        // The grid behind the panel has been read again: the row shows the status.
        await panel
          .getByRole('button', { name: /^(Close|Sluiten)$/ })
          .first()
          .click();
        await panel.waitFor({ state: 'detached' });
        await page.getByRole('grid').getByRole('row').filter({ hasText: words.target }).getByText(words.badge, { exact: true }).waitFor();

        // Unblock.
        panel = await openUser(page, words.target);
        await panel.getByRole('toolbar').getByRole('button', { name: words.unblock }).click();
        const unblock = page.getByRole('alertdialog', { name: words.unblockTitle });
        await unblock.getByRole('button', { name: words.unblockConfirm }).click();
        await panel.getByRole('status').getByText(words.unblocked).waitFor();
        assert.equal((await apiSignIn(suite.server, target, PASSWORD)).status, 200, 'sign-in works again');
        await panel
          .getByRole('button', { name: /^(Close|Sluiten)$/ })
          .first()
          .click();
        await panel.waitFor({ state: 'detached' });
      } finally {
        await elsewhere.context.close();
        await context.close();
      }
    });
  }

  test('nl-NL: a User Administrator may not block a Global Administrator: the refusal in Dutch, nothing changed', async () => {
    const { context, page } = await newPage(suite.browser, { locale: nl.locale });
    try {
      await signIn(page, suite.server, upn(nl.admin), PASSWORD, { landing: /\/account$/ });
      await openActiveUsers(page, suite.server);
      const panel = await openUser(page, 'Miriam Graham');
      await panel.getByRole('toolbar').getByRole('button', { name: nl.block }).click();
      const confirm = page.getByRole('alertdialog', { name: 'Aanmelden blokkeren voor Miriam Graham?' });
      await confirm.getByRole('button', { name: nl.confirm }).click();
      await confirm.getByRole('alert').getByText(nl.refused).waitFor();
      await shot(page, 'block-sign-in-refused-nl');
      await confirm.getByRole('button', { name: 'Annuleren' }).click();
      assert.equal((await apiSignIn(suite.server, upn('miriam.graham'), PASSWORD)).status, 200, 'the Global Administrator can still sign in');
    } finally {
      await context.close();
    }
  });
});
