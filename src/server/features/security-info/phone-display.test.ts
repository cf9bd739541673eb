import assert from 'node:assert/strict';
import { test } from 'node:test';
import { callingCode, graphPhoneNumber, maskedGraphPhoneNumber } from './phone-display.js';

test("phone numbers in Graph's format: the calling code (1, 2 or 3 digits), a space, the national number", () => {
  assert.equal(graphPhoneNumber('+15555551234'), '+1 5555551234');
  assert.equal(graphPhoneNumber('+31612345678'), '+31 612345678');
  assert.equal(graphPhoneNumber('+442071234567'), '+44 2071234567');
  assert.equal(graphPhoneNumber('+79161234567'), '+7 9161234567');
  assert.equal(graphPhoneNumber('+353861234567'), '+353 861234567');
  assert.equal(graphPhoneNumber('+2348012345678'), '+234 8012345678');
  assert.equal(callingCode('+27821234567'), '27');
  assert.equal(callingCode('+2125123456'), '212');
  assert.equal(graphPhoneNumber('not a number'), 'not a number', 'anything not E.164 as stored');
});

test('a masked number keeps the calling code and the last two digits, and its length', () => {
  assert.equal(maskedGraphPhoneNumber('+15555551234'), '+1 XXXXXXXX34');
  assert.equal(maskedGraphPhoneNumber('+31612345678'), '+31 XXXXXXX78');
  for (const n of ['+15555551234', '+31612345678', '+353861234567']) {
    const masked = maskedGraphPhoneNumber(n);
    assert.equal(masked.length, graphPhoneNumber(n).length);
    assert.equal((masked.match(/\d/g) ?? []).join('').length, callingCode(n)!.length + 2, 'only the code and two digits are shown');
  }
});
