/**
 * End-to-end tests of the `latchkey` command: each runs the real CLI in a child process against a
 * fresh SQLite data directory, then looks at the database file or the CLI's own output.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { verify } from '@node-rs/argon2';
import SQLite from 'better-sqlite3';
import { parse } from 'csv-parse/sync';

const root = fileURLToPath(new URL('../../', import.meta.url));
const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function freshDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'latchkey-cli-'));
  dirs.push(dir);
  return dir;
}

/** The environment of a child: none of ours LATCHKEY_* settings, a fresh data dir, no logs. */
function envFor(dataDir: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('LATCHKEY_')) env[k] = v;
  return { ...env, LATCHKEY_DATA_DIR: dataDir, LATCHKEY_LOG_LEVEL: 'silent', ...extra };
}

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function start(args: string[], dataDir: string, extraEnv: Record<string, string> = {}) {
  return spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: root, env: envFor(dataDir, extraEnv), stdio: ['ignore', 'pipe', 'pipe'] });
}

function run(args: string[], dataDir: string, extraEnv: Record<string, string> = {}): Promise<Run> {
  const child = start(args, dataDir, extraEnv);
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
  child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

function openDb(dataDir: string) {
  return new SQLite(path.join(dataDir, 'latchkey.db'), { readonly: true });
}

const count = (db: SQLite.Database, sql: string, ...params: unknown[]) => Number((db.prepare(sql).get(...params) as { n: number }).n);

const HEADER =
  'userPrincipalName,displayName,givenName,surname,mail,otherMails,mobilePhone,businessPhones,department,jobTitle,accountEnabled,preferredLanguage,roles';

describe('latchkey CLI', { concurrency: 3 }, () => {
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
    const imported = await run(['users', 'import', file], dir);
    assert.equal(imported.code, 0, imported.stderr);
    assert.match(imported.stdout, /Imported 3 users/);

    const exported = await run(['users', 'export'], dir);
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
    const again = await run(['users', 'import', file], dir);
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
    const result = await run(['users', 'import', file], dir);
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
    const skipping = await run(['users', 'import', file, '--skip-invalid', '--skip-existing'], dir);
    assert.equal(skipping.code, 0, skipping.stderr);
    assert.match(skipping.stdout, /Imported 2 users \(1 existing skipped, 3 invalid skipped\)/);
    assert.doesNotMatch(skipping.stderr, /already exist/);
    const out = path.join(dir, 'export.csv');
    const exported = await run(['users', 'export', '--output', out], dir);
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
    const result = await run(['users', 'import', file, '--generate-passwords', out], dir);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(statSync(out).mode & 0o777, 0o600);
    const written = parse(readFileSync(out, 'utf8'), { columns: true }) as { userPrincipalName: string; password: string }[];
    assert.deepEqual(written.map((r) => r.userPrincipalName), ['a@contoso.example']);
    const generated = written[0]!.password;
    assert.ok(generated.length >= 16);
    assert.ok(!result.stdout.includes(generated) && !result.stderr.includes(generated));
    const db = openDb(dir);
    const a = db.prepare(`select password_hash, force_change_password from app_user where upn_key = 'a@contoso.example'`).get() as { password_hash: string; force_change_password: number };
    const b = db.prepare(`select password_hash, force_change_password from app_user where upn_key = 'b@contoso.example'`).get() as { password_hash: string; force_change_password: number };
    db.close();
    assert.equal(a.force_change_password, 1);
    assert.ok(await verify(a.password_hash, generated));
    assert.equal(b.force_change_password, 1, 'passwords from the file must be changed too, by default');
    assert.ok(await verify(b.password_hash, 'Kx7!vqmT-2pLw9zR'));
  });

  test('demo --users 250 seeds users, groups and role assignments sharing one printed password', async () => {
    const dir = freshDir();
    const result = await run(['demo', '--users', '250', '--seed', '42'], dir);
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
    const again = await run(['demo', '--users', '250'], dir);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /--force/);
  });

  test('demo stops after the current batch on Ctrl-C, leaving whole users behind', async () => {
    const dir = freshDir();
    const child = start(['demo', '--users', '10000'], dir);
    let stdout = '';
    let stderr = '';
    let sent = false;
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => {
      stderr += c;
      if (!sent && /Creating demo users: \d+\/10000/.test(stderr)) sent = child.kill('SIGINT');
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
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

  test('admin create prints a temporary password once and requires a change at first sign-in', async () => {
    const dir = freshDir();
    const result = await run(['admin', 'create', '--upn', 'helpdesk.lead@contoso.example', '--role', 'helpdesk-administrator'], dir);
    assert.equal(result.code, 0, result.stderr);
    // Before the first serve the organisation is created too, and its admin printed.
    assert.match(result.stdout, /Global Administrator: admin@contoso\.example/);
    assert.match(result.stdout, /Created helpdesk\.lead@contoso\.example \(Helpdesk Lead\) with the role helpdesk-administrator/);
    const passwords = [...result.stdout.matchAll(/Temporary password \(shown once, must be changed at first sign-in\): (\S+)/g)].map((m) => m[1]!);
    assert.equal(passwords.length, 2, 'the first-run admin and the new admin');
    const password = passwords[1]!;
    assert.equal(result.stdout.split(password).length - 1, 1, 'printed once');

    const db = openDb(dir);
    const user = db.prepare(`select id, password_hash, force_change_password from app_user where upn_key = 'helpdesk.lead@contoso.example'`).get() as {
      id: string;
      password_hash: string;
      force_change_password: number;
    };
    const roles = db.prepare('select role_id from role_assignment where user_id = ?').all(user.id) as { role_id: string }[];
    db.close();
    assert.equal(user.force_change_password, 1);
    assert.deepEqual(roles.map((r) => r.role_id), ['helpdesk-administrator']);
    assert.ok(await verify(user.password_hash, password));

    const badRole = await run(['admin', 'create', '--upn', 'x@contoso.example', '--role', 'superuser'], dir);
    assert.equal(badRole.code, 2);
    assert.match(badRole.stderr, /unknown role "superuser"/);
    const otherDomain = await run(['admin', 'create', '--upn', 'x@fabrikam.example'], dir);
    assert.equal(otherDomain.code, 2);
    assert.match(otherDomain.stderr, /fabrikam\.example isn’t one of your organisation’s domains/);
  });

  test('serve with LATCHKEY_PORT=abc exits 2 naming the variable, without a stack trace', async () => {
    const dir = freshDir();
    const result = await run(['serve'], dir, { LATCHKEY_PORT: 'abc' });
    assert.equal(result.code, 2);
    assert.match(result.stderr, /LATCHKEY_PORT: /);
    assert.doesNotMatch(result.stderr, /\n\s+at /);
  });

  test('serve --port 0 on an empty data dir prints the first-run admin and URL, answers /healthz and stops on SIGTERM', async () => {
    const dir = freshDir();
    const child = start(['serve', '--port', '0'], dir);
    let stdout = '';
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    const closed = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.setEncoding('utf8').on('data', (c: string) => {
          stdout += c;
          const match = /(http:\/\/[^\s]+) and sign in/.exec(stdout);
          if (match) resolve(match[1]!);
        });
        void closed.then(() => reject(new Error(`serve exited early:\n${stdout}\n${stderr}`)));
      });
      assert.match(stdout, /Global Administrator: admin@contoso\.example/);
      assert.match(stdout, /Temporary password \(shown once, must be changed at first sign-in\): \S{16}/);
      const response = await fetch(`${url}/healthz`);
      assert.equal(response.status, 200);
      assert.deepEqual(await response.json(), { status: 'ok' });
    } finally {
      child.kill('SIGTERM');
    }
    assert.deepEqual(await closed, { code: 0, signal: null });
  });

  test('migrate reports what it applied, then that the database is up to date', async () => {
    const dir = freshDir();
    const first = await run(['migrate'], dir);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /Applied \d+ migrations? to the database[\s\S]*\n  0001_directory\n/);
    const second = await run(['migrate'], dir);
    assert.equal(second.code, 0, second.stderr);
    assert.match(second.stdout, /up to date/);
  });

  test('bad usage exits 2', async () => {
    const dir = freshDir();
    const unknown = await run(['users', 'frobnicate'], dir);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /unknown command 'frobnicate'/);
    const badNumber = await run(['demo', '--users', 'many'], dir);
    assert.equal(badNumber.code, 2);
    assert.match(badNumber.stderr, /--users <n>.*expected a whole number/);
  });
});
