import { useQuery, useQueryClient } from '@tanstack/react-query';
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
// Used when sessionStorage is unavailable (then the choice lasts until the page is reloaded).
let deferredInMemory: string | null = null;

/**
 * "Remind me later" lasts for this sign-in in this browser tab: the session id is remembered in
 * sessionStorage, so the next sign-in (a new session) asks again, as Entra does.
 */
export function promptDeferred(sessionId: string): boolean {
  if (deferredInMemory === sessionId) return true;
  try {
    return window.sessionStorage.getItem(PROMPT_KEY) === sessionId;
  } catch {
    return false;
  }
}

export function deferPrompt(sessionId: string): void {
  deferredInMemory = sessionId;
  try {
    window.sessionStorage.setItem(PROMPT_KEY, sessionId);
  } catch {
    // The in-memory copy above covers this page load.
  }
}
