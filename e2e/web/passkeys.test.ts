// Browser tests of passkeys (issue 17) in Chromium's virtual authenticator (DevTools protocol,
// e2e/support/webauthn.ts): a real WebAuthn registration under My account > Security info, then
// a password reset at the portal proved with that passkey (Entra does not accept passkeys for
// self-service reset; Latchkey does), in English and in Dutch. The pages run on
// http://localhost:<port> (WebAuthn refuses an IP address as the relying party id).
// Needs `npm run build:web` first (the test script does that).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { NEW_PASSWORD, choosePassword, configureSspr, noPortal, shot, startReset, upn, usePortalSuite } from '../support/recover-portal.js';
import { PASSWORD, browserGate, switchLanguage } from '../support/web.js';
import { addVirtualAuthenticator, passkeyUrl } from '../support/webauthn.js';
import { call } from '../support/recover.js';

const en = {
  signIn: /^Sign in$/,
  userName: /^Email or username/,
  add: 'Add a passkey',
  nameLabel: 'Name this passkey',
  continue: 'Continue',
  added: (name: string) => `Passkey “${name}” added.`,
  userId: /^User ID/,
  next: 'Next',
  radio: 'Use a passkey',
  password: 'Choose a new password',
  reset: 'Reset password',
  done: 'Your password has been reset',
};
const nl = {
  signIn: /^Aanmelden$/,
  userName: /^E-mailadres of gebruikersnaam/,
  add: 'Passkey toevoegen',
  nameLabel: 'Geef deze passkey een naam',
  continue: 'Doorgaan',
  added: (name: string) => `Passkey ‘${name}’ toegevoegd.`,
  userId: /^Gebruikers-id/,
  next: 'Volgende',
  radio: 'Een passkey gebruiken',
  password: 'Een nieuw wachtwoord kiezen',
  reset: 'Wachtwoord opnieuw instellen',
  done: 'Uw wachtwoord is opnieuw ingesteld',
};

describe('passkeys in the browser', browserGate('passkeys'), () => {
  const suite = usePortalSuite();

  async function signInAt(page: Page, base: string, username: string, password: string, labels: typeof en) {
    await page.locator('input[autocomplete="username"], input[name="username"]').first().waitFor();
    await page.getByLabel(labels.userName).fill(username);
    await page.locator('input[autocomplete="current-password"]').fill(password);
    await page.getByRole('button', { name: labels.signIn }).click();
    await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
    assert.ok(page.url().startsWith(base));
  }

  test('an administrator turns Passkey on as a self-service reset method (off by default)', async (t) => {
    if (!suite.hasPortal) return t.skip(noPortal);
    await configureSspr(suite.server, suite.admin, { methods: { email: true }, methodsRequired: 1 });
    const base = passkeyUrl(suite.server.url);
    const { context, page } = await suite.newPage();
    try {
      await page.goto(`${base}/sign-in`);
      await signInAt(page, base, upn('global.admin'), PASSWORD, en);
      await page.goto(`${base}/admin/settings/self-service-password-reset`);
      const box = page.getByRole('checkbox', { name: 'Passkey' });
      assert.equal(await box.isChecked(), false);
      await box.check();
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      let saved = false;
      for (let i = 0; i < 50 && !saved; i++) {
        saved =
          (await call<{ methods: { passkey?: boolean } }>(suite.server, suite.admin, 'GET', '/settings/self-service-password-reset')).methods.passkey === true;
        if (!saved) await new Promise((r) => setTimeout(r, 100));
      }
      assert.ok(saved, 'the policy now offers passkeys at the portal');
    } finally {
      await context.close();
    }
  });

  for (const [language, labels] of [
    ['English', en],
    ['Dutch', nl],
  ] as const) {
    test(`${language}: register a passkey under Security info, then reset the password at the portal with it`, async (t) => {
      if (!suite.hasPortal) return t.skip(noPortal);
      await configureSspr(suite.server, suite.admin, { methods: { email: true, passkey: true }, methodsRequired: 1 });
      const name = language === 'English' ? 'isaiah.langer' : 'lidia.holloway';
      await suite.user(name, language === 'English' ? 'Isaiah Langer' : 'Lidia Holloway', language === 'English' ? 'en' : 'nl');
      const base = passkeyUrl(suite.server.url);
      const { context, page } = await suite.newPage();
      try {
        const authenticator = await addVirtualAuthenticator(page);
        await page.goto(`${base}/sign-in`);
        if (language === 'Dutch') await switchLanguage(page, 'Nederlands');
        await signInAt(page, base, upn(name), PASSWORD, labels);

        // Security info > Passkeys > Add a passkey: the browser's WebAuthn ceremony, answered by the virtual authenticator.
        await page.goto(`${base}/account/security-info`);
        const section = page.getByTestId('passkeys-section');
        await section.getByRole('button', { name: labels.add }).click();
        await page.getByLabel(labels.nameLabel).fill('Laptop');
        await page.getByRole('button', { name: labels.continue }).click();
        await section.getByText(labels.added('Laptop')).waitFor();
        await section.getByRole('cell', { name: 'Laptop', exact: true }).waitFor();
        const credentials = await authenticator.credentials();
        assert.equal(credentials.length, 1);
        assert.equal(credentials[0]!.isResidentCredential, true, 'a discoverable credential (a passkey)');
        assert.equal(credentials[0]!.rpId, 'localhost');
        await shot(page, `passkeys-added-${language}`);

        // The reset portal, in a fresh tab state (signed out): the passkey is the only method offered (R18).
        await context.clearCookies();
        await page.goto(`${base}/recover`);
        await startReset(page, upn(name), { userId: labels.userId, next: labels.next });
        const radios = page.getByRole('radio');
        assert.equal(await radios.count(), 1, 'an account with a passkey is offered the passkey only, never email alone');
        await page.getByRole('radio', { name: labels.radio }).waitFor();
        await shot(page, `passkeys-portal-${language}`);
        await page
          .getByTestId('method-panel')
          .getByRole('button', { name: labels.radio === en.radio ? 'Use a passkey' : 'Passkey gebruiken' })
          .click();
        await page.getByRole('heading', { level: 2, name: labels.password }).waitFor();
        assert.ok((await authenticator.credentials())[0]!.signCount >= 1, 'the authenticator signed an assertion');
        await choosePassword(page, NEW_PASSWORD, labels.reset);
        await page.getByRole('heading', { level: 2, name: labels.done }).waitFor();
        await shot(page, `passkeys-reset-done-${language}`);
        const signedIn = await suite.server.testApp.app.inject({
          method: 'POST',
          url: '/api/v1/auth/sign-in',
          payload: { username: upn(name), password: NEW_PASSWORD },
        });
        assert.equal(signedIn.statusCode, 200, signedIn.body);

        if (language === 'English') {
          // Removing it needs a fresh proof: the account has MFA now, so the password and the passkey (step-up dialog).
          await page.goto(`${base}/sign-in`);
          await signInAt(page, base, upn(name), NEW_PASSWORD, labels);
          await page.goto(`${base}/account/security-info`);
          await section.getByRole('button', { name: 'Remove passkey Laptop' }).click();
          await page.getByRole('dialog', { name: 'Remove this passkey?' }).getByRole('button', { name: 'Remove', exact: true }).click();
          const stepUp = page.getByRole('dialog', { name: 'Verify your identity' });
          await stepUp.waitFor().catch(async (err: unknown) => {
            await shot(page, 'passkeys-remove-failed');
            throw err;
          });
          await stepUp.locator('input[autocomplete="current-password"]').fill(NEW_PASSWORD);
          await stepUp.getByRole('button', { name: 'Verify', exact: true }).click();
          await section.getByText('Passkey “Laptop” removed.').waitFor();
          await section.getByText('You haven’t added a passkey yet.').waitFor();
          await shot(page, 'passkeys-removed-English');
        }
      } finally {
        await context.close();
      }
    });
  }
});
