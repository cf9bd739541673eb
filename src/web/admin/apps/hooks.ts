import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { AppCreatedJson, AppJson, GraphAppPermission } from '../../../shared/apps.js';
import type { RoleId } from '../../../shared/roles.js';
import { apiFetch } from '../../shared/api';

/*
 * The admin centre's calls to /api/v1/apps (issue 15). Sensitive calls (a secret, a certificate,
 * consent, a role) may answer 403 auth.step_up_required: apiFetch then opens "Verify your identity"
 * and sends them again, so the pages need nothing of their own for it.
 */

/** `GET /apps`: the apps, and the organisation's id (the tenant id in the token endpoint). */
export interface AppList {
  value: AppJson[];
  tenantId: string | null;
}

/** An app as `GET /apps/{id}` answers it (the tenant id when the server adds it). */
export type AppDetails = AppJson & { tenantId?: string };

export const appsKey = ['apps'] as const;
export const appKey = (id: string) => ['apps', id] as const;

/** Reads the list from `{ value }`, `{ items }` or a bare array. */
function toList(body: unknown): AppList {
  const record = (body ?? {}) as { value?: AppJson[]; items?: AppJson[]; tenantId?: string };
  const value = Array.isArray(body) ? (body as AppJson[]) : (record.value ?? record.items ?? []);
  return { value, tenantId: record.tenantId ?? null };
}

export function useApps() {
  return useQuery({ queryKey: appsKey, queryFn: async ({ signal }) => toList(await apiFetch<unknown>('/apps', { signal })), staleTime: 0 });
}

export function useApp(id: string) {
  return useQuery({ queryKey: appKey(id), queryFn: ({ signal }) => apiFetch<AppDetails>(`/apps/${encodeURIComponent(id)}`, { signal }), staleTime: 0 });
}

/**
 * The organisation's id from the OpenID Connect discovery document Microsoft's libraries read
 * (`/organizations/v2.0/.well-known/openid-configuration`): its issuer is `<origin>/<tenantId>/v2.0`
 * whatever alias was asked. @returns null when the server has no OAuth endpoints
 */
async function discoveredTenantId(signal?: AbortSignal): Promise<string | null> {
  const res = await fetch('/organizations/v2.0/.well-known/openid-configuration', { headers: { Accept: 'application/json' }, signal, credentials: 'omit' });
  if (!res.ok) return null;
  const issuer = ((await res.json()) as { issuer?: unknown }).issuer;
  return typeof issuer === 'string' ? (/\/([^/]+)\/v2\.0$/.exec(issuer)?.[1] ?? null) : null;
}

/** The tenant id: from the app or the list when the server puts it there, else from the discovery document. */
export function useTenantId(app: AppDetails | undefined): string | null {
  const list = useApps();
  const known = app?.tenantId ?? list.data?.tenantId ?? null;
  const discovered = useQuery({
    queryKey: ['oauth', 'tenant-id'],
    queryFn: ({ signal }) => discoveredTenantId(signal),
    enabled: !known && list.isSuccess,
    staleTime: Infinity,
    retry: false,
  });
  return known ?? discovered.data ?? null;
}

export interface NewApp {
  displayName: string;
  permissions: GraphAppPermission[];
  directoryRole: RoleId | null;
  publicClient: boolean;
  redirectUris: string[];
}

/** `POST /apps`: 201 with the client id, tenant id and (for a confidential client) the secret, shown once. */
export function useCreateApp() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (app: NewApp) => apiFetch<AppCreatedJson>('/apps', { method: 'POST', body: app }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: appsKey }),
  });
}

export type AppChange = Partial<Pick<AppJson, 'displayName' | 'permissions' | 'directoryRole' | 'publicClient' | 'redirectUris'>>;

/**
 * The calls of one app's page. Each answer refreshes the app and the list; a change to the
 * permission set clears consent on the server (docs/apps.md), which the refreshed app shows.
 */
export function useAppActions(id: string) {
  const queryClient = useQueryClient();
  const path = `/apps/${encodeURIComponent(id)}`;
  return {
    update: useRefreshing((change: AppChange) => apiFetch<AppJson>(path, { method: 'PATCH', body: change })),
    addSecret: useRefreshing((body: { displayName: string; expiresInDays: number }) => apiFetch<AppCreatedJson>(`${path}/secrets`, { method: 'POST', body })),
    removeSecret: useRefreshing((secretId: string) => apiFetch<void>(`${path}/secrets/${encodeURIComponent(secretId)}`, { method: 'DELETE' })),
    addCertificate: useRefreshing((body: { displayName: string; certificate: string }) => apiFetch<unknown>(`${path}/certificates`, { method: 'POST', body })),
    removeCertificate: useRefreshing((certificateId: string) =>
      apiFetch<void>(`${path}/certificates/${encodeURIComponent(certificateId)}`, { method: 'DELETE' }),
    ),
    grantConsent: useRefreshing(() => apiFetch<unknown>(`${path}/consent`, { method: 'POST' })),
    revokeConsent: useRefreshing(() => apiFetch<unknown>(`${path}/consent`, { method: 'DELETE' })),
    remove: useMutation({
      mutationFn: () => apiFetch<void>(path, { method: 'DELETE' }),
      onSuccess: () => {
        queryClient.removeQueries({ queryKey: appKey(id) });
        void queryClient.invalidateQueries({ queryKey: appsKey, exact: true });
      },
    }),
  };
}

/** A call whose success reads the apps (and so the open app) again. */
function useRefreshing<V, R>(fn: (vars: V) => Promise<R>) {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => queryClient.invalidateQueries({ queryKey: appsKey }) });
}

/** Days until a date (negative once past). */
export function daysUntil(iso: string, now = Date.now()): number {
  return Math.floor((Date.parse(iso) - now) / 86_400_000);
}

/** Entra's "expiring soon": within 30 days. */
export const EXPIRING_SOON_DAYS = 30;

/** The credentials' state for the list: any expired, any expiring soon, current, or none. */
export function credentialState(app: Pick<AppJson, 'secrets' | 'certificates'>, now = Date.now()): 'expired' | 'expiringSoon' | 'current' | 'none' {
  const all = [...app.secrets, ...app.certificates];
  if (!all.length) return 'none';
  if (all.some((c) => c.expired || daysUntil(c.endDateTime, now) < 0)) return 'expired';
  if (all.some((c) => daysUntil(c.endDateTime, now) <= EXPIRING_SOON_DAYS)) return 'expiringSoon';
  return 'current';
}
