import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { testEngines } from '../../testing/databases.js';
import { LOCKOUT_SETTINGS_KEY } from './settings.js';

// Issue 12, finding 3; checklist L1, L6, ASVS 6.1.1 ("prevent malicious account lockout"). Entra
// counts familiar and unfamiliar locations apart: strangers from any number of addresses never
// keep the owner out of the browser they always use, and an admin's unlock clears every lock and
// throttle of the account.

const RIGHT = 'Zebra-Quilt-Harbor-71!';

for (const engine of testEngines()) {
  describe(`an attacker can't keep the owner out (${engine})`, () => {
    let t: TestApp;
    let admin: { cookie: string; csrf: string };
    before(async () => {
      t = await createTestApp({ engine, config: { trustedProxies: '127.0.0.1' } });
      await t.repos.settings.put(LOCKOUT_SETTINGS_KEY, { lockoutThreshold: 10, lockoutDurationSeconds: 60 }, null, t.clock.now());
      t.lockoutConfig.invalidate();
      await t.createUser({ userPrincipalName: 'admin@contoso.example', password: RIGHT, roles: ['global-administrator'] });
      admin = await t.signIn('admin@contoso.example', RIGHT);
    });
    after(() => t.close());

    const signIn = (username: string, password: string, ip: string, cookie?: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/sign-in',
        payload: { username, password },
        remoteAddress: '127.0.0.1',
        headers: { 'x-forwarded-for': ip, ...(cookie ? { cookie } : {}) },
      });
    /** The owner signs in once from their browser: it becomes familiar (the device cookie). */
    const ownerBrowser = async (upn: string) => {
      const first = await signIn(upn, RIGHT, '198.51.100.10');
      assert.equal(first.statusCode, 200);
      const device = first.cookies.find((c) => c.name === 'latchkey_device')!;
      return `latchkey_device=${device.value}`;
    };
    const attack = async (names: string[], attempts: number) => {
      const statuses: number[] = [];
      for (let batch = 0; batch < attempts; batch += 10) {
        const round = Array.from({ length: Math.min(10, attempts - batch) }, (_, i) => {
          const n = batch + i;
          return signIn(names[n % names.length]!, `Attacker-Guess-${n}`, `203.0.113.${n % 250}`);
        });
        statuses.push(...(await Promise.all(round)).map((r) => r.statusCode));
      }
      return statuses;
    };

    test("100 attempts from 100 addresses, then the owner's familiar browser signs in: no 429, no lock", async () => {
      const { id } = await t.createUser({ userPrincipalName: 'owner@contoso.example', password: RIGHT });
      const home = await ownerBrowser('owner@contoso.example');
      const statuses = await attack(['owner@contoso.example'], 100);
      // 30 a minute for unfamiliar browsers; the owner's first sign-in (not yet familiar) took one.
      assert.equal(statuses.filter((s) => s === 401).length, 30 - 1);
      assert.equal(statuses.filter((s) => s === 429).length, 70 + 1);
      assert.equal((await signIn('owner@contoso.example', RIGHT, '198.51.100.77')).statusCode, 429, 'a stranger still gets 429');
      assert.ok((await t.services.lockout.isLocked(id, false)) === true, 'locked for unfamiliar browsers');
      const fromHome = await signIn('owner@contoso.example', RIGHT, '198.51.100.10', home);
      assert.equal(fromHome.statusCode, 200, fromHome.body);
      const successes = await t.repos.signIns.list({ limit: 10, userId: id, result: 'success' });
      assert.deepEqual(successes.map((e) => e.familiar).sort(), [false, true], 'the first sign-in was unfamiliar, the one from home familiar');
    });

    test('every alias of an account (user principal name, mail, any case) shares one allowance (L6)', async () => {
      await t.createUser({ userPrincipalName: 'alias@contoso.example', mail: 'the.alias@contoso.example', password: RIGHT });
      t.clock.advance(120_000);
      const statuses = await attack(['alias@contoso.example', 'THE.ALIAS@contoso.example', 'Alias@Contoso.Example'], 60);
      assert.equal(statuses.filter((s) => s === 401).length, 30);
      assert.equal(statuses.filter((s) => s === 429).length, 30);
    });

    test('unknown names are limited exactly like real ones: same status, body and Retry-After (no enumeration)', async () => {
      await t.createUser({ userPrincipalName: 'real@contoso.example', password: RIGHT });
      t.clock.advance(120_000);
      const answers = [];
      for (const name of ['real@contoso.example', 'ghost@contoso.example']) {
        for (let i = 0; i < 30; i++) assert.equal((await signIn(name, `Wrong-${i}`, `192.0.2.${i}`)).statusCode, 401);
        answers.push(await signIn(name, 'Wrong-x', '192.0.2.99'));
      }
      const [real, ghost] = answers.map((r) => ({ status: r.statusCode, retry: r.headers['retry-after'], body: { ...r.json(), instance: null } }));
      assert.equal(real!.status, 429);
      assert.deepEqual(real, ghost);
      assert.ok(!JSON.stringify(await t.db.db.selectFrom('rate_limit').select('key').execute()).includes('ghost'), 'unknown names stored only as keyed hashes');
    });

    test("an admin's unlock clears every lock and throttle: lockout, the account's and its browsers' buckets, the reset counters", async () => {
      const { id } = await t.createUser({ userPrincipalName: 'unlockme@contoso.example', password: RIGHT });
      const home = await ownerBrowser('unlockme@contoso.example');
      t.clock.advance(120_000);
      // Strangers lock the account and drain its bucket; the owner, typing badly at home, drains the browser's bucket too.
      await attack(['unlockme@contoso.example'], 40);
      for (let i = 0; i < 31; i++) await signIn('unlockme@contoso.example', `Typo-${i}`, '198.51.100.10', home);
      assert.equal((await signIn('unlockme@contoso.example', RIGHT, '198.51.100.10', home)).statusCode, 429);
      // Self-service reset locked too (a day, after too many failed proofs).
      await t.repos.recovery.lock(id, new Date(t.clock.now().getTime() + 86_400_000), 'failures');
      await t.repos.rateLimits.hit(`recovery-send:${id}`, 0);
      const unlocked = await t.app.inject({ method: 'POST', url: `/api/v1/users/${id}/unlock`, headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf } });
      assert.equal(unlocked.statusCode, 204);
      assert.equal((await signIn('unlockme@contoso.example', RIGHT, '198.51.100.200')).statusCode, 200, 'from a new browser at once');
      assert.equal((await signIn('unlockme@contoso.example', RIGHT, '198.51.100.10', home)).statusCode, 200, 'and from home');
      assert.equal(await t.repos.recovery.lockedUntil(id, t.clock.now()), null, 'self-service reset unlocked');
      const keys = (await t.db.db.selectFrom('rate_limit').select('key').execute()).map((r) => r.key);
      assert.ok(!keys.some((k) => k.startsWith('recovery-') && k.endsWith(id)), keys.join(' '));
    });

    // Last: it moves the clock on by weeks.
    test("strangers reaching NIST's hard cap of 100 lock unfamiliar browsers for good, never the owner's familiar one (L1)", async () => {
      const { id } = await t.createUser({ userPrincipalName: 'capped@contoso.example', password: RIGHT });
      const home = await ownerBrowser('capped@contoso.example');
      // 100 wrong passwords in a row from 100 addresses: 10 to the first lockout, then one each time a lock runs out.
      for (let n = 0; n < 100; n++) {
        if (n >= 10) t.clock.advance(2 * 3_600_000);
        const res = await signIn('capped@contoso.example', `Attacker-Guess-${n}`, `203.0.113.${n + 1}`);
        assert.equal(res.statusCode, 401, res.body);
      }
      assert.ok((await t.repos.lockout.get(id))!.consecutiveFailures >= 100);
      t.clock.advance(7 * 86_400_000);
      assert.equal(await t.services.lockout.isLocked(id, false), true, 'unfamiliar browsers: locked until a reset or an unlock');
      assert.equal((await signIn('capped@contoso.example', RIGHT, '198.51.100.78')).statusCode, 401, 'a stranger with the right password too');
      const fromHome = await signIn('capped@contoso.example', RIGHT, '198.51.100.10', home);
      assert.equal(fromHome.statusCode, 200, fromHome.body);
    });
  });
}
