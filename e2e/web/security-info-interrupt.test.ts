// Browser tests of the registration interrupt after sign-in: "Remind me later" and the reconfirm
// page. Needs `npm run build:web` first (the test script does that).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { useSecurityInfoSuite } from '../support/security-info.js';
import { browserGate, shot, signOut, switchLanguage } from '../support/web.js';

describe('security info and the registration interrupt: interrupts', browserGate('security info'), () => {
  const { suite, ids, signIn, withPage } = useSecurityInfoSuite();

  test('the interrupt: "Remind me later" continues for this sign-in; the next sign-in asks again', async () => {
    await withPage('remind-later', 'en-GB', async (page) => {
      await signIn(page, 'megan.bowen@contoso.test');
      const interrupt = page.getByTestId('security-info-interrupt');
      await page.getByRole('heading', { level: 1, name: 'More information required' }).waitFor();
      await interrupt.getByText('megan.bowen@contoso.test').waitFor();
      assert.equal(await page.getByRole('navigation').count(), 0, 'the interrupt is a full page, without the navigation');
      await shot(page, 'security-info-interrupt');
      await page.getByRole('button', { name: 'Remind me later' }).click();
      await page.getByRole('heading', { level: 1, name: 'My account' }).waitFor();

      // Not again in this sign-in, also after a reload and on other pages.
      await page.reload();
      await page.getByRole('heading', { level: 1, name: 'My account' }).waitFor();
      await page.locator('#app-nav').getByRole('link', { name: 'Security & privacy' }).click();
      await page.getByRole('heading', { level: 1, name: 'Security & privacy' }).waitFor();
      assert.equal(await interrupt.count(), 0);

      // A new sign-in asks again.
      await signOut(page);
      await signIn(page, 'megan.bowen@contoso.test');
      await page.getByRole('heading', { level: 1, name: 'More information required' }).waitFor();
    });
  });

  test('the reconfirm interrupt lists the methods; "Looks good" confirms them', async () => {
    await withPage('reconfirm', 'en-GB', async (page) => {
      await signIn(page, 'joni.sherman@contoso.test');
      await page.getByRole('heading', { level: 1, name: 'Is your security info still correct?' }).waitFor();
      const list = page.getByRole('list', { name: 'Your methods' });
      await list.getByText('joni.private@example.net').waitFor();
      await list.getByText('+31687654321').waitFor();
      await shot(page, 'security-info-reconfirm');
      await switchLanguage(page, 'Nederlands');
      await page.getByRole('heading', { level: 1, name: 'Kloppen uw beveiligingsgegevens nog?' }).waitFor();
      await page.getByRole('list', { name: 'Uw methoden' }).getByText('Mobiele telefoon').waitFor();
      await shot(page, 'security-info-reconfirm-nl');
      await switchLanguage(page, 'English');
      const before = await suite.server.testApp.repos.securityInfo.confirmedAt(ids['joni.sherman@contoso.test']!);
      await page.getByRole('button', { name: 'Looks good' }).click();
      await page.getByRole('heading', { level: 1, name: 'My account' }).waitFor();
      const after = await suite.server.testApp.repos.securityInfo.confirmedAt(ids['joni.sherman@contoso.test']!);
      assert.ok(after && before && after.getTime() > before.getTime(), 'confirmed now');

      await signOut(page);
      await signIn(page, 'joni.sherman@contoso.test');
      await page.getByRole('heading', { level: 1, name: 'My account' }).waitFor();
      assert.equal(await page.getByTestId('security-info-interrupt').count(), 0, 'no interrupt after confirming');

      await switchLanguage(page, 'Nederlands');
      await page.locator('#app-nav').getByRole('link', { name: 'Beveiligingsgegevens' }).click();
      await page.getByRole('heading', { level: 1, name: 'Beveiligingsgegevens' }).waitFor();
      await switchLanguage(page, 'English');
    });
  });
});
