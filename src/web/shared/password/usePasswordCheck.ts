import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiFetch } from '../api';
import type { PasswordCheckResult } from '../../../shared/password-check.js';

export const CHECK_DEBOUNCE_MS = 250;

/**
 * Another place to check a password than `POST /password-policy/check` (which needs a session),
 * such as the reset portal's flow. Keep it stable (useCallback): a new one checks again.
 */
export type PasswordCheckSource = (password: string, signal: AbortSignal) => Promise<PasswordCheckResult>;

export interface PasswordCheckState {
  /** The answer for `checkedPassword`; kept while a newer check runs so the UI does not flicker. */
  result: PasswordCheckResult | null;
  /** The password `result` belongs to. */
  checkedPassword: string | null;
  pending: boolean;
  error: unknown;
}

/**
 * Checks a password against the policy (`POST /password-policy/check`), debounced; a newer
 * password aborts the request for an older one. Nothing is cached: passwords stay in this hook.
 * An empty password is checked once (with no debounce) to learn the policy's rules. `source`
 * replaces the endpoint (see {@link PasswordCheckSource}). With `enabled` false nothing is asked
 * (a page without a session, where the endpoint would answer 401).
 */
export function usePasswordCheck(password: string, userId?: string, enabled = true, source?: PasswordCheckSource): PasswordCheckState {
  const { i18n } = useTranslation();
  const [state, setState] = useState<PasswordCheckState>({ result: null, checkedPassword: null, pending: enabled, error: null });

  // A new question is pending from the render that asks it.
  const language = i18n.language;
  const [asked, setAsked] = useState({ password, userId, language, enabled, source });
  if (asked.password !== password || asked.userId !== userId || asked.language !== language || asked.enabled !== enabled || asked.source !== source) {
    setAsked({ password, userId, language, enabled, source });
    if (enabled) setState((s) => ({ ...s, pending: true }));
  }

  useEffect(() => {
    if (!enabled) return;
    const controller = new AbortController();
    const timer = window.setTimeout(
      () => {
        const asked = source
          ? source(password, controller.signal)
          : apiFetch<PasswordCheckResult>('/password-policy/check', {
              method: 'POST',
              body: userId ? { password, userId } : { password },
              signal: controller.signal,
            });
        asked.then(
          (result) => setState({ result, checkedPassword: password, pending: false, error: null }),
          (error: unknown) => {
            if (controller.signal.aborted) return;
            setState((s) => ({ ...s, pending: false, error }));
          },
        );
      },
      password ? CHECK_DEBOUNCE_MS : 0,
    );
    return () => {
      window.clearTimeout(timer);
      controller.abort();
    };
    // The language is a dependency: the server localises the messages.
  }, [password, userId, i18n.language, enabled, source]);

  return state;
}
