import { currentLanguage } from '../i18n';
import type { Language } from '../i18n';
import type { Problem, ProblemIssue } from '../../shared/problem.js';

export const API_BASE = '/api/v1';
// Over HTTPS the server uses the `__Host-` prefix.
const CSRF_COOKIES = ['__Host-latchkey_csrf', 'latchkey_csrf'];
let csrfToken: string | null = null;

/** Remembers the CSRF token the API handed out (sign-in and /me answers carry it). */
export function setCsrfToken(token: string | null | undefined): void {
  csrfToken = token ?? null;
}

function currentCsrfToken(): string | null {
  for (const name of CSRF_COOKIES) {
    const value = readCookie(name);
    if (value) return value;
  }
  return csrfToken;
}

export type { ProblemIssue };

/** An error answer from the API (problem+json), or a network failure (status 0). */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly title: string;
  readonly detail: string | undefined;
  readonly issues: ProblemIssue[];
  /** Seconds from a Retry-After header (503/429), if any. */
  readonly retryAfter: number | null;

  constructor(status: number, problem: Partial<Problem>, retryAfter: number | null = null) {
    super(problem.title ?? `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.code = problem.code ?? (status === 0 ? 'network' : 'unknown');
    this.title = problem.title ?? '';
    this.detail = problem.detail;
    this.issues = problem.issues ?? [];
    this.retryAfter = retryAfter;
  }
}

type Handler = () => void;
let onPasswordChangeRequired: Handler = () => undefined;
let onUnauthenticated: Handler = () => {
  const here = window.location.pathname + window.location.search;
  window.location.assign(`/sign-in?returnTo=${encodeURIComponent(here)}`);
};

/** Replaces the default 401 reaction (a full-page redirect to /sign-in). */
export function setUnauthenticatedHandler(handler: Handler): void {
  onUnauthenticated = handler;
}

/** Called when the API answers 403 auth.password_change_required (the session became limited). */
export function setPasswordChangeRequiredHandler(handler: Handler): void {
  onPasswordChangeRequired = handler;
}

export function readCookie(name: string): string | null {
  for (const part of document.cookie.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return decodeURIComponent(rest.join('='));
  }
  return null;
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  body?: unknown;
  query?: Record<string, string | number | null | undefined>;
  signal?: AbortSignal;
  /** When false, a 401 is thrown to the caller without redirecting (sign-in, /me probe). */
  redirectOn401?: boolean;
  /**
   * 401 problem codes that do not mean "signed out" for this call: they are thrown to the caller
   * and the session is kept (a wrong current password on change-password answers 401
   * auth.invalid_credentials, like a failed sign-in, but the session stays valid).
   */
  keepSessionOn401?: readonly string[];
  language?: Language;
  /**
   * true (default): a 403 auth.step_up_required opens the "Verify your identity" dialog and, once
   * verified, sends the request again, once (issue 17). false: it is thrown to the caller.
   */
  stepUp?: boolean;
}

/** The URL of an API path with its query (empty values left out), for links such as CSV downloads. */
export function apiUrl(path: string, query?: RequestOptions['query']): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const qs = params.toString();
  return `${API_BASE}${path}${qs ? `?${qs}` : ''}`;
}

function retryAfterSeconds(res: Response): number | null {
  const value = res.headers.get('Retry-After');
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, Math.round(seconds));
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, Math.round((date - Date.now()) / 1000));
}

async function readProblem(res: Response): Promise<Partial<Problem>> {
  const type = res.headers.get('Content-Type') ?? '';
  if (type.includes('json')) {
    try {
      return (await res.json()) as Partial<Problem>;
    } catch {
      // fall through
    }
  }
  return { status: res.status };
}

/** The header of a 403 auth.step_up_required naming the proofs to give, e.g. `password, authenticatorApp, passkey`. */
const STEP_UP_HEADER = 'Latchkey-Step-Up';

/** The second factors a step-up may use, from that header (the password is always asked). */
export function stepUpMethods(header: string | null): ('authenticatorApp' | 'passkey')[] {
  const names = (header ?? '').split(',').map((s) => s.trim());
  return (['authenticatorApp', 'passkey'] as const).filter((m) => names.includes(m));
}

/**
 * The step-up dialog's own calls, handed to it (so the dialog imports nothing from here): never
 * another dialog, and a wrong password or code keeps the session (401 auth.invalid_credentials).
 */
async function stepUpPost<T>(path: string, body?: unknown): Promise<T> {
  const result = await apiFetch<T>(path, { method: 'POST', body, stepUp: false, keepSessionOn401: ['auth.invalid_credentials'] });
  const token = (result as { csrfToken?: unknown } | undefined)?.csrfToken;
  if (typeof token === 'string') setCsrfToken(token);
  return result;
}

export async function apiFetch<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = {
    Accept: 'application/json, application/problem+json',
    'Accept-Language': options.language ?? currentLanguage(),
  };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET') {
    const csrf = currentCsrfToken();
    if (csrf) headers['X-CSRF-Token'] = csrf;
  }
  let res: Response;
  try {
    res = await fetch(apiUrl(path, options.query), {
      method,
      headers,
      credentials: 'same-origin',
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError(0, {});
  }
  if (!res.ok) {
    const problem = await readProblem(res);
    const error = new ApiError(res.status, problem, retryAfterSeconds(res));
    if (res.status === 401 && options.redirectOn401 !== false && !options.keepSessionOn401?.includes(error.code)) onUnauthenticated();
    if (res.status === 403 && error.code === 'auth.password_change_required') onPasswordChangeRequired();
    if (res.status === 403 && error.code === 'auth.step_up_required' && options.stepUp !== false) {
      // Loaded on first use: the dialog (and WebAuthn) only when a sensitive action asks for it.
      const { verifyIdentity } = await import('./step-up/host');
      if (await verifyIdentity(stepUpMethods(res.headers.get(STEP_UP_HEADER)), stepUpPost)) return apiFetch<T>(path, { ...options, stepUp: false });
    }
    throw error;
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}
