import { X509Certificate, type JsonWebKey } from 'node:crypto';
import { AppError } from '../../core/errors.js';

/*
 * Certificates for private_key_jwt client assertions (issue 15). Only the public certificate is
 * taken; what Latchkey keeps is its public key as a JWK, its SHA-1 thumbprint (the `x5t` Entra and
 * MSAL send) and its end date.
 */

/** A certificate as read from PEM: what the store keeps of it. */
export interface ParsedCertificate {
  /** SHA-1 of the DER, upper-case hex without separators (as Entra shows it). */
  thumbprint: string;
  publicJwk: JsonWebKey;
  notBefore: Date;
  notAfter: Date;
}

/** The most a PEM certificate may be: a 16,384-bit RSA certificate with a long chain of names stays far below it. */
export const MAX_CERTIFICATE_CHARS = 20_000;

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----\s*([A-Za-z0-9+/=\s]+?)\s*-----END CERTIFICATE-----/;
const EC_CURVES = new Set(['prime256v1', 'secp384r1', 'secp521r1']);

/**
 * Reads one PEM certificate and checks it can sign client assertions Latchkey verifies.
 * A private key pasted by mistake is refused before anything else and its text is never echoed,
 * logged or stored (checklist S4: no secret at rest; the error names no content).
 * @throws AppError apps.certificate_invalid, apps.certificate_expired, apps.certificate_key_unsupported
 */
export function parseCertificate(pem: string, now: Date): ParsedCertificate {
  if (pem.length > MAX_CERTIFICATE_CHARS || /PRIVATE KEY/i.test(pem)) throw new AppError('apps.certificate_invalid');
  const match = PEM_CERTIFICATE.exec(pem);
  if (!match) throw new AppError('apps.certificate_invalid');
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(Buffer.from(match[1]!.replace(/\s+/g, ''), 'base64'));
  } catch {
    throw new AppError('apps.certificate_invalid');
  }
  const key = certificate.publicKey;
  const details = key.asymmetricKeyDetails ?? {};
  // RS256 needs RSA of 2048 bits or more (RFC 7518 §3.3); ES256/384/512 their NIST curves. Nothing else verifies here.
  const supported =
    (key.asymmetricKeyType === 'rsa' && (details.modulusLength ?? 0) >= 2048) ||
    (key.asymmetricKeyType === 'ec' && details.namedCurve !== undefined && EC_CURVES.has(details.namedCurve));
  if (!supported) throw new AppError('apps.certificate_key_unsupported');
  const notAfter = new Date(certificate.validTo);
  const notBefore = new Date(certificate.validFrom);
  if (Number.isNaN(notAfter.getTime()) || notAfter.getTime() <= now.getTime()) throw new AppError('apps.certificate_expired');
  return {
    thumbprint: certificate.fingerprint.replace(/:/g, '').toUpperCase(),
    publicJwk: key.export({ format: 'jwk' }),
    notBefore,
    notAfter,
  };
}
