import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Writable } from 'node:stream';
import pino from 'pino';
import { loggerOptions } from '../../http/logging.js';
import { directoryConnectionFrom } from './config.js';
import { assertPostgresInCi, testEngines } from '../../testing/databases.js';
import { createTestApp } from '../../testing/test-app.js';
import { slapdSkip, startSlapd, type Slapd } from '../../testing/slapd.js';
import { ConfigError, loadConfig } from '../../config/load.js';

const base = {
  LATCHKEY_DIRECTORY_URL: 'ldap://dc1.contoso.example',
  LATCHKEY_DIRECTORY_BASE_DN: 'dc=contoso,dc=example',
  LATCHKEY_DIRECTORY_BIND_DN: 'cn=latchkey,ou=services,dc=contoso,dc=example',
  LATCHKEY_DIRECTORY_BIND_PASSWORD: 'Service-Secret-1',
};
const problems = (env: Record<string, string>) => {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems.join('\n');
    throw err;
  }
  return '';
};

describe('directory configuration (issue 14)', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'latchkey-dircfg-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('without a URL there is no directory; with one, the kind’s defaults apply', () => {
    assert.equal(directoryConnectionFrom(loadConfig({})), null);
    const settings = directoryConnectionFrom(loadConfig(base));
    assert.ok(settings);
    assert.deepEqual([settings.kind, settings.startTls, settings.timeoutMs, settings.syncIntervalMinutes], ['openldap', false, 5000, 30]);
    assert.equal(settings.userFilter, '(objectClass=inetOrgPerson)');
    assert.deepEqual(settings.attributes.displayName, ['displayName', 'cn']);
    const adSettings = directoryConnectionFrom(
      loadConfig({ ...base, LATCHKEY_DIRECTORY_URL: 'ldaps://dc1.contoso.example', LATCHKEY_DIRECTORY_KIND: 'active-directory' }),
    );
    assert.deepEqual([adSettings?.attributes.uid, adSettings?.userFilter], [['sAMAccountName'], '(&(objectCategory=person)(objectClass=user))']);
  });

  test('the bind password file is read, one trailing newline dropped', () => {
    const file = path.join(dir, 'bind-password');
    writeFileSync(file, 'From-A-File-1\n');
    const env = { ...base, LATCHKEY_DIRECTORY_BIND_PASSWORD: '', LATCHKEY_DIRECTORY_BIND_PASSWORD_FILE: file };
    assert.equal(loadConfig(env).directoryBindPassword, 'From-A-File-1');
    writeFileSync(file, 'Ends-With-Space \r\n\n');
    assert.equal(loadConfig(env).directoryBindPassword, 'Ends-With-Space \r\n', 'only one newline');
    writeFileSync(file, '\n');
    assert.match(problems(env), /LATCHKEY_DIRECTORY_BIND_PASSWORD_FILE: .* is empty/);
    assert.match(
      problems({ ...env, LATCHKEY_DIRECTORY_BIND_PASSWORD_FILE: path.join(dir, 'missing') }),
      /LATCHKEY_DIRECTORY_BIND_PASSWORD_FILE: cannot read .*ENOENT/,
    );
  });

  test('incomplete or contradictory settings stop start-up, naming the variable', () => {
    assert.match(problems({ ...base, LATCHKEY_DIRECTORY_BASE_DN: '' }), /LATCHKEY_DIRECTORY_URL: needs LATCHKEY_DIRECTORY_BASE_DN/);
    assert.match(problems({ ...base, LATCHKEY_DIRECTORY_BIND_PASSWORD: '' }), /LATCHKEY_DIRECTORY_BIND_PASSWORD: set exactly one/);
    assert.match(problems({ ...base, LATCHKEY_DIRECTORY_BIND_PASSWORD_FILE: '/etc/hostname' }), /LATCHKEY_DIRECTORY_BIND_PASSWORD: set exactly one/);
    assert.match(problems({ LATCHKEY_DIRECTORY_BIND_DN: base.LATCHKEY_DIRECTORY_BIND_DN }), /LATCHKEY_DIRECTORY_URL: is required/);
    assert.match(problems({ ...base, LATCHKEY_DIRECTORY_URL: 'http://dc1' }), /LATCHKEY_DIRECTORY_URL: must be ldap:/);
    assert.match(
      problems({ ...base, LATCHKEY_DIRECTORY_URL: 'ldaps://dc1', LATCHKEY_DIRECTORY_START_TLS: 'true' }),
      /LATCHKEY_DIRECTORY_START_TLS: cannot be combined/,
    );
    assert.match(problems({ ...base, LATCHKEY_DIRECTORY_USER_FILTER: 'uid=*' }), /LATCHKEY_DIRECTORY_USER_FILTER: must be an LDAP filter/);
    assert.match(problems({ ...base, LATCHKEY_DIRECTORY_ATTRIBUTES: 'shoeSize=x' }), /LATCHKEY_DIRECTORY_ATTRIBUTES: must be field=attribute/);
  });

  test('Active Directory without ldaps:// or StartTLS is refused (unicodePwd needs encryption; checklist T1)', () => {
    const adEnv = { ...base, LATCHKEY_DIRECTORY_KIND: 'active-directory' };
    assert.match(problems(adEnv), /LATCHKEY_DIRECTORY_KIND: active-directory needs an ldaps:\/\/ URL or LATCHKEY_DIRECTORY_START_TLS=true/);
    assert.equal(problems({ ...adEnv, LATCHKEY_DIRECTORY_START_TLS: 'true' }), '');
    assert.equal(problems({ ...adEnv, LATCHKEY_DIRECTORY_URL: 'ldaps://dc1.contoso.example:636' }), '');
  });

  test('attribute overrides replace the kind’s attribute for that field', () => {
    const settings = directoryConnectionFrom(loadConfig({ ...base, LATCHKEY_DIRECTORY_ATTRIBUTES: 'mobilePhone=pager, department=ou' }));
    assert.deepEqual([settings?.attributes.mobilePhone, settings?.attributes.department, settings?.attributes.mail], [['pager'], ['ou'], ['mail']]);
  });

  test('the bind password is redacted wherever the configuration is logged (checklist AU3)', () => {
    const lines: string[] = [];
    const log = pino(loggerOptions('info'), new Writable({ write: (chunk, _e, done) => (lines.push(String(chunk)), done()) }));
    const config = loadConfig(base);
    log.info(config, 'config at top level');
    log.info({ config }, 'config nested');
    assert.equal(lines.length, 2);
    for (const line of lines) {
      assert.ok(!line.includes('Service-Secret-1'), line);
      assert.match(line, /"directoryBindPassword":"\[redacted\]"/);
    }
  });
});

describe('the service secret never reaches the server log (real slapd, both engines)', { skip: slapdSkip() }, () => {
  assertPostgresInCi();
  let slapd: Slapd;
  before(async () => {
    slapd = await startSlapd({ users: [{ uid: 'adele', password: 'Initial-Pass1' }] });
  });
  after(async () => slapd?.close());

  for (const engine of testEngines()) {
    test(`${engine}: a refused service bind is logged as directory.misconfigured without the password`, async () => {
      const canary = 'Canary-Service-Secret-7f3a';
      const app = await createTestApp({ engine, config: { ...slapd.config(), directoryBindPassword: canary } });
      try {
        const directory = app.services.directory;
        assert.ok(directory, 'services.directory is made from the configuration');
        const err = await directory.ping().then(
          () => null,
          (e: unknown) => e,
        );
        assert.equal((err as { code?: string })?.code, 'directory.misconfigured');
        app.app.log.error({ err, config: app.config }, 'directory ping failed');
        app.app.log.info(app.config, 'configuration');
        const all = app.logs.join('\n');
        assert.ok(all.includes('directory ping failed'));
        assert.ok(!all.includes(canary), 'the bind secret is not in the log');
      } finally {
        await app.close();
      }
    });
  }
});
