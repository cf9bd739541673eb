import assert from 'node:assert/strict';
import { hash as argonHash, verify as argonVerify } from '@node-rs/argon2';
import { after, before, describe, test } from 'node:test';
import { ManualClock } from '../../core/clock.js';
import { createArgon2Hasher } from '../passwords/hasher.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { openTestDb, testEngines } from '../../testing/databases.js';
import { LOCKOUT_SETTINGS_KEY } from './settings.js';

const RIGHT = 'Zebra-Quilt-Harbor-71!';

for (const engine of testEngines()) {
  describe(`smart lockout (${engine})`, () => {
    let t: TestApp;
    let verifies = 0;
    before(async () => {
      const hasher = await createArgon2Hasher({ primitives: { hash: argonHash, verify: (...a) => (verifies++, argonVerify(...a)) } });
      t = await createTestApp({ engine, hasher });
      await t.repos.settings.put(LOCKOUT_SETTINGS_KEY, { lockoutThreshold: 3, lockoutDurationSeconds: 60 }, null, t.clock.now());
      t.lockoutConfig.invalidate();
    });
    after(() => t.close());

    const attempt = (username: string, password: string, headers: Record<string, string> = {}) =>
      t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { username, password }, headers });
    const strip = (body: string) => {
      const { instance: _i, ...rest } = JSON.parse(body);
      return JSON.stringify(rest);
    };

    test('locks at the threshold for the duration; a locked account answers like a wrong password with the same hash work', async () => {
      await t.createUser({ userPrincipalName: 'lock1@contoso.example', password: RIGHT });
      for (let i = 1; i <= 3; i++) assert.equal((await attempt('lock1@contoso.example', `Wrong-${i}`)).statusCode, 401);
      verifies = 0;
      const locked = await attempt('lock1@contoso.example', RIGHT);
      assert.equal(verifies, 1, 'the locked path still verifies once');
      verifies = 0;
      const wrong = await attempt('nobody@contoso.example', 'Wrong-9');
      assert.equal(verifies, 1);
      assert.equal(locked.statusCode, wrong.statusCode);
      assert.equal(strip(locked.body), strip(wrong.body));
      t.clock.advance(59_000);
      assert.equal((await attempt('lock1@contoso.example', RIGHT)).statusCode, 401, 'still locked at 59 s');
      t.clock.advance(2_000);
      assert.equal((await attempt('lock1@contoso.example', RIGHT)).statusCode, 200, 'unlocked after 60 s');
      const log = await t.repos.signIns.list({ limit: 10, userId: (await t.repos.users.findBySignInName('lock1@contoso.example'))!.id });
      assert.deepEqual(log.map((e) => e.reason).sort(), ['locked', 'locked', 'success', 'wrong_password', 'wrong_password', 'wrong_password']);
    });

    test('each lockout after the first lasts longer (doubling, capped at an hour); attempts while locked do not count', async () => {
      await t.createUser({ userPrincipalName: 'grow@contoso.example', password: RIGHT });
      for (let i = 1; i <= 3; i++) await attempt('grow@contoso.example', `Wrong-${i}`);
      for (let i = 0; i < 5; i++) await attempt('grow@contoso.example', `While-locked-${i}`);
      t.clock.advance(61_000);
      assert.equal((await attempt('grow@contoso.example', 'Wrong-after-1')).statusCode, 401, 'the first failure after a lockout locks again');
      t.clock.advance(61_000);
      assert.equal((await attempt('grow@contoso.example', RIGHT)).statusCode, 401, 'the second lockout lasts 120 s');
      t.clock.advance(60_000);
      assert.equal((await attempt('grow@contoso.example', RIGHT)).statusCode, 200);
    });

    test('repeating one of the last three wrong passwords does not count again', async () => {
      await t.createUser({ userPrincipalName: 'repeat@contoso.example', password: RIGHT });
      for (let i = 0; i < 10; i++) await attempt('repeat@contoso.example', i % 2 ? 'Typo-A' : 'Typo-B');
      assert.equal((await attempt('repeat@contoso.example', RIGHT)).statusCode, 200);
      const { id } = (await t.repos.users.findBySignInName('repeat@contoso.example'))!;
      const state = await t.repos.lockout.get(id);
      assert.ok(!JSON.stringify(state).includes('Typo'), 'only keyed hashes are stored');
    });

    test('familiar and unfamiliar devices have separate counters', async () => {
      await t.createUser({ userPrincipalName: 'home@contoso.example', password: RIGHT });
      const ok = await attempt('home@contoso.example', RIGHT);
      const device = ok.cookies.find((c) => c.name === 'latchkey_device')!;
      assert.ok(device.httpOnly && device.maxAge && device.maxAge > 86_400 * 300);
      for (let i = 1; i <= 3; i++) await attempt('home@contoso.example', `Attacker-${i}`);
      assert.equal((await attempt('home@contoso.example', RIGHT)).statusCode, 401, 'locked for unfamiliar devices');
      const fromHome = await attempt('home@contoso.example', RIGHT, { cookie: `latchkey_device=${device.value}` });
      assert.equal(fromHome.statusCode, 200, 'the usual browser still signs in');
      const events = await t.repos.signIns.list({ limit: 10, result: 'success', userId: (await t.repos.users.findBySignInName('home@contoso.example'))!.id });
      assert.deepEqual(events.map((e) => e.familiar).sort(), [false, true], 'the first sign-in was unfamiliar, the one from home familiar');
    });

    test('a wrong current password on change counts toward the lockout (C3)', async () => {
      await t.createUser({ userPrincipalName: 'change@contoso.example', password: RIGHT });
      const s = await t.signIn('change@contoso.example', RIGHT);
      for (let i = 1; i <= 3; i++) {
        const res = await t.app.inject({
          method: 'POST',
          url: '/api/v1/me/change-password',
          payload: { currentPassword: `Wrong-${i}`, newPassword: 'Fjord&Kiwi*8372-Moss' },
          headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
        });
        assert.equal(res.json().code, 'auth.invalid_credentials');
      }
      const device = /latchkey_device=[^;]+/.exec(s.cookie)![0];
      assert.equal((await attempt('change@contoso.example', RIGHT, { cookie: device })).statusCode, 401, 'locked for sign-in too, from the same browser');
    });

    test('50 concurrent wrong attempts count exactly as 50 sequential ones', async () => {
      await t.repos.settings.put(LOCKOUT_SETTINGS_KEY, { lockoutThreshold: 50, lockoutDurationSeconds: 60 }, null, t.clock.now());
      t.lockoutConfig.invalidate();
      await t.createUser({ userPrincipalName: 'race@contoso.example', password: RIGHT });
      const { id } = (await t.repos.users.findBySignInName('race@contoso.example'))!;
      await Promise.all(Array.from({ length: 50 }, (_, i) => t.services.lockout.recordFailure(id, false, `Concurrent-${i}`)));
      const state = (await t.repos.lockout.get(id))!;
      assert.equal(state.unfamiliar.failures, 50);
      assert.equal(state.consecutiveFailures, 50);
      assert.equal(state.unfamiliar.lockouts, 1, 'locked exactly once, at the 50th');
      await t.repos.settings.put(LOCKOUT_SETTINGS_KEY, { lockoutThreshold: 3, lockoutDurationSeconds: 60 }, null, t.clock.now());
      t.lockoutConfig.invalidate();
    });

    test('after 100 consecutive failures only a reset unlocks (NIST hard cap)', async () => {
      await t.createUser({ userPrincipalName: 'cap@contoso.example', password: RIGHT });
      const { id } = (await t.repos.users.findBySignInName('cap@contoso.example'))!;
      for (let i = 0; i < 100; i++) {
        await t.services.lockout.recordFailure(id, i % 2 === 0, `Cap-${i}`);
        t.clock.advance(3_600_001);
      }
      // Half of them came from the familiar class, so it is not hard-locked; unfamiliar browsers are, for good.
      assert.equal((await t.repos.lockout.get(id))!.hardLocked, false);
      t.clock.advance(30 * 86_400_000);
      assert.equal(await t.services.lockout.isLocked(id, false), true);
      assert.equal(await t.services.lockout.isLocked(id, true), false);
      assert.equal((await attempt('cap@contoso.example', RIGHT)).statusCode, 401);
      await t.repos.lockout.clear(id);
      assert.equal((await attempt('cap@contoso.example', RIGHT)).statusCode, 200);
    });

    test('100 failures in a row from the familiar class hard-lock both classes', async () => {
      await t.createUser({ userPrincipalName: 'cap2@contoso.example', password: RIGHT });
      const { id } = (await t.repos.users.findBySignInName('cap2@contoso.example'))!;
      for (let i = 0; i < 100; i++) {
        await t.services.lockout.recordFailure(id, true, `Cap-${i}`);
        t.clock.advance(3_600_001);
      }
      assert.equal((await t.repos.lockout.get(id))!.hardLocked, true);
      t.clock.advance(30 * 86_400_000);
      assert.equal(await t.services.lockout.isLocked(id, true), true);
      assert.equal(await t.services.lockout.isLocked(id, false), true);
    });
  });
}

describe(
  'two servers on one PostgreSQL share one counter',
  { skip: !process.env.LATCHKEY_TEST_POSTGRES_URL && 'LATCHKEY_TEST_POSTGRES_URL is not set' },
  () => {
    test('failures on server A and server B add up and lock on both', async () => {
      const db = await openTestDb('postgres');
      const clock = new ManualClock('2026-03-01T09:00:00.000Z');
      const a = await createTestApp({ db, clock });
      const b = await createTestApp({ db, clock });
      try {
        await a.repos.settings.put(LOCKOUT_SETTINGS_KEY, { lockoutThreshold: 4, lockoutDurationSeconds: 60 }, null, clock.now());
        await a.createUser({ userPrincipalName: 'shared@contoso.example', password: RIGHT });
        const send = (app: TestApp, password: string) =>
          app.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { username: 'shared@contoso.example', password } });
        await Promise.all([send(a, 'W-1'), send(b, 'W-2'), send(a, 'W-3'), send(b, 'W-4')]);
        assert.equal((await send(a, RIGHT)).statusCode, 401);
        assert.equal((await send(b, RIGHT)).statusCode, 401);
      } finally {
        await a.app.close();
        await b.app.close();
        await db.close();
      }
    });
  },
);
