import assert from 'node:assert/strict';
import { test } from 'node:test';
import { validateCustomTerms } from './index.js';

test('a good list has no issues; terms are measured after trimming', () => {
  assert.deepEqual(validateCustomTerms([]), []);
  assert.deepEqual(validateCustomTerms(['contoso', '  fabrikam  ', 'abcd', 'a'.repeat(16), 'zomer2024']), []);
});

test('a 3-character term is too short, a 17-character term too long', () => {
  assert.deepEqual(validateCustomTerms(['abc', 'contoso', 'a'.repeat(17), '  abc  ', '']), [
    { path: 'customBannedPasswords.0', code: 'banned.term_too_short', params: { minimum: 4 } },
    { path: 'customBannedPasswords.2', code: 'banned.term_too_long', params: { maximum: 16 } },
    { path: 'customBannedPasswords.3', code: 'banned.term_too_short', params: { minimum: 4 } },
    { path: 'customBannedPasswords.4', code: 'banned.term_too_short', params: { minimum: 4 } },
  ]);
});

test('lengths are in characters (code points) after NFC', () => {
  assert.deepEqual(validateCustomTerms(['😀😀😀😀', 'cafe\u0301', 'e\u0301e\u0301e\u0301']), [
    { path: 'customBannedPasswords.2', code: 'banned.term_too_short', params: { minimum: 4 } },
  ]);
});

test('1,001 terms are too many: one issue for the list', () => {
  // Letters only: digits would collide after normalisation (1 -> l, 0 -> o).
  const letters = (i: number) => [...i.toString(26).padStart(3, '0')].map((d) => String.fromCharCode(97 + parseInt(d, 26))).join('');
  const terms = Array.from({ length: 1001 }, (_, i) => `term${letters(i)}`);
  assert.deepEqual(validateCustomTerms(terms.slice(0, 1000)), []);
  assert.deepEqual(validateCustomTerms(terms), [{ path: 'customBannedPasswords', code: 'banned.too_many_terms', params: { maximum: 1000 } }]);
});

test('duplicates after normalisation: Contoso and c0ntoso (case-insensitive, substitutions)', () => {
  assert.deepEqual(validateCustomTerms(['Contoso', 'fabrikam', 'c0ntoso', 'CONTOSO ']), [
    { path: 'customBannedPasswords.2', code: 'banned.term_duplicate', params: { duplicateOf: 0 } },
    { path: 'customBannedPasswords.3', code: 'banned.term_duplicate', params: { duplicateOf: 0 } },
  ]);
});
