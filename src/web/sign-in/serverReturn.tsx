import { Spinner } from '@fluentui/react-components';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { NavigateFunction } from 'react-router';
import { CenteredCard } from '../shared/CenteredCard';

/*
 * Sign-in for another app (issue 15): the server's OAuth interaction sends the browser to
 * /sign-in?returnTo=/oauth/interaction/<uid>. That path is the server's, not the web app's, so it
 * gets a full page load once sign-in is complete: after the password, after MFA, and after a forced
 * password change (which signs the user out and in again, so the path waits in this tab's
 * sessionStorage meanwhile, for at most the life of the server's interaction).
 */

const KEY = 'latchkey.serverReturnTo';
/** oidc-provider keeps an interaction for an hour (docs/oauth-sign-in.md). */
const KEEP_MS = 60 * 60 * 1000;

/** Paths the server answers rather than the web app's router. */
export function isServerPath(path: string): boolean {
  return /^\/oauth\/interaction\/[A-Za-z0-9_-]+$/.test(path);
}

/** Keeps a server path to return to across the MFA step and a forced change (this tab only). */
export function rememberServerReturn(path: string | null): void {
  if (!path || !isServerPath(path)) return;
  try {
    window.sessionStorage.setItem(KEY, JSON.stringify({ path, at: Date.now() }));
  } catch {
    // Without storage the path still travels in the URL as far as the MFA step.
  }
}

/** The server path waiting for a complete sign-in, if it is not too old. */
export function pendingServerReturn(): string | null {
  try {
    const raw = window.sessionStorage.getItem(KEY);
    if (!raw) return null;
    const { path, at } = JSON.parse(raw) as { path?: unknown; at?: unknown };
    if (typeof path === 'string' && isServerPath(path) && typeof at === 'number' && Date.now() - at < KEEP_MS) return path;
    window.sessionStorage.removeItem(KEY);
  } catch {
    // Unreadable: nothing is waiting.
  }
  return null;
}

let leaving = false;

/** One full page load to the server path, however many renders ask for it (a second would abort the first mid-flight). */
function leaveFor(path: string): void {
  if (leaving) return;
  leaving = true;
  forgetServerReturn();
  window.location.assign(path);
}

function forgetServerReturn(): void {
  try {
    window.sessionStorage.removeItem(KEY);
  } catch {
    // Nothing stored.
  }
}

/** Where sign-in returns to: the `returnTo` parameter (already checked by safeReturnTo), else a waiting server path. */
export function signInReturnTo(fromParam: string | null): string | null {
  rememberServerReturn(fromParam);
  return fromParam ?? pendingServerReturn();
}

/** After a sign-in step: the forced change first; then a server path by a full page load, an app path by the router. */
export function continueAfterSignIn(navigate: NavigateFunction, returnTo: string | null, passwordChangeRequired: boolean): void {
  if (passwordChangeRequired) return void navigate('/change-password', { replace: true });
  if (returnTo && isServerPath(returnTo)) return leaveFor(returnTo);
  void navigate(returnTo ?? '/account', { replace: true });
}

/** Shown while the browser loads a server path (a full page load, not the router). */
export function ServerRedirect({ to }: { to: string }) {
  const { t } = useTranslation();
  useEffect(() => leaveFor(to), [to]);
  return (
    <CenteredCard title={t('oauthReturn.returning')}>
      <Spinner label={t('oauthReturn.returning')} />
    </CenteredCard>
  );
}
