// Browser tests of "Email the password to the following recipients" in the Reset password panel
// (issue 13, Microsoft 365 parity), in English and Dutch: the mail reaches a real SMTP sink with
// the one user's password; a refused address shows the server's localised problem and changes
// nothing; the browser's own checks come first. Needs `npm run build:web` first (the test script does that).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { startSmtpSink, type SmtpSink } from '../../src/server/testing/smtp-sink.js';
import { launchBrowser } from '../support/browser.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { apiSignIn, openActiveUsers, seedAdminUsers, select, upn } from '../support/admin-users.js';
import { PASSWORD, SHOTS, browserGate, signIn, switchLanguage, withPage } from '../support/web.js';

const SHOT_DIR = SHOTS;

describe('reset: email the password', browserGate('reset email result'), () => {
  let sink: SmtpSink;
  let server: TestServer;
  let browser: Browser;
  before(async () => {
    mkdirSync(SHOT_DIR, { recursive: true });
    sink = await startSmtpSink();
    server = await startTestServer({ config: { smtpUrl: sink.url } });
    browser = await launchBrowser();
    await seedAdminUsers(server);
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    await sink?.close();
  });

  const open = async (page: Page, names: string[], dutch = false) => {
    await signIn(page, server, upn('megan.bowen'), PASSWORD, { reload: true, landing: /\/account$/ });
    if (dutch) await switchLanguage(page, 'Nederlands');
    await openActiveUsers(page, server);
    await select(page, names);
    await page
      .getByRole('toolbar', { name: /^(User commands|Gebruikersopdrachten)$/ })
      .getByRole('button', { name: /^(Reset password|Wachtwoord opnieuw instellen)$/ })
      .click();
  };
  const mailsTo = (address: string, from: number) => sink.mails.slice(from).filter((m) => m.to.includes(address));

  test('English: the admin emails a generated password to themself and a colleague; each gets it once', async () => {
    await withPage(browser, 'reset-email-en', {}, async (page) => {
      await open(page, ['Adele Vance']);
      const panel = page.getByRole('dialog', { name: 'Reset password' });
      const group = panel.getByRole('group', { name: 'Email the password' });
      // Off by default.
      assert.equal(await group.getByRole('checkbox', { name: `Email the password to me (${upn('megan.bowen')})` }).isChecked(), false);
      assert.equal(await group.getByRole('checkbox', { name: 'Email the password to the following recipients' }).isChecked(), false);
      await group.getByRole('checkbox', { name: `Email the password to me (${upn('megan.bowen')})` }).check();
      await group.getByRole('checkbox', { name: 'Email the password to the following recipients' }).check();
      const box = group.getByRole('textbox', { name: 'Recipients' });
      // The browser's own check: the user's own address is refused before anything is sent.
      await box.fill(`${upn('miriam.graham')}; ${upn('adele.vance')}`);
      await panel.getByRole('button', { name: 'Reset password' }).click();
      await group.getByText(`${upn('adele.vance')} belongs to a user whose password you’re resetting.`).waitFor();
      await box.fill(`${upn('miriam.graham')}; Miriam.Graham@CONTOSO.example`);
      await page.screenshot({ path: `${SHOT_DIR}/web-reset-email-en.png` });
      const from = sink.mails.length;
      await panel.getByRole('button', { name: 'Reset password' }).click();
      const done = page.getByRole('dialog', { name: 'Password has been reset' });
      const password = ((await done.getByTestId('generated-password').first().textContent()) ?? '').trim();
      assert.ok(password.length >= 12, 'a generated password');
      await sink.waitFor(from + 3);
      for (const address of [upn('megan.bowen'), upn('miriam.graham')]) {
        const [mail, ...more] = mailsTo(address, from);
        assert.equal(more.length, 0, `${address}: once`);
        assert.equal(mail?.subject, `Contoso: new password for ${upn('adele.vance')}`);
        assert.ok(mail.text.includes(`Password: ${password}`), `${address}: the password`);
      }
      assert.ok(!mailsTo(upn('adele.vance'), from).some((m) => m.text.includes(password)), 'the user\u2019s own notice has no password');
    });
  });

  test('English: an address outside the verified domains is refused with the server\u2019s message; nothing changes', async () => {
    await withPage(browser, 'reset-email-refused-en', {}, async (page) => {
      await open(page, ['Alex Wilber']);
      const panel = page.getByRole('dialog', { name: 'Reset password' });
      await panel.getByRole('checkbox', { name: 'Email the password to the following recipients' }).check();
      await panel.getByRole('textbox', { name: 'Recipients' }).fill('boss@example.org');
      await panel.getByRole('button', { name: 'Reset password' }).click();
      const alert = panel.getByRole('alert');
      await alert.getByText('The password can’t be emailed to these recipients. Nothing was changed.').waitFor();
      await alert.getByText('The password can only be emailed to addresses in your organisation’s verified domains; example.org isn’t one of them.').waitFor();
      await page.screenshot({ path: `${SHOT_DIR}/web-reset-email-refused-en.png` });
      assert.equal((await apiSignIn(server, upn('alex.wilber'), PASSWORD)).status, 200, 'the password is unchanged');
    });
  });

  test('phone: the options fit at 390×844', async () => {
    await withPage(browser, 'reset-email-phone', {}, async (page) => {
      await open(page, ['Diego Siciliani']);
      await page.setViewportSize({ width: 390, height: 844 });
      const panel = page.getByRole('dialog', { name: 'Reset password' });
      await panel.getByRole('checkbox', { name: 'Email the password to the following recipients' }).check();
      const box = panel.getByRole('textbox', { name: 'Recipients' });
      await box.scrollIntoViewIfNeeded();
      const rect = await box.boundingBox();
      assert.ok(rect && rect.x >= 0 && rect.x + rect.width <= 390, 'the recipients box fits the screen');
      await page.waitForTimeout(350);
      await page.screenshot({ path: `${SHOT_DIR}/web-reset-email-phone.png` });
    });
  });
  test('Dutch: a bulk reset mails each user\u2019s password separately; a refused address is explained in Dutch', async () => {
    await withPage(browser, 'reset-email-nl', {}, async (page) => {
      await open(page, ['Lidia Holloway', 'Lynne Robbins'], true);
      const panel = page.getByRole('dialog', { name: 'Wachtwoorden opnieuw instellen' });
      const group = panel.getByRole('group', { name: 'Het wachtwoord e-mailen' });
      await group.getByRole('checkbox', { name: 'Het wachtwoord e-mailen naar de volgende ontvangers' }).check();
      const box = group.getByRole('textbox', { name: 'Ontvangers' });
      await box.fill('a@contoso.example; b@contoso.example; c@contoso.example; d@contoso.example; e@contoso.example; f@contoso.example');
      await panel.getByRole('button', { name: 'Wachtwoorden opnieuw instellen' }).click();
      await group.getByText('Voer maximaal 5 e-mailadressen in.').waitFor();
      await box.fill('cfo@fabrikam.example');
      await panel.getByRole('button', { name: 'Wachtwoorden opnieuw instellen' }).click();
      await panel.getByRole('alert').getByText('Het wachtwoord kan niet naar deze ontvangers worden ge-e-maild. Er is niets gewijzigd.').waitFor();
      await box.fill(upn('johanna.lorenz'));
      await group.getByText('Het wachtwoord van elke gebruiker wordt in een aparte e-mail verstuurd, met alleen de naam van die gebruiker.').waitFor();
      await page.screenshot({ path: `${SHOT_DIR}/web-reset-email-nl.png` });
      const from = sink.mails.length;
      await panel.getByRole('button', { name: 'Wachtwoorden opnieuw instellen' }).click();
      const done = page.getByRole('dialog', { name: 'Wachtwoorden zijn opnieuw ingesteld' });
      await done.getByTestId('generated-passwords').waitFor();
      await sink.waitFor(from + 4);
      const mails = mailsTo(upn('johanna.lorenz'), from);
      assert.deepEqual(mails.map((m) => m.subject).sort(), [
        `Contoso: new password for ${upn('lidia.holloway')}`,
        `Contoso: new password for ${upn('lynne.robbins')}`,
      ]);
      for (const mail of mails) {
        const passwordRow = done
          .getByTestId('generated-passwords')
          .getByRole('row')
          .filter({ hasText: mail.subject.split(' ').pop()! });
        const password = ((await passwordRow.getByTestId('generated-password').textContent()) ?? '').trim();
        assert.ok(mail.text.includes(`Password: ${password}`), 'that user\u2019s password');
        assert.ok(!/Lidia Holloway[\s\S]*Lynne Robbins|Lynne Robbins[\s\S]*Lidia Holloway/.test(mail.text), 'one user per mail');
      }
    });
  });
});
