import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expiryStatus } from './expiry.js';
import { defaultPasswordPolicy } from './settings.js';

const changed = new Date('2026-01-01T00:00:00.000Z');
const user = { lastPasswordChangeAt: changed, disablePasswordExpiration: false, passwordHash: '$argon2id$…' };
const expiring = { ...defaultPasswordPolicy, expiration: { neverExpire: false, validityDays: 90, notificationDays: 14 } };
const day = (n: number) => new Date(changed.getTime() + n * 86_400_000);

test('never expires by default, and never with DisablePasswordExpiration', () => {
  assert.equal(expiryStatus(user, defaultPasswordPolicy, day(4000)).expired, false);
  assert.equal(expiryStatus({ ...user, disablePasswordExpiration: true }, expiring, day(4000)).expired, false);
});

test('expires after validityDays, with a reminder window of notificationDays before', () => {
  assert.deepEqual(expiryStatus(user, expiring, day(75)), { expiresAt: day(90), expired: false, remind: false, daysLeft: 15 });
  assert.equal(expiryStatus(user, expiring, day(76)).remind, true);
  assert.equal(expiryStatus(user, expiring, day(76)).daysLeft, 14);
  assert.equal(expiryStatus(user, expiring, new Date(day(90).getTime() - 1)).expired, false);
  assert.deepEqual(expiryStatus(user, expiring, day(90)), { expiresAt: day(90), expired: true, remind: false, daysLeft: 0 });
});

test('a user without a password has nothing to expire', () => {
  assert.equal(expiryStatus({ ...user, passwordHash: null }, expiring, day(400)).expiresAt, null);
});
