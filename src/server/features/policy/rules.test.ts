import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkComposition, compositionRules, ENTRA_SYMBOLS } from './rules.js';

const entra = compositionRules('entra', { mfaRequired: false, relaxComplexity: false });
const codes = (password: string, rules = entra) => checkComposition(password, rules).map((i) => i.code);

test('entra: 8 to 256 characters (7/8, 256/257)', () => {
  assert.deepEqual(codes('Abcdef1'), ['password.too_short']);
  assert.deepEqual(codes('Abcdef12'), []);
  assert.deepEqual(codes('Ab1' + 'x'.repeat(253)), []);
  assert.deepEqual(codes('Ab1' + 'x'.repeat(254)), ['password.too_long']);
});

test('entra: at least 3 of 4 categories', () => {
  assert.deepEqual(codes('abcdefgh'), ['password.complexity']);
  assert.deepEqual(codes('abcdefg1'), ['password.complexity']);
  assert.deepEqual(codes('abcdefG1'), []);
  assert.deepEqual(codes('abcdefg!'), ['password.complexity']);
  assert.deepEqual(codes('abcdef1!'), []);
  assert.deepEqual(codes('ABCDEF1!'), []);
  assert.deepEqual(codes('abc def 1'), ['password.complexity'], 'a blank space is allowed but is not a symbol');
});

test('entra: only A-Z a-z 0-9, Entra symbols and blank space; every symbol counts as one', () => {
  for (const symbol of ENTRA_SYMBOLS) assert.deepEqual(codes(`Abcdefg${symbol}`), [], symbol);
  assert.deepEqual(codes('Abcdefg1 with spaces'), []);
  assert.deepEqual(codes('Abcdéfg1'), ['password.invalid_characters']);
  assert.deepEqual(codes('Abcdefg1€'), ['password.invalid_characters']);
  assert.equal(checkComposition('Abc€def1é', entra)[0]?.params?.characters, '€ é');
});

test('DisableStrongPassword relaxes exactly the complexity rule', () => {
  const relaxed = compositionRules('entra', { mfaRequired: false, relaxComplexity: true });
  assert.deepEqual(codes('abcdefgh', relaxed), []);
  assert.deepEqual(codes('abcdefg', relaxed), ['password.too_short']);
  assert.deepEqual(codes('abcdéfgh', relaxed), ['password.invalid_characters']);
});

test('nist: 15 code points (8 with MFA), any Unicode, no composition rules (P1, P3, I2)', () => {
  const nist = compositionRules('nist', { mfaRequired: false, relaxComplexity: false });
  const nistMfa = compositionRules('nist', { mfaRequired: true, relaxComplexity: false });
  assert.deepEqual(codes('a'.repeat(14), nist), ['password.too_short']);
  assert.deepEqual(codes('a'.repeat(15), nist), []);
  assert.deepEqual(codes('\u{1F600}'.repeat(15), nist), [], '15 emoji are 15 characters though 30 UTF-16 units');
  assert.deepEqual(codes('\u{1F600}'.repeat(14), nist), ['password.too_short']);
  assert.deepEqual(codes('Ωμέγα καλημέρα σας', nist), []);
  assert.deepEqual(codes('a'.repeat(7), nistMfa), ['password.too_short']);
  assert.deepEqual(codes('a'.repeat(8), nistMfa), []);
  assert.deepEqual(codes('a'.repeat(257), nist), ['password.too_long']);
});

test('every problem is reported at once', () => {
  assert.deepEqual(codes('é'), ['password.too_short', 'password.invalid_characters', 'password.complexity']);
});
