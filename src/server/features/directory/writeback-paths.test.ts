/*
 * Password writeback on the remaining paths (issue 14), against a real slapd: a set-password link,
 * a self-service reset and the CLI's `latchkey users reset` each write to the directory, proven by
 * binding as the user with the new password (and not the old one).
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { after, before, describe, test } from 'node:test';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { testEngines } from '../../testing/databases.js';
import { latestCode, recoveryDriver } from '../../testing/recovery.js';
import { slapdSkip, startSlapd, type Slapd } from '../../testing/slapd.js';
import { freshDir, openDb, runCli } from '../../../cli/testing.js';
import { ADMIN_PASSWORD, SEED_PASSWORD, auditsOf, call, directoryUser, seedUsers, type Who } from './writeback-fixture.js';

const skip = slapdSkip();
const NEW = 'Fjord&Kiwi*8372-Moss-Directory';

/** The slapd's directory* keys as the CLI's LATCHKEY_* environment. */
const envOf = (config: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(config).map(([k, v]) => [`LATCHKEY_${k.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`, String(v)]));

for (const engine of testEngines()) {
  describe(`password writeback: links and self-service reset (${engine})`, { skip }, () => {
    let slapd: Slapd;
    let t: TestApp;
    let admin: Who;
    let d: ReturnType<typeof recoveryDriver>;
    before(async () => {
      slapd = await startSlapd({ users: seedUsers('path', 3) });
      t = await createTestApp({ engine, config: { publicUrl: 'https://passwords.contoso.example', recoveryCaptchaMaxNumber: 50, ...slapd.config() } });
      await t.createUser({ userPrincipalName: 'admin@contoso.example', password: ADMIN_PASSWORD, roles: ['global-administrator'] });
      admin = await t.signIn('admin@contoso.example', ADMIN_PASSWORD);
      d = recoveryDriver(t);
    });
    after(async () => {
      await t?.close();
      await slapd?.close();
    });

    test('a set-password link writes the new password to the directory', async () => {
      const { id, dn } = await directoryUser(t, slapd, 'path0');
      await t.db.db
        .updateTable('app_user')
        .set({ other_mails: JSON.stringify(['path0.alt@example.org']) })
        .where('id', '=', id)
        .execute();
      assert.equal((await call(t, admin, 'POST', `/api/v1/users/${id}/reset-password`, { sendLink: true })).statusCode, 200);
      assert.equal(await slapd.bindAs(dn, SEED_PASSWORD), true, 'sending a link changes nothing yet');
      await t.outboxWorker.drain();
      const [mail] = await t.repos.outbox.listDevMail(1, 'path0.alt@example.org');
      const token = /\/set-password#token=([A-Za-z0-9_-]{43})/.exec(mail!.text)![1]!;
      const redeemed = await call(t, null, 'POST', '/api/v1/password-links/redeem', { token, newPassword: NEW });
      assert.equal(redeemed.statusCode, 204, redeemed.body);
      assert.equal(await slapd.bindAs(dn, NEW), true);
      assert.equal(await slapd.bindAs(dn, SEED_PASSWORD), false);
      assert.equal((await auditsOf(t, id, 'user.password_set_by_link')).success.length, 1);
    });

    test('a self-service reset writes the new password to the directory', async () => {
      await d.configure(admin, {
        enabledFor: 'all',
        methods: { email: true, mobilePhone: false, officePhone: false, authenticatorApp: false, securityQuestions: false },
        methodsRequired: 1,
      });
      // Registered as a local user through the API, then made the directory user a sync makes.
      const upn = 'path1@contoso.example';
      const { id } = await t.createUser({ userPrincipalName: upn, password: ADMIN_PASSWORD });
      await d.registerCode(await t.signIn(upn, ADMIN_PASSWORD), ADMIN_PASSWORD, 'email', 'path1.private@example.org');
      const dn = slapd.userDn('path1');
      await t.db.db
        .updateTable('app_user')
        .set({ on_premises_dn: dn, on_premises_immutable_id: dn, on_premises_sam: 'path1', on_premises_sam_key: 'path1', password_hash: null })
        .where('id', '=', id)
        .execute();
      const started = await d.start(upn);
      assert.equal(started.statusCode, 201, started.body);
      const flow = started.json<{ id: string }>().id;
      assert.equal((await d.send(flow, 'email')).statusCode, 200);
      assert.equal((await d.verify(flow, { method: 'email', code: await latestCode(t, 'path1.private@example.org') })).statusCode, 200);
      const done = await d.password(flow, NEW);
      assert.ok(done.statusCode < 300, done.body);
      assert.equal(await slapd.bindAs(dn, NEW), true);
      assert.equal(await slapd.bindAs(dn, SEED_PASSWORD), false);
      assert.equal((await t.repos.users.findById(id))!.passwordHash, null, 'no copy of the directory password');
    });
  });
}

describe('password writeback: latchkey users reset (the CLI)', { skip }, () => {
  let slapd: Slapd;
  before(async () => {
    slapd = await startSlapd({ users: seedUsers('cli', 1) });
  });
  after(() => slapd?.close());

  test('the CLI resets a directory user in the directory', async () => {
    const dir = freshDir('latchkey-writeback-');
    const env = envOf(slapd.config());
    const demo = await runCli(['demo', '--users', '40', '--password', 'Demo-Pass-word-42x'], dir, { cwd: dir, env });
    assert.equal(demo.code, 0, demo.stderr);
    const dn = slapd.userDn('cli0');
    let db = openDb(dir);
    const admin = (
      db
        .prepare(`select u.user_principal_name upn from app_user u join role_assignment r on r.user_id = u.id where r.role_id = 'global-administrator' limit 1`)
        .get() as {
        upn: string;
      }
    ).upn;
    const target = db
      .prepare(`select id, user_principal_name upn from app_user u where not exists (select 1 from role_assignment r where r.user_id = u.id) limit 1`)
      .get() as {
      id: string;
      upn: string;
    };
    db.close();
    // What a sync makes of the entry: on_premises_* set, no local hash.
    db = new SQLite(path.join(dir, 'latchkey.db'));
    db.prepare(
      `update app_user set on_premises_dn = ?, on_premises_immutable_id = ?, on_premises_sam = 'cli0', on_premises_sam_key = 'cli0', password_hash = null where id = ?`,
    ).run(dn, dn, target.id);
    db.close();
    const passwordFile = path.join(dir, 'new.txt');
    writeFileSync(passwordFile, `${NEW}\n`);
    const reset = await runCli(['users', 'reset', '--upn', target.upn, '--as', admin, '--password-file', passwordFile, '--no-force-change'], dir, {
      cwd: dir,
      env,
    });
    assert.equal(reset.code, 0, reset.stdout + reset.stderr);
    assert.equal(await slapd.bindAs(dn, NEW), true);
    assert.equal(await slapd.bindAs(dn, SEED_PASSWORD), false);
    db = openDb(dir);
    const row = db.prepare(`select password_hash from app_user where id = ?`).get(target.id) as { password_hash: string | null };
    db.close();
    assert.equal(row.password_hash, null, 'no copy of the directory password');
  });
});
