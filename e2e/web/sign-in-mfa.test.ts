// Browser tests of sign-in MFA (issue 17; checklist A2): a fresh install's first admin registers an
// authenticator app at first sign-in, the code step with "Don't ask again", and passkeys (Chromium's
// virtual authenticator) as second factor and for passwordless sign-in, in English and Dutch.
// Needs `npm run build:web` first (the test script does that).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { totpCode } from '../../src/server/features/verification/methods.js';
import { launchBrowser } from '../support/browser.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { addVirtualAuthenticator, passkeyUrl } from '../support/webauthn.js';
import { browserGate, PASSWORD, SHOTS, shot, signIn, signOut, switchLanguage, withPage } from '../support/web.js';

/** Registers a passkey for the signed-in user through the API with the browser's real ceremony (navigator.credentials.create). */
async function registerPasskey(page: Page): Promise<void> {
  const status = await page.evaluate(`(async () => {
    const csrf = decodeURIComponent((document.cookie.split('; ').find((c) => c.startsWith('latchkey_csrf=')) || '').slice(14));
    const headers = { 'content-type': 'application/json', 'x-csrf-token': csrf };
    const b64u = (s) => Uint8Array.from(atob(s.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (s.length % 4)) % 4)), (c) => c.charCodeAt(0));
    const enc = (buf) => btoa(String.fromCharCode(...new Uint8Array(buf))).replace(/\\+/g, '-').replace(/\\//g, '_').replace(/=+$/, '');
    const opts = await (await fetch('/api/v1/me/security-info/passkeys/options', { method: 'POST', headers: { 'x-csrf-token': csrf } })).json();
    if (!opts.challenge) return JSON.stringify(opts);
    const publicKey = { ...opts, challenge: b64u(opts.challenge), user: { ...opts.user, id: b64u(opts.user.id) },
      excludeCredentials: (opts.excludeCredentials || []).map((c) => ({ ...c, id: b64u(c.id) })) };
    const cred = await navigator.credentials.create({ publicKey });
    const response = { id: cred.id, rawId: enc(cred.rawId), type: cred.type, clientExtensionResults: cred.getClientExtensionResults(),
      response: { clientDataJSON: enc(cred.response.clientDataJSON), attestationObject: enc(cred.response.attestationObject),
        transports: cred.response.getTransports ? cred.response.getTransports() : [] } };
    if (cred.authenticatorAttachment) response.authenticatorAttachment = cred.authenticatorAttachment;
    const res = await fetch('/api/v1/me/security-info/passkeys', { method: 'POST', headers, body: JSON.stringify({ name: 'Laptop', response }) });
    return res.status === 201 ? 201 : await res.text();
  })()`);
  assert.equal(status, 201, `the passkey is registered: ${String(status)}`);
}

describe('sign-in MFA', browserGate('sign-in MFA'), () => {
  let server: TestServer;
  let browser: Browser;
  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    // The product's defaults: administrators must use MFA (no test opt-out here).
    server = await startTestServer({ mfa: 'product-defaults' });
    browser = await launchBrowser();
    await server.createUser({ userPrincipalName: 'first.admin@contoso.test', displayName: 'First Admin', password: PASSWORD, roles: ['global-administrator'] });
    await server.createUser({ userPrincipalName: 'sleutel@contoso.test', displayName: 'Sanne Sleutel', password: PASSWORD, preferredLanguage: 'nl' });
    await server.createUser({ userPrincipalName: 'reset.target@contoso.test', displayName: 'Reset Target', password: PASSWORD });
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  test('a fresh install\'s first admin must register an authenticator app, then signs in with its code; "don\'t ask again" skips it', async () => {
    await withPage(browser, 'mfa-first-admin', {}, async (page) => {
      await signIn(page, server, 'first.admin@contoso.test');
      await page.getByRole('heading', { level: 1, name: 'More information required' }).waitFor();
      // Nothing else is reachable before MFA.
      await page.goto(`${server.url}/admin/users`);
      await page.waitForURL(/\/sign-in\/mfa/);
      await page.getByRole('button', { name: 'Set up authenticator app' }).click();
      const secret = (await page.getByTestId('authenticator-secret').textContent())!.replace(/\s/g, '');
      await shot(page, 'sign-in-mfa-register');
      await page.getByLabel('Code from your authenticator app').fill(totpCode(secret, new Date()));
      await page.getByRole('button', { name: 'Verify' }).click();
      await page.waitForURL(/\/account$/);

      // The admin centre's MFA policy page (fresh password and MFA: the save needs no step-up dialog).
      await page.goto(`${server.url}/admin/settings/multifactor`);
      await page.getByRole('heading', { level: 1, name: 'Multifactor authentication' }).waitFor();
      assert.ok(await page.getByRole('radio', { name: 'Required for every administrator role (recommended)' }).isChecked(), 'the default');
      await page.getByRole('spinbutton', { name: 'Remember MFA on trusted devices (days)' }).fill('7');
      await page.getByRole('button', { name: 'Save' }).click();
      await page.getByText('Your changes have been saved.').waitFor();
      await shot(page, 'sign-in-mfa-policy');
      const saved = await server.testApp.repos.settings.get('multifactor');
      assert.equal((saved?.value as { rememberDeviceDays: number }).rememberDeviceDays, 7, 'saved through the page');
      await switchLanguage(page, 'Nederlands');
      await page.getByRole('heading', { level: 1, name: 'Meervoudige verificatie' }).waitFor();
      await switchLanguage(page, 'English');
      await page.getByRole('heading', { level: 1, name: 'Multifactor authentication' }).waitFor();
      await signOut(page);

      // Remembering devices is on now: the next sign-in asks for the code and offers it.
      await signIn(page, server, 'first.admin@contoso.test');
      await page.getByRole('heading', { level: 1, name: 'Verify your identity' }).waitFor();
      await page.getByLabel("Don't ask again on this device for 7 days").check();
      // The registration used this time step's code: the next step's (accepted within ±1 step) is fresh.
      await page.getByLabel('Code from your authenticator app').fill(totpCode(secret, new Date(Date.now() + 30_000)));
      await shot(page, 'sign-in-mfa-code');
      await page.getByRole('button', { name: 'Verify' }).click();
      await page.waitForURL(/\/account$/);
      await signOut(page);
      await signIn(page, server, 'first.admin@contoso.test', PASSWORD, { landing: /\/account$/ });

      // The reset dialog offers Graph's forceChangePasswordNextSignInWithMfa for one user.
      await page.goto(`${server.url}/admin/users`);
      const grid = page.getByRole('grid', { name: 'Active users' });
      await grid.getByRole('button', { name: 'Reset Target' }).click();
      await page
        .getByRole('dialog', { name: /Reset Target/ })
        .getByRole('toolbar', { name: 'User actions' })
        .getByRole('button', { name: 'Reset password' })
        .click();
      const panel = page.getByRole('dialog', { name: 'Reset password' });
      await panel.getByRole('checkbox', { name: /^Require MFA before the change/ }).waitFor();
      await panel.getByRole('checkbox', { name: 'Require this user to change their password when they first sign in' }).uncheck();
      assert.equal(await panel.getByRole('checkbox', { name: /^Require MFA before the change/ }).count(), 0, 'only with a forced change');
    });
  });

  test('a passkey as second factor and for passwordless sign-in (Dutch, virtual authenticator)', async () => {
    const site = { ...server, url: passkeyUrl(server.url) };
    await withPage(browser, 'mfa-passkey', { locale: 'nl-NL' }, async (page) => {
      await addVirtualAuthenticator(page);
      // No second factor yet and not an admin: a password is enough; then a passkey is registered.
      await signIn(page, site, 'sleutel@contoso.test', PASSWORD, { landing: /\/account$/ });
      await registerPasskey(page);
      await signOut(page);

      // Now the account has MFA: the passkey is asked for after the password.
      await signIn(page, site, 'sleutel@contoso.test');
      await page.getByRole('heading', { level: 1, name: 'Uw identiteit bevestigen' }).waitFor();
      await shot(page, 'sign-in-mfa-passkey-nl');
      await page.getByRole('button', { name: 'Een passkey gebruiken' }).click();
      await page.waitForURL(/\/account$/);
      await signOut(page);

      // Passwordless: the passkey alone.
      await page.goto(`${site.url}/sign-in`);
      await page.getByRole('button', { name: 'Aanmelden met een passkey' }).click();
      await page.waitForURL(/\/account$/);
      const log = await server.testApp.repos.signIns.list({ limit: 20 });
      assert.ok(
        log.some((e) => e.reason === 'passwordless' && e.result === 'success'),
        'the log says how they signed in',
      );
    });
  });
});
