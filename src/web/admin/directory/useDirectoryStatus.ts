import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { DirectoryStatus } from '../../../shared/directory.js';
import { ApiError, apiFetch } from '../../shared/api';

export const directoryStatusKey = ['directory', 'status'] as const;

/** How often the page asks while a sync runs (live refresh). */
const RUNNING_POLL_MS = 1500;

/** A status that says "no directory": the page then shows its explanation, not an error. */
const NOT_CONFIGURED: DirectoryStatus = {
  configured: false,
  kind: null,
  url: null,
  baseDn: null,
  syncIntervalMinutes: 0,
  directoryUsers: 0,
  lastSync: null,
  lastSuccessfulSync: null,
  running: false,
};

/**
 * `GET /directory/status`, asked again every 1.5 s while a sync runs. A 404 (directory.not_configured,
 * or a server without the directory routes) is "not configured", so no failing call shows.
 */
export function useDirectoryStatus() {
  return useQuery({
    queryKey: directoryStatusKey,
    queryFn: async ({ signal }) => {
      try {
        return await apiFetch<DirectoryStatus>('/directory/status', { signal });
      } catch (err) {
        if (err instanceof ApiError && err.status === 404) return NOT_CONFIGURED;
        throw err;
      }
    },
    staleTime: 0,
    refetchInterval: (query) => (query.state.data?.running ? RUNNING_POLL_MS : false),
  });
}

/**
 * Sync now: `POST /directory/sync {mode}` (202 {id}); the status is asked again at once, so the page
 * follows the run. Errors (409 directory.sync_running, 404 directory.not_configured, 503) go to the caller.
 */
export function useStartSync() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (mode: 'full' | 'incremental') => apiFetch<{ id: string }>('/directory/sync', { method: 'POST', body: { mode } }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: directoryStatusKey }),
  });
}
