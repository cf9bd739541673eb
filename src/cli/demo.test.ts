/**
 * End-to-end tests of `latchkey demo`: the real CLI in a child process against a fresh SQLite data
 * directory, then the database file.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { verify } from '@node-rs/argon2';
import { count, freshDir, openDb, runCli } from './testing.js';

describe('latchkey demo', { concurrency: 3 }, () => {
  test('demo --users 250 seeds users, groups and role assignments sharing one printed password', async () => {
    const dir = freshDir();
    const result = await runCli(['demo', '--users', '250', '--seed', '42'], dir);
    assert.equal(result.code, 0, result.stderr);
    const password = /Shared password of every demo user \(shown once\): (\S+)/.exec(result.stdout)?.[1];
    assert.ok(password, result.stdout);
    assert.match(result.stdout, /global-administrator\s+\S+@contoso\.example/);

    const db = openDb(dir);
    assert.ok(count(db, 'select count(*) n from app_user') >= 251);
    assert.ok(count(db, 'select count(distinct department) n from app_user') >= 9);
    assert.ok(count(db, 'select count(*) n from user_group') >= 9);
    assert.ok(count(db, 'select count(*) n from group_member') >= 250);
    assert.equal(count(db, `select count(*) n from group_member m join user_group g on g.id = m.group_id where g.display_name = 'All employees'`), 250);
    assert.ok(count(db, 'select count(distinct role_id) n from role_assignment') >= 15, 'every role is held by someone');
    assert.ok(count(db, `select count(*) n from role_assignment where role_id = 'helpdesk-administrator'`) >= 2);
    assert.ok(count(db, 'select count(*) n from app_user where account_enabled = 0') >= 1);
    assert.ok(count(db, `select count(*) n from app_user where force_change_password = 1 and upn_key <> 'admin@contoso.example'`) >= 1);
    assert.ok(count(db, `select count(*) n from app_user where mobile_phone like '+31 6 %'`) >= 50);
    assert.ok(count(db, `select count(*) n from app_user where other_mails <> '[]'`) >= 10);
    const hashes = db.prepare(`select distinct password_hash h from app_user where upn_key <> 'admin@contoso.example'`).all() as { h: string }[];
    db.close();
    assert.equal(hashes.length, 1, 'one shared hash');
    assert.ok(await verify(hashes[0]!.h, password));

    // A second run refuses: the directory is no longer fresh.
    const again = await runCli(['demo', '--users', '250'], dir);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /--force/);
  });

  test('demo stops after the current batch on Ctrl-C, leaving whole users behind', async () => {
    const dir = freshDir();
    let sent = false;
    const { code, stdout, stderr } = await runCli(['demo', '--users', '10000'], dir, {
      onStderr: (all, child) => {
        if (!sent && /Creating demo users: \d+\/10000/.test(all)) sent = child.kill('SIGINT');
      },
    });
    assert.equal(code, 130, stderr);
    assert.match(stderr, /Interrupted: created \d+ of 10000/);
    const created = Number(/Created (\d+) demo users/.exec(stdout)?.[1]);
    assert.ok(created > 0 && created < 10000 && created % 500 === 0, stdout);
    assert.match(stdout, /Shared password of every demo user/);
    const db = openDb(dir);
    assert.equal(count(db, 'select count(*) n from app_user'), created + 1);
    assert.equal(count(db, `select count(*) n from group_member m join user_group g on g.id = m.group_id where g.display_name = 'All employees'`), created);
    db.close();
  });
});
