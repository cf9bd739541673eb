import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BANNED_SUBSTITUTIONS, codePointsOf, normalizeForBanned } from './normalize.js';

test("the substitution table: Entra's four documented rows plus the further common ones", () => {
  assert.deepEqual(BANNED_SUBSTITUTIONS, { '0': 'o', '1': 'l', $: 's', '@': 'a', '3': 'e', '4': 'a', '5': 's', '7': 't', '!': 'i', '|': 'l', '+': 't' });
  assert.equal(normalizeForBanned('01$@3457!|+'), 'olsaeastilt');
  assert.equal(normalizeForBanned('2689#%'), '2689#%', 'other characters are kept');
});

test('Bl@nK normalises to blank (reference §8.2 step 1)', () => {
  assert.equal(normalizeForBanned('Bl@nK'), 'blank');
  assert.equal(normalizeForBanned('C0ntos0Blank12'), 'contosoblankl2');
  assert.equal(normalizeForBanned('ContoS0Bl@nkf9!'), 'contosoblankf9i');
});

test('NFC first, then a locale-independent lower case; positions are preserved', () => {
  assert.equal(normalizeForBanned('E\u0301TE\u0301'), '\u00e9t\u00e9');
  assert.equal(normalizeForBanned('ISTANBUL'), 'istanbul', 'no Turkish dotless i whatever the locale');
  const s = 'P@$$w0rd!|+';
  assert.equal(normalizeForBanned(s).length, s.length);
});

test('normalisation is idempotent', () => {
  for (const s of ['Bl@nK', 'ÅNGSTRÖM 1337', '', 'ǅ']) assert.equal(normalizeForBanned(normalizeForBanned(s)), normalizeForBanned(s));
});

test('characters are code points', () => {
  assert.deepEqual(codePointsOf('a😀b'), [0x61, 0x1f600, 0x62]);
});
