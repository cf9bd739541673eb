import { z } from 'zod';

/*
 * WebAuthn's JSON as @simplewebauthn/browser 13 sends it (base64url fields), bounded so that
 * nothing oversized reaches the verifier; unknown extra fields a browser may add are kept
 * (`loose`), the verifier reads only what it knows.
 */
const b64url = (max: number) =>
  z
    .string()
    .max(max)
    .regex(/^[A-Za-z0-9_-]*$/);

/** `startRegistration()`'s answer. */
export const registrationResponse = z
  .object({
    id: b64url(1024),
    rawId: b64url(1024),
    type: z.literal('public-key'),
    response: z
      .object({
        clientDataJSON: b64url(8192),
        attestationObject: b64url(32768),
        authenticatorData: b64url(16384).optional(),
        transports: z.array(z.string().max(32)).max(10).optional(),
        publicKeyAlgorithm: z.number().int().optional(),
        publicKey: b64url(8192).optional(),
      })
      .loose(),
    clientExtensionResults: z.record(z.string(), z.unknown()).default({}),
    authenticatorAttachment: z.enum(['platform', 'cross-platform']).optional(),
  })
  .loose();

/** `startAuthentication()`'s answer. */
export const authenticationResponse = z
  .object({
    id: b64url(1024),
    rawId: b64url(1024),
    type: z.literal('public-key'),
    response: z
      .object({
        clientDataJSON: b64url(8192),
        authenticatorData: b64url(8192),
        signature: b64url(2048),
        userHandle: b64url(1024).optional(),
      })
      .loose(),
    clientExtensionResults: z.record(z.string(), z.unknown()).default({}),
    authenticatorAttachment: z.enum(['platform', 'cross-platform']).optional(),
  })
  .loose();

/** Options for the browser (`PublicKeyCredential*OptionsJSON`), passed through as generated. */
export const ceremonyOptions = z.object({ challenge: z.string() }).loose().meta({ id: 'WebAuthnOptions' });
