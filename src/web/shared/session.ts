import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { QueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiError, apiFetch, setCsrfToken } from './api';
import type { Permission } from '../../shared/roles.js';
import type { Me, User } from '../../shared/users.js';
import { applyLanguage, currentLanguage, deviceLanguage, isLanguage, storeLanguage, storedLanguage } from '../i18n';
import type { Language } from '../i18n';

export const meKey = ['me'] as const;

/** `null` means "not signed in". */
export async function fetchMe(): Promise<Me | null> {
  try {
    const me = await apiFetch<Me>('/me', { redirectOn401: false });
    setCsrfToken(me.csrfToken);
    return me;
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) return null;
    throw err;
  }
}

export function useMe() {
  return useQuery({ queryKey: meKey, queryFn: fetchMe, staleTime: 60_000, retry: false });
}

export function hasPermission(me: Me | null | undefined, permission: Permission): boolean {
  return !!me && me.permissions.includes(permission);
}

/** Only same-site paths are accepted as a place to return to after sign-in. */
export function safeReturnTo(value: string | null): string | null {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return null;
  if (value.startsWith('/sign-in') || value.startsWith('/api/')) return null;
  return value;
}

let signedOutOnPurpose = false;

/** What /sign-in says after a deliberate sign-out; passed as router state by the route guard. */
export interface SignInNotice {
  notice: 'passwordChanged';
  /** Prefills the username box. */
  username?: string;
}
let signInNotice: SignInNotice | null = null;

/** Whether the visitor signed out themselves (then /sign-in gets no returnTo). */
export function didSignOutOnPurpose(): boolean {
  return signedOutOnPurpose;
}

/** The notice for /sign-in after the last deliberate sign-out, if any. */
export function pendingSignInNotice(): SignInNotice | null {
  return signInNotice;
}

/**
 * Forgets everything cached for the signed-in user and marks the visitor as signed out; the route
 * guards then send them to /sign-in (with `returnTo` unless they signed out on purpose).
 */
export function clearSession(queryClient: QueryClient, options: { onPurpose?: boolean; notice?: SignInNotice } = {}): void {
  signedOutOnPurpose = !!options.onPurpose || !!options.notice;
  signInNotice = options.notice ?? null;
  queryClient.removeQueries({ predicate: (q) => !(q.queryKey.length === 1 && q.queryKey[0] === meKey[0]) });
  queryClient.setQueryData(meKey, null);
  setCsrfToken(null);
  // Signed out: the sign-in page speaks the device's language again (docs/web.md, Language).
  void applyLanguage(deviceLanguage());
}

/*
 * The language rule (docs/web.md, Language): before sign-in the device's choice (the language menu,
 * stored in localStorage), else the browser's; after sign-in the profile's preferred language, which
 * wins over the device's. The MFA step still belongs to sign-in. When the profile's language differs
 * from the device's, the root layout says so (`useLanguageNotice`) with a one-click switch.
 */

/** Shows the profile's language after sign-in (nothing when the profile has none). */
export async function adoptProfileLanguage(preferred: string | null | undefined): Promise<void> {
  if (isLanguage(preferred)) await applyLanguage(preferred);
}

const NOTICE_KEY = 'latchkey.languageNotice';
let noticeDismissedInMemory: string | null = null;

/** Whether the user closed the language notice in this sign-in session (in any tab). */
function noticeDismissed(sessionId: string): boolean {
  if (noticeDismissedInMemory === sessionId) return true;
  try {
    return window.localStorage.getItem(NOTICE_KEY) === sessionId;
  } catch {
    return false;
  }
}

/**
 * The notice "Shown in English, the language in your profile. Switch to Nederlands": `show` when
 * the signed-in user's profile language is on screen and the device would have shown another one;
 * `device` is that other language. Dismissing lasts for the sign-in session (keyed by its id, as
 * "Remind me later"); switching changes the profile, after which there is nothing to say.
 */
export function useLanguageNotice(): { show: boolean; device: Language; dismiss: () => void } {
  const { data: me } = useMe();
  const [, setDismissed] = useState(0);
  const device = deviceLanguage();
  const preferred = me?.user.preferredLanguage;
  const sessionId = me?.session.id;
  const show =
    !!me && !me.mfaRequired && !!sessionId && isLanguage(preferred) && preferred === currentLanguage() && preferred !== device && !noticeDismissed(sessionId);
  const dismiss = () => {
    if (!sessionId) return;
    noticeDismissedInMemory = sessionId;
    try {
      window.localStorage.setItem(NOTICE_KEY, sessionId);
    } catch {
      // The in-memory copy covers this page load.
    }
    setDismissed((n) => n + 1);
  };
  return { show, device, dismiss };
}

export function useSignOut() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async () => {
      const stored = storedLanguage();
      try {
        await apiFetch<void>('/auth/sign-out', { method: 'POST', redirectOn401: false });
        // The server answers with Clear-Site-Data: "storage"; the language chosen on this device
        // is not a secret, so it is kept.
        if (stored) storeLanguage(stored);
      } catch (err) {
        // Already signed out (expired session) is fine; anything else is shown.
        if (!(err instanceof ApiError && err.status === 401)) throw err;
      }
    },
    onSuccess: () => clearSession(queryClient, { onPurpose: true }),
  });
}

/** Switches the UI language; stores it on this device and, when signed in, on the user. */
export function useChangeLanguage() {
  const queryClient = useQueryClient();
  return async (lang: Language): Promise<void> => {
    if (lang === currentLanguage()) return;
    storeLanguage(lang);
    await applyLanguage(lang);
    const me = queryClient.getQueryData<Me | null>(meKey);
    if (!me) return;
    try {
      const { user } = await apiFetch<{ user: User }>('/me', {
        method: 'PATCH',
        body: { preferredLanguage: lang },
      });
      queryClient.setQueryData<Me | null>(meKey, (old) => (old ? { ...old, user } : old));
    } catch {
      // The language still applies on this device; the profile keeps its old value.
    }
  };
}
