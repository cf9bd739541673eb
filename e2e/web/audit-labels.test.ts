// Issue 13 item 3 and "Initials": the audit log names every event and initiator, in English and
// Dutch (no raw `x.y` codes, no bare `cli` or `system`); the mail log names its templates; the top
// bar's avatar of "Anne van der Heijden" shows AH. Needs `npm run build:web` first (the test script
// does that).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { createSecondFactorReset } from '../../src/server/features/mfa/reset.js';
import type { TestServer } from '../support/server.js';
import { browserGate, fullShot, seedUsers, switchLanguage, suitePages, useBrowserSuite } from '../support/web.js';

const SHOTS = '/tmp/shots/h2';
const ANNE = 'anne.vanderheijden@contoso.test';
const CHLOE = 'chloe.vanwijk@contoso.test';

/** Events of several kinds: an admin's actions through the API, the CLI's MFA reset, and one by Latchkey itself. */
async function seed(server: TestServer): Promise<void> {
  const ids = await seedUsers(server, [
    { userPrincipalName: ANNE, displayName: 'Anne van der Heijden', roles: ['global-administrator'] },
    { userPrincipalName: CHLOE, displayName: 'Chloë van Wijk' },
  ]);
  const app = server.testApp;
  const admin = await app.signIn(ANNE, 'Latchkey-Test-Passw0rd!');
  const post = async (url: string, payload?: object) => {
    const res = await app.app.inject({ method: 'POST', url, headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf }, ...(payload ? { payload } : {}) });
    assert.ok(res.statusCode < 300, `${url}: ${res.statusCode} ${res.body}`);
  };
  const chloe = ids[CHLOE]!;
  await post(`/api/v1/users/${chloe}/reset-password`, { autoGenerate: true });
  await post(`/api/v1/users/${chloe}/unlock`);
  await post(`/api/v1/users/${chloe}/revoke-sessions`);
  await post(`/api/v1/users/${chloe}/require-password-change`);
  // `latchkey mfa reset` runs this with the CLI as its actor (src/cli/commands/reset-mfa.ts).
  const user = await app.repos.users.findById(chloe);
  await createSecondFactorReset({ repos: app.repos, transact: app.transact, clock: app.clock })(
    user!,
    { id: null, name: 'cli' },
    {
      ipAddress: null,
      userAgent: null,
      correlationId: null,
    },
  );
  // Latchkey itself: a bulk job's passwords expiring (as job-access.ts writes it).
  await app.repos.audit.append(
    { action: 'password_reset_job.passwords_expired', outcome: 'success', actorId: null, actorName: 'system', details: { job: 'j-1', passwords: 2 } },
    app.clock.now(),
  );
}

/** Every cell of a grid, as text. */
async function cells(page: Page, grid: string): Promise<string[]> {
  const table = page.getByRole('grid', { name: grid });
  await table.getByRole('row').nth(1).waitFor();
  return (await table.getByRole('gridcell').allInnerTexts()).map((s) => s.trim());
}

const RAW_CODE = /^[a-z_]+\.[a-z_]+$|^(cli|system)$|^[a-z]+(-[a-z]+)+$/;

describe('audit log, mail log and avatars in words', browserGate('audit labels', 'audit log, mail log, initials'), () => {
  const suite = useBrowserSuite(seed);
  const { withPage, signIn } = suitePages(suite, { height: 800 }, { landing: /\/account$/ });

  test('the avatar of Anne van der Heijden shows AH; the audit log and the mail log show names, in English and Dutch', async () => {
    mkdirSync(SHOTS, { recursive: true });
    await withPage('audit-labels', async (page) => {
      await page.setViewportSize({ width: 1280, height: 800 });
      await signIn(page, ANNE);
      await page.getByRole('button', { name: 'Account manager for Anne van der Heijden' }).waitFor();
      // The initials as drawn: TopBar draws them with CSS (::before from data-initials), so the button's name holds all its visible text.
      const drawn = await page
        .getByRole('button', { name: 'Account manager for Anne van der Heijden' })
        .locator('[data-initials]')
        .evaluate((el) => getComputedStyle(el, '::before').content.replace(/^"|"$/g, ''));
      assert.equal(drawn, 'AH');

      await page.goto(`${suite.server.url}/admin/reports/audit`);
      await page.getByRole('heading', { level: 1, name: 'Audit log' }).waitFor();
      let texts = await cells(page, 'Audit log');
      for (const label of [
        'Reset password (by admin)',
        'Unlock account',
        'Revoke all sessions',
        'Require password change',
        'Require re-register multifactor authentication',
        'Bulk reset passwords expired',
        'Command line (CLI)',
        'Latchkey (system)',
      ])
        assert.ok(texts.includes(label), `the log shows "${label}": ${texts.join(' | ')}`);
      assert.deepEqual(
        texts.filter((t) => RAW_CODE.test(t)),
        [],
        'no raw code in any cell',
      );
      await fullShot(page, `${SHOTS}/audit-log-en-desktop.png`);

      // The details panel names the initiator too.
      await page.getByRole('grid', { name: 'Audit log' }).getByRole('row').filter({ hasText: 'Command line (CLI)' }).first().getByRole('button').click();
      const details = page.getByTestId('audit-details');
      await details.getByText('Command line (CLI)').waitFor();
      await details.getByText('Require re-register multifactor authentication').first().waitFor();
      await fullShot(page, `${SHOTS}/audit-details-en.png`);
      await page.keyboard.press('Escape');

      await switchLanguage(page, 'Nederlands');
      await page.getByRole('heading', { level: 1, name: 'Auditlogboek' }).waitFor();
      texts = await cells(page, 'Auditlogboek');
      for (const label of [
        'Wachtwoord opnieuw instellen (door beheerder)',
        'Account ontgrendelen',
        'Alle sessies intrekken',
        'Opnieuw registreren voor meervoudige verificatie vereisen',
        'Wachtwoorden van bulktaak verlopen',
        'Opdrachtregel (CLI)',
        'Latchkey (systeem)',
      ])
        assert.ok(texts.includes(label), `het logboek toont "${label}": ${texts.join(' | ')}`);
      assert.deepEqual(
        texts.filter((t) => RAW_CODE.test(t)),
        [],
      );
      await fullShot(page, `${SHOTS}/audit-log-nl-desktop.png`);
      await page.setViewportSize({ width: 390, height: 844 });
      await fullShot(page, `${SHOTS}/audit-log-nl-phone.png`);
      await page.setViewportSize({ width: 1280, height: 800 });

      // The mail log: the admin-reset notice to Chloë, by name.
      await page.goto(`${suite.server.url}/admin/settings/mail`);
      texts = await cells(page, 'Afleveringslogboek');
      assert.ok(
        texts.some((t) => t.includes('Wachtwoord opnieuw ingesteld door een beheerder')),
        texts.join(' | '),
      );
      assert.ok(!texts.some((t) => t.includes('password-reset-by-admin')), 'no template id');
      await fullShot(page, `${SHOTS}/mail-log-nl.png`);
      await switchLanguage(page, 'English');
      texts = await cells(page, 'Delivery log');
      assert.ok(
        texts.some((t) => t.includes('Password reset by an administrator')),
        texts.join(' | '),
      );
      assert.ok(!texts.some((t) => t.includes('password-reset-by-admin')), 'no template id');
      await fullShot(page, `${SHOTS}/mail-log-en-desktop.png`);
      await page.setViewportSize({ width: 390, height: 844 });
      await fullShot(page, `${SHOTS}/mail-log-en-phone.png`);
    });
  });
});
