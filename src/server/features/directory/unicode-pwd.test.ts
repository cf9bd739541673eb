import assert from 'node:assert/strict';
import { test } from 'node:test';
import { encodeUnicodePwd } from './unicode-pwd.js';

test('unicodePwd is the password in double quotes as UTF-16LE (MS-ADTS 3.1.1.3.1.5.1)', () => {
  assert.deepEqual(encodeUnicodePwd('Ab1'), Buffer.from([0x22, 0, 0x41, 0, 0x62, 0, 0x31, 0, 0x22, 0]));
  assert.equal(encodeUnicodePwd('').toString('hex'), '22002200');
});

test('non-ASCII and astral characters keep their UTF-16 code units, surrogate pairs included', () => {
  const encoded = encodeUnicodePwd('é€😀');
  assert.equal(encoded.toString('hex'), '2200' + 'e900' + 'ac20' + '3dd800de' + '2200');
  assert.equal(encoded.toString('utf16le'), '"é€😀"');
});
