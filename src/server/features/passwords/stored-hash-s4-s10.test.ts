// Checklist S4 (Password Storage CS; ASVS 11.4.2): no plaintext or reversible storage. Canary
// passwords set through every entry point (user creation, change, admin reset, bulk reset, a
// set-password link), then every row of every table is searched for the raw, hex, base64,
// base64url and URL-encoded forms: 0 hits.
// Checklist S10 (Kratos hash_limits_test): a stored hash with absurd parameters (argon2 m = 8 GiB,
// t = 1000, p = 255) fails the sign-in fast without being computed, and is logged.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { testEngines } from '../../testing/databases.js';
import { createArgon2Hasher } from './hasher.js';

const PASSWORD = 'Zebra-Quilt-Harbor-71!';
const canary = (n: number) => `Canary-${n}-Quokka#Vellum${n * 7919}`;

const forms = (secret: string) => {
  const bytes = Buffer.from(secret, 'utf8');
  return {
    raw: secret,
    hex: bytes.toString('hex'),
    HEX: bytes.toString('hex').toUpperCase(),
    base64: bytes.toString('base64').replace(/=+$/, ''),
    base64url: bytes.toString('base64url'),
    urlEncoded: encodeURIComponent(secret),
    utf16hex: Buffer.from(secret, 'utf16le').toString('hex'),
  };
};

for (const engine of testEngines()) {
  describe(`S4, S10: what is stored, and what a stored hash may cost (${engine})`, () => {
    let t: TestApp;
    let admin: { cookie: string; csrf: string };
    const rejected: string[] = [];
    before(async () => {
      // The hasher as serve wires it: a refused stored hash is reported (serve logs it as an error).
      t = await createTestApp({ engine, hasher: await createArgon2Hasher({ onRejectedHash: (why) => rejected.push(why) }) });
      await t.createUser({ userPrincipalName: 'admin@contoso.example', password: PASSWORD, roles: ['global-administrator'] });
      admin = await t.signIn('admin@contoso.example', PASSWORD);
    });
    after(() => t.close());

    const asAdmin = (url: string, payload: object) =>
      t.app.inject({ method: 'POST', url, payload, headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf } });

    test('canary passwords from every entry point: no raw, hex, base64 or URL-encoded form in any table (S4)', async () => {
      const set: string[] = [];
      // 1. Created by an admin with a chosen password.
      const created = await asAdmin('/api/v1/users', {
        userPrincipalName: 's4-created@contoso.example',
        displayName: 'S4 created',
        passwordProfile: { password: canary(1), forceChangePasswordNextSignIn: false },
      });
      assert.equal(created.statusCode, 201, created.body);
      set.push(canary(1));
      // 2. Changed by the user.
      const user = await t.signIn('s4-created@contoso.example', canary(1));
      const changed = await t.app.inject({
        method: 'POST',
        url: '/api/v1/me/change-password',
        payload: { currentPassword: canary(1), newPassword: canary(2) },
        headers: { cookie: user.cookie, 'x-csrf-token': user.csrf },
      });
      assert.equal(changed.statusCode, 204, changed.body);
      set.push(canary(2));
      // 3. Reset by an admin to a chosen password.
      const { id } = await t.createUser({ userPrincipalName: 's4-reset@contoso.example', password: PASSWORD });
      assert.equal(
        (await asAdmin(`/api/v1/users/${id}/reset-password`, { autoGenerate: false, password: canary(3), forceChangePasswordNextSignIn: false })).statusCode,
        200,
      );
      set.push(canary(3));
      // 4. A bulk job with a chosen password, run to the end.
      const job = await asAdmin('/api/v1/password-reset-jobs', {
        userIds: [id],
        autoGenerate: false,
        password: canary(4),
        forceChangePasswordNextSignIn: false,
      });
      assert.ok(job.statusCode < 300, job.body);
      await t.services.resetJobs.runAll();
      set.push(canary(4));
      // 5. A set-password link.
      await t.db.db
        .updateTable('app_user')
        .set({ other_mails: JSON.stringify(['s4-link@example.org']) })
        .where('id', '=', id)
        .execute();
      await asAdmin(`/api/v1/users/${id}/reset-password`, { sendLink: true });
      await t.outboxWorker.drain();
      const [mail] = await t.repos.outbox.listDevMail(1, 's4-link@example.org');
      const token = /token=([A-Za-z0-9_-]{43})/.exec(mail!.text)![1]!;
      assert.equal((await t.app.inject({ method: 'POST', url: '/api/v1/password-links/redeem', payload: { token, newPassword: canary(5) } })).statusCode, 204);
      set.push(canary(5));
      await t.signIn('s4-reset@contoso.example', canary(5));

      const tables = await t.db.db.introspection.getTables();
      let rows = 0;
      for (const table of tables) {
        const all = await t.db.db
          .selectFrom(table.name as 'app_user')
          .selectAll()
          .execute();
        rows += all.length;
        const dump = JSON.stringify(all, (_k, v: unknown) => (v instanceof Uint8Array ? Buffer.from(v).toString('hex') : v));
        for (const secret of set) {
          for (const [form, value] of Object.entries(forms(secret))) assert.ok(!dump.includes(value), `${table.name} holds ${form} of a password`);
        }
      }
      assert.ok(rows > 20, `the dump read the database (${rows} rows)`);
      const hashes = await t.db.db.selectFrom('app_user').select('password_hash').execute();
      assert.ok(hashes.every((h) => h.password_hash === null || h.password_hash.startsWith('$argon2id$')));
    });

    test('a stored hash with absurd parameters fails the sign-in fast, uncomputed, and is logged (S10)', async () => {
      // The time of an ordinary wrong password (one argon2id verification at the floor), best of three:
      // on a busy machine the 100 ms bound is read as "no slower than that".
      await t.createUser({ userPrincipalName: 's10-plain@contoso.example', password: PASSWORD });
      let ordinary = Infinity;
      for (let i = 0; i < 3; i++) {
        const started = performance.now();
        await t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { username: 's10-plain@contoso.example', password: `Wrong-${i}` } });
        ordinary = Math.min(ordinary, performance.now() - started);
      }
      const salt = Buffer.alloc(16, 7).toString('base64').replace(/=+$/, '');
      const digest = Buffer.alloc(32, 9).toString('base64').replace(/=+$/, '');
      for (const [name, params] of [
        ['memory', 'm=8388608,t=1,p=1'],
        ['passes', 'm=19456,t=1000,p=1'],
        ['lanes', 'm=19456,t=2,p=255'],
      ] as const) {
        const upn = `s10-${name}@contoso.example`;
        const { id } = await t.createUser({ userPrincipalName: upn, password: PASSWORD });
        await t.db.db
          .updateTable('app_user')
          .set({ password_hash: `$argon2id$v=19$${params}$${salt}$${digest}` })
          .where('id', '=', id)
          .execute();
        const logged = rejected.length;
        let ms = Infinity;
        for (let attempt = 0; attempt < 3 && ms > 50; attempt++) {
          const started = performance.now();
          const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { username: upn, password: PASSWORD } });
          ms = Math.min(ms, performance.now() - started);
          assert.equal(res.statusCode, 401, name);
          t.clock.advance(5_000);
        }
        // Computed, these hashes would cost seconds to minutes (1,000 passes, 8 GiB, 255 lanes); the bound only has to tell
        // "not computed" from "computed" on a loaded CI machine, so it is wide. The log line below is the structural proof.
        assert.ok(ms <= Math.max(1000, 5 * ordinary), `${name}: ${ms.toFixed(1)} ms (an ordinary wrong password: ${ordinary.toFixed(1)} ms)`);
        assert.ok(
          rejected.slice(logged).some((why) => /out of bounds/.test(why)),
          `${name}: reported for the log`,
        );
      }
    });
  });
}
