import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { SETTINGS_KEYS } from './settings.js';

const PASSWORD = 'Zebra-Quilt-Harbor-71!';
const DAY = 86_400_000;
let t: TestApp;
before(async () => {
  t = await createTestApp();
  await t.repos.settings.put(
    SETTINGS_KEYS.policy,
    { profile: 'entra', historyCount: 0, mfaRequired: false, expiration: { neverExpire: false, validityDays: 90, notificationDays: 14 } },
    null,
    t.clock.now(),
  );
  t.policy.invalidate();
  await t.createUser({ userPrincipalName: 'ages@contoso.example', password: PASSWORD });
  await t.createUser({ userPrincipalName: 'never@contoso.example', password: PASSWORD });
  const never = await t.repos.users.findBySignInName('never@contoso.example');
  await t.db.db.updateTable('app_user').set({ disable_password_expiration: 1 }).where('id', '=', never!.id).execute();
});
after(() => t.close());

const signIn = (username: string) =>
  t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { username, password: PASSWORD } }).then((r) => r.json());

test('a password inside the notification window signs in normally with a reminder', async () => {
  t.clock.advance(80 * DAY);
  const body = await signIn('ages@contoso.example');
  assert.equal(body.passwordChangeRequired, false);
  assert.equal(body.passwordExpiry.remind, true);
  assert.equal(body.passwordExpiry.daysLeft, 10);
});

test('an expired password signs in only to change it; DisablePasswordExpiration exempts a user', async () => {
  t.clock.advance(11 * DAY);
  const body = await signIn('ages@contoso.example');
  assert.equal(body.passwordChangeRequired, true);
  assert.equal(body.passwordChangeReason, 'expired');
  const never = await signIn('never@contoso.example');
  assert.equal(never.passwordChangeRequired, false);
  assert.equal(never.passwordExpiry.expiresDateTime, null);
});
