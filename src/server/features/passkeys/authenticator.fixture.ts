// A software WebAuthn authenticator for the server tests: real ES256 keys (node:crypto), real
// CBOR attestation objects and authenticator data, real signatures. Nothing is mocked: the
// server verifies what it makes with @simplewebauthn/server as it would a browser's.
import { createHash, createSign, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from '@simplewebauthn/server';

type Cbor = number | string | Uint8Array | Map<Cbor, Cbor> | Cbor[];

/** A minimal CBOR encoder (RFC 8949): integers, byte and text strings, arrays and maps. */
export function cbor(value: Cbor): Buffer {
  const head = (major: number, n: number): Buffer => {
    if (n < 24) return Buffer.from([(major << 5) | n]);
    if (n < 0x100) return Buffer.from([(major << 5) | 24, n]);
    if (n < 0x10000) return Buffer.from([(major << 5) | 25, n >> 8, n & 0xff]);
    const b = Buffer.alloc(5);
    b[0] = (major << 5) | 26;
    b.writeUInt32BE(n, 1);
    return b;
  };
  if (typeof value === 'number') return value >= 0 ? head(0, value) : head(1, -1 - value);
  if (typeof value === 'string') {
    const bytes = Buffer.from(value, 'utf8');
    return Buffer.concat([head(3, bytes.length), bytes]);
  }
  if (value instanceof Uint8Array) return Buffer.concat([head(2, value.length), Buffer.from(value)]);
  if (Array.isArray(value)) return Buffer.concat([head(4, value.length), ...value.map(cbor)]);
  return Buffer.concat([head(5, value.size), ...[...value].flatMap(([k, v]) => [cbor(k), cbor(v)])]);
}

const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest();
const b64url = (data: Buffer | Uint8Array) => Buffer.from(data).toString('base64url');

export interface SoftCredential {
  id: Buffer;
  privateKey: KeyObject;
  cosePublicKey: Buffer;
  rpId: string;
  userHandle: Buffer;
  counter: number;
}

export interface SoftAuthenticatorOptions {
  /** Whether the authenticator verifies the user (the UV flag; default true). */
  userVerified?: boolean;
  /** Signature counter step per assertion (0: an authenticator without a counter; default 1). */
  counterStep?: number;
  /** The AAGUID (16 bytes); default all zero. */
  aaguid?: Buffer;
}

/** A platform authenticator holding discoverable ES256 credentials, answering for `origin`. */
export function softAuthenticator(origin: string, options: SoftAuthenticatorOptions = {}) {
  const credentials: SoftCredential[] = [];
  const flags = (extra: number) => 0x01 | ((options.userVerified ?? true) ? 0x04 : 0) | extra;
  const clientData = (type: string, challenge: string) => Buffer.from(JSON.stringify({ type, challenge, origin, crossOrigin: false }));

  return {
    credentials,
    /** Answers `navigator.credentials.create()` with the options the server gave. */
    create(o: PublicKeyCredentialCreationOptionsJSON): RegistrationResponseJSON {
      const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      const jwk = publicKey.export({ format: 'jwk' });
      const cosePublicKey = cbor(
        new Map<Cbor, Cbor>([
          [1, 2], // kty: EC2
          [3, -7], // alg: ES256
          [-1, 1], // crv: P-256
          [-2, Buffer.from(jwk.x!, 'base64url')],
          [-3, Buffer.from(jwk.y!, 'base64url')],
        ]),
      );
      const rpId = o.rp.id ?? new URL(origin).hostname;
      const credential: SoftCredential = { id: randomBytes(32), privateKey, cosePublicKey, rpId, userHandle: Buffer.from(o.user.id, 'base64url'), counter: 0 };
      const idLength = Buffer.from([credential.id.length >> 8, credential.id.length & 0xff]);
      const authData = Buffer.concat([
        sha256(rpId),
        Buffer.from([flags(0x40)]),
        Buffer.alloc(4),
        options.aaguid ?? Buffer.alloc(16),
        idLength,
        credential.id,
        cosePublicKey,
      ]);
      credentials.push(credential);
      const attestationObject = cbor(
        new Map<Cbor, Cbor>([
          ['fmt', 'none'],
          ['attStmt', new Map()],
          ['authData', authData],
        ]),
      );
      return {
        id: b64url(credential.id),
        rawId: b64url(credential.id),
        type: 'public-key',
        response: {
          clientDataJSON: b64url(clientData('webauthn.create', o.challenge)),
          attestationObject: b64url(attestationObject),
          transports: ['internal'],
        },
        clientExtensionResults: {},
        authenticatorAttachment: 'platform',
      };
    },

    /**
     * Answers `navigator.credentials.get()`: with `allowCredentials`, the first listed credential it
     * holds; without, its first (or the `use`d) credential for the RP id.
     */
    get(o: PublicKeyCredentialRequestOptionsJSON, use?: SoftCredential): AuthenticationResponseJSON {
      const rpId = o.rpId ?? new URL(origin).hostname;
      const allowed = o.allowCredentials?.length ? o.allowCredentials.map((c) => c.id) : null;
      const credential =
        use ?? credentials.find((c) => c.rpId === rpId && (!allowed || allowed.includes(b64url(c.id)))) ?? credentials.find((c) => c.rpId === rpId);
      if (!credential) throw new Error(`no credential for ${rpId}`);
      credential.counter += options.counterStep ?? 1;
      const counter = Buffer.alloc(4);
      counter.writeUInt32BE(credential.counter);
      const authData = Buffer.concat([sha256(credential.rpId), Buffer.from([flags(0)]), counter]);
      const clientDataJSON = clientData('webauthn.get', o.challenge);
      const signature = createSign('sha256')
        .update(Buffer.concat([authData, sha256(clientDataJSON)]))
        .sign(credential.privateKey);
      return {
        id: b64url(credential.id),
        rawId: b64url(credential.id),
        type: 'public-key',
        response: {
          clientDataJSON: b64url(clientDataJSON),
          authenticatorData: b64url(authData),
          signature: b64url(signature),
          userHandle: b64url(credential.userHandle),
        },
        clientExtensionResults: {},
        authenticatorAttachment: 'platform',
      };
    },
  };
}

export type SoftAuthenticator = ReturnType<typeof softAuthenticator>;
