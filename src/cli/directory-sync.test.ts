/*
 * `latchkey directory sync` and `latchkey directory status` (issue 14): the real CLI in child
 * processes on SQLite data dirs against a real slapd: counts as JSON and as text in English and
 * Dutch, the run recorded like the API's, Ctrl-C marks the run interrupted and exits 130, and a
 * missing directory is a clear error.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { envName } from '../server/config/schema.js';
import { slapdSkip, startSlapd, type Slapd } from '../server/testing/slapd.js';
import { count, freshDir, openDb, runCli } from './testing.js';

const skip = slapdSkip();

/** slapd.config() as LATCHKEY_* environment variables. */
const envOf = (config: Record<string, unknown>): Record<string, string> =>
  Object.fromEntries(Object.entries(config).map(([key, value]) => [envName(key), String(value)]));

describe('latchkey directory without a directory', () => {
  test('status says none is configured (exit 0); sync is an error (exit 1)', async () => {
    const dir = freshDir();
    const status = await runCli(['directory', 'status'], dir);
    assert.equal(status.code, 0, status.stderr);
    assert.match(status.stdout, /No directory is configured/);
    const sync = await runCli(['directory', 'sync'], dir);
    assert.equal(sync.code, 1);
    assert.match(sync.stderr, /No directory is configured/);
  });
});

describe('latchkey directory sync (CLI)', { skip }, () => {
  let slapd: Slapd;
  let env: Record<string, string>;
  before(async () => {
    const many = Array.from({ length: 300 }, (_, i) => ({ uid: `bulk${i}`, password: 'Seed-Pass-1!', sn: `Bulk ${i}` }));
    slapd = await startSlapd({
      users: [{ uid: 'adele', password: 'Seed-Pass-1!', sn: 'Vance', mail: 'adele@contoso.example' }, ...many],
      groups: [{ cn: 'sales', members: ['adele'] }],
    });
    env = envOf(slapd.config());
  });
  after(() => slapd?.close());

  test('sync --json prints the run; status prints it in English and in Dutch', async () => {
    const dir = freshDir();
    const run = await runCli(['directory', 'sync', '--json'], dir, { env });
    assert.equal(run.code, 0, run.stderr);
    const json = JSON.parse(run.stdout.slice(run.stdout.indexOf('{\n'))) as { mode: string; status: string; trigger: string; counts: Record<string, number> };
    assert.deepEqual([json.mode, json.status, json.trigger], ['full', 'succeeded', 'cli']);
    assert.equal(json.counts.created, 301);
    assert.equal(json.counts.groups, 1);
    const db = openDb(dir);
    assert.equal(count(db, 'select count(*) n from app_user where on_premises_dn is not null'), 301);
    assert.equal(count(db, "select count(*) n from audit_event where action = 'directory.sync_completed'"), 1);
    db.close();

    const again = await runCli(['directory', 'sync'], dir, { env });
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stderr, /Incremental sync from ldap:\/\//);
    assert.match(again.stdout, /Sync succeeded: \d+ read, 0 created/);

    const en = await runCli(['directory', 'status'], dir, { env });
    assert.equal(en.code, 0, en.stderr);
    assert.match(en.stdout, /Directory: openldap at ldap:\/\/.*301 users from the directory/);
    assert.match(en.stdout, /Schedule: only on demand/);
    assert.match(en.stdout, /Last sync: Incremental, succeeded, started .* by cli/);
    const nl = await runCli(['directory', 'status'], dir, { env: { ...env, LATCHKEY_DEFAULT_LANGUAGE: 'nl' } });
    assert.match(nl.stdout, /301 gebruikers uit de adreslijst/);
    assert.match(nl.stdout, /Laatste synchronisatie: Incrementele, geslaagd/);
  });

  test('Ctrl-C interrupts: the run is marked interrupted, what was written stays, exit 130', async () => {
    const dir = freshDir();
    let sent = false;
    const run = await runCli(['directory', 'sync', '--full'], dir, {
      env,
      onStderr: (all, child) => {
        if (!sent && /Full sync from/.test(all)) {
          sent = true;
          child.kill('SIGINT');
        }
      },
    });
    assert.equal(run.code, 130, `${run.stdout}\n${run.stderr}`);
    assert.match(run.stdout, /Sync interrupted \(what was written is kept\)/);
    const db = openDb(dir);
    assert.equal(count(db, "select count(*) n from directory_sync_run where status = 'interrupted'"), 1);
    assert.equal(count(db, "select count(*) n from directory_sync_run where status = 'running'"), 0);
    assert.equal(count(db, "select count(*) n from audit_event where action = 'directory.sync_failed'"), 1);
    db.close();
  });
});
