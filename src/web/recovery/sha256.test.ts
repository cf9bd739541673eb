// The portal's synchronous SHA-256 agrees with Node's, for lengths around the block boundaries,
// and finds the number an ALTCHA challenge hides.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createChallenge } from 'altcha-lib';
import { findNumber, sha256Words } from './sha256.js';

const hex = (words: Uint32Array) => [...words].map((x) => (x >>> 0).toString(16).padStart(8, '0')).join('');

test('matches node:crypto for messages of 0 to 200 bytes', () => {
  for (let length = 0; length <= 200; length++) {
    const bytes = new Uint8Array(length).map((_, i) => (i * 31 + length) & 0xff);
    assert.equal(hex(sha256Words(bytes)), createHash('sha256').update(bytes).digest('hex'), `length ${length}`);
  }
});

test('finds the number of an ALTCHA challenge, and nothing outside its range', async () => {
  const challenge = await createChallenge({ hmacKey: 'test', maxNumber: 5000, number: 4321, expires: new Date(Date.now() + 60_000) });
  assert.equal(findNumber(challenge.challenge, challenge.salt, 0, 5000), 4321);
  assert.equal(findNumber(challenge.challenge, challenge.salt, 0, 4000), null);
  assert.equal(findNumber('not hex', challenge.salt, 0, 10), null);
});
