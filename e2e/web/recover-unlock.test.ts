// Browser tests of "unlock without resetting" at the reset portal (/recover; issue 14, Entra
// reference §7.10): a directory user locked in a real slapd proves an email code, chooses
// "Unlock my account (keep my password)" and sees the success page, in English and in Dutch; the
// old password binds to slapd afterwards. Needs `npm run build:web` first (the test script does that).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../support/browser.js';
import { configureSspr, registerCodeMethod, signIn as apiSignIn, watchMailbox, type Session } from '../support/recover.js';
import { enterCode, openPortal, shot, startReset, upn } from '../support/recover-portal.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { PASSWORD, browserGate, newPage, signIn, switchLanguage } from '../support/web.js';
import { slapdSkip, startSlapd, type Slapd } from '../../src/server/testing/slapd.js';

const OLD = 'Copper-Lantern-Meadow-42!';

const gate = browserGate('reset portal unlock');
describe('reset portal: unlock without resetting (directory users)', { skip: gate.skip || slapdSkip() }, () => {
  let server: TestServer;
  let browser: Browser;
  let slapd: Slapd;
  let admin: Session;
  before(async () => {
    slapd = await startSlapd({ users: ['ulrike', 'udo'].map((uid) => ({ uid, password: OLD, mail: `${uid}@contoso.example` })) });
    server = await startTestServer({ config: { ...slapd.config() } });
    browser = await launchBrowser();
    await server.createUser({ userPrincipalName: upn('global.admin'), displayName: 'Global Admin', password: PASSWORD, roles: ['global-administrator'] });
    admin = await apiSignIn(server, upn('global.admin'), PASSWORD);
    await configureSspr(server, admin, {
      enabledFor: 'all',
      methods: { email: true, mobilePhone: false, authenticatorApp: false },
      methodsRequired: 1,
      allowUnlockWithoutReset: true,
    });
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    await slapd?.close();
  });

  /** A directory user for slapd's `uid` with an alternate email (registered while local, then made a directory user as a sync would), locked in slapd. */
  async function lockedDirectoryUser(uid: string, language: 'en' | 'nl') {
    const { id } = await server.createUser({ userPrincipalName: upn(uid), displayName: uid, password: PASSWORD, preferredLanguage: language });
    const email = `${uid}.private@fabrikam.example`;
    await registerCodeMethod(server, await apiSignIn(server, upn(uid), PASSWORD), PASSWORD, 'email', email);
    const dn = slapd.userDn(uid);
    await server.testApp.db.db
      .updateTable('app_user')
      .set({ on_premises_dn: dn, on_premises_immutable_id: dn, on_premises_sam: uid, on_premises_sam_key: uid, password_hash: null })
      .where('id', '=', id)
      .execute();
    for (let i = 0; i < 5; i++) await slapd.bindAs(dn, `Straight-Wrong-${i}`);
    assert.equal(await slapd.bindAs(dn, OLD), false, 'locked in slapd');
    return { email, dn };
  }

  async function proveEmail(page: Page, email: string, labels: { send: string; verify: string }) {
    const mailbox = await watchMailbox(server, email);
    await page.getByRole('button', { name: labels.send }).click();
    await page.locator('input[autocomplete="one-time-code"]').waitFor();
    await enterCode(page, await mailbox.code(), labels.verify);
  }

  test('English: after the proof, "Unlock my account (keep my password)" unlocks in the directory and shows the success page', async () => {
    const user = await lockedDirectoryUser('ulrike', 'en');
    const { context, page } = await newPage(browser, { timeout: 15_000 });
    try {
      await openPortal(page, server);
      await startReset(page, upn('ulrike'));
      assert.equal(await page.getByText('Unlock my account (keep my password)').count(), 0, 'no choice before the proofs');
      await proveEmail(page, user.email, { send: 'Send email', verify: 'Verify' });
      await page.getByRole('heading', { level: 2, name: 'What would you like to do?' }).waitFor();
      assert.equal(await page.getByRole('radio', { name: /^Reset my password/ }).isChecked(), true, 'reset is preselected');
      await shot(page, 'unlock-1-choice-en');
      await page.getByRole('radio', { name: /^Unlock my account \(keep my password\)/ }).check();
      await page.getByRole('button', { name: 'Unlock account', exact: true }).click();
      await page.getByRole('heading', { level: 2, name: 'Your account has been unlocked' }).waitFor();
      await page.getByText('Your password hasn’t changed. You can now sign in with your current password.').waitFor();
      assert.equal(await page.evaluate(() => sessionStorage.getItem('latchkey.recovery')), null, 'the finished flow is forgotten');
      await shot(page, 'unlock-2-done-en');
      assert.equal(await slapd.bindAs(user.dn, OLD), true, 'the old password binds again');
      await page.getByRole('link', { name: 'Sign in', exact: true }).click();
      await page.waitForURL(/\/sign-in$/);
    } finally {
      await context.close();
    }
  });

  test('Dutch: "Mijn account ontgrendelen (wachtwoord behouden)" and the Dutch success page; "Reset" still leads to the password step', async () => {
    const user = await lockedDirectoryUser('udo', 'nl');
    const { context, page } = await newPage(browser, { timeout: 15_000 });
    try {
      await openPortal(page, server);
      await switchLanguage(page, 'Nederlands');
      await page.getByRole('heading', { level: 1, name: 'Terug naar uw account' }).waitFor();
      await startReset(page, upn('udo'), { userId: /^Gebruikers-id/, next: 'Volgende' });
      await proveEmail(page, user.email, { send: 'E-mail verzenden', verify: 'Verifiëren' });
      await page.getByRole('heading', { level: 2, name: 'Wat wilt u doen?' }).waitFor();
      // "Reset my password" goes on to the usual new-password step; a reload comes back to the choice.
      await page.getByRole('button', { name: 'Volgende', exact: true }).click();
      await page.getByRole('heading', { level: 2, name: 'Een nieuw wachtwoord kiezen' }).waitFor();
      await page.reload();
      await page.getByRole('heading', { level: 2, name: 'Wat wilt u doen?' }).waitFor();
      await shot(page, 'unlock-1-choice-nl');
      await page.getByRole('radio', { name: /^Mijn account ontgrendelen \(wachtwoord behouden\)/ }).check();
      await page.getByRole('button', { name: 'Account ontgrendelen', exact: true }).click();
      await page.getByRole('heading', { level: 2, name: 'Uw account is ontgrendeld' }).waitFor();
      await page.getByText('Uw wachtwoord is niet gewijzigd. U kunt zich nu aanmelden met uw huidige wachtwoord.').waitFor();
      await shot(page, 'unlock-2-done-nl');
      assert.equal(await slapd.bindAs(user.dn, OLD), true, 'the old password binds again');
    } finally {
      await context.close();
    }
  });

  test('admin: Settings > Self-service password reset has the switch, in English and Dutch, and Save stores it', async () => {
    const { context, page } = await newPage(browser, { timeout: 15_000 });
    const stored = async () =>
      ((await (await page.request.get(`${server.url}/api/v1/settings/self-service-password-reset`)).json()) as { allowUnlockWithoutReset?: boolean })
        .allowUnlockWithoutReset;
    try {
      await signIn(page, server, upn('global.admin'), PASSWORD, { landing: /\/(account|admin)/ });
      await page.goto(`${server.url}/admin/settings/self-service-password-reset`);
      await page.getByRole('heading', { level: 1, name: 'Self-service password reset' }).waitFor();
      const toggle = page.getByRole('switch', { name: 'Allow users to unlock accounts without resetting their password' });
      assert.equal(await toggle.isChecked(), true, 'as the suite set it');
      await toggle.uncheck();
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      await page.getByText('Your changes have been saved.').waitFor();
      assert.equal(await stored(), false);
      await switchLanguage(page, 'Nederlands');
      const dutch = page.getByRole('switch', { name: 'Gebruikers toestaan accounts te ontgrendelen zonder hun wachtwoord opnieuw in te stellen' });
      await dutch.check();
      await page.getByRole('button', { name: 'Opslaan', exact: true }).click();
      await page.getByText('Uw wijzigingen zijn opgeslagen.').waitFor();
      assert.equal(await stored(), true);
      await shot(page, 'unlock-settings-nl');
    } finally {
      await context.close();
    }
  });
});
