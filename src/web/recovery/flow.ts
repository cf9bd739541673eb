import type { AuthenticationResponseJSON, PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/browser';
import type { CaptchaChallenge, FlowView, Helpdesk } from '../../shared/recovery.js';
import type { MethodKind } from '../../shared/methods.js';
import { ApiError, apiFetch } from '../shared/api';

/** The portal is public: a 401 here never means "signed out". */
const publicCall = { redirectOn401: false } as const;

export const recoveryApi = {
  captcha: (signal?: AbortSignal) => apiFetch<CaptchaChallenge>('/recovery/captcha', { ...publicCall, signal }),
  start: (username: string, captcha: string) => apiFetch<FlowView>('/recovery/flows', { ...publicCall, method: 'POST', body: { username, captcha } }),
  get: (id: string) => apiFetch<FlowView>(`/recovery/flows/${encodeURIComponent(id)}`, publicCall),
  send: (id: string, method: MethodKind) =>
    apiFetch<FlowView>(`/recovery/flows/${encodeURIComponent(id)}/send`, { ...publicCall, method: 'POST', body: { method } }),
  verifyCode: (id: string, method: MethodKind, code: string) =>
    apiFetch<FlowView>(`/recovery/flows/${encodeURIComponent(id)}/verify`, { ...publicCall, method: 'POST', body: { method, code } }),
  verifyAnswers: (id: string, answers: { questionId: string; answer: string }[]) =>
    apiFetch<FlowView>(`/recovery/flows/${encodeURIComponent(id)}/verify`, {
      ...publicCall,
      method: 'POST',
      body: { method: 'securityQuestions', answers },
    }),
  /** Options for proving a passkey (the same kind for every name: no credential ids). */
  passkeyOptions: (id: string) =>
    apiFetch<PublicKeyCredentialRequestOptionsJSON>(`/recovery/flows/${encodeURIComponent(id)}/passkey-options`, { ...publicCall, method: 'POST' }),
  verifyPasskey: (id: string, assertion: AuthenticationResponseJSON) =>
    apiFetch<FlowView>(`/recovery/flows/${encodeURIComponent(id)}/verify`, { ...publicCall, method: 'POST', body: { method: 'passkey', assertion } }),
  password: (id: string, newPassword: string) =>
    apiFetch<FlowView>(`/recovery/flows/${encodeURIComponent(id)}/password`, { ...publicCall, method: 'POST', body: { newPassword } }),
  /** Unlock only, the password kept (a directory user, when the flow offers it: `canUnlock`). */
  unlock: (id: string) => apiFetch<FlowView>(`/recovery/flows/${encodeURIComponent(id)}/unlock`, { ...publicCall, method: 'POST' }),
  contactAdmin: (id: string) => apiFetch<{ helpdesk: Helpdesk }>(`/recovery/flows/${encodeURIComponent(id)}/contact-admin`, { ...publicCall, method: 'POST' }),
};

/** The flow is over on the server (expired, unknown or finished): only starting again helps. */
export function isFlowGone(err: unknown): boolean {
  return err instanceof ApiError && (err.code === 'recovery.flow_expired' || err.code === 'recovery.flow_not_found');
}

export function isLocked(err: unknown): boolean {
  return err instanceof ApiError && err.code === 'recovery.locked';
}

export function isRateLimited(err: unknown): err is ApiError {
  return err instanceof ApiError && err.status === 429 && err.code !== 'recovery.locked';
}

/** What the page keeps across a reload of the tab (sessionStorage, never the URL). */
export interface SavedFlow {
  id: string;
  /** The user ID as typed, for the password manager's username field and for starting again. */
  username: string;
  /** The method chosen in the current verification step, and whether its code was sent. */
  method: MethodKind | null;
  sent: boolean;
}

const STORAGE_KEY = 'latchkey.recovery';

export function loadSavedFlow(): SavedFlow | null {
  try {
    const raw = window.sessionStorage.getItem(STORAGE_KEY);
    if (!raw) return null;
    const value = JSON.parse(raw) as Partial<SavedFlow>;
    if (typeof value.id !== 'string' || !value.id) return null;
    return { id: value.id, username: typeof value.username === 'string' ? value.username : '', method: value.method ?? null, sent: !!value.sent };
  } catch {
    return null;
  }
}

export function saveFlow(flow: SavedFlow | null): void {
  try {
    if (flow) window.sessionStorage.setItem(STORAGE_KEY, JSON.stringify(flow));
    else window.sessionStorage.removeItem(STORAGE_KEY);
  } catch {
    // Without storage a reload starts over; the reset itself still works.
  }
}
