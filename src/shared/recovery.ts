/* The self-service reset portal's API shapes (`/recovery/*`): shared by the server and the web app. */
import type { MethodKind } from './methods.js';

/** Where "Contact your administrator" leads. */
export type Helpdesk = { kind: 'default' } | { kind: 'email'; address: string } | { kind: 'url'; url: string };

/** What the portal's API answers for a reset in progress (`/recovery/flows/{id}`). */
export interface FlowView {
  /** The flow's bearer token: kept in sessionStorage only, never in the address bar. */
  id: string;
  state: 'verify' | 'password' | 'completed';
  expiresAt: string;
  /** 1 or 2 (the flow's copy of the policy; the API schema says number). */
  methodsRequired: number;
  proven: MethodKind[];
  /** Masked destinations ("j•••@c•••.com"); null for the app and the questions. */
  methods: { method: MethodKind; destination: string | null }[];
  /** The drawn security questions, after `send` with securityQuestions. */
  questions: { id: string; text: string }[] | null;
  helpdesk: Helpdesk;
  /**
   * In `password` only, after every proof: the user may also unlock their account in the directory
   * and keep their password (`POST /recovery/flows/{id}/unlock`; a directory user, the policy on). False otherwise.
   */
  canUnlock: boolean;
}

/** An ALTCHA challenge (`GET /recovery/captcha`). */
export interface CaptchaChallenge {
  algorithm: string;
  challenge: string;
  maxnumber: number;
  salt: string;
  signature: string;
}
