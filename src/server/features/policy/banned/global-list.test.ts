import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { evaluateBanned, globalBannedIndex, normalizeForBanned } from './index.js';
import { GLOBAL_LIST_URL, parseGlobalList } from './global-list.js';

const text = readFileSync(GLOBAL_LIST_URL, 'utf8');
const terms = parseGlobalList(text);

test('the shipped list has at least 50,000 normalised, sorted, distinct terms of 4-16 characters', () => {
  assert.ok(terms.length >= 50_000, `${terms.length} terms`);
  assert.match(text, /^# .*\n# /, 'starts with the header comments');
  assert.match(text, /@zxcvbn-ts\/language-common \d+\.\d+\.\d+ \(MIT\)/);
  assert.match(text, new RegExp(`# Total terms: ${terms.length}\\n`));
  const sorted = [...terms].sort();
  assert.deepEqual(terms, sorted);
  assert.equal(new Set(terms).size, terms.length);
  for (const t of terms) {
    assert.equal(normalizeForBanned(t), t);
    const n = [...t].length;
    assert.ok(n >= 4 && n <= 16, t);
  }
  assert.equal(globalBannedIndex().size, terms.length);
  assert.equal(globalBannedIndex(), globalBannedIndex(), 'built once');
});

test('the list holds common passwords, words and Dutch months', () => {
  for (const t of ['password', 'qwerty', 'dragon', 'januari', 'woensdag', 'herfst', 'monday', 'winter']) assert.ok(terms.includes(normalizeForBanned(t)), t);
  assert.equal(evaluateBanned('P@ssw0rd2024', { global: globalBannedIndex() }).accepted, false);
});

test('the build script reproduces the shipped list byte for byte', { timeout: 120_000 }, () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'banned-list-'));
  try {
    const out = path.join(dir, 'global.txt');
    const script = fileURLToPath(new URL('../../../../../scripts/build-banned-list.ts', import.meta.url));
    const run = spawnSync(process.execPath, ['--import', 'tsx', script, out], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    assert.ok(readFileSync(out).equals(readFileSync(GLOBAL_LIST_URL)), 'scripts/build-banned-list.ts output differs from data/global.txt');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
