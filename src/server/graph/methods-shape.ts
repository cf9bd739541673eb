import type { User } from '../core/identity.js';
import type { MethodView, MethodsOfUser } from '../features/security-info/admin-methods.js';

/*
 * Latchkey's authentication methods in Microsoft Graph's shapes (issue 15; Graph v1.0
 * passwordAuthenticationMethod, emailAuthenticationMethod, phoneAuthenticationMethod,
 * softwareOathAuthenticationMethod, fido2AuthenticationMethod). Graph gives the password, the email
 * method and each phone type a FIXED id; the authenticator app and passkeys keep their own ids.
 */

/** The password method's id in every tenant. */
export const PASSWORD_METHOD_ID = '28c10230-6103-485e-b985-444c60001490';
/** The email method's id in every tenant (a user has at most one). */
export const EMAIL_METHOD_ID = '3ddfcfc8-9383-446f-83cc-3ab9be4be18f';
/** Graph's fixed phone method ids per phone type. */
export const PHONE_METHOD_IDS = {
  mobile: '3179e48a-750b-4051-897c-87b9720928f7',
  alternateMobile: 'b6332ec1-7057-4abe-9331-3d72feddfe41',
  office: 'e37fc753-ff3b-4958-9484-eaa9425c82bc',
} as const;

/** The method collections under /authentication. */
export const METHOD_COLLECTIONS = ['passwordMethods', 'emailMethods', 'phoneMethods', 'softwareOathMethods', 'fido2Methods'] as const;
export type MethodCollection = (typeof METHOD_COLLECTIONS)[number];

export type GraphMethod = Record<string, unknown> & { '@odata.type': string; id: string };

/** Which Latchkey method a Graph email or phone method id names (the only kinds with fixed ids). */
export function kindOfFixedId(id: string): 'email' | 'mobilePhone' | 'officePhone' | null {
  if (id === EMAIL_METHOD_ID) return 'email';
  if (id === PHONE_METHOD_IDS.mobile) return 'mobilePhone';
  if (id === PHONE_METHOD_IDS.office) return 'officePhone';
  return null;
}

function passwordMethod(user: User): GraphMethod {
  const created = user.lastPasswordChangeAt ?? user.createdAt;
  return { '@odata.type': '#microsoft.graph.passwordAuthenticationMethod', id: PASSWORD_METHOD_ID, password: null, createdDateTime: created.toISOString() };
}

function singleMethod(m: MethodView): { collection: MethodCollection; method: GraphMethod } {
  if (m.kind === 'email')
    return { collection: 'emailMethods', method: { '@odata.type': '#microsoft.graph.emailAuthenticationMethod', id: EMAIL_METHOD_ID, emailAddress: m.value } };
  if (m.kind === 'authenticatorApp')
    return { collection: 'softwareOathMethods', method: { '@odata.type': '#microsoft.graph.softwareOathAuthenticationMethod', id: m.id, secretKey: null } };
  const mobile = m.kind === 'mobilePhone';
  return {
    collection: 'phoneMethods',
    method: {
      '@odata.type': '#microsoft.graph.phoneAuthenticationMethod',
      id: mobile ? PHONE_METHOD_IDS.mobile : PHONE_METHOD_IDS.office,
      phoneNumber: m.value,
      phoneType: mobile ? 'mobile' : 'office',
      // Latchkey has no SMS sign-in: a mobile number serves MFA and reset only; an office phone can't receive texts.
      smsSignInState: mobile ? 'notAllowedByPolicy' : 'notSupported',
    },
  };
}

/** Every method of the user in Graph's shape, each with the collection it belongs to (the password first, as Graph lists it). */
export function graphMethods(view: MethodsOfUser): { collection: MethodCollection; method: GraphMethod }[] {
  return [
    { collection: 'passwordMethods', method: passwordMethod(view.user) },
    ...view.methods.map(singleMethod),
    ...view.passkeys.map((p) => ({
      collection: 'fido2Methods' as const,
      method: {
        '@odata.type': '#microsoft.graph.fido2AuthenticationMethod',
        id: p.id,
        displayName: p.name,
        createdDateTime: p.createdAt.toISOString(),
        aaGuid: p.aaguid,
        model: null,
        attestationCertificates: [],
        attestationLevel: 'notAttested',
      },
    })),
  ];
}
