import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { testEngines } from '../../testing/databases.js';
import { sendExpiryReminders } from './expiry-reminders.js';
import { SETTINGS_KEYS } from './settings.js';

const DAY = 86_400_000;

for (const engine of testEngines()) {
  describe(`password expiry reminders (${engine})`, () => {
    let t: TestApp;
    const run = () => sendExpiryReminders({ repos: t.repos, transact: t.transact, clock: t.clock, policy: t.policy, defaultLocale: async () => 'en' });
    before(async () => {
      t = await createTestApp({ engine });
    });
    after(() => t.close());

    test('one reminder per password inside the window, in the user’s language; none when passwords never expire', async () => {
      const start = t.clock.now();
      await t.createUser({ userPrincipalName: 'soon@contoso.example', displayName: 'Soon', password: 'Zebra-Quilt-Harbor-71!', preferredLanguage: 'nl' });
      t.clock.advance(30 * DAY);
      await t.createUser({ userPrincipalName: 'later@contoso.example', password: 'Zebra-Quilt-Harbor-71!' });
      t.clock.set(new Date(start.getTime() + 80 * DAY));
      assert.equal(await run(), 0, 'the default policy never expires passwords');

      await t.repos.settings.put(
        SETTINGS_KEYS.policy,
        { profile: 'entra', historyCount: 0, mfaRequired: false, expiration: { neverExpire: false, validityDays: 90, notificationDays: 14 } },
        null,
        t.clock.now(),
      );
      t.policy.invalidate();
      assert.equal(await run(), 1);
      assert.equal(await run(), 0, 'not twice for the same password');
      await t.outboxWorker.drain();
      const mails = await t.repos.outbox.listDevMail(10);
      assert.equal(mails.length, 1);
      assert.equal(mails[0]!.recipient, 'soon@contoso.example');
      assert.match(mails[0]!.subject, /Uw wachtwoord voor Contoso verloopt over 10 dagen/);

      t.clock.advance(20 * DAY);
      assert.equal(await run(), 0, 'an expired password gets no reminder (the sign-in forces the change)');
      t.clock.set(new Date(start.getTime() + 30 * DAY + 77 * DAY));
      assert.equal(await run(), 1, 'the second user enters the window');
    });
  });
}
