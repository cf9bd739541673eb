/* Authentication methods: shared by the server and the web app (no Node-only code here). */

/** The ways a user proves who they are in self-service password reset (reference §7.4). */
export const methodKinds = ['email', 'mobilePhone', 'officePhone', 'authenticatorApp', 'securityQuestions'] as const;
export type MethodKind = (typeof methodKinds)[number];

/** Methods that deliver a one-time code to an address on record. */
export type CodeMethod = 'email' | 'mobilePhone' | 'officePhone';
export function isCodeMethod(kind: MethodKind): kind is CodeMethod {
  return kind === 'email' || kind === 'mobilePhone' || kind === 'officePhone';
}

/** The methods registered one by one (security questions are a set of answers). */
export type SingleMethodKind = Exclude<MethodKind, 'securityQuestions'>;
