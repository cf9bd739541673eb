import assert from 'node:assert/strict';
import { test } from 'node:test';
import { categoryCount, ENTRA_SYMBOLS, nonEntraCharacters, passwordLength } from './password-rules.js';

test('every Entra symbol, letter, digit and the blank space is in the Entra set', () => {
  assert.equal(ENTRA_SYMBOLS.length, 32);
  assert.deepEqual(nonEntraCharacters(`${ENTRA_SYMBOLS} AZaz09`), []);
});

test('characters outside the Entra set: each once, in order', () => {
  assert.deepEqual(nonEntraCharacters('Abc€def1é€'), ['€', 'é']);
  assert.deepEqual(nonEntraCharacters('tab\there'), ['\t']);
  assert.deepEqual(nonEntraCharacters('\u{1F600}'), ['\u{1F600}'], 'an emoji is one character, not two surrogates');
});

test('categories: lowercase, uppercase, digits, symbols; a blank space is none', () => {
  assert.equal(categoryCount(''), 0);
  assert.equal(categoryCount('abc def'), 1);
  assert.equal(categoryCount('abcD'), 2);
  assert.equal(categoryCount('abcD1'), 3);
  assert.equal(categoryCount('abcD1!'), 4);
  assert.equal(categoryCount('é'), 1, 'a non-ASCII letter counts as a symbol');
});

test('length in code points after NFC', () => {
  assert.equal(passwordLength('abc'), 3);
  assert.equal(passwordLength('\u{1F600}\u{1F600}'), 2);
  assert.equal(passwordLength('e\u0301'), 1, 'e + combining acute is é after NFC');
});
