/*
 * `latchkey apps …` (issue 15): the real CLI in child processes on SQLite data dirs. The issue's
 * contract: `apps create --name … --permissions … --json` prints exactly { clientId, clientSecret,
 * tenantId }, and the printed secret verifies against the stored keyed hash. Text output in English
 * and Dutch; bad input exits non-zero and changes nothing; certificates, consent, secrets, delete.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { clientSecretMatches } from '../server/features/apps/secrets.js';
import { makeCertificate } from '../server/features/apps/certificates.fixture.js';
import { count, freshDir, openDb, runCli } from './testing.js';

type AppRow = { id: string; client_id: string; permissions: string; directory_role: string | null; consented_at: string | null; consented_by: string | null };

describe('latchkey apps (CLI)', () => {
  test('create --json prints exactly clientId, clientSecret and tenantId; the secret matches the stored hash', async () => {
    const dir = freshDir();
    const run = await runCli(['apps', 'create', '--name', 'Payroll sync', '--permissions', 'User.Read.All, user-passwordprofile.readwrite.all', '--json'], dir);
    assert.equal(run.code, 0, run.stderr);
    // The whole of stdout is the object (the first run's admin block goes to stderr).
    const printed = JSON.parse(run.stdout) as Record<string, string>;
    assert.deepEqual(Object.keys(printed).sort(), ['clientId', 'clientSecret', 'tenantId']);
    assert.match(run.stderr, /Latchkey has created your organisation/);
    const db = openDb(dir);
    const app = db.prepare('select * from oauth_app where client_id = ?').get(printed.clientId) as AppRow;
    assert.deepEqual(JSON.parse(app.permissions), ['User.Read.All', 'User-PasswordProfile.ReadWrite.All']);
    assert.ok(app.consented_at, 'the console grants consent unless --no-consent');
    assert.equal(app.consented_by, 'cli');
    const org = db.prepare('select id from organization').get() as { id: string };
    assert.equal(printed.tenantId, org.id);
    const serverSecret = readFileSync(path.join(dir, 'secret'), 'utf8').trim();
    const hash = (db.prepare('select secret_hash from oauth_app_secret where app_id = ?').get(app.id) as { secret_hash: string }).secret_hash;
    assert.ok(clientSecretMatches(serverSecret, printed.clientSecret!, hash), 'the printed secret is the stored one');
    assert.ok(!clientSecretMatches(serverSecret, printed.clientSecret! + 'x', hash));
    assert.equal(
      count(db, "select count(*) n from audit_event where action in ('app.created', 'app.secret_added', 'app.consent_granted') and actor_name = 'cli'"),
      3,
    );
    db.close();

    // Readable output, English then Dutch.
    const shown = await runCli(['apps', 'show', printed.clientId!], dir);
    assert.equal(shown.code, 0, shown.stderr);
    assert.match(shown.stdout, /Payroll sync\n {2}Application \(client\) ID: [0-9a-f-]{36}\n/);
    assert.match(shown.stdout, /Admin consent: granted on .* by cli/);
    assert.ok(!shown.stdout.includes(printed.clientSecret!));
    const listed = await runCli(['apps', 'list'], dir, { env: { LATCHKEY_DEFAULT_LANGUAGE: 'nl' } });
    assert.match(listed.stdout, new RegExp(`Payroll sync {2}client ${printed.clientId} {2}id ${app.id} {2}toestemming: ja`));
  });

  test('a public client with a role and no consent; secrets, certificates, consent and delete from the console', async () => {
    const dir = freshDir();
    const made = await runCli(
      [
        'apps',
        'create',
        '--name',
        'Helpdesk bot',
        '--permissions',
        'User.ReadWrite.All',
        '--role',
        'Helpdesk Administrator',
        '--no-consent',
        '--public-client',
      ],
      dir,
      { env: { LATCHKEY_DEFAULT_LANGUAGE: 'nl' } },
    );
    assert.equal(made.code, 0, made.stderr);
    assert.match(made.stdout, /App-registratie Helpdesk bot gemaakt\./);
    assert.match(made.stdout, /Adreslijstrol: Helpdesk Administrator/);
    assert.match(made.stdout, /Toestemming van beheerder: niet verleend/);
    assert.doesNotMatch(made.stdout, /Clientgeheim/);
    const db = openDb(dir);
    const app = db.prepare('select * from oauth_app').get() as AppRow;
    db.close();
    assert.deepEqual([app.directory_role, app.consented_at], ['helpdesk-administrator', null]);

    const tooLong = await runCli(['apps', 'add-secret', app.id, '--days', '731'], dir);
    assert.equal(tooLong.code, 2, tooLong.stderr);
    const secret = await runCli(['apps', 'add-secret', app.id, '--name', 'ci', '--days', '30', '--json'], dir);
    assert.equal(secret.code, 0, secret.stderr);
    const added = JSON.parse(secret.stdout) as { clientSecret: string; secretId: string; endDateTime: string };
    assert.ok(added.clientSecret.length >= 43 && added.secretId);

    const file = path.join(dir, 'app.pem');
    const certificate = makeCertificate('ec:P-256');
    writeFileSync(file, certificate.pem);
    const cert = await runCli(['apps', 'add-certificate', app.client_id, '--file', file], dir);
    assert.equal(cert.code, 0, cert.stderr);
    assert.match(cert.stdout, new RegExp(`Certificate ${certificate.thumbprint} added to Helpdesk bot`));
    writeFileSync(file, certificate.keyPem);
    const key = await runCli(['apps', 'add-certificate', app.id, '--file', file], dir);
    assert.equal(key.code, 1);
    assert.match(key.stderr, /never a private key/);
    assert.ok(!key.stderr.includes(certificate.keyPem.split('\n')[1]!));

    assert.equal((await runCli(['apps', 'consent', app.id], dir)).code, 0);
    assert.equal((await runCli(['apps', 'revoke-consent', app.id], dir)).code, 0);
    const removed = await runCli(['apps', 'remove-secret', app.id, added.secretId], dir);
    assert.equal(removed.code, 0, removed.stderr);
    const deleted = await runCli(['apps', 'delete', app.id], dir);
    assert.equal(deleted.code, 0, deleted.stderr);
    const after = openDb(dir);
    assert.equal(count(after, 'select count(*) n from oauth_app'), 0);
    assert.equal(count(after, 'select count(*) n from oauth_app_certificate'), 0);
    assert.deepEqual(
      (after.prepare("select action from audit_event where action like 'app.%' order by occurred_at, action").all() as { action: string }[])
        .map((r) => r.action)
        .sort(),
      [
        'app.certificate_added',
        'app.consent_granted',
        'app.consent_revoked',
        'app.created',
        'app.deleted',
        'app.role_assigned',
        'app.secret_added',
        'app.secret_removed',
      ],
    );
    after.close();
  });

  test('an unknown permission is an error naming it, and nothing is created', async () => {
    const dir = freshDir();
    const run = await runCli(['apps', 'create', '--name', 'Mailer', '--permissions', 'User.Read.All,Mail.Send', '--json'], dir);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /Mail\.Send isn\u2019t a permission Latchkey can grant/);
    assert.equal(run.stdout, '');
    const db = openDb(dir);
    assert.equal(count(db, 'select count(*) n from oauth_app'), 0);
    db.close();
  });
});
