import type { GeneratedPassword, PasswordResetJob, PasswordResetJobItem, ResetOptions } from '../../../shared/admin-reset.js';
import { apiFetch } from '../../shared/api';

const POLL_MS = 1000;

/**
 * A job paused because its directory can't be reached (issue 14): its status stays `running` and
 * `pausedUntil` is set until the job resumes on its own, so the panel keeps following it.
 */
export function isPaused(job: PasswordResetJob | null): boolean {
  const paused = job as unknown as { status: string; pausedUntil?: string | null } | null;
  return !!paused && (paused.status === 'paused' || !!paused.pausedUntil);
}

/** Waits `ms`, or rejects with an AbortError when the signal fires. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = window.setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        window.clearTimeout(timer);
        reject(new DOMException('Aborted', 'AbortError'));
      },
      { once: true },
    );
  });
}

/** A finished bulk reset, with the generated passwords (asked once) or why they could not be had. */
export interface BulkResetOutcome {
  job: PasswordResetJob;
  items: PasswordResetJobItem[];
  passwords: GeneratedPassword[];
  passwordsError: unknown;
}

/**
 * Starts a bulk reset job and follows it to the end: `onProgress` gets null once it is created,
 * then each state polled. Throws the API's errors (and an AbortError when `signal` fires).
 */
export async function runBulkReset(
  userIds: string[],
  options: ResetOptions,
  signal: AbortSignal,
  onProgress: (job: PasswordResetJob | null) => void,
): Promise<BulkResetOutcome> {
  const created = await apiFetch<{ id: string; total: number }>('/password-reset-jobs', { method: 'POST', body: { userIds, ...options }, signal });
  onProgress(null);
  let job: PasswordResetJob;
  for (;;) {
    job = await apiFetch<PasswordResetJob>(`/password-reset-jobs/${created.id}`, { signal });
    onProgress(job);
    if (job.status !== 'running' && !isPaused(job)) break;
    await sleep(POLL_MS, signal);
  }
  const items: PasswordResetJobItem[] = [];
  let after: number | null = -1;
  while (after !== null) {
    const page: { items: PasswordResetJobItem[]; nextAfter: number | null } = await apiFetch(`/password-reset-jobs/${job.id}/items`, {
      query: { after, limit: 200 },
      signal,
    });
    items.push(...page.items);
    after = page.nextAfter;
  }
  // The server erases the passwords as it returns them: asked once, kept in the panel only.
  let passwords: GeneratedPassword[] = [];
  let passwordsError: unknown = null;
  if (job.autoGenerate && items.some((i) => i.passwordAvailable)) {
    try {
      passwords = (await apiFetch<{ items: GeneratedPassword[] }>(`/password-reset-jobs/${job.id}/passwords`, { method: 'POST', signal })).items;
    } catch (err) {
      if (signal.aborted) throw err;
      passwordsError = err;
    }
  }
  return { job, items, passwords, passwordsError };
}
