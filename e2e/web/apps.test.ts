// Browser tests of Applications > App registrations (issue 15) against the real /api/v1/apps: a
// Global Administrator registers an app and sees its secret once (gone after a reload; the value
// matches the stored keyed hash), adds a secret (through step-up when the sign-in is stale) and
// deletes one, uploads a certificate (a private key is refused before anything is sent), grants
// admin consent, and the pages work in Dutch; a User Administrator is refused; axe on every page.
// Needs `npm run build:web` first (the test script does that).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { clientSecretMatches } from '../../src/server/features/apps/secrets.js';
import { appTab, mainNav, makeCertificate, storedApp, storedSecrets } from '../support/apps.js';
import { expectNoAxeViolations } from '../support/axe.js';
import { PASSWORD, SHOTS, browserGate, fullShot, seedUsers, suitePages, useBrowserSuite } from '../support/web.js';

const GA = 'megan.bowen@contoso.example';
const UA = 'alex.wilber@contoso.example';
/** A Global Administrator whose profile says Dutch. */
const GA_NL = 'lidia.holloway@contoso.example';
const APP = 'Payroll sync';

describe('App registrations in the admin centre', browserGate('apps', 'App registrations pages'), () => {
  const suite = useBrowserSuite(async (server) => {
    await seedUsers(server, [
      { userPrincipalName: GA, displayName: 'Megan Bowen', roles: ['global-administrator'] },
      { userPrincipalName: UA, displayName: 'Alex Wilber', roles: ['user-administrator'] },
      { userPrincipalName: GA_NL, displayName: 'Lidia Holloway', roles: ['global-administrator'], preferredLanguage: 'nl' },
    ]);
  });
  const pages = suitePages(suite, { timeout: 15_000 }, { landing: /\/account$/ });
  const shot = (page: Page, name: string) => fullShot(page, `${SHOTS}/web-${name}.png`);
  const serverSecret = () => suite.server.testApp.config.secret!;
  let appId = '';

  test('a Global Administrator registers an app: client id, tenant id and the secret shown once; after a reload only its hint', async () => {
    await pages.withPage('apps-create', async (page) => {
      await pages.signIn(page, GA);
      await mainNav(page).getByRole('link', { name: 'App registrations' }).click();
      await page.waitForURL(/\/admin\/apps$/);
      await page.getByRole('heading', { level: 1, name: 'App registrations' }).waitFor();
      await page.getByText('No apps are registered yet.', { exact: false }).waitFor();
      await expectNoAxeViolations(page, 'App registrations (empty)');

      await page.getByRole('button', { name: 'New registration' }).click();
      const panel = page.getByTestId('new-app-panel');
      await panel.getByRole('heading', { name: 'Register an application' }).waitFor();
      // Nothing typed: the name is asked for, nothing is sent.
      await panel.getByRole('button', { name: 'Register' }).click();
      await panel.getByText('Enter a name for the app.').waitFor();
      await panel.getByRole('textbox', { name: /^Name/ }).fill(APP);
      await panel.getByRole('checkbox', { name: 'User.ReadWrite.All' }).check();
      await panel.getByRole('checkbox', { name: 'AuditLog.Read.All' }).check();
      await panel.getByRole('textbox', { name: 'Redirect URIs' }).fill('http://example.com/callback');
      await panel.getByRole('button', { name: 'Register' }).click();
      await panel.getByText("http://example.com/callback isn't a valid redirect URI", { exact: false }).waitFor();
      await panel.getByRole('textbox', { name: 'Redirect URIs' }).fill('https://payroll.contoso.example/callback');
      await expectNoAxeViolations(page, 'New registration');
      await shot(page, 'apps-new');
      await panel.getByRole('button', { name: 'Register' }).click();

      await panel.getByRole('heading', { name: 'App registered' }).waitFor();
      await panel.getByText('Copy the secret value now').waitFor();
      const secret = (await panel.getByTestId('created-secret').textContent())!.trim();
      const clientId = (await panel.getByTestId('created-client-id').textContent())!.trim();
      const tenantId = (await panel.getByTestId('created-tenant-id').textContent())!.trim();
      const row = await storedApp(suite.server, APP);
      assert.ok(row, 'the app is stored');
      appId = row.id;
      assert.equal(clientId, row.client_id);
      assert.equal(tenantId, (await suite.server.testApp.db.db.selectFrom('organization').select('id').executeTakeFirstOrThrow()).id);
      const [stored] = await storedSecrets(suite.server, appId);
      assert.ok(stored && clientSecretMatches(serverSecret(), secret, stored.secret_hash), 'the secret shown is the one stored as a hash');
      assert.equal(stored.shown_prefix, secret.slice(0, 3));
      await panel.getByRole('button', { name: 'Copy Client secret value' }).click();
      await panel.getByText('Copied', { exact: true }).first().waitFor();
      await expectNoAxeViolations(page, 'App registered');
      await shot(page, 'apps-created');

      await panel.getByRole('link', { name: `Go to ${APP}` }).click();
      await page.waitForURL(new RegExp(`/admin/apps/${appId}$`));
      await page.getByRole('heading', { level: 1, name: APP }).waitFor();
      await page.getByTestId('overview-client-id').getByText(clientId).waitFor();
      await page.getByTestId('overview-token-endpoint').getByText(`${suite.server.url}/${tenantId}/oauth2/v2.0/token`).waitFor();
      await expectNoAxeViolations(page, 'App overview');
      await shot(page, 'apps-overview');

      // Shown once: a reload (and the secrets list) shows the hint, never the value.
      await page.goto(`${suite.server.url}/admin/apps/${appId}?tab=credentials`);
      const secrets = page.getByTestId('secrets-table');
      await secrets.getByText(`${secret.slice(0, 3)}********`).waitFor();
      assert.equal(await page.getByText(secret).count(), 0, 'the value is gone after a reload');
      assert.ok(!(await page.content()).includes(secret), 'nowhere in the page');
    });
  });

  test('Certificates & secrets: add a secret (through step-up once the sign-in is stale), delete one, upload a certificate', async () => {
    await pages.withPage('apps-secrets', async (page) => {
      await pages.signIn(page, GA);
      suite.server.testApp.clock.advance(suite.server.testApp.config.stepUpMaxAgeSeconds * 1000 + 1000);
      await page.goto(`${suite.server.url}/admin/apps/${appId}`);
      await appTab(page, 'Certificates & secrets').click();
      await page.getByRole('button', { name: 'New client secret' }).click();
      const form = page.getByRole('form', { name: 'New client secret' });
      await form.getByRole('textbox', { name: 'Description' }).fill('Nightly job');
      await form.getByRole('combobox', { name: 'Expires' }).click();
      await page.getByRole('option', { name: '90 days (3 months)' }).click();
      await form.getByRole('button', { name: 'Add' }).click();
      const verify = page.getByRole('dialog', { name: 'Verify your identity' });
      await verify.waitFor();
      await verify.locator('input[autocomplete="current-password"]').fill(PASSWORD);
      await verify.getByRole('button', { name: 'Verify' }).click();
      await verify.waitFor({ state: 'detached' });
      const value = (await page.getByTestId('created-secret').textContent())!.trim();
      const rows = page.getByTestId('secret-row');
      await rows.filter({ hasText: 'Nightly job' }).waitFor();
      const secrets = await storedSecrets(suite.server, appId);
      assert.equal(secrets.length, 2);
      const nightly = secrets.find((s) => s.display_name === 'Nightly job')!;
      assert.ok(clientSecretMatches(serverSecret(), value, nightly.secret_hash));
      const days = (new Date(nightly.expires_at).getTime() - new Date(nightly.created_at).getTime()) / 86_400_000;
      assert.equal(Math.round(days), 90);
      await expectNoAxeViolations(page, 'Certificates & secrets, secret added');
      await shot(page, 'apps-secret-added');

      // Delete the first secret, with a confirmation.
      const first = rows.filter({ hasNotText: 'Nightly job' });
      await first.getByRole('button', { name: /^Delete the secret / }).click();
      const confirm = page.getByRole('alertdialog', { name: 'Delete this client secret?' });
      await expectNoAxeViolations(page, 'Delete a secret');
      await confirm.getByRole('button', { name: 'Delete' }).click();
      await confirm.waitFor({ state: 'detached' });
      await first.waitFor({ state: 'detached' });
      assert.deepEqual(
        (await storedSecrets(suite.server, appId)).map((s) => s.display_name),
        ['Nightly job'],
      );

      // A certificate: a private key is refused here, before anything is sent; the certificate itself is listed with its thumbprint.
      const cert = makeCertificate('payroll-sync');
      await page.getByRole('button', { name: 'Upload certificate' }).click();
      const upload = page.getByRole('form', { name: 'Upload certificate' });
      await upload.getByRole('textbox', { name: 'Description' }).fill('Payroll signing');
      await upload.getByRole('textbox', { name: 'Certificate (PEM)' }).fill(`${cert.privateKeyPem}\n${cert.pem}`);
      let sent = 0;
      page.on('request', (r) => void (r.url().includes('/certificates') && r.method() === 'POST' && sent++));
      await upload.getByRole('button', { name: 'Add' }).click();
      await upload.getByText('This contains a private key.', { exact: false }).waitFor();
      assert.equal(sent, 0, 'nothing sent');
      await upload.getByRole('textbox', { name: 'Certificate (PEM)' }).fill(cert.pem);
      await upload.getByRole('button', { name: 'Add' }).click();
      await page.getByTestId('certificate-row').getByText(cert.thumbprint).waitFor();
      assert.equal(sent, 1);
      await expectNoAxeViolations(page, 'Certificates & secrets, certificate uploaded');
      await shot(page, 'apps-credentials');
    });
  });

  test('API permissions: grant admin consent for the organisation, with a confirmation; a changed set clears it', async () => {
    await pages.withPage('apps-consent', async (page) => {
      await pages.signIn(page, GA);
      await page.goto(`${suite.server.url}/admin/apps/${appId}?tab=permissions`);
      await page.getByTestId('consent-status').getByText("Admin consent hasn't been granted", { exact: false }).waitFor();
      await page.getByRole('table', { name: 'Configured permissions' }).getByText('Not granted for Contoso').first().waitFor();
      await page.getByRole('button', { name: 'Grant admin consent for Contoso' }).click();
      const confirm = page.getByRole('alertdialog', { name: 'Grant admin consent for Contoso?' });
      await confirm.getByText(`${APP} gets every permission listed here`, { exact: false }).waitFor();
      await expectNoAxeViolations(page, 'Grant admin consent');
      await confirm.getByRole('button', { name: 'Yes' }).click();
      await confirm.waitFor({ state: 'detached' });
      await page.getByTestId('consent-status').getByText('Admin consent granted on', { exact: false }).waitFor();
      await page.getByRole('table', { name: 'Configured permissions' }).getByText('Granted for Contoso').first().waitFor();
      assert.ok((await storedApp(suite.server, APP))?.consented_at, 'consent stored');
      await expectNoAxeViolations(page, 'API permissions, granted');
      await shot(page, 'apps-permissions');

      // The list shows it too.
      await mainNav(page).getByRole('link', { name: 'App registrations' }).click();
      const row = page.getByTestId('app-row').filter({ hasText: APP });
      await row.getByText('Granted').waitFor();
      await expectNoAxeViolations(page, 'App registrations (one app)');
      await shot(page, 'apps-list');

      // Edit the set: consent is cleared (docs/apps.md).
      await row.getByRole('link', { name: APP }).click();
      await appTab(page, 'API permissions').click();
      await page.getByRole('button', { name: 'Edit permissions' }).click();
      await page.getByRole('checkbox', { name: 'Directory.Read.All' }).check();
      await page.getByRole('button', { name: 'Save' }).click();
      await page.getByTestId('consent-status').getByText("Admin consent hasn't been granted", { exact: false }).waitFor();
      assert.equal((await storedApp(suite.server, APP))?.consented_at, null);

      // Roles and Authentication render; axe on both.
      await appTab(page, 'Roles').click();
      await page.getByTestId('app-role').getByText('This app holds no directory role.').waitFor();
      await expectNoAxeViolations(page, 'Roles');
      // Give the app a directory role (the role matrix then applies to it as to a Helpdesk Administrator).
      await page.getByRole('combobox', { name: 'Directory role' }).click();
      await page.getByRole('option', { name: 'Helpdesk Administrator' }).click();
      await page.getByRole('button', { name: 'Save' }).click();
      await page.getByTestId('app-role').getByText('This app holds the Helpdesk Administrator role.').waitFor();
      assert.equal((await storedApp(suite.server, APP))?.directory_role, 'helpdesk-administrator');
      await shot(page, 'apps-roles');
      await appTab(page, 'Authentication').click();
      await page.getByRole('textbox', { name: 'Redirect URIs' }).waitFor();
      await expectNoAxeViolations(page, 'Authentication');
      await shot(page, 'apps-authentication');

      // On a phone (390×844) the app page's sections don't push the page sideways.
      await page.setViewportSize({ width: 390, height: 844 });
      for (const tab of ['overview', 'credentials', 'permissions']) {
        await page.goto(`${suite.server.url}/admin/apps/${appId}?tab=${tab}`);
        await page.getByRole('tabpanel').waitFor();
        const overflow = await page.evaluate<number>(
          "Math.max(document.documentElement.scrollWidth - document.documentElement.clientWidth, (() => { const m = document.querySelector('#main'); return m ? m.scrollWidth - m.clientWidth : 0; })())",
        );
        assert.ok(overflow <= 1, `${tab}: ${overflow}px sideways`);
      }
      await shot(page, 'apps-phone');
    });
  });

  test('in Dutch: the list, the app page and its sections', async () => {
    await pages.withPage('apps-nl', async (page) => {
      await pages.signIn(page, GA_NL);
      await mainNav(page).getByRole('link', { name: 'App-registraties' }).click();
      await page.getByRole('heading', { level: 1, name: 'App-registraties' }).waitFor();
      await page.getByRole('button', { name: 'Nieuwe registratie' }).waitFor();
      await page.getByRole('columnheader', { name: 'Toestemming van beheerder' }).waitFor();
      await expectNoAxeViolations(page, 'App-registraties');
      await shot(page, 'apps-list-nl');
      await page.getByRole('link', { name: APP }).click();
      await appTab(page, 'Overzicht').waitFor();
      await page.getByText('Toepassings-id (client)').waitFor();
      await shot(page, 'apps-overview-nl');
      await appTab(page, 'API-machtigingen').click();
      await page.getByRole('button', { name: 'Toestemming van beheerder verlenen voor Contoso' }).waitFor();
      await page.getByRole('table', { name: 'Geconfigureerde machtigingen' }).getByText('Niet verleend voor Contoso').first().waitFor();
      await expectNoAxeViolations(page, 'API-machtigingen');
      await shot(page, 'apps-permissions-nl');
      await appTab(page, 'Certificaten en geheimen').click();
      await page.getByRole('button', { name: 'Nieuw clientgeheim' }).waitFor();
      await page.getByTestId('secret-row').getByText('Geldig').first().waitFor();
      await shot(page, 'apps-credentials-nl');
      await appTab(page, 'Rollen').click();
      await page.getByText('Deze app heeft de rol Helpdeskbeheerder.').waitFor();
      await shot(page, 'apps-roles-nl');
      await appTab(page, 'Verificatie').click();
      await page.getByRole('switch', { name: 'Openbare clientstromen toestaan' }).waitFor();
      await shot(page, 'apps-authentication-nl');
      await page.getByRole('button', { name: 'Verwijderen' }).click();
      await page.getByRole('alertdialog', { name: `${APP} verwijderen?` }).waitFor();
      await expectNoAxeViolations(page, 'App verwijderen');
      await shot(page, 'apps-delete-nl');
      await page.getByRole('alertdialog').getByRole('button', { name: 'Annuleren' }).click();
      await page.getByRole('alertdialog').waitFor({ state: 'detached' });
      // A server error in Dutch: an app that isn't there.
      await page.goto(`${suite.server.url}/admin/apps/00000000-0000-0000-0000-000000000000`);
      await page.getByRole('alert').waitFor();
      await page.getByRole('link', { name: 'Terug naar App-registraties' }).waitFor();
      await shot(page, 'apps-not-found-nl');
    });
  });

  test('delete an app with a confirmation naming it', async () => {
    await pages.withPage('apps-delete', async (page) => {
      await pages.signIn(page, GA);
      await page.goto(`${suite.server.url}/admin/apps/${appId}`);
      await page.getByRole('toolbar', { name: 'App commands' }).getByRole('button', { name: 'Delete' }).click();
      const confirm = page.getByRole('alertdialog', { name: `Delete ${APP}?` });
      await confirm.getByRole('button', { name: 'Delete' }).click();
      await page.waitForURL(/\/admin\/apps$/);
      await page.getByText('No apps are registered yet.', { exact: false }).waitFor();
      assert.equal(await storedApp(suite.server, APP), undefined);
      assert.deepEqual(await storedSecrets(suite.server, appId), []);
    });
  });

  test('a User Administrator has no App registrations and is refused the page', async () => {
    await pages.withPage('apps-refused', async (page) => {
      await pages.signIn(page, UA);
      await mainNav(page).getByRole('link', { name: 'Active users' }).waitFor();
      assert.equal(await mainNav(page).getByRole('link', { name: 'App registrations' }).count(), 0, 'not in the navigation');
      await page.goto(`${suite.server.url}/admin/apps`);
      await page.getByRole('heading', { level: 1, name: "You don't have access" }).waitFor();
      const status = await page.evaluate<number>("fetch('/api/v1/apps').then((r) => r.status)");
      assert.equal(status, 403, 'the API refuses too');
      await shot(page, 'apps-refused');
    });
  });
});
