// Browser tests of My account > Security info: registering each method through the UI (codes from
// the dev mailbox, the authenticator code from the key shown on the page), deleting, in English
// and Dutch. Right after sign-in nothing asks for the password again; a stale sign-in opens
// "Verify your identity" first (issue 17, e2e/web/step-up.test.ts). The registration interrupt after sign-in is in
// security-info-interrupt.test.ts. Needs `npm run build:web` first (the test script does that).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { totpCode } from '../../src/server/features/verification/methods.js';
import { devMailboxCode, useSecurityInfoSuite, startAdding } from '../support/security-info.js';
import { browserGate, shot, switchLanguage } from '../support/web.js';

describe('security info and the registration interrupt', browserGate('security info'), () => {
  const { suite, ids, signIn, withPage } = useSecurityInfoSuite();

  test('a user registers email, mobile phone, office phone and the authenticator app, and deletes one', async () => {
    await withPage('register-methods', 'en-GB', async (page) => {
      await signIn(page, 'adele.vance@contoso.test');
      // Too few methods: the interrupt comes first, and Next leads to Security info.
      await page.getByRole('heading', { level: 1, name: 'More information required' }).waitFor();
      await page.getByRole('button', { name: 'Next' }).click();
      await page.waitForURL(/\/account\/security-info$/);
      await page.getByRole('heading', { level: 1, name: 'Security info' }).waitFor();
      await page.getByTestId('security-info-status').getByText('Add 2 more methods to be able to reset your password yourself.').waitFor();
      assert.ok(await page.locator('#app-nav').getByRole('link', { name: 'Security info' }).isVisible(), 'Security info is in the account navigation');
      await shot(page, 'security-info-empty');

      // Email: the address (the sign-in is fresh: no password again), then the code from the dev mailbox.
      await page.getByRole('button', { name: 'Add sign-in method' }).click();
      let dialog = page.getByRole('dialog');
      await dialog.getByRole('heading', { name: 'Add a sign-in method' }).waitFor();
      await shot(page, 'security-info-add-choose');
      await dialog.getByRole('radio', { name: /^Email/ }).check();
      await dialog.getByRole('button', { name: 'Next' }).click();
      await dialog.getByLabel('Email address').fill('adele.private@example.net');
      assert.equal(await dialog.getByLabel('Current password').count(), 0, 'no per-request password any more');
      let since = new Date();
      await dialog.getByRole('button', { name: 'Send code' }).click();
      await dialog.getByText(/We've sent a code to adele\.private@example\.net\. Enter the 8 digits/).waitFor();
      const codeBox = dialog.getByLabel('8-digit code');
      assert.equal(await codeBox.getAttribute('inputmode'), 'numeric');
      assert.equal(await codeBox.getAttribute('autocomplete'), 'one-time-code');
      const emailCode = await devMailboxCode(suite.server, 'adele.private@example.net', since);
      await codeBox.fill(emailCode === '00000000' ? '11111111' : '00000000');
      await dialog.getByRole('button', { name: 'Verify' }).click();
      await dialog.locator('[aria-invalid="true"]').first().waitFor();
      await shot(page, 'security-info-add-code');
      await codeBox.fill(emailCode);
      await dialog.getByRole('button', { name: 'Verify' }).click();
      await dialog.waitFor({ state: 'detached' });
      await page.getByText('Email was added to your security info.').waitFor();
      const table = page.getByRole('table', { name: 'Your methods' });
      await table.getByRole('row').filter({ hasText: 'adele.private@example.net' }).waitFor();
      await page.getByTestId('security-info-status').getByText('Add 1 more method to be able to reset your password yourself.').waitFor();

      // Mobile phone: a text message, which the dev SMS provider keeps in the dev mailbox.
      dialog = await startAdding(page, /^Mobile phone/);
      await dialog.getByText('Start with + and the country code, for example +31 6 12345678.').waitFor();
      await dialog.getByLabel('Phone number').fill('+31 6 12345678');
      since = new Date();
      await dialog.getByRole('button', { name: 'Send code' }).click();
      await dialog.getByText(/We've sent a text message/).waitFor();
      await dialog.getByLabel('8-digit code').fill(await devMailboxCode(suite.server, '+31612345678', since));
      await dialog.getByRole('button', { name: 'Verify' }).click();
      await dialog.waitFor({ state: 'detached' });
      await table.getByRole('row').filter({ hasText: 'Mobile phone' }).filter({ hasText: '+31612345678' }).waitFor();
      await page.getByTestId('security-info-status').getByText('You can reset your password yourself.').waitFor();

      // Office phone: a voice call.
      dialog = await startAdding(page, /^Office phone/);
      await dialog.getByLabel('Phone number').fill('+31 20 123 4567');
      since = new Date();
      await dialog.getByRole('button', { name: 'Call me' }).click();
      await dialog.getByText(/We're calling/).waitFor();
      await dialog.getByLabel('8-digit code').fill(await devMailboxCode(suite.server, '+31201234567', since));
      await dialog.getByRole('button', { name: 'Verify' }).click();
      await dialog.waitFor({ state: 'detached' });
      await table.getByRole('row').filter({ hasText: 'Office phone' }).filter({ hasText: '+31201234567' }).waitFor();

      // Authenticator app: the QR code is an <img> of the server's SVG; the code comes from the key shown.
      dialog = await startAdding(page, /^Authenticator app/);
      const [started] = await Promise.all([
        page.waitForResponse((r) => r.url().endsWith('/api/v1/me/methods/authenticator-app')),
        dialog.getByRole('button', { name: 'Next' }).click(),
      ]);
      const { qrCodeSvg } = (await started.json()) as { qrCodeSvg: string };
      const qr = dialog.getByRole('img', { name: 'QR code to add this account to an authenticator app' });
      await qr.waitFor();
      assert.match((await qr.getAttribute('src')) ?? '', /^data:image\/svg\+xml;base64,/);
      const markup = await page.evaluate(() => document.body.innerHTML);
      assert.ok(!markup.includes(qrCodeSvg.slice(0, 200)) && !markup.includes(qrCodeSvg.slice(-200)), "the server's SVG is never put into the page as markup");
      assert.ok(await qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0), 'the QR code image loads');
      const secret = ((await dialog.getByTestId('authenticator-secret').textContent()) ?? '').replace(/\s+/g, '');
      assert.match(secret, /^[A-Z2-7]{16,}$/);
      await shot(page, 'security-info-add-app');
      const appCode = dialog.getByLabel('6-digit code');
      assert.equal(await appCode.getAttribute('autocomplete'), 'one-time-code');
      await appCode.fill(totpCode(secret, new Date()));
      await dialog.getByRole('button', { name: 'Verify' }).click();
      await dialog.waitFor({ state: 'detached' });
      await table.getByRole('row').filter({ hasText: 'Authenticator app' }).waitFor();
      assert.equal(await page.getByRole('button', { name: 'Add sign-in method' }).isDisabled(), false, 'security questions can still be added');
      await shot(page, 'security-info');

      // Deleting asks to confirm; Cancel deletes nothing.
      await page.getByRole('button', { name: 'Delete Office phone' }).click();
      const confirm = page.getByRole('alertdialog', { name: 'Delete Office phone?' });
      await confirm.getByText(/\+31201234567 will no longer be used/).waitFor();
      await shot(page, 'security-info-delete');
      await confirm.getByRole('button', { name: 'Cancel' }).click();
      await confirm.waitFor({ state: 'detached' });
      const kinds = async () => (await suite.server.testApp.repos.securityInfo.methods(ids['adele.vance@contoso.test']!)).map((m) => m.kind).sort();
      assert.deepEqual(await kinds(), ['authenticatorApp', 'email', 'mobilePhone', 'officePhone'], 'nothing deleted on Cancel');
      await page.getByRole('button', { name: 'Delete Office phone' }).click();
      await confirm.getByRole('button', { name: 'Delete' }).click();
      await confirm.waitFor({ state: 'detached' });
      await page.getByText('Office phone was deleted from your security info.').waitFor();
      await table.getByRole('row').filter({ hasText: '+31201234567' }).waitFor({ state: 'detached' });
      assert.deepEqual(await kinds(), ['authenticatorApp', 'email', 'mobilePhone']);

      await switchLanguage(page, 'Nederlands');
      await page.getByRole('heading', { level: 1, name: 'Beveiligingsgegevens' }).waitFor();
      await page.getByText('Telefoon op kantoor is verwijderd uit uw beveiligingsgegevens.').waitFor();
      await page.getByRole('table', { name: 'Uw methoden' }).getByText('Mobiele telefoon').waitFor();
      await page.getByTestId('security-info-status').getByText('U kunt uw wachtwoord zelf opnieuw instellen.').waitFor();
      await shot(page, 'security-info-nl');
      await switchLanguage(page, 'English');
    });
  });

  test('in Dutch, a user answers security questions and adds an email address', async () => {
    await withPage('questions-nl', 'nl-NL', async (page) => {
      await signIn(page, 'lynne.robbins@contoso.test');
      await page.getByRole('heading', { level: 1, name: 'Meer informatie vereist' }).waitFor();
      await shot(page, 'security-info-interrupt-nl');
      await page.getByRole('button', { name: 'Volgende' }).click();
      await page.getByRole('heading', { level: 1, name: 'Beveiligingsgegevens' }).waitFor();
      await page.getByText('Voeg nog 2 methoden toe om uw wachtwoord zelf opnieuw te kunnen instellen.').waitFor();

      const dialog = await startAdding(page, /^Beveiligingsvragen/);
      await dialog.getByRole('heading', { name: 'Beveiligingsvragen' }).waitFor();
      await dialog.getByText('Kies 3 verschillende vragen en beantwoord ze.', { exact: false }).waitFor();
      const answers = ['Haarlem', 'Rakker', 'Doe Maar'];
      for (let i = 0; i < 3; i++) {
        await dialog.getByRole('combobox', { name: `Beveiligingsvraag ${i + 1}` }).click();
        const listbox = page.getByRole('listbox');
        await listbox.waitFor();
        // The questions chosen in other rows are disabled; take the first free one.
        await listbox.locator('[role="option"]:not([aria-disabled="true"])').first().click();
        await listbox.waitFor({ state: 'detached' });
        await dialog.getByLabel(`Antwoord ${i + 1}`).fill(answers[i]!);
      }
      // The same answer twice is refused before anything is sent.
      await dialog.getByLabel('Antwoord 3').fill('haarlem');
      await dialog.getByRole('button', { name: 'Opslaan' }).click();
      await dialog.getByText('Geef op elke vraag een ander antwoord.').waitFor();
      await dialog.getByLabel('Antwoord 3').fill(answers[2]!);
      // The server refuses the user's own name as an answer; its message goes to that answer.
      await dialog.getByLabel('Antwoord 2').fill('Lynne Robbins');
      await dialog.getByRole('button', { name: 'Opslaan' }).click();
      await dialog.getByText('Gebruik uw naam of gebruikersnaam niet als antwoord.').waitFor();
      assert.match((await dialog.getByLabel('Antwoord 2').getAttribute('aria-invalid')) ?? '', /true/);
      assert.equal(await dialog.getByLabel('Antwoord 1').getAttribute('aria-invalid'), null);
      await shot(page, 'security-info-questions-nl');
      await dialog.getByLabel('Antwoord 2').fill(answers[1]!);
      await dialog.getByRole('button', { name: 'Opslaan' }).click();
      await dialog.waitFor({ state: 'detached' });
      const table = page.getByRole('table', { name: 'Uw methoden' });
      await page.getByText('Uw beveiligingsvragen en antwoorden zijn opgeslagen.').waitFor();
      await table.getByRole('row').filter({ hasText: 'Beveiligingsvragen' }).filter({ hasText: '3 vragen beantwoord' }).waitFor();
      assert.equal((await suite.server.testApp.repos.securityInfo.answers(ids['lynne.robbins@contoso.test']!)).length, 3);

      const email = await startAdding(page, /^E-mail/);
      await email.getByLabel('E-mailadres').fill('lynne@example.org');
      const since = new Date();
      await email.getByRole('button', { name: 'Code verzenden' }).click();
      await email.getByText(/We hebben een code van 8 cijfers naar lynne@example\.org gestuurd/).waitFor();
      await shot(page, 'security-info-add-code-nl');
      await email.getByLabel('Code van 8 cijfers').fill(await devMailboxCode(suite.server, 'lynne@example.org', since));
      await email.getByRole('button', { name: 'Verifiëren' }).click();
      await email.waitFor({ state: 'detached' });
      await page.getByText('E-mail is toegevoegd aan uw beveiligingsgegevens.').waitFor();
      await page.getByText('U kunt uw wachtwoord zelf opnieuw instellen.').waitFor();
      await shot(page, 'security-info-registered-nl');
    });
  });
});
