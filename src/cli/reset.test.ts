/**
 * End-to-end tests of `latchkey users reset`: the real CLI in a child process against a fresh
 * SQLite data directory seeded with `latchkey demo`, then the database file and the files it wrote.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { verify } from '@node-rs/argon2';
import { parse } from 'csv-parse/sync';
import type { RoleId } from '../shared/roles.js';
import { canResetPassword } from '../server/features/roles/reset-matrix.js';
import { t } from '../server/i18n/index.js';
import { count, freshDir, openDb, runCli, type CliChild } from './testing.js';

const DEMO_PASSWORD = 'Demo-Pass-word-42x';

/** The CLI with its working directory in the data dir, so default output files land there. */
const run = (args: string[], dataDir: string, env: Record<string, string> = {}, onStderr?: (all: string, child: CliChild) => void) =>
  runCli(args, dataDir, { cwd: dataDir, env, onStderr });

interface Seeded {
  dir: string;
  users: { id: string; upn: string; roles: RoleId[] }[];
  holder: (role: RoleId) => string;
}

async function seed(size: number): Promise<Seeded> {
  const dir = freshDir('latchkey-reset-');
  const demo = await run(['demo', '--users', String(size), '--password', DEMO_PASSWORD], dir);
  assert.equal(demo.code, 0, demo.stderr);
  const db = openDb(dir);
  const rows = db
    .prepare(
      `select u.id, u.user_principal_name upn, group_concat(r.role_id) roles from app_user u left join role_assignment r on r.user_id = u.id group by u.id`,
    )
    .all() as { id: string; upn: string; roles: string | null }[];
  db.close();
  const users = rows.map((r) => ({ id: r.id, upn: r.upn, roles: (r.roles ? r.roles.split(',') : []) as RoleId[] }));
  return {
    dir,
    users,
    holder: (role) => {
      const found = users.find((u) => u.roles.length === 1 && u.roles[0] === role);
      assert.ok(found, `a demo user holds only ${role}`);
      return found.upn;
    },
  };
}

const jobIdOf = (stdout: string) => /job ([0-9a-f-]{36})/.exec(stdout)?.[1];

describe('latchkey users reset', { concurrency: 2 }, () => {
  test('a CSV reset as a Helpdesk Administrator follows the role matrix; passwords go once to a 0600 file', async () => {
    const { dir, users, holder } = await seed(60);
    const helpdesk = holder('helpdesk-administrator');
    const csv = path.join(dir, 'targets.csv');
    // Header matched case-insensitively, other columns ignored, a missing user too.
    writeFileSync(csv, ['Department,USERPRINCIPALNAME', ...users.map((u) => `x,${u.upn}`), 'x,missing.person@contoso.example'].join('\n') + '\n');
    const out = path.join(dir, 'passwords.csv');
    const outcomesFile = path.join(dir, 'outcomes.csv');
    const result = await run(['users', 'reset', '--csv', csv, '--as', helpdesk, '--password-out', out, '--outcomes-out', outcomesFile], dir);
    assert.equal(result.code, 1, 'a user that does not exist is a failure');
    const jobId = jobIdOf(result.stdout);
    assert.ok(jobId, result.stdout);

    const helpdeskUser = users.find((u) => u.upn === helpdesk)!;
    const expected = users.filter((u) => u.upn !== helpdesk && canResetPassword(['helpdesk-administrator'], u.roles));
    const notPermitted = users.filter((u) => u.upn !== helpdesk && !canResetPassword(['helpdesk-administrator'], u.roles));
    assert.ok(notPermitted.some((u) => u.roles.includes('global-administrator')));
    assert.match(result.stdout, new RegExp(`reset:\\s+${expected.length} \\(must change`));
    // The reasons are listed in the order they first occurred, which parallel processing varies.
    assert.match(result.stdout, new RegExp(`skipped:\\s+${notPermitted.length + 1} \\(.*${notPermitted.length} not permitted`));
    assert.match(result.stdout, /skipped:.*1 the administrator's own account/);
    assert.match(result.stdout, /failed:\s+1 \(1 no such user\)/);

    const outcomes = parse(readFileSync(outcomesFile, 'utf8'), { columns: true }) as { userPrincipalName: string; status: string; reason: string }[];
    const outcomeOf = (upn: string) => outcomes.find((o) => o.userPrincipalName === upn);
    assert.equal(outcomes.length, users.length + 1);
    for (const u of notPermitted) assert.deepEqual(outcomeOf(u.upn), { userPrincipalName: u.upn, status: 'skipped', reason: 'not_permitted' }, u.roles.join());
    assert.equal(outcomeOf(helpdesk)?.reason, 'self');
    assert.equal(outcomeOf('missing.person@contoso.example')?.reason, 'not_found');

    assert.equal(statSync(out).mode & 0o777, 0o600);
    const written = parse(readFileSync(out, 'utf8'), { columns: true }) as { userPrincipalName: string; password: string }[];
    assert.deepEqual(written.map((w) => w.userPrincipalName).sort(), expected.map((u) => u.upn).sort());
    for (const { password } of written) {
      assert.ok(password.length >= 16);
      assert.ok(!result.stdout.includes(password) && !result.stderr.includes(password), 'no password on the terminal');
    }

    const db = openDb(dir);
    const row = (upn: string) =>
      db.prepare(`select password_hash, force_change_password from app_user where user_principal_name = ?`).get(upn) as {
        password_hash: string;
        force_change_password: number;
      };
    for (const { userPrincipalName, password } of written.slice(0, 3)) {
      assert.ok(await verify(row(userPrincipalName).password_hash, password), 'the new password works');
      assert.equal(row(userPrincipalName).force_change_password, 1);
    }
    const untouched = notPermitted.find((u) => u.roles.includes('global-administrator') && u.upn !== 'admin@contoso.example')!; // not the first-run admin: a demo one
    assert.ok(await verify(row(untouched.upn).password_hash, DEMO_PASSWORD), 'a skipped admin keeps their password');
    assert.equal(count(db, `select count(*) n from reset_job_item where job_id = ? and sealed_password is not null`, jobId), 0, 'passwords are taken once');
    const audits = db
      .prepare(`select actor_id, outcome, count(*) n from audit_event where action = 'user.password_reset' group by actor_id, outcome`)
      .all() as { actor_id: string; outcome: string; n: number }[];
    db.close();
    assert.deepEqual(
      audits.sort((a, b) => a.outcome.localeCompare(b.outcome)),
      [
        { actor_id: helpdeskUser.id, outcome: 'failure', n: notPermitted.length },
        { actor_id: helpdeskUser.id, outcome: 'success', n: expected.length },
      ],
    );

    // The password file is never written over, and a second --resume finds nothing left to collect.
    const again = await run(['users', 'reset', '--resume', jobId, '--as', helpdesk, '--password-out', out], dir);
    assert.equal(again.code, 2);
    assert.match(again.stderr, /already exists/);
    const collected = await run(['users', 'reset', '--resume', jobId, '--as', helpdesk], dir);
    assert.equal(collected.code, 1, collected.stderr);
    assert.match(collected.stdout, /were already collected/);
    assert.ok(!existsSync(path.join(dir, `reset-${jobId}.csv`)));
    assert.ok(existsSync(path.join(dir, `reset-${jobId}-outcomes.csv`)), 'outcomes next to where the passwords would go');
  });

  test('--password-file: a weak password is refused with the policy messages; a good one is set for everyone', async () => {
    const { dir, holder } = await seed(40);
    const admin = holder('user-administrator');
    const weak = path.join(dir, 'weak.txt');
    writeFileSync(weak, 'password1\n');
    const refused = await run(['users', 'reset', '--group', 'finance', '--as', admin, '--password-file', weak], dir);
    assert.equal(refused.code, 1);
    assert.ok(refused.stderr.includes(t('en', 'password.rejected')), refused.stderr);
    assert.ok(refused.stderr.includes(t('en', 'password.banned')), refused.stderr);
    assert.ok(!refused.stdout.includes('password1') && !refused.stderr.includes('password1'));
    let db = openDb(dir);
    assert.equal(count(db, 'select count(*) n from reset_job'), 0, 'no job was created');
    db.close();

    const good = path.join(dir, 'good.txt');
    writeFileSync(good, 'Fjord&Kiwi*8372-Moss\n');
    const done = await run(['users', 'reset', '--group', 'Finance', '--as', admin, '--password-file', good, '--no-force-change'], dir);
    assert.equal(done.code, 0, done.stderr);
    const jobId = jobIdOf(done.stdout)!;
    assert.ok(!existsSync(path.join(dir, `reset-${jobId}.csv`)), 'no password file when none was generated');
    assert.ok(existsSync(path.join(dir, `reset-${jobId}-outcomes.csv`)));
    db = openDb(dir);
    const members = db
      .prepare(
        `select u.password_hash h, u.force_change_password f from app_user u join group_member m on m.user_id = u.id join user_group g on g.id = m.group_id where g.display_name = 'Finance'`,
      )
      .all() as { h: string; f: number }[];
    db.close();
    assert.ok(members.length > 0);
    assert.ok(await verify(members[0]!.h, 'Fjord&Kiwi*8372-Moss'));
    assert.ok(members.every((m) => m.f === 0));
  });

  test('Ctrl-C stops after the users in flight; --resume completes the job with every user reset exactly once', async () => {
    const { dir, holder } = await seed(200);
    // The first-run Global Administrator, who is not in the demo's groups.
    const admin = 'admin@contoso.example';
    const env = { LATCHKEY_JOB_LEASE_SECONDS: '2', LATCHKEY_HASH_CONCURRENCY: '1' };
    let sent = false;
    const first = await run(
      ['users', 'reset', '--group', 'All employees', '--as', admin, '--password-out', path.join(dir, 'p.csv')],
      dir,
      env,
      (stderr, child) => {
        if (!sent && /Resetting passwords: \d+\/200/.test(stderr)) sent = child.kill('SIGINT');
      },
    );
    assert.equal(first.code, 130, first.stderr);
    assert.match(first.stderr, /Interrupted: \d+ of 200 users done/);
    assert.match(first.stderr, /--resume [0-9a-f-]{36} --as /);
    const jobId = jobIdOf(first.stdout)!;
    assert.ok(!existsSync(path.join(dir, 'p.csv')), 'passwords are written when the job is complete');

    const other = holder('password-administrator');
    const wrongAdmin = await run(['users', 'reset', '--resume', jobId, '--as', other], dir, env);
    assert.equal(wrongAdmin.code, 2);
    assert.match(wrongAdmin.stderr, /only they can resume it/);

    const resumed = await run(
      ['users', 'reset', '--resume', jobId, '--as', admin, '--password-out', path.join(dir, 'p.csv'), '--outcomes-out', path.join(dir, 'o.csv')],
      dir,
      env,
    );
    assert.equal(resumed.code, 0, resumed.stderr);
    assert.match(resumed.stdout, /reset:\s+200 /);
    const written = parse(readFileSync(path.join(dir, 'p.csv'), 'utf8'), { columns: true }) as { userPrincipalName: string }[];
    assert.equal(new Set(written.map((w) => w.userPrincipalName)).size, 200);
    const db = openDb(dir);
    const audits = db
      .prepare(`select count(*) n, count(distinct target_id) d from audit_event where action = 'user.password_reset' and outcome = 'success'`)
      .get() as { n: number; d: number };
    db.close();
    assert.deepEqual({ ...audits }, { n: 200, d: 200 }, 'each user reset exactly once');
  });

  test('usage errors exit 2 before anything is done', async () => {
    const { dir, holder } = await seed(40);
    const nobody = holder('directory-readers');
    const cases: [string[], RegExp][] = [
      [['users', 'reset', '--upn', 'a@contoso.example'], /--as <adminUpn> is required/],
      [['users', 'reset', '--as', holder('helpdesk-administrator')], /exactly one of --csv/],
      [['users', 'reset', '--upn', 'a@contoso.example', '--group', 'Sales', '--as', holder('helpdesk-administrator')], /exactly one of --csv/],
      [['users', 'reset', '--upn', 'a@contoso.example', '--as', nobody], /does not grant users:reset-password/],
      [['users', 'reset', '--upn', 'a@contoso.example', '--as', 'ghost@contoso.example'], /no such user/],
      [['users', 'reset', '--group', 'No Such Group', '--as', holder('helpdesk-administrator')], /there is no group/],
      [['users', 'reset', '--csv', path.join(dir, 'missing.csv'), '--as', holder('helpdesk-administrator')], /cannot read/],
    ];
    const results = await Promise.all(cases.map(([args]) => run(args, dir)));
    cases.forEach(([args, message], i) => {
      assert.equal(results[i]!.code, 2, `${args.join(' ')}: ${results[i]!.stderr}`);
      assert.match(results[i]!.stderr, message);
    });
    const db = openDb(dir);
    assert.equal(count(db, 'select count(*) n from reset_job'), 0);
    db.close();
  });
});
