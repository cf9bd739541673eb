import { useQuery, useQueryClient } from '@tanstack/react-query';
import { apiFetch } from '../../shared/api';
import { hasPermission, useMe } from '../../shared/session';
import { PERMISSIONS } from '../../../shared/roles.js';
import type { Role } from '../../../shared/users.js';

/** `GET /roles`, for the role pickers. */
export function useRoles(enabled = true) {
  return useQuery({
    queryKey: ['roles'],
    queryFn: ({ signal }) => apiFetch<{ items: Role[] }>('/roles', { signal }).then((r) => r.items),
    staleTime: 5 * 60_000,
    enabled,
  });
}

interface OpenApiDocument {
  paths?: Record<string, unknown>;
  components?: { schemas?: Record<string, { properties?: Record<string, unknown> }> };
}

/** What the server's API offers beyond the basics, read once from its OpenAPI document. */
export interface ServerFeatures {
  /** `sendLink` in the single reset body: mail the user a link to set their own password. */
  sendLink: boolean;
  /** The public `/password-links/*` endpoints behind `/set-password`. */
  passwordLinks: boolean;
}

export async function fetchServerFeatures(signal?: AbortSignal): Promise<ServerFeatures> {
  const res = await fetch('/api/openapi.json', { headers: { Accept: 'application/json' }, signal, credentials: 'same-origin' });
  if (!res.ok) return { sendLink: false, passwordLinks: false };
  const doc = (await res.json()) as OpenApiDocument;
  const schemas = doc.components?.schemas ?? {};
  const resetBody = Object.entries(schemas).find(([name]) => name.startsWith('ResetPasswordOptions'))?.[1];
  return {
    sendLink: !!resetBody?.properties && 'sendLink' in resetBody.properties,
    passwordLinks: !!doc.paths && '/api/v1/password-links/redeem' in doc.paths,
  };
}

export function useServerFeatures() {
  return useQuery({ queryKey: ['server-features'], queryFn: ({ signal }) => fetchServerFeatures(signal), staleTime: Infinity, retry: false });
}

/** The organisation's domain: the only one there is, so the signed-in user's. */
export function useOrgDomain(): string {
  const { data: me } = useMe();
  const upn = me?.user.userPrincipalName ?? '';
  return upn.includes('@') ? upn.slice(upn.lastIndexOf('@') + 1) : '';
}

/** The signed-in admin's user-management permissions. */
export function useAdminPermissions() {
  const { data: me } = useMe();
  return {
    me,
    canManage: hasPermission(me, PERMISSIONS.usersManage),
    canReset: hasPermission(me, PERMISSIONS.resetPassword),
    canRevoke: hasPermission(me, PERMISSIONS.sessionsRevoke),
    canManageRoles: hasPermission(me, PERMISSIONS.rolesManage),
  };
}

/** After a change to users: the list and any open user are read again. */
export function useRefreshUsers(): () => Promise<void> {
  const queryClient = useQueryClient();
  return async () => {
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: ['users'] }),
      queryClient.invalidateQueries({ queryKey: ['user'] }),
      queryClient.invalidateQueries({ queryKey: ['roles'] }),
    ]);
  };
}
