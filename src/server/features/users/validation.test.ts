import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isValidPhone, parsePhone } from './validation.js';

describe('phone numbers: one parser, two uses', () => {
  test('parsePhone: E.164, separators and the (0) trunk prefix dropped, else null', () => {
    assert.equal(parsePhone('+31 6 1234 5678'), '+31612345678');
    assert.equal(parsePhone(' +31 (0)20-123.4567 '), '+31201234567');
    assert.equal(parsePhone('+1 (425) 555-0100'), '+14255550100');
    for (const bad of ['0612345678', '+0612345678', '+31', '+3161234567890123', '+31 6 1234 5678 x12', '', '31612345678'])
      assert.equal(parsePhone(bad), null, bad);
  });

  test('isValidPhone (directory fields): the number as typed, digits and spaces only, and it must parse', () => {
    for (const ok of ['+31 20 123 4567', '+31201234567', '+1 425 555 0100']) assert.equal(isValidPhone(ok), true, ok);
    for (const bad of ['06', '0612', '+31 (0)20 123 4567', '+31-20-123-4567', '+ 31 20 123 4567', '+0 20 123 4567', '+3161234567890123'])
      assert.equal(isValidPhone(bad), false, bad);
  });
});
