/**
 * End-to-end tests of `latchkey users import` and `users export`: the real CLI in a child process
 * against a fresh SQLite data directory, then the database file and the files it wrote.
 */
import assert from 'node:assert/strict';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { verify } from '@node-rs/argon2';
import { parse } from 'csv-parse/sync';
import { count, freshDir, openDb, runCli } from './testing.js';

const HEADER =
  'userPrincipalName,displayName,givenName,surname,mail,otherMails,mobilePhone,businessPhones,department,jobTitle,accountEnabled,preferredLanguage,roles';

describe('latchkey users import and export', { concurrency: 3 }, () => {
  test('users import then users export gives the same fields back', async () => {
    const dir = freshDir();
    const rows = [
      'jan.devries@contoso.example,Jan de Vries,Jan,de Vries,jan.devries@contoso.example,jan@example.com;jdv@example.org,+31 6 1234 5678,+31 20 123 4567;+31 20 765 4321,Sales,"Account Executive, North",true,nl,helpdesk-administrator;password-administrator',
      'emma.smith@contoso.example,Emma Smith,Emma,Smith,,,,,Finance,Controller,false,en,',
      `siobhan.o'brien@contoso.example,Siobhan O'Brien,Siobhan,O'Brien,siobhan@contoso.example,,+44 7700 900123,,Legal,"Counsel
(part-time)",true,,reports-reader`,
    ];
    const file = path.join(dir, 'users.csv');
    writeFileSync(file, [HEADER, ...rows].join('\r\n') + '\r\n');
    const imported = await runCli(['users', 'import', file], dir);
    assert.equal(imported.code, 0, imported.stderr);
    assert.match(imported.stdout, /Imported 3 users/);

    const exported = await runCli(['users', 'export'], dir);
    assert.equal(exported.code, 0, exported.stderr);
    const expected = parse([HEADER, ...rows].join('\n'), { columns: true }) as Record<string, string>[];
    const actual = parse(exported.stdout, { columns: true }) as Record<string, string>[];
    assert.deepEqual(Object.keys(actual[0]!), HEADER.split(','));
    assert.equal(actual.length, 4, 'the three users and the first-run admin');
    for (const want of expected) {
      const got = actual.find((u) => u.userPrincipalName === want.userPrincipalName);
      assert.deepEqual(got, want);
    }
    assert.ok(!exported.stdout.includes('$argon2'), 'no password hashes in the export');

    // Users without a password in the file get none.
    const db = openDb(dir);
    assert.equal(count(db, `select count(*) n from app_user where password_hash is null`), 3);
    assert.equal(count(db, `select count(*) n from audit_event where action = 'user.created' and actor_name = 'cli'`), 3);
    db.close();

    // Existing users are skipped and reported.
    const again = await runCli(['users', 'import', file], dir);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stderr, /3 users already exist/);
    assert.match(again.stdout, /Imported 0 users \(3 existing skipped/);
  });

  test('an import with a bad user principal name and a bad phone reports both lines and imports nothing', async () => {
    const dir = freshDir();
    const file = path.join(dir, 'bad.csv');
    writeFileSync(
      file,
      [
        'userPrincipalName,displayName,mobilePhone,password',
        'good@contoso.example,Good User,+31 6 1234 5678,',
        'bad user@contoso.example,Bad Name,,',
        'phone@contoso.example,Bad Phone,0612345678,',
        'fine@contoso.example,Fine User,,',
        'weak@contoso.example,Weak Password,,Password1',
      ].join('\n'),
    );
    const result = await runCli(['users', 'import', file], dir);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /line 3, userPrincipalName "bad user@contoso\.example": Enter a username like/);
    assert.match(result.stderr, /line 4, mobilePhone "0612345678": Enter a phone number in international form/);
    assert.match(result.stderr, /line 6, password: /, 'the password policy applies to imported passwords');
    assert.doesNotMatch(result.stderr, /Password1/, 'passwords are never echoed');
    assert.match(result.stderr, /Nothing was imported/);
    assert.doesNotMatch(result.stderr, /line [25]/);
    const db = openDb(dir);
    assert.equal(count(db, 'select count(*) n from app_user'), 1, 'only the first-run admin');
    db.close();

    // --skip-invalid imports the good rows; --skip-existing does not report the first-run admin.
    writeFileSync(file, readFileSync(file, 'utf8') + '\nadmin@contoso.example,Admin Again,,\n');
    const skipping = await runCli(['users', 'import', file, '--skip-invalid', '--skip-existing'], dir);
    assert.equal(skipping.code, 0, skipping.stderr);
    assert.match(skipping.stdout, /Imported 2 users \(1 existing skipped, 3 invalid skipped\)/);
    assert.doesNotMatch(skipping.stderr, /already exist/);
    const out = path.join(dir, 'export.csv');
    const exported = await runCli(['users', 'export', '--output', out], dir);
    assert.equal(exported.code, 0, exported.stderr);
    assert.equal(exported.stdout, '');
    const upns = (parse(readFileSync(out, 'utf8'), { columns: true }) as { userPrincipalName: string }[]).map((u) => u.userPrincipalName).sort();
    assert.deepEqual(upns, ['admin@contoso.example', 'fine@contoso.example', 'good@contoso.example']);
  });

  test('users import --generate-passwords writes temporary passwords to a 0600 file, never to stdout', async () => {
    const dir = freshDir();
    const file = path.join(dir, 'users.csv');
    writeFileSync(file, ['userPrincipalName,displayName,password', 'a@contoso.example,A,', 'b@contoso.example,B,Kx7!vqmT-2pLw9zR'].join('\n'));
    const out = path.join(dir, 'passwords.csv');
    const result = await runCli(['users', 'import', file, '--generate-passwords', out], dir);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(statSync(out).mode & 0o777, 0o600);
    const written = parse(readFileSync(out, 'utf8'), { columns: true }) as { userPrincipalName: string; password: string }[];
    assert.deepEqual(
      written.map((r) => r.userPrincipalName),
      ['a@contoso.example'],
    );
    const generated = written[0]!.password;
    assert.ok(generated.length >= 16);
    assert.ok(!result.stdout.includes(generated) && !result.stderr.includes(generated));
    const db = openDb(dir);
    const a = db.prepare(`select password_hash, force_change_password from app_user where upn_key = 'a@contoso.example'`).get() as {
      password_hash: string;
      force_change_password: number;
    };
    const b = db.prepare(`select password_hash, force_change_password from app_user where upn_key = 'b@contoso.example'`).get() as {
      password_hash: string;
      force_change_password: number;
    };
    db.close();
    assert.equal(a.force_change_password, 1);
    assert.ok(await verify(a.password_hash, generated));
    assert.equal(b.force_change_password, 1, 'passwords from the file must be changed too, by default');
    assert.ok(await verify(b.password_hash, 'Kx7!vqmT-2pLw9zR'));
  });
});
