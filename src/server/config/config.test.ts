import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { ConfigError, loadConfig } from './load.js';
import { configKeys, envName } from './schema.js';

const doc = readFileSync(new URL('../../../docs/configuration.md', import.meta.url), 'utf8');

test('defaults give a working embedded setup', () => {
  const c = loadConfig({});
  assert.equal(c.port, 3000);
  assert.equal(c.host, '127.0.0.1');
  assert.equal(c.databaseUrl, undefined);
  assert.equal(c.argon2MemoryKib, 19456);
  assert.ok(Object.isFrozen(c));
});

test('every key is documented with its environment variable', () => {
  for (const key of configKeys) {
    assert.ok(doc.includes(`| \`${key}\` | \`${envName(key)}\` |`), `docs/configuration.md lacks ${key}`);
  }
});

test('a bad value stops start-up with a message naming the variable', () => {
  const cases: Record<string, string> = {
    LATCHKEY_PORT: 'abc',
    LATCHKEY_ARGON2_MEMORY_KIB: '1024',
    LATCHKEY_DATABASE_URL: 'mysql://x',
    LATCHKEY_SECRET: 'short',
    LATCHKEY_DEFAULT_LANGUAGE: 'de',
    LATCHKEY_PUBLIC_URL: 'ftp://x',
  };
  for (const [name, value] of Object.entries(cases)) {
    assert.throws(
      () => loadConfig({ [name]: value }),
      (err: unknown) => err instanceof ConfigError && err.problems.some((p) => p.startsWith(`${name}:`)),
      name,
    );
  }
});

test('an unknown LATCHKEY_ variable is refused (catches typos)', () => {
  assert.throws(() => loadConfig({ LATCHKEY_PROT: '80' }), /LATCHKEY_PROT: unknown setting/);
});

test('the idle timeout may not exceed the absolute lifetime', () => {
  assert.throws(() => loadConfig({ LATCHKEY_SESSION_IDLE_SECONDS: '7200', LATCHKEY_SESSION_ABSOLUTE_SECONDS: '3600' }), /LATCHKEY_SESSION_ABSOLUTE_SECONDS/);
});

test('a config file is read and the environment wins over it', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'latchkey-config-'));
  const file = path.join(dir, 'config.json');
  writeFileSync(file, JSON.stringify({ port: 4000, organizationName: 'Fabrikam' }));
  const c = loadConfig({ LATCHKEY_CONFIG_FILE: file, LATCHKEY_PORT: '4001' });
  assert.equal(c.port, 4001);
  assert.equal(c.organizationName, 'Fabrikam');
  writeFileSync(file, JSON.stringify({ porrt: 1 }));
  assert.throws(() => loadConfig({ LATCHKEY_CONFIG_FILE: file }), /unknown setting\(s\) porrt/);
  writeFileSync(file, '{ not json');
  assert.throws(() => loadConfig({ LATCHKEY_CONFIG_FILE: file }), /LATCHKEY_CONFIG_FILE/);
});

test('trusted proxies are a list', () => {
  assert.deepEqual(loadConfig({ LATCHKEY_TRUSTED_PROXIES: '10.0.0.1, 192.168.0.0/16' }).trustedProxies, ['10.0.0.1', '192.168.0.0/16']);
});
