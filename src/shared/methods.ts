/* Authentication methods: shared by the server and the web app (no Node-only code here). */

/** The ways a user proves who they are in self-service password reset (reference §7.4). */
/** `passkey`: a WebAuthn passkey (issue 17); Latchkey accepts it at the reset portal, Entra does not. */
export const methodKinds = ['email', 'mobilePhone', 'officePhone', 'authenticatorApp', 'securityQuestions', 'passkey'] as const;
export type MethodKind = (typeof methodKinds)[number];

/** Methods that deliver a one-time code to an address on record. */
export type CodeMethod = 'email' | 'mobilePhone' | 'officePhone';
export function isCodeMethod(kind: MethodKind): kind is CodeMethod {
  return kind === 'email' || kind === 'mobilePhone' || kind === 'officePhone';
}

/** The methods registered one by one (security questions are a set of answers; passkeys have their own list: features/passkeys). */
export type SingleMethodKind = Exclude<MethodKind, 'securityQuestions' | 'passkey'>;

/**
 * Multi-factor methods (checklist R18): an account with one of these registered has MFA, and can
 * reset its password only by proving one of them (email, phone and questions alone are weaker).
 */
export const strongMethodKinds = ['authenticatorApp', 'passkey'] as const satisfies readonly MethodKind[];
export function isStrongMethod(kind: MethodKind): boolean {
  return kind === 'authenticatorApp' || kind === 'passkey';
}
