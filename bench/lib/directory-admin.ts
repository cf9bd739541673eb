/**
 * What the directory benchmark asks of a running server as a Global Administrator, over HTTP as a
 * client would: sign in, run a directory sync to its end, run a bulk reset job to its end.
 */
import { performance } from 'node:perf_hooks';
import type { HttpClient } from './http-load.js';
import { sleep } from './stats.js';

export type Session = Record<string, string>;

/** Signs in; @returns the session's cookie and CSRF headers. @throws when refused. */
export async function signInSession(client: HttpClient, username: string, password: string): Promise<Session> {
  const ex = await client.post('/api/v1/auth/sign-in', JSON.stringify({ username, password }));
  if (ex.status !== 200) throw new Error(`sign-in of ${username}: ${ex.status} ${ex.body.slice(0, 300)}`);
  const cookie = (ex.headers?.['set-cookie'] ?? []).map((c) => c.split(';')[0]).join('; ');
  return { cookie, 'x-csrf-token': (JSON.parse(ex.body) as { csrfToken: string }).csrfToken };
}

interface SyncRun {
  status: string;
  counts: Record<string, number>;
  errors: { code: string; message: string | null }[];
}

/** POST /api/v1/directory/sync (full), then polls the status until the run has ended. @returns the run and its wall time. */
export async function syncToEnd(client: HttpClient, session: Session, maxMs: number): Promise<{ run: SyncRun; seconds: number }> {
  const t0 = performance.now();
  const started = await client.request('POST', '/api/v1/directory/sync', JSON.stringify({ mode: 'full' }), session);
  if (started.status !== 202) throw new Error(`directory sync: ${started.status} ${started.body.slice(0, 300)}`);
  while (performance.now() - t0 < maxMs) {
    await sleep(100);
    const ex = await client.request('GET', '/api/v1/directory/status', undefined, session);
    if (ex.status !== 200) throw new Error(`directory status: ${ex.status} ${ex.body.slice(0, 300)}`);
    const status = JSON.parse(ex.body) as { running: boolean; lastSync: SyncRun | null };
    if (!status.running && status.lastSync && status.lastSync.status !== 'running') return { run: status.lastSync, seconds: (performance.now() - t0) / 1000 };
  }
  throw new Error(`directory sync did not end within ${maxMs / 1000} s`);
}

export interface JobOutcome {
  completed: boolean;
  status: string;
  seconds: number;
  counts: { pending: number; reset: number; skipped: number; failed: number };
}

/** POST /api/v1/password-reset-jobs with one password for every user, then polls until the job completes (or `maxMs`). */
export async function bulkResetToEnd(client: HttpClient, session: Session, userPrincipalNames: string[], password: string, maxMs: number): Promise<JobOutcome> {
  const body = { userPrincipalNames, autoGenerate: false, password, forceChangePasswordNextSignIn: false };
  const t0 = performance.now();
  const created = await client.request('POST', '/api/v1/password-reset-jobs', JSON.stringify(body), session);
  if (created.status !== 202) throw new Error(`bulk reset: ${created.status} ${created.body.slice(0, 300)}`);
  const { id } = JSON.parse(created.body) as { id: string };
  let job = { status: 'running', counts: { pending: userPrincipalNames.length, reset: 0, skipped: 0, failed: 0 } };
  while (performance.now() - t0 < maxMs) {
    await sleep(50);
    const ex = await client.request('GET', `/api/v1/password-reset-jobs/${id}`, undefined, session);
    if (ex.status !== 200) throw new Error(`bulk reset status: ${ex.status} ${ex.body.slice(0, 300)}`);
    job = JSON.parse(ex.body) as typeof job;
    if (job.status === 'completed') break;
  }
  return { completed: job.status === 'completed', status: job.status, seconds: (performance.now() - t0) / 1000, counts: job.counts };
}
