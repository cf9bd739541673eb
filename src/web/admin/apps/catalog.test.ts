// The App registrations strings (apps.<lang>.json here, loaded with the pages by strings.tsx):
// the same keys and interpolations in English and Dutch, no empty value, every key the pages use
// present, and no top-level key shared with the main catalogues (they are merged into them).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';

type Catalogue = { [key: string]: string | Catalogue };
const here = new URL('./', import.meta.url);
const load = (file: string | URL) => JSON.parse(readFileSync(file, 'utf8')) as Catalogue;

function flatten(catalogue: Catalogue, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(catalogue)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else for (const [k, v] of flatten(value, path)) out.set(k, v);
  }
  return out;
}

const en = flatten(load(new URL('apps.en.json', here)));
const nl = flatten(load(new URL('apps.nl.json', here)));
const vars = (s: string) =>
  [...s.matchAll(/\{\{\s*(\w+)\s*\}\}/g)]
    .map((m) => m[1])
    .sort()
    .join();

test('the App registrations strings have the same keys and interpolations in English and Dutch, none empty', () => {
  assert.deepEqual(
    [...en.keys()].filter((k) => !nl.has(k)),
    [],
    'missing in apps.nl.json',
  );
  assert.deepEqual(
    [...nl.keys()].filter((k) => !en.has(k)),
    [],
    'missing in apps.en.json',
  );
  assert.deepEqual(
    [...en, ...nl].filter(([, v]) => !v.trim()).map(([k]) => k),
    [],
    'empty values',
  );
  assert.deepEqual(
    [...en].filter(([k, v]) => vars(v) !== vars(nl.get(k) ?? '')).map(([k]) => k),
    [],
    'interpolations differ',
  );
});

test("every literal t('apps.…') key in the pages exists", () => {
  const plain = new Set([...en.keys()].map((k) => k.replace(/_(one|other)$/, '')));
  const used = readdirSync(here)
    .filter((f) => f.endsWith('.tsx'))
    .flatMap((f) => [...readFileSync(new URL(f, here), 'utf8').matchAll(/\bt\('(apps\.[\w.]+)'/g)].map((m) => m[1]!));
  assert.ok(used.length > 50, `found ${used.length} keys`);
  assert.deepEqual(
    [...new Set(used)].filter((k) => !plain.has(k)),
    [],
    'keys used but missing',
  );
});

test('no top-level key is shared with the catalogues of src/web/i18n (they are merged into one namespace)', () => {
  const dir = new URL('../../i18n/', here);
  for (const lang of ['en', 'nl']) {
    const main = readdirSync(dir).filter((f) => f === `${lang}.json` || f.endsWith(`.${lang}.json`));
    const taken = new Set(main.flatMap((f) => Object.keys(load(new URL(f, dir)))));
    const ours = Object.keys(load(new URL(`apps.${lang}.json`, here)));
    assert.deepEqual(
      ours.filter((k) => taken.has(k)),
      [],
      `apps.${lang}.json repeats a top-level key`,
    );
  }
});
