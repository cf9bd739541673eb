import { startRegistration, type PublicKeyCredentialCreationOptionsJSON } from '@simplewebauthn/browser';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { apiFetch } from '../../../shared/api';

export interface Passkey {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
  backedUp: boolean;
}

export const passkeysKey = ['me', 'passkeys'] as const;

/** `GET /me/security-info/passkeys`. */
export function usePasskeys() {
  return useQuery({
    queryKey: passkeysKey,
    queryFn: ({ signal }) => apiFetch<{ passkeys: Passkey[] }>('/me/security-info/passkeys', { signal }),
    staleTime: 30_000,
  });
}

export function useRefreshPasskeys(): () => Promise<void> {
  const queryClient = useQueryClient();
  return async () => {
    await queryClient.invalidateQueries({ queryKey: passkeysKey });
    // The methods list and the reset policy's counts include passkeys.
    await queryClient.invalidateQueries({ queryKey: ['me', 'methods'] });
  };
}

/** The browser refused or gave up (cancelled, timed out, no authenticator): not a server problem. */
export class CeremonyCancelled extends Error {
  constructor(readonly unsupported = false) {
    super('cancelled');
    this.name = 'CeremonyCancelled';
  }
}

/** Registers a passkey: the server's options, the browser's ceremony, the server's verification. */
export async function registerPasskey(name: string): Promise<Passkey> {
  const optionsJSON = await apiFetch<PublicKeyCredentialCreationOptionsJSON>('/me/security-info/passkeys/options', { method: 'POST' });
  let response;
  try {
    response = await startRegistration({ optionsJSON });
  } catch (err) {
    throw new CeremonyCancelled(err instanceof Error && err.name === 'NotSupportedError');
  }
  return (await apiFetch<{ passkey: Passkey }>('/me/security-info/passkeys', { method: 'POST', body: { name, response } })).passkey;
}

export function removePasskey(id: string): Promise<void> {
  return apiFetch<void>(`/me/security-info/passkeys/${encodeURIComponent(id)}`, { method: 'DELETE' });
}
