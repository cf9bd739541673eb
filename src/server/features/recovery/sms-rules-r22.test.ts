// Checklist R22 (ASVS 6.6.1; NIST §3.1.3.3, §3.2.9): SMS only to a number that was verified; an
// alternative to SMS is always offered. A number in the directory (set by an administrator, never
// verified) gets no text and is not offered at the portal; a user with only a phone on record is
// offered email and the authenticator app under Security info, and a phone number is registered
// only through its code. (No SIM-swap signal exists to act on: see docs/security.md, R22.)
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { testEngines } from '../../testing/databases.js';
import { latestCode, recoveryDriver } from '../../testing/recovery.js';

const PASSWORD = 'Zebra-Quilt-Harbor-71!';

for (const engine of testEngines()) {
  describe(`R22: SMS only to verified numbers, never the only way (${engine})`, () => {
    let t: TestApp;
    let d: ReturnType<typeof recoveryDriver>;
    before(async () => {
      t = await createTestApp({ engine, config: { recoveryCaptchaMaxNumber: 50 } });
      await t.createUser({ userPrincipalName: 'admin@contoso.example', password: PASSWORD, roles: ['global-administrator'] });
      d = recoveryDriver(t);
      // The default methods (email, mobile phone, authenticator app), one required.
      await d.configure(await t.signIn('admin@contoso.example', PASSWORD), { enabledFor: 'all', methodsRequired: 1 });
    });
    after(() => t.close());

    const textsTo = async (number: string) =>
      (await t.db.db.selectFrom('outbox').select(['recipient', 'channel']).execute()).filter((r) => r.recipient === number).length;

    test('a directory number that was never verified is not offered and gets no text', async () => {
      const { id } = await t.createUser({ userPrincipalName: 'directory@contoso.example', password: PASSWORD });
      await t.db.db.updateTable('app_user').set({ mobile_phone: '+31612340001' }).where('id', '=', id).execute();
      const who = await t.signIn('directory@contoso.example', PASSWORD);
      await d.registerCode(who, PASSWORD, 'email', 'directory@example.org');
      const started = await d.start('directory@contoso.example');
      const flow = started.json<{ id: string; methods: { kind?: string; method?: string }[] | string[] }>();
      assert.doesNotMatch(JSON.stringify(flow.methods), /mobilePhone/, 'the unverified number is not offered');
      const sent = await d.send(flow.id, 'mobilePhone');
      // The portal answers as it would for any method (no enumeration), and sends nothing.
      assert.ok(sent.statusCode < 500, `asking for a text anyway: ${sent.statusCode}`);
      await t.outboxWorker.drain();
      assert.equal(await textsTo('+31612340001'), 0, 'no text to the unverified number');
    });

    test('a phone is registered only through its code; a user with only a phone is offered email and the app', async () => {
      await t.createUser({ userPrincipalName: 'phone-only@contoso.example', password: PASSWORD });
      const who = await t.signIn('phone-only@contoso.example', PASSWORD);
      // Started but not confirmed: not on record, so the portal does not text it.
      const started = await d.json(who, 'POST', '/api/v1/me/methods/mobile-phone', { phone: '+31612340002' });
      assert.equal(started.statusCode, 202, started.body);
      type Methods = { methods: { kind: string }[]; policy: { available: string[] } };
      let info = (await d.json(who, 'GET', '/api/v1/me/methods')).json<Methods>();
      assert.deepEqual(
        info.methods.map((m) => m.kind),
        [],
        'not on record before its code',
      );
      await d.registerCode(who, PASSWORD, 'mobilePhone', '+31612340002');
      info = (await d.json(who, 'GET', '/api/v1/me/methods')).json<Methods>();
      assert.deepEqual(
        info.methods.map((m) => m.kind),
        ['mobilePhone'],
      );
      const available = info.policy.available;
      assert.ok(available.includes('email') && available.includes('authenticatorApp'), `alternatives offered: ${available.join(', ')}`);
      // The verified number does get its code at the portal.
      const flow = (await d.start('phone-only@contoso.example')).json<{ id: string }>();
      assert.equal((await d.send(flow.id, 'mobilePhone')).statusCode, 200);
      assert.equal((await d.verify(flow.id, { method: 'mobilePhone', code: await latestCode(t, '+31612340002') })).statusCode, 200);
    });
  });
}
