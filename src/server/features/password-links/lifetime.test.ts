import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { loadConfig } from '../../config/load.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { testEngines } from '../../testing/databases.js';
import { createPasswordLinkService, MAX_LINK_SECONDS } from './service.js';

const PASSWORD = 'Zebra-Quilt-Harbor-71!';

// Checklist R7: a set-password link lives at most 24 hours (hard limit 86,400 s).
test('the link lifetime setting refuses more than 24 hours (R7)', () => {
  assert.equal(loadConfig({ LATCHKEY_PASSWORD_LINK_HOURS: '24' }).passwordLinkHours, 24);
  assert.equal(loadConfig({}).passwordLinkHours, 24, 'default 24 hours');
  assert.throws(() => loadConfig({ LATCHKEY_PASSWORD_LINK_HOURS: '25' }), /LATCHKEY_PASSWORD_LINK_HOURS/);
  assert.throws(() => loadConfig({ LATCHKEY_PASSWORD_LINK_HOURS: '168' }), /LATCHKEY_PASSWORD_LINK_HOURS/);
});

test('the link service itself refuses a lifetime over 86,400 s (R7)', () => {
  const deps = { lifetimeSeconds: MAX_LINK_SECONDS + 1 } as Parameters<typeof createPasswordLinkService>[0];
  assert.throws(() => createPasswordLinkService(deps), RangeError);
  assert.equal(MAX_LINK_SECONDS, 86_400);
});

for (const engine of testEngines()) {
  describe(`set-password link lifetime (${engine})`, () => {
    let t: TestApp;
    let helpdesk: { cookie: string; csrf: string };
    for (const hours of [24, 1]) {
      describe(`${hours} h`, () => {
        before(async () => {
          t = await createTestApp({ engine, config: { publicUrl: 'https://passwords.contoso.example', passwordLinkHours: hours } });
          await t.createUser({ userPrincipalName: 'helpdesk@contoso.example', password: PASSWORD, roles: ['helpdesk-administrator'] });
        });
        after(() => t.close());

        test(`valid at T_exp - 1 s, invalid at T_exp + 1 s (R7)`, async () => {
          const { id } = await t.createUser({ userPrincipalName: 'timed@contoso.example', password: PASSWORD });
          await t.db.db
            .updateTable('app_user')
            .set({ other_mails: JSON.stringify(['alt.timed@example.org']) })
            .where('id', '=', id)
            .execute();
          helpdesk = await t.signIn('helpdesk@contoso.example', PASSWORD);
          const sentAt = t.clock.now().getTime();
          const sent = await t.app.inject({
            method: 'POST',
            url: `/api/v1/users/${id}/reset-password`,
            payload: { sendLink: true },
            headers: { cookie: helpdesk.cookie, 'x-csrf-token': helpdesk.csrf },
          });
          assert.equal(sent.statusCode, 200, sent.body);
          await t.outboxWorker.drain();
          const [mail] = await t.repos.outbox.listDevMail(1, 'alt.timed@example.org');
          const token = /\/set-password#token=([A-Za-z0-9_-]{43})/.exec(mail!.text)![1]!;
          const inspect = () => t.app.inject({ method: 'POST', url: '/api/v1/password-links/inspect', payload: { token } });
          const expiresAt = sentAt + hours * 3600_000;
          const stored = await t.db.db.selectFrom('password_link').select('expires_at').where('user_id', '=', id).executeTakeFirstOrThrow();
          assert.equal(new Date(stored.expires_at).getTime(), expiresAt, 'expires exactly the configured hours after sending');
          t.clock.set(new Date(expiresAt - 1000));
          const early = await inspect();
          assert.equal(early.statusCode, 200, early.body);
          assert.equal(new Date(early.json().expiresDateTime).getTime(), expiresAt);
          t.clock.set(new Date(expiresAt + 1000));
          assert.equal((await inspect()).json().code, 'links.invalid');
          const late = await t.app.inject({ method: 'POST', url: '/api/v1/password-links/redeem', payload: { token, newPassword: 'Fjord&Kiwi*8372-Moss' } });
          assert.equal(late.json().code, 'links.invalid', 'cannot be redeemed after expiry');
        });
      });
    }
  });
}
