// Browser tests of step-up (issue 17): a sensitive action with a stale sign-in answers 403
// auth.step_up_required, the web app opens "Verify your identity" over the page, and after the
// password (and the authenticator code when the account has MFA) the action goes through, in
// English and Dutch, by keyboard. Needs `npm run build:web` first (the test script does that).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { totpCode } from '../../src/server/features/verification/methods.js';
import { registerAuthenticator, signIn as apiSignIn } from '../support/recover.js';
import { apiSession, startAdding, updateSsprSettings } from '../support/security-info.js';
import { PASSWORD, browserGate, seedUsers, shot, suitePages, useBrowserSuite } from '../support/web.js';

describe('step-up: "Verify your identity"', browserGate('step-up'), () => {
  const ids: Record<string, string> = {};
  let secret = '';
  const suite = useBrowserSuite(async (server) => {
    Object.assign(
      ids,
      await seedUsers(server, [
        { userPrincipalName: 'nestor.wilke@contoso.test', displayName: 'Nestor Wilke', roles: ['global-administrator'] },
        { userPrincipalName: 'pradeep.gupta@contoso.test', displayName: 'Pradeep Gupta' },
        { userPrincipalName: 'lidia.holloway@contoso.test', displayName: 'Lidia Holloway', preferredLanguage: 'nl' },
      ]),
    );
    await updateSsprSettings(server, await apiSession(server, 'nestor.wilke@contoso.test', PASSWORD), {
      enabledFor: 'all',
      methods: { email: true, mobilePhone: true, officePhone: true, authenticatorApp: true, securityQuestions: true },
      methodsRequired: 1,
      requireRegistration: false,
    });
    // Lidia has an authenticator app: her step-up asks for a code too.
    secret = await registerAuthenticator(server, await apiSignIn(server, 'lidia.holloway@contoso.test', PASSWORD), PASSWORD);
  });
  const pages = suitePages(suite, {}, { landing: /\/account$/ });
  const windowMs = () => suite.server.testApp.config.stepUpMaxAgeSeconds * 1000;
  const pending = async (userId: string) =>
    (await suite.server.testApp.db.db.selectFrom('method_verification').select('id').where('user_id', '=', userId).where('used_at', 'is', null).execute())
      .length;
  const focusedType = (page: Page) => page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.type ?? null);

  test('in English: a stale sign-in asks for the password (keyboard only); a wrong one is refused, the right one retries the action', async () => {
    await pages.withPage('step-up-en', async (page) => {
      await pages.signIn(page, 'pradeep.gupta@contoso.test');
      suite.server.testApp.clock.advance(windowMs() + 1000);
      await page.goto(`${suite.server.url}/account/security-info`);
      const add = await startAdding(page, /^Email/);
      await add.getByLabel('Email address').fill('pradeep.home@example.net');
      await add.getByRole('button', { name: 'Send code' }).click();

      const verify = page.getByRole('dialog', { name: 'Verify your identity' });
      await verify.getByText('For your security, this action needs a fresh sign-in. Enter your password to continue.').waitFor();
      assert.equal(await focusedType(page), 'password', 'the password field has focus');
      assert.equal(await verify.getByLabel('Code').count(), 0, 'no MFA on this account: the password alone');
      await shot(page, 'step-up-en');
      await page.keyboard.type('Not-My-Password-1!');
      await page.keyboard.press('Enter');
      await verify.getByText("That password or code isn't right. Try again.").waitFor();
      assert.equal(await pending(ids['pradeep.gupta@contoso.test']!), 0, 'nothing sent');
      await page.keyboard.type(PASSWORD);
      await page.keyboard.press('Enter');
      await verify.waitFor({ state: 'detached' });
      await add.getByText(/We've sent a code to pradeep\.home@example\.net/).waitFor();
      assert.equal(await pending(ids['pradeep.gupta@contoso.test']!), 1, 'the request was sent again, once');

      // Escape cancels: the action's own dialog says why it did not go through.
      await add.getByRole('button', { name: 'Cancel' }).click();
      suite.server.testApp.clock.advance(windowMs() + 1000);
      const again = await startAdding(page, /^Email/);
      await again.getByLabel('Email address').fill('pradeep.other@example.net');
      await again.getByRole('button', { name: 'Send code' }).click();
      await verify.waitFor();
      await page.keyboard.press('Escape');
      await verify.waitFor({ state: 'detached' });
      await again.getByText('Verify your identity to continue: this action needs a fresh sign-in proof.').waitFor();
    });
  });

  test('in Dutch, with an authenticator app: the password and a code', async () => {
    await pages.withPage(
      'step-up-nl',
      async (page) => {
        // Signed in with the password alone: the session has no MFA proof yet, so the first sensitive action asks for the app.
        await pages.signIn(page, 'lidia.holloway@contoso.test');
        await page.goto(`${suite.server.url}/account/security-info`);
        const add = await startAdding(page, /^E-mail/, /^Aanmeldingsmethode toevoegen$/, /^Volgende$/);
        await add.getByLabel('E-mailadres').fill('lidia.thuis@example.net');
        await add.getByRole('button', { name: 'Code verzenden' }).click();

        const verify = page.getByRole('dialog', { name: 'Uw identiteit bevestigen' });
        await verify.getByText(/bevestig daarna met uw tweede methode/).waitFor();
        assert.equal(await focusedType(page), 'password');
        const password = verify.locator('input[autocomplete="current-password"]');
        assert.equal(await password.getAttribute('id'), await page.evaluate(() => document.activeElement?.id ?? null), 'the password field has focus');
        await password.fill(PASSWORD);
        await verify.getByRole('button', { name: 'Bevestigen' }).click();
        await verify.getByText('Voer de code uit uw authenticator-app in.').waitFor();
        const code = verify.getByLabel('Code');
        assert.equal(await code.getAttribute('autocomplete'), 'one-time-code');
        assert.equal(await code.getAttribute('inputmode'), 'numeric');
        await shot(page, 'step-up-nl-mfa');
        const next = totpCode(secret, new Date(suite.server.testApp.clock.now().getTime() + 30_000));
        await code.fill(next === '000000' ? '111111' : '000000');
        await verify.getByRole('button', { name: 'Bevestigen' }).click();
        await verify.getByText('Dat wachtwoord of die code is niet juist. Probeer het opnieuw.').waitFor();
        assert.equal(await pending(ids['lidia.holloway@contoso.test']!), 0, 'nothing sent');
        await password.fill(PASSWORD);
        await code.fill(next);
        await code.press('Enter');
        await verify.waitFor({ state: 'detached' });
        await add.getByText(/We hebben een code van 8 cijfers naar lidia\.thuis@example\.net gestuurd/).waitFor();
        const [event] = await suite.server.testApp.repos.audit.list({ action: 'user.step_up', outcome: 'success', limit: 1 });
        assert.equal(event?.details.method, 'authenticatorApp');
      },
      { locale: 'nl-NL' },
    );
  });
});
