/* My account > Security info (`/me/methods`): shared by the server and the web app. */
import type { MethodKind, SingleMethodKind } from './methods.js';

/** A registered method (`GET /me/methods`). */
export interface SecurityMethod {
  id: string;
  kind: SingleMethodKind;
  /** The full email address or E.164 phone number; null for the authenticator app. */
  value: string | null;
  createdAt: string;
}

/** `GET /me/methods`. */
export interface SecurityInfo {
  methods: SecurityMethod[];
  securityQuestions: { registered: number; questionIds: string[] };
  policy: {
    /** Self-service password reset applies to this user. */
    enabled: boolean;
    /** 1 or 2 (administrators always 2). */
    methodsRequired: number;
    available: MethodKind[];
    questionsToRegister: number;
    /** The administrator ("two-gate") policy: two methods, no security questions. */
    admin: boolean;
  };
  registered: boolean;
  confirmedAt: string | null;
  prompt: 'none' | 'register' | 'reconfirm';
}

/** `POST /me/methods/{email,mobile-phone,office-phone}`: a code is on its way. */
export interface MethodVerification {
  verificationId: string;
  expiresAt: string;
}

/** `POST /me/methods/authenticator-app`: the secret to add to the app, once. */
export interface AuthenticatorVerification extends MethodVerification {
  secret: string;
  otpauthUri: string;
  /** Server-generated SVG markup of the otpauth URI. */
  qrCodeSvg: string;
}

/** `GET /me/methods/security-questions`. */
export interface SecurityQuestionCatalog {
  questions: { id: string; text: string; custom: boolean }[];
  required: number;
  registeredIds: string[];
}
