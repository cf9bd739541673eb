import assert from 'node:assert/strict';
import { hash as argonHash, verify as argonVerify } from '@node-rs/argon2';
import { after, before, test } from 'node:test';
import { createArgon2Hasher } from '../passwords/hasher.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';

// ASVS 6.3.8 / checklist R1, R2: unknown and disabled accounts do the same hash work as a wrong
// password. The timing itself is measured by `npm run bench` (enumeration timing), not here.
let t: TestApp;
let verifies = 0;
before(async () => {
  const hasher = await createArgon2Hasher({ primitives: { hash: argonHash, verify: (...a) => (verifies++, argonVerify(...a)) } });
  t = await createTestApp({ hasher });
  await t.createUser({ userPrincipalName: 'known@contoso.example', password: 'Right-Password-1' });
  await t.createUser({ userPrincipalName: 'off@contoso.example', password: 'Right-Password-1', accountEnabled: false });
  await t.createUser({ userPrincipalName: 'nopass@contoso.example' });
});
after(() => t.close());

test('unknown, disabled, password-less and wrong-password sign-ins each run exactly one argon2 verification', async () => {
  const cases = {
    'wrong password': { username: 'known@contoso.example', password: 'Wrong-Password-1' },
    'unknown user': { username: 'ghost@contoso.example', password: 'Wrong-Password-1' },
    'disabled user, right password': { username: 'off@contoso.example', password: 'Right-Password-1' },
    'user without a password': { username: 'nopass@contoso.example', password: 'Wrong-Password-1' },
  };
  const logBefore = (await t.repos.signIns.list({ limit: 1000 })).length;
  for (const [name, payload] of Object.entries(cases)) {
    verifies = 0;
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload });
    assert.equal(res.statusCode, 401, name);
    assert.equal(res.json().code, 'auth.invalid_credentials', name);
    assert.equal(verifies, 1, `${name}: argon2 verifications`);
  }
  const all = await t.repos.signIns.list({ limit: 1000 });
  const events = all.slice(0, all.length - logBefore);
  assert.equal(events.length, Object.keys(cases).length, 'one sign-in log event per attempt on every path');
  assert.ok(events.every((e) => e.result === 'failure'));
  assert.deepEqual(events.map((e) => e.reason).sort(), ['disabled', 'unknown_user', 'wrong_password', 'wrong_password']);
});

test('an over-long password is refused before any hashing (I5)', async () => {
  verifies = 0;
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { username: 'known@contoso.example', password: 'a'.repeat(1000) } });
  assert.equal(res.statusCode, 401);
  assert.equal(verifies, 0);
  const huge = await t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/sign-in',
    payload: { username: 'known@contoso.example', password: 'a'.repeat(60_000) },
  });
  assert.equal(huge.statusCode, 400);
  assert.equal(verifies, 0);
});

test('a successful sign-in with a weaker stored hash upgrades it (S6)', async () => {
  const weak = await argonHash('Legacy-Password-9', { memoryCost: 8192, timeCost: 1, parallelism: 1 });
  const { id } = await t.createUser({ userPrincipalName: 'legacy@contoso.example' });
  await t.db.db.updateTable('app_user').set({ password_hash: weak }).where('id', '=', id).execute();
  await t.signIn('legacy@contoso.example', 'Legacy-Password-9');
  const stored = (await t.repos.users.findById(id))!.passwordHash!;
  assert.match(stored, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  await t.signIn('legacy@contoso.example', 'Legacy-Password-9');
});

test('passwords in another Unicode normal form sign in (I1)', async () => {
  await t.createUser({ userPrincipalName: 'rene@contoso.example', password: 'Ren\u00e9-Password-1' });
  await t.signIn('rene@contoso.example', 'Rene\u0301-Password-1');
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/sign-in',
    payload: { username: 'rene@contoso.example', password: ' Ren\u00e9-Password-1' },
  });
  assert.equal(res.statusCode, 401, 'no trimming (I4)');
});
