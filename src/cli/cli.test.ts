/**
 * End-to-end tests of the `latchkey` command's admin create, serve and migrate, and of its usage
 * errors: each runs the real CLI in a child process against a fresh SQLite data directory.
 * (users import/export: import-export.test.ts; demo: demo.test.ts; users reset: reset.test.ts.)
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { verify } from '@node-rs/argon2';
import { freshDir, openDb, runCli, serverUrl, startCli } from './testing.js';

describe('latchkey CLI', { concurrency: 3 }, () => {
  test('admin create prints a temporary password once and requires a change at first sign-in', async () => {
    const dir = freshDir();
    const result = await runCli(['admin', 'create', '--upn', 'helpdesk.lead@contoso.example', '--role', 'helpdesk-administrator'], dir);
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
    assert.deepEqual(
      roles.map((r) => r.role_id),
      ['helpdesk-administrator'],
    );
    assert.ok(await verify(user.password_hash, password));

    const badRole = await runCli(['admin', 'create', '--upn', 'x@contoso.example', '--role', 'superuser'], dir);
    assert.equal(badRole.code, 2);
    assert.match(badRole.stderr, /unknown role "superuser"/);
    const otherDomain = await runCli(['admin', 'create', '--upn', 'x@fabrikam.example'], dir);
    assert.equal(otherDomain.code, 2);
    assert.match(otherDomain.stderr, /fabrikam\.example isn’t one of your organisation’s domains/);
  });

  test('serve with LATCHKEY_PORT=abc exits 2 naming the variable, without a stack trace', async () => {
    const dir = freshDir();
    const result = await runCli(['serve'], dir, { env: { LATCHKEY_PORT: 'abc' } });
    assert.equal(result.code, 2);
    assert.match(result.stderr, /LATCHKEY_PORT: /);
    assert.doesNotMatch(result.stderr, /\n\s+at /);
  });

  test('serve --port 0 on an empty data dir prints the first-run admin and URL, answers /healthz and stops on SIGTERM', async () => {
    const dir = freshDir();
    const child = startCli(['serve', '--port', '0'], dir);
    const closed = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.on('close', (code, signal) => resolve({ code, signal })),
    );
    try {
      const { url, stdout } = await serverUrl(child);
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
    const first = await runCli(['migrate'], dir);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /Applied \d+ migrations? to the database[\s\S]*\n {2}0001_directory\n/);
    const second = await runCli(['migrate'], dir);
    assert.equal(second.code, 0, second.stderr);
    assert.match(second.stdout, /up to date/);
    // docs/cli.md shows what a new database really gets (issue 13: it showed 2 of 10).
    const applied = first.stdout.split('\n').filter((line) => /^ {2}\d{4}_/.test(line));
    const docs = readFileSync(new URL('../../docs/cli.md', import.meta.url), 'utf8');
    const example = /\$ latchkey migrate\n(Applied (\d+) migrations[^\n]*\n(?: {2}\d{4}_\w+\n)+)/.exec(docs);
    assert.ok(example, 'docs/cli.md lost its migrate example');
    assert.equal(Number(example[2]), applied.length, 'docs/cli.md: the migrate example shows another number of migrations');
    assert.deepEqual(example[1]!.split('\n').slice(1, -1), applied);
  });

  test('bad usage exits 2', async () => {
    const dir = freshDir();
    const unknown = await runCli(['users', 'frobnicate'], dir);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /unknown command 'frobnicate'/);
    const badNumber = await runCli(['demo', '--users', 'many'], dir);
    assert.equal(badNumber.code, 2);
    assert.match(badNumber.stderr, /--users <n>.*expected a whole number/);
  });
});
