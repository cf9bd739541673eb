// Issue 13 (Initials): first name plus the last capitalised part, as Microsoft 365 does.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { initials } from './initials.js';

test('Dutch names skip the tussenvoegsels: first name plus the last capitalised part', () => {
  assert.equal(initials('Anne van der Heijden'), 'AH');
  assert.equal(initials('Chloë van Wijk'), 'CW');
  assert.equal(initials('Jan de Vries'), 'JV');
  assert.equal(initials('Fenna ter Horst'), 'FH');
  assert.equal(initials("Sanne van 't Hof"), 'SH');
  assert.equal(initials('Pieter Jan van den Berg'), 'PB');
  // A capitalised tussenvoegsel at the start of the surname (as written in the Netherlands without a first name before it) still gives the surname.
  assert.equal(initials('Daan Van den Broek'), 'DB');
});

test('other names: first and last name, middle names skipped', () => {
  assert.equal(initials('Megan Bowen'), 'MB');
  assert.equal(initials('Alex Wilber Jr'), 'AJ');
  assert.equal(initials('Jean-Luc Picard'), 'JP');
  assert.equal(initials('  Lee   Gu  '), 'LG');
});

test('single names give one letter; lower-case names still give their last part', () => {
  assert.equal(initials('Anne'), 'A');
  assert.equal(initials('admin'), 'A');
  assert.equal(initials('anne heijden'), 'AH');
});

test('accents and other scripts keep their letter, in upper case', () => {
  assert.equal(initials('émile Zola'), 'ÉZ');
  assert.equal(initials('Øystein Ærø'), 'ØÆ');
  assert.equal(initials('Ülkü Özdemir'), 'ÜÖ');
  // Decomposed input (e + combining accent) is the same name.
  assert.equal(initials('E\u0301mile Zola'), 'ÉZ');
  assert.equal(initials('Σοφία Παπαδοπούλου'), 'ΣΠ');
});

test('empty, emoji, numbers and brackets are ignored', () => {
  assert.equal(initials(''), '');
  assert.equal(initials('   '), '');
  assert.equal(initials(null), '');
  assert.equal(initials(undefined), '');
  assert.equal(initials('🎉'), '');
  assert.equal(initials('🎉 Anne van der Heijden 🚀'), 'AH');
  assert.equal(initials('Anne 2 Heijden'), 'AH');
  assert.equal(initials('Anne van der Heijden (Contoso)'), 'AH');
  assert.equal(initials('Helpdesk [Tier 2]'), 'H');
  assert.equal(initials('1234'), '');
});
