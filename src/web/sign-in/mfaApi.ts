import type { PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/browser';
import type { QueryClient } from '@tanstack/react-query';
import type { NavigateFunction } from 'react-router';
import { apiFetch, setCsrfToken } from '../shared/api';
import { fetchMe, meKey } from '../shared/session';
import { continueAfterSignIn } from './serverReturn';
import type { MfaDone } from '../../shared/users.js';

/** Runs a passkey ceremony in the browser with the server's options; the assertion goes back to the server as is. */
export async function assertPasskey(options: PublicKeyCredentialRequestOptionsJSON) {
  // Loaded when a passkey is used, not with the sign-in page (issue 13 item 1).
  const { startAuthentication } = await import('@simplewebauthn/browser');
  return startAuthentication({ optionsJSON: options });
}

/** `POST /auth/mfa` with a passkey: options bound to this session, the ceremony, then the assertion. */
export async function passkeySecondFactor(rememberDevice: boolean): Promise<MfaDone> {
  const options = await apiFetch<PublicKeyCredentialRequestOptionsJSON>('/auth/mfa/passkey-options', { method: 'POST' });
  const response = await assertPasskey(options);
  return apiFetch<MfaDone>('/auth/mfa', { method: 'POST', body: { method: 'passkey', response, rememberDevice } });
}

/** After sign-in is complete: the new CSRF token, /me again, then on to the forced change or where the user was going (a server path by a full page load). */
export async function finishSignIn(
  result: { csrfToken: string; passwordChangeRequired: boolean },
  queryClient: QueryClient,
  navigate: NavigateFunction,
  returnTo: string | null,
): Promise<void> {
  setCsrfToken(result.csrfToken);
  queryClient.setQueryData(meKey, await fetchMe());
  continueAfterSignIn(navigate, returnTo, result.passwordChangeRequired);
}
