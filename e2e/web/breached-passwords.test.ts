// Browser tests of the breached-password check (issue 17; checklist P5): Settings > Password
// protection shows the source in use and saves the check's settings, and the change-password page's
// live checklist says "Not found in known data breaches", in English and Dutch. The list is imported
// from a file into the test server's database, so nothing leaves the machine.
// Needs `npm run build:web` first (the test script does that).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sha1Hex } from '../../src/server/features/policy/breached/check.js';
import { importBreachedFile } from '../../src/server/features/policy/breached/import.js';
import { browserGate, shot, suitePages, switchLanguage, useBrowserSuite } from '../support/web.js';
import { seedPasswordUsers } from '../support/password.js';

/** Passes every other rule of the default policy; in the imported list. */
const BREACHED = 'Kestrel-Velvet-2931!';
const CLEAN = 'Marigold-Tundra-8462?';

describe('breached passwords', browserGate('breached-password', 'password protection source and settings, live check'), () => {
  const suite = useBrowserSuite(async (server) => {
    await seedPasswordUsers(server);
    const dir = mkdtempSync(path.join(tmpdir(), 'latchkey-breached-web-'));
    try {
      const file = path.join(dir, 'pwned.txt');
      writeFileSync(file, `${sha1Hex(BREACHED)}:4\r\n${sha1Hex('another')}:1\r\n`);
      await importBreachedFile(server.testApp.repos.breachedPasswords, file);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  const { newPage, signIn } = suitePages(suite);

  test('the admin centre names the imported list and saves the threshold and outage setting (English, Dutch)', async () => {
    const { context, page } = await newPage();
    try {
      await signIn(page, 'irvin.sayers@contoso.test');
      await page.waitForURL(/\/account$/);
      await page.goto(`${suite.server.url}/admin/settings/password-protection`);
      await page.getByRole('heading', { level: 2, name: 'Breached passwords' }).waitFor();
      const source = page.getByTestId('breached-source');
      await source.getByText(/^Source: the imported list, 2 hashes from pwned\.txt, imported /).waitFor();
      assert.equal(await source.getAttribute('data-mode'), 'offline');
      assert.equal(await page.getByRole('switch', { name: 'Refuse passwords found in known data breaches' }).isChecked(), true);
      const threshold = page.getByRole('spinbutton', { name: 'Times seen before a password is refused' });
      assert.equal(await threshold.inputValue(), '1');
      assert.equal(await page.getByRole('radio', { name: /Allow the password \(fail open\)/ }).isChecked(), true);
      await shot(page, 'breached-passwords');

      await threshold.fill('5');
      await page.getByRole('radio', { name: /Refuse the password \(fail closed\)/ }).check();
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      await page.getByText('Your changes have been saved.').waitFor();
      const saved = await suite.server.testApp.app.inject({ method: 'GET', url: '/api/v1/settings/breached-passwords' });
      assert.equal(saved.statusCode, 401, 'the API needs a session');
      await page.reload();
      await page.getByRole('heading', { level: 2, name: 'Breached passwords' }).waitFor();
      assert.equal(await threshold.inputValue(), '5');
      assert.equal(await page.getByRole('radio', { name: /Refuse the password \(fail closed\)/ }).isChecked(), true);

      await switchLanguage(page, 'Nederlands');
      await page.getByRole('heading', { level: 2, name: 'Gelekte wachtwoorden' }).waitFor();
      await source.getByText(/^Bron: de geïmporteerde lijst, 2 hashes uit pwned\.txt, geïmporteerd op /).waitFor();
      await page.getByRole('radio', { name: /Het wachtwoord weigeren \(fail closed\)/ }).waitFor();
      await shot(page, 'breached-passwords-nl');

      // Back to the defaults for the next test.
      await page.getByRole('spinbutton', { name: 'Aantal keer gezien voordat een wachtwoord wordt geweigerd' }).fill('1');
      await page.getByRole('radio', { name: /Het wachtwoord toestaan \(fail open\)/ }).check();
      await page.getByRole('button', { name: 'Opslaan', exact: true }).click();
      await page.getByText('Uw wijzigingen zijn opgeslagen.').waitFor();
      await switchLanguage(page, 'English');
    } finally {
      await context.close();
    }
  });

  test('the change-password page checks the new password against known breaches as it is typed (English, Dutch)', async () => {
    const { context, page } = await newPage();
    try {
      await signIn(page, 'alex.wilber@contoso.test');
      await page.waitForURL(/\/account$/);
      await page.goto(`${suite.server.url}/account/password`);
      await page.getByRole('heading', { level: 1, name: 'Change password' }).waitFor();
      // By its autocomplete, not its label: the label changes with the language.
      const next = page.locator('input[autocomplete="new-password"]').first();
      const item = page.locator('li[data-rule="breached"]');

      await next.fill(BREACHED);
      await item.getByText('Not found in known data breaches').waitFor();
      assert.equal(await item.getAttribute('data-state'), 'found');
      await page.getByText('This password has appeared in a known data breach, so attackers try it first. Choose a different one.').waitFor();
      await page
        .getByTestId('password-strength')
        .getByText(/^Strength: (Very weak|Weak)$/)
        .waitFor();
      await shot(page, 'breached-live-found');

      await next.fill(CLEAN);
      await page.locator('li[data-rule="breached"][data-state="clean"]').waitFor();
      assert.equal(await item.getAttribute('data-met'), 'true');

      await switchLanguage(page, 'Nederlands');
      await next.fill(BREACHED);
      await page.locator('li[data-rule="breached"][data-state="found"]').getByText('Niet gevonden in bekende datalekken').waitFor();
      await page.getByText(/Dit wachtwoord komt voor in een bekend datalek/).waitFor();
      await shot(page, 'breached-live-found-nl');
      await switchLanguage(page, 'English');
    } finally {
      await context.close();
    }
  });
});
