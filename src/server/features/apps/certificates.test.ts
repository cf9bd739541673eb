/*
 * Certificates for private_key_jwt (issue 15): parsed with node:crypto from PEM made by openssl;
 * thumbprint as openssl prints it; expired, weak or unsupported keys and pasted private keys refused.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AppError } from '../../core/errors.js';
import { makeCertificate } from './certificates.fixture.js';
import { parseCertificate } from './certificates.js';

const refusedWith = (code: string) => (err: unknown) => err instanceof AppError && err.code === code;

describe('parseCertificate', () => {
  const rsa = makeCertificate('rsa:2048', 30);
  const now = new Date();

  test('an RSA certificate: openssl\u2019s SHA-1 thumbprint, its public key as a JWK, its end date', () => {
    const parsed = parseCertificate(rsa.pem, now);
    assert.equal(parsed.thumbprint, rsa.thumbprint);
    assert.match(parsed.thumbprint, /^[0-9A-F]{40}$/);
    assert.equal(parsed.publicJwk.kty, 'RSA');
    assert.equal(parsed.publicJwk.d, undefined, 'no private part');
    const days = (parsed.notAfter.getTime() - now.getTime()) / 86_400_000;
    assert.ok(days > 29 && days <= 30.01, `ends in ${days} days`);
  });

  test('an EC P-256 certificate is accepted, with text around the PEM block', () => {
    const ec = makeCertificate('ec:P-256');
    const parsed = parseCertificate(`Subject: test\n${ec.pem}\n`, now);
    assert.equal(parsed.publicJwk.kty, 'EC');
    assert.equal(parsed.publicJwk.crv, 'P-256');
    assert.equal(parsed.thumbprint, ec.thumbprint);
  });

  test('expired once its end date has passed', () => {
    assert.throws(() => parseCertificate(rsa.pem, new Date(now.getTime() + 31 * 86_400_000)), refusedWith('apps.certificate_expired'));
  });

  test('RSA under 2048 bits and Ed25519 keys are unsupported', () => {
    assert.throws(() => parseCertificate(makeCertificate('rsa:1024').pem, now), refusedWith('apps.certificate_key_unsupported'));
    assert.throws(() => parseCertificate(makeCertificate('ed25519').pem, now), refusedWith('apps.certificate_key_unsupported'));
  });

  test('a private key, alone or next to the certificate, is refused without echoing it', () => {
    for (const text of [rsa.keyPem, `${rsa.pem}\n${rsa.keyPem}`]) {
      assert.throws(
        () => parseCertificate(text, now),
        (err: unknown) =>
          refusedWith('apps.certificate_invalid')(err) && !JSON.stringify({ ...(err as AppError), m: (err as AppError).message }).includes('PRIVATE'),
      );
    }
  });

  test('garbage, a truncated body and an empty block are invalid', () => {
    for (const text of ['hello', rsa.pem.slice(0, 200) + '\n-----END CERTIFICATE-----', '-----BEGIN CERTIFICATE-----\n\n-----END CERTIFICATE-----']) {
      assert.throws(() => parseCertificate(text, now), refusedWith('apps.certificate_invalid'));
    }
  });
});
