/**
 * A known-breached password is refused on every path that sets one (issue 17; checklist P5, P10):
 * the live checks, change, forced change, admin reset with a chosen password, a bulk reset with a
 * chosen password, a new user with a password, a set-password link and the reset portal. Once
 * through a real range server on 127.0.0.1, once through a list imported from a file; both engines.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createTestApp, type TestApp } from '../../../testing/test-app.js';
import { testEngines } from '../../../testing/databases.js';
import { latestCode, recoveryDriver } from '../../../testing/recovery.js';
import { sha1Hex } from './check.js';
import { importBreachedFile } from './import.js';
import { startRangeServer, type RangeServer } from './testing.js';

const PASSWORD = 'Zebra-Quilt-Harbor-71!';
/** Passes every other rule of the default policy: only the breached check can refuse it. */
const BREACHED = 'Kestrel-Velvet-2931!';
const CLEAN = 'Marigold-Tundra-8462?';
/** Not asked for before the outage test, so its range is not cached. */
const UNSEEN = 'Unseen-Harbour-5170#';
const methods = { email: true, mobilePhone: false, officePhone: false, authenticatorApp: false, securityQuestions: false, passkey: false };

type Who = { cookie: string; csrf: string };
type Problem = { code: string; issues?: { code: string; message: string }[] };

for (const engine of testEngines()) {
  for (const source of ['range service', 'imported file'] as const) {
    describe(`a breached password is refused on every path: ${source} (${engine})`, () => {
      let t: TestApp;
      let server: RangeServer | undefined;
      let dir: string;
      let admin: Who;
      let n = 0;
      const call = (who: Who | null, method: string, url: string, payload?: object, headers: Record<string, string> = {}) =>
        t.app.inject({
          method: method as 'POST',
          url,
          ...(payload ? { payload } : {}),
          headers: { ...(who ? { cookie: who.cookie, 'x-csrf-token': who.csrf } : {}), ...headers },
        });
      /** A 400 password.rejected whose issues include password.breached. */
      const assertBreached = (res: { statusCode: number; body: string; json(): unknown }, what: string) => {
        assert.equal(res.statusCode, 400, `${what}: ${res.body}`);
        const body = res.json() as Problem;
        assert.equal(body.code, 'password.rejected', what);
        assert.deepEqual(
          body.issues?.map((i) => i.code),
          ['password.breached'],
          what,
        );
      };
      const newUser = async (extra: { mustChangePassword?: boolean } = {}) => {
        const upn = `user${++n}@contoso.example`;
        const { id } = await t.createUser({ userPrincipalName: upn, password: PASSWORD, ...extra });
        return { id, upn };
      };

      before(async () => {
        dir = mkdtempSync(path.join(tmpdir(), 'latchkey-breached-'));
        const config: Record<string, unknown> = { recoveryCaptchaMaxNumber: 50 };
        if (source === 'range service') {
          server = await startRangeServer();
          server.add(BREACHED, 1);
          config.breachedPasswordsUrl = server.url;
        }
        t = await createTestApp({ engine, config });
        if (source === 'imported file') {
          const file = path.join(dir, 'pwned.txt');
          writeFileSync(file, [`${sha1Hex('another')}:7`, `${sha1Hex(BREACHED).toLowerCase()}:1`, 'not a hash', ''].join('\r\n'));
          const imported = await importBreachedFile(t.repos.breachedPasswords, file);
          assert.equal(imported.entries, 2);
        }
        await t.createUser({ userPrincipalName: 'admin@contoso.example', password: PASSWORD, roles: ['global-administrator'] });
        admin = await t.signIn('admin@contoso.example', PASSWORD);
      });
      after(async () => {
        await t.close();
        await server?.close();
        rmSync(dir, { recursive: true, force: true });
      });

      test('the admin centre names the source in use', async () => {
        const res = await call(admin, 'GET', '/api/v1/settings/breached-passwords/source');
        assert.equal(res.statusCode, 200, res.body);
        const body = res.json();
        assert.equal(body.mode, source === 'range service' ? 'online' : 'offline');
        if (source === 'imported file') assert.deepEqual([body.imported.entries, body.imported.badLines, body.imported.fileName], [2, 1, 'pwned.txt']);
        else assert.equal(body.url, server!.url);
      });

      test('live checks: My account, an admin for another user, in English and Dutch', async () => {
        const user = await newUser();
        const who = await t.signIn(user.upn, PASSWORD);
        const mine = (await call(who, 'POST', '/api/v1/password-policy/check', { password: BREACHED })).json();
        assert.equal(mine.accepted, false);
        assert.equal(mine.breached, 'found');
        assert.deepEqual(
          mine.problems.map((p: { code: string }) => p.code),
          ['password.breached'],
        );
        const dutch = (await call(who, 'POST', '/api/v1/password-policy/check', { password: BREACHED }, { 'accept-language': 'nl' })).json();
        assert.match(dutch.problems[0].message, /datalek/);
        const clean = (await call(who, 'POST', '/api/v1/password-policy/check', { password: CLEAN })).json();
        assert.equal(clean.accepted, true);
        assert.equal(clean.breached, 'clean');
        const forOther = (await call(admin, 'POST', '/api/v1/password-policy/check', { password: BREACHED, userId: user.id })).json();
        assert.equal(forOther.breached, 'found');
      });

      test('change, and the forced change at sign-in', async () => {
        const user = await newUser();
        const who = await t.signIn(user.upn, PASSWORD);
        assertBreached(await call(who, 'POST', '/api/v1/me/change-password', { currentPassword: PASSWORD, newPassword: BREACHED }), 'change');
        const forced = await newUser({ mustChangePassword: true });
        const limited = await t.signIn(forced.upn, PASSWORD);
        assert.equal(limited.body.passwordChangeRequired, true);
        assertBreached(await call(limited, 'POST', '/api/v1/me/change-password', { currentPassword: PASSWORD, newPassword: BREACHED }), 'forced change');
        assert.equal((await call(limited, 'POST', '/api/v1/me/change-password', { currentPassword: PASSWORD, newPassword: CLEAN })).statusCode, 204);
      });

      test('admin reset with a chosen password, a bulk reset with a chosen password, a new user with a password', async () => {
        const user = await newUser();
        assertBreached(await call(admin, 'POST', `/api/v1/users/${user.id}/reset-password`, { autoGenerate: false, password: BREACHED }), 'admin reset');

        const created = await call(admin, 'POST', '/api/v1/password-reset-jobs', { userPrincipalNames: [user.upn], autoGenerate: false, password: BREACHED });
        assert.equal(created.statusCode, 202, created.body);
        await t.services.resetJobs.runAll();
        const items = (await call(admin, 'GET', `/api/v1/password-reset-jobs/${created.json().id}/items`)).json().items;
        assert.equal(items[0].status, 'failed');
        assert.match(items[0].reason, /password\.breached/);

        assertBreached(
          await call(admin, 'POST', '/api/v1/users', {
            userPrincipalName: `new${++n}@contoso.example`,
            displayName: 'New User',
            passwordProfile: { password: BREACHED },
          }),
          'new user',
        );
      });

      test('a set-password link', async () => {
        const user = await newUser();
        await t.db.db
          .updateTable('app_user')
          .set({ other_mails: JSON.stringify([`alt.${n}@example.org`]) })
          .where('id', '=', user.id)
          .execute();
        const sent = await call(admin, 'POST', `/api/v1/users/${user.id}/reset-password`, { sendLink: true });
        assert.equal(sent.statusCode, 200, sent.body);
        await t.outboxWorker.drain();
        const [mail] = await t.repos.outbox.listDevMail(1, `alt.${n}@example.org`);
        const token = /\/set-password#token=([A-Za-z0-9_-]{43})/.exec(mail!.text)![1]!;
        assertBreached(await call(null, 'POST', '/api/v1/password-links/redeem', { token, newPassword: BREACHED }), 'set-password link');
        assert.equal((await call(null, 'POST', '/api/v1/password-links/redeem', { token, newPassword: CLEAN })).statusCode, 204);
      });

      // Only a range service can be unavailable; an imported list is in the database.
      if (source === 'range service')
        test('an outage with onUnavailable refuse: chosen passwords are refused with their own code, generated ones still work', async () => {
          const settings = (await call(admin, 'GET', '/api/v1/settings/breached-passwords')).json();
          assert.deepEqual(settings, { enabled: true, threshold: 1, onUnavailable: 'allow' }, 'the defaults');
          const saved = await call(admin, 'PUT', '/api/v1/settings/breached-passwords', { ...settings, onUnavailable: 'refuse' });
          assert.equal(saved.statusCode, 200, saved.body);
          server!.mode = 'error';
          try {
            const user = await newUser();
            const who = await t.signIn(user.upn, PASSWORD);
            const res = await call(who, 'POST', '/api/v1/me/change-password', { currentPassword: PASSWORD, newPassword: UNSEEN }, { 'accept-language': 'nl' });
            assert.equal(res.statusCode, 400, res.body);
            assert.deepEqual(
              res.json().issues.map((i: { code: string }) => i.code),
              ['password.breached_unavailable'],
            );
            assert.match(res.json().issues[0].message, /datalekken/);
            const generated = await call(admin, 'POST', `/api/v1/users/${user.id}/reset-password`, { autoGenerate: true });
            assert.equal(generated.statusCode, 200, generated.body);
            assert.equal(typeof generated.json().password, 'string');
            const logs = t.logs.join('');
            assert.match(logs, /breached-password check unavailable/);
            assert.ok(!logs.includes(UNSEEN) && !logs.includes(sha1Hex(UNSEEN).slice(0, 5)), 'neither the password nor its prefix in the logs');
          } finally {
            server!.mode = 'ok';
            await call(admin, 'PUT', '/api/v1/settings/breached-passwords', { ...settings, onUnavailable: 'allow' });
          }
        });

      test('the reset portal: its live check and the new password', async () => {
        const d = recoveryDriver(t);
        await d.configure(admin, { enabledFor: 'all', methods, methodsRequired: 1 });
        const user = await newUser();
        const who = await t.signIn(user.upn, PASSWORD);
        await d.registerCode(who, PASSWORD, 'email', `portal.${n}@example.org`);
        const id: string = (await d.start(user.upn)).json().id;
        await d.send(id, 'email');
        assert.equal((await d.verify(id, { method: 'email', code: await latestCode(t, `portal.${n}@example.org`) })).statusCode, 200);
        const check = (await call(null, 'POST', `/api/v1/recovery/flows/${id}/password/check`, { password: BREACHED })).json();
        assert.equal(check.breached, 'found');
        assertBreached(await d.password(id, BREACHED), 'reset portal');
        assert.equal((await d.password(id, CLEAN)).statusCode, 200);
      });
    });
  }
}
