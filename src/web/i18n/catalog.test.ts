// Checks that the English and Dutch catalogues have the same keys and no empty values.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

type Catalogue = { [key: string]: string | Catalogue };

function load(lang: string): Catalogue {
  const url = new URL(`./${lang}.json`, import.meta.url);
  return JSON.parse(readFileSync(url, 'utf8')) as Catalogue;
}

/** Flattens a nested catalogue into dotted keys. Throws on values that are not strings or objects. */
export function flatten(catalogue: Catalogue, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(catalogue)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else if (value && typeof value === 'object' && !Array.isArray(value)) {
      for (const [k, v] of flatten(value, path)) out.set(k, v);
    } else throw new Error(`${path}: expected a string or an object`);
  }
  return out;
}

/** The main catalogue and the feature catalogues (`portal.en.json` ...), which must not share top-level keys. */
const parts = ['', 'portal.', 'security-info.', 'mfa.', 'passkeys.', 'step-up.', 'directory.', 'apps.', 'oauth.'];
function loadAll(lang: string): Catalogue {
  const merged: Catalogue = {};
  for (const part of parts) {
    for (const [key, value] of Object.entries(load(`${part}${lang}`))) {
      if (key in merged) throw new Error(`${part}${lang}.json repeats the top-level key ${key}`);
      merged[key] = value;
    }
  }
  return merged;
}

const en = flatten(loadAll('en'));
const nl = flatten(loadAll('nl'));

test('every English key exists in the Dutch catalogue', () => {
  const missing = [...en.keys()].filter((k) => !nl.has(k));
  assert.deepEqual(missing, [], `missing in nl.json: ${missing.join(', ')}`);
});

test('every Dutch key exists in the English catalogue', () => {
  const missing = [...nl.keys()].filter((k) => !en.has(k));
  assert.deepEqual(missing, [], `missing in en.json: ${missing.join(', ')}`);
});

test('no catalogue value is empty', () => {
  const empty = [...en, ...nl].filter(([, v]) => v.trim() === '').map(([k]) => k);
  assert.deepEqual(empty, [], `empty values: ${empty.join(', ')}`);
});

test('interpolations match between catalogues', () => {
  const vars = (s: string) => [...s.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();
  const mismatched = [...en].filter(([k, v]) => nl.has(k) && vars(v).join() !== vars(nl.get(k) ?? '').join());
  assert.deepEqual(
    mismatched.map(([k]) => k),
    [],
    'interpolation variables differ',
  );
});
