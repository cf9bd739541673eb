import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useSyncExternalStore } from 'react';
import { apiFetch } from '../../shared/api';
import type { MethodKind, SingleMethodKind } from '../../../shared/methods.js';
import type { SecurityInfo } from '../../../shared/security-info.js';

export const securityInfoKey = ['me', 'methods'] as const;

/** `GET /me/methods`: the user's methods, the policy that applies and whether to interrupt. */
export function useSecurityInfo(options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: securityInfoKey,
    queryFn: ({ signal }) => apiFetch<SecurityInfo>('/me/methods', { signal }),
    enabled: options.enabled ?? true,
    staleTime: 30_000,
  });
}

/** Re-reads the methods (after adding, changing, deleting or confirming). */
export function useRefreshSecurityInfo(): () => Promise<void> {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: securityInfoKey });
}

/** The URL segment of each method that is registered with a code. */
export const START_PATHS: Record<Exclude<SingleMethodKind, 'authenticatorApp'>, string> = {
  email: '/me/methods/email',
  mobilePhone: '/me/methods/mobile-phone',
  officePhone: '/me/methods/office-phone',
};

/** Methods that send a code to an address the user types. */
export type CodeKind = keyof typeof START_PATHS;
export function isCodeKind(kind: MethodKind): kind is CodeKind {
  return kind === 'email' || kind === 'mobilePhone' || kind === 'officePhone';
}

/** The methods a user has registered, security questions included when answered. */
export function registeredKinds(info: SecurityInfo): MethodKind[] {
  const kinds: MethodKind[] = info.methods.map((m) => m.kind);
  if (info.securityQuestions.registered > 0) kinds.push('securityQuestions');
  return kinds;
}

/** Registered methods that count for a reset under the policy that applies to the user. */
export function usableCount(info: SecurityInfo): number {
  return new Set(registeredKinds(info).filter((k) => info.policy.available.includes(k))).size;
}

const PROMPT_KEY = 'latchkey.securityInfoPrompt';
// Used when localStorage is unavailable (then the choice lasts until the page is reloaded).
let deferredInMemory: string | null = null;

/*
 * "Remind me later" lasts for the sign-in session, in every tab of this browser, as Entra's does:
 * the session's id is remembered in localStorage (shared by the tabs; sessionStorage was one tab
 * only, so every new tab or Ctrl-click asked again). The id is the right key: it stays the same for
 * the whole sign-in (MFA and step-up rotate the session's token, not its id), and the next sign-in
 * is a new session with a new id, so it asks again. Sign-out also wipes the mark (its
 * Clear-Site-Data: "storage"). The id is not a credential (the cookie's token is), so keeping it
 * is harmless. A server-side mark would survive clearing the browser's storage too, but then the
 * user is simply asked once more, which is the safe side; one key, overwritten by each deferral,
 * keeps nothing from older sessions.
 */
export function promptDeferred(sessionId: string): boolean {
  if (deferredInMemory === sessionId) return true;
  try {
    return window.localStorage.getItem(PROMPT_KEY) === sessionId;
  } catch {
    return false;
  }
}

export function deferPrompt(sessionId: string): void {
  deferredInMemory = sessionId;
  try {
    window.localStorage.setItem(PROMPT_KEY, sessionId);
  } catch {
    // The in-memory copy above covers this page load.
  }
  notify();
}

const listeners = new Set<() => void>();
function notify(): void {
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  const onStorage = (event: StorageEvent) => {
    if (event.key === PROMPT_KEY || event.key === null) listener();
  };
  listeners.add(listener);
  window.addEventListener('storage', onStorage);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('storage', onStorage);
  };
}

/**
 * Whether the interrupt was deferred for this session, kept up to date: a deferral in this tab,
 * or in another tab of the browser (the `storage` event), lets the interrupt go at once.
 */
export function usePromptDeferred(sessionId: string | undefined): boolean {
  return useSyncExternalStore(subscribe, () => !!sessionId && promptDeferred(sessionId));
}
