import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { errorCodes } from './error-codes.js';
import { catalogs, locales } from '../i18n/index.js';
import { en } from '../i18n/en.js';

const doc = readFileSync(new URL('../../../docs/errors.md', import.meta.url), 'utf8');

test('every error code has a valid status and a documented line with that status', () => {
  for (const [code, status] of Object.entries(errorCodes)) {
    assert.ok(status >= 400 && status <= 599, `${code} has status ${status}`);
    assert.match(code, /^[a-z]+(_[a-z]+)*(\.[a-z_]+)+$/, `${code} is feature.snake_case`);
    const line = doc.split('\n').find((l) => l.startsWith(`| \`${code}\` |`));
    assert.ok(line, `docs/errors.md has no line for ${code}`);
    assert.ok(line.includes(`| ${status} |`), `docs/errors.md gives ${code} another status than ${status}`);
  }
});

test('every documented code exists', () => {
  const documented = [...doc.matchAll(/^\| `([a-z_.]+)` \| \d{3} \|/gm)].map((m) => m[1]!);
  for (const code of documented) assert.ok(Object.hasOwn(errorCodes, code), `docs/errors.md lists unknown code ${code}`);
});

test('every error code and issue code has a non-empty title in every locale', () => {
  const issueCodes = [...doc.matchAll(/`((?:field|password|banned|security_info|sspr)\.[a-z_]+)`/g)].map((m) => m[1]!);
  for (const locale of locales) {
    for (const key of [...Object.keys(errorCodes), ...issueCodes]) {
      const text = (catalogs[locale] as Record<string, string>)[key];
      assert.ok(text && text.trim().length > 0, `${locale} has no text for ${key}`);
    }
  }
});

test('the catalogues have the same keys and the same placeholders', () => {
  for (const locale of locales) {
    assert.deepEqual(Object.keys(catalogs[locale]).sort(), Object.keys(en).sort(), `${locale} keys differ from en`);
    for (const [key, text] of Object.entries(en)) {
      const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      assert.deepEqual(placeholders((catalogs[locale] as Record<string, string>)[key]!), placeholders(text), `${locale}.${key} placeholders`);
    }
  }
});
