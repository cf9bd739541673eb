import { randomBytes } from 'node:crypto';
import { solveCaptcha } from '../../src/server/testing/recovery.js';
import type { Exchange, HttpClient } from './http-load.js';
import { codeMethodOf } from './recovery.js';
import type { SoakServerReady } from './soak-server.js';

/** One HTTP exchange of the soak, as the report needs it. */
export interface SoakExchange {
  /** ms since the measured run started, at completion. */
  at: number;
  step: string;
  status: number;
  latencyMs: number;
  outcome: 'ok' | 'limited' | 'error';
  body?: string;
}

/** The share of operations of each kind (they sum to 1); each operation is one to three exchanges. */
export const SOAK_MIX = { signIn: 0.35, change: 0.1, resetPortal: 0.25, adminRead: 0.3 } as const;
/** No seeded account is sent more reset codes than this in the whole run (the portal locks at 10 per 10 minutes). */
const MAX_SENDS_PER_ACCOUNT = 8;

const ADMIN_READS = [
  '/api/v1/users?limit=50',
  '/api/v1/users?limit=50&search=user0',
  '/api/v1/users?limit=50&search=bench',
  '/api/v1/reports/password-reset/activity',
  '/api/v1/reports/password-reset/registration',
  '/api/v1/sign-in-logs',
  '/api/v1/audit-logs',
];

/**
 * The operations of the soak against one server: sign-in (half of the out-of-scope accounts),
 * change my password (sign in, then change; the other half, one operation per account at a time,
 * each new password fresh), the reset portal (CAPTCHA, start, send: seeded eligible accounts in
 * turn, never more than {@link MAX_SENDS_PER_ACCOUNT} sends each, and unknown names) and admin
 * reads (user list and search, reports, logs) on a few Global Administrator sessions.
 */
export function createSoakMix(client: HttpClient, ready: SoakServerReady, record: (e: Omit<SoakExchange, 'at'>) => void) {
  const half = Math.floor(ready.names.outOfScope.length / 2);
  const signInUsers = ready.names.outOfScope.slice(0, half);
  const changeUsers = ready.names.outOfScope.slice(half).map((upn) => ({ upn, password: ready.password }));
  const sendsTo = new Map<string, number>();
  let eligibleTurn = 0;
  let unknownTurn = 0;
  let adminTurn = 0;
  const adminSessions: Record<string, string>[] = [];

  const note = (step: string, ex: Exchange, expected: number): boolean => {
    const outcome = ex.status === expected ? 'ok' : ex.status === 429 ? 'limited' : 'error';
    record({ step, status: ex.status, latencyMs: ex.latencyMs, outcome, ...(outcome === 'error' ? { body: ex.error ?? ex.body.slice(0, 300) } : {}) });
    return outcome === 'ok';
  };

  /** Signs in; @returns the session's cookie and CSRF headers, or undefined when refused. */
  async function signIn(step: string, username: string, password: string): Promise<Record<string, string> | undefined> {
    const ex = await client.post('/api/v1/auth/sign-in', JSON.stringify({ username, password }));
    if (!note(step, ex, 200)) return undefined;
    const setCookie = ex.headers?.['set-cookie'] ?? [];
    const cookie = setCookie.map((c) => c.split(';')[0]).join('; ');
    return { cookie, 'x-csrf-token': (JSON.parse(ex.body) as { csrfToken: string }).csrfToken };
  }

  async function change(): Promise<void> {
    const account = changeUsers.shift();
    if (!account) return void (await signIn('sign-in', signInUsers[Math.floor(Math.random() * signInUsers.length)]!, ready.password));
    let known = true;
    try {
      const session = await signIn('change: sign-in', account.upn, account.password);
      if (!session) return;
      const newPassword = `Soak-${randomBytes(9).toString('base64url')}-Kiwi*83`;
      const ex = await client.request('POST', '/api/v1/me/change-password', JSON.stringify({ currentPassword: account.password, newPassword }), session);
      if (note('change', ex, 204)) account.password = newPassword;
      // No answer: the change may or may not have landed, so the account leaves the pool.
      else if (ex.status === 0) known = false;
    } finally {
      if (known) changeUsers.push(account);
    }
  }

  async function resetPortal(): Promise<void> {
    let username: string | undefined;
    for (let tries = 0; tries < 4 && !username; tries++) {
      const candidate = ready.names.eligible[eligibleTurn++ % ready.names.eligible.length]!;
      if ((sendsTo.get(candidate) ?? 0) < MAX_SENDS_PER_ACCOUNT) username = candidate;
    }
    // Every other start is for a name no account has (a decoy flow), each name new.
    if (!username || unknownTurn % 2 === 0) username = `nobody.soak${unknownTurn}@contoso.example`;
    unknownTurn++;
    const challenge = await client.get('/api/v1/recovery/captcha');
    if (!note('reset: captcha', challenge, 200)) return;
    const captcha = solveCaptcha(JSON.parse(challenge.body) as Parameters<typeof solveCaptcha>[0]);
    const start = await client.post('/api/v1/recovery/flows', JSON.stringify({ username, captcha }));
    if (!note('reset: start', start, 201)) return;
    const view = JSON.parse(start.body) as { id: string; methods: { method: string }[] };
    const method = codeMethodOf(view);
    if (!method) return;
    sendsTo.set(username, (sendsTo.get(username) ?? 0) + 1);
    note('reset: send', await client.post(`/api/v1/recovery/flows/${view.id}/send`, JSON.stringify({ method })), 200);
  }

  async function adminRead(): Promise<void> {
    const session = adminSessions[adminTurn % adminSessions.length]!;
    const path = ADMIN_READS[adminTurn++ % ADMIN_READS.length]!;
    note(`admin: ${path.split('?')[0]!.replace('/api/v1/', '')}`, await client.request('GET', path, undefined, session), 200);
  }

  return {
    /** Signs the administrator in `count` times (before the measured run). */
    async prepare(count: number): Promise<void> {
      for (let i = 0; i < count; i++) {
        const session = await signIn('admin: sign-in', ready.admin, ready.password);
        if (!session) throw new Error('the soak administrator cannot sign in');
        adminSessions.push(session);
      }
    },
    /** One operation, drawn by {@link SOAK_MIX}. */
    async next(): Promise<void> {
      const r = Math.random();
      if (r < SOAK_MIX.signIn) await signIn('sign-in', signInUsers[Math.floor(Math.random() * signInUsers.length)]!, ready.password);
      else if (r < SOAK_MIX.signIn + SOAK_MIX.change) await change();
      else if (r < SOAK_MIX.signIn + SOAK_MIX.change + SOAK_MIX.resetPortal) await resetPortal();
      else await adminRead();
    },
  };
}
