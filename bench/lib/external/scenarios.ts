/** The load child's scenarios: what each prepares before the warm-up and how it makes its i-th request. */
import { randomBytes } from 'node:crypto';
import { systemClock } from '../../../src/server/core/clock.js';
import { createCaptcha } from '../../../src/server/features/recovery/captcha.js';
import { solveCaptcha } from '../../../src/server/testing/recovery.js';
import type { Exchange, HttpClient } from '../http-load.js';
import type { CaptchaSpec, ScenarioSpec, SessionSpec } from './protocol.js';

/** The i-th request on `client`, or null when the prepared material has run out. */
export type Requester = (i: number, client: HttpClient) => Promise<Exchange> | null;

export interface Prepared {
  next: Requester;
  okStatus: number;
  note: string;
}

type Headers = Record<string, string>;

/** Current passwords of the accounts the change-password load changed (kept across runs). */
const passwords = new Map<string, string>();
/** Names that must not be used again: a change whose answer never came may or may not have landed. */
const lost = new Set<string>();
let runNumber = 0;
/** Code sends per name over the child's life: an account locks after 10 sends in 10 minutes. */
const sendsByName = new Map<string, number>();
let eligibleCursor = 0;

/** Signs in; @returns the session's cookie and CSRF headers, or an error message. */
export async function signIn(client: HttpClient, username: string, password: string): Promise<Headers | string> {
  const ex = await client.post('/api/v1/auth/sign-in', JSON.stringify({ username, password }));
  if (ex.status !== 200) return `sign-in ${username}: ${ex.status} ${ex.error ?? ex.body.slice(0, 200)}`;
  const cookie = (ex.headers?.['set-cookie'] ?? []).map((c) => c.split(';')[0]).join('; ');
  return { cookie, 'x-csrf-token': (JSON.parse(ex.body) as { csrfToken: string }).csrfToken };
}

/** Runs `task(k)` for k < count with `parallel` in flight, stopping at the deadline. @returns how many ran. */
async function pool(count: number, parallel: number, deadline: number, task: (k: number) => Promise<void>): Promise<number> {
  let k = 0;
  const worker = async () => {
    while (k < count && performance.now() < deadline) await task(k++);
  };
  await Promise.all(Array.from({ length: Math.min(parallel, count) }, worker));
  return Math.min(k, count);
}

async function sessions(clients: HttpClient[], spec: SessionSpec, deadline: number): Promise<Headers[]> {
  const out: Headers[] = [];
  await pool(spec.count, 4, deadline, async (k) => {
    const s = await signIn(clients[k % clients.length]!, spec.usernames[k % spec.usernames.length]!, spec.password);
    if (typeof s === 'string') throw new Error(s);
    out.push(s);
  });
  if (out.length === 0) throw new Error('no session could be made before the deadline');
  return out;
}

async function solveCaptchas(spec: CaptchaSpec, count: number, deadline: number): Promise<string[]> {
  const captcha = createCaptcha({ secret: spec.secret, clock: systemClock, maxNumber: spec.maxNumber });
  const out: string[] = [];
  // Challenges are signed with WebCrypto (asynchronous): 32 at a time.
  while (out.length < count && performance.now() < deadline) {
    const batch = await Promise.all(Array.from({ length: Math.min(32, count - out.length) }, () => captcha.challenge()));
    for (const c of batch) out.push(solveCaptcha(c));
  }
  return out;
}

const unknownName = (run: number, i: number) => `nobody.x${process.pid}r${run}n${i}@contoso.example`;

/**
 * Prepares a scenario against `clients` (one per server) before the warm-up, within `deadline`
 * (a `performance.now()` value); `expected` is how many requests the warm-up and window could take.
 */
export async function prepare(scenario: ScenarioSpec, clients: HttpClient[], windowMs: number, deadline: number): Promise<Prepared> {
  const run = ++runNumber;
  switch (scenario.kind) {
    case 'get': {
      const heads = scenario.sessions ? await sessions(clients, scenario.sessions, deadline) : [{}];
      return {
        next: (i, client) => client.request('GET', scenario.path, undefined, heads[i % heads.length]),
        okStatus: scenario.okStatus ?? 200,
        note: scenario.sessions ? `${heads.length} sessions` : '',
      };
    }
    case 'sign-in': {
      const { usernames, password } = scenario;
      return {
        next: (_i, client) =>
          client.post('/api/v1/auth/sign-in', JSON.stringify({ username: usernames[Math.floor(Math.random() * usernames.length)], password })),
        okStatus: 200,
        note: `${usernames.length} users`,
      };
    }
    case 'change-password': {
      const accounts = scenario.usernames.filter((u) => !lost.has(u));
      const want = Math.min(accounts.length, Math.ceil((scenario.sessionsPerSecond * windowMs) / 1000));
      const ready: { username: string; headers: Headers }[] = [];
      let refused = 0;
      await pool(want, 4, deadline, async (k) => {
        const username = accounts[(run * 7919 + k) % accounts.length]!;
        if (ready.some((r) => r.username === username)) return;
        const s = await signIn(clients[k % clients.length]!, username, passwords.get(username) ?? scenario.password);
        if (typeof s === 'string') refused++;
        else ready.push({ username, headers: s });
      });
      if (ready.length === 0) throw new Error(`change-password: no account could sign in (${refused} refused)`);
      let taken = 0;
      return {
        next: (_i, client) => {
          const account = ready[taken++];
          if (!account) return null;
          const current = passwords.get(account.username) ?? scenario.password;
          const newPassword = `Bench-${randomBytes(9).toString('base64url')}-Kiwi*83`;
          return client.request('POST', '/api/v1/me/change-password', JSON.stringify({ currentPassword: current, newPassword }), account.headers).then((ex) => {
            if (ex.status === 204) passwords.set(account.username, newPassword);
            else if (ex.status === 0) lost.add(account.username);
            return ex;
          });
        },
        okStatus: 204,
        note: `${ready.length} sessions signed in before the warm-up${refused ? `, ${refused} refused` : ''}`,
      };
    }
    case 'recovery-start': {
      const captchas = await solveCaptchas(scenario.captcha, Math.ceil((scenario.solveForRps * windowMs) / 1000), deadline);
      const { names } = scenario;
      return {
        next: (i, client) => {
          const captcha = captchas[i];
          if (captcha === undefined) return null;
          const username = i % 2 === 0 ? unknownName(run, i) : names[Math.floor(Math.random() * names.length)]!;
          return client.post('/api/v1/recovery/flows', JSON.stringify({ username, captcha }));
        },
        okStatus: 201,
        note: `${captchas.length} CAPTCHAs solved; half unknown names, half of ${names.length} eligible accounts`,
      };
    }
    case 'recovery-send': {
      const captchas = await solveCaptchas(scenario.captcha, scenario.flows, deadline);
      const flows: { id: string; body: string; username: string }[] = [];
      const budget = scenario.maxSendsPerName;
      const nextEligible = () => {
        for (let tries = 0; tries < scenario.names.length; tries++) {
          const name = scenario.names[eligibleCursor++ % scenario.names.length]!;
          if ((sendsByName.get(name) ?? 0) === 0) return name;
        }
        return undefined;
      };
      let failed = 0;
      await pool(captchas.length, 16, deadline, async (k) => {
        const username = (k % 2 === 0 ? undefined : nextEligible()) ?? unknownName(run, k);
        const ex = await clients[k % clients.length]!.post('/api/v1/recovery/flows', JSON.stringify({ username, captcha: captchas[k] }));
        if (ex.status !== 201) return void failed++;
        const view = JSON.parse(ex.body) as { id: string; methods: { method: string }[] };
        const methods = view.methods.map((m) => m.method);
        const method = methods.includes('email') ? 'email' : methods.find((m) => m === 'mobilePhone' || m === 'officePhone');
        if (method) flows.push({ id: view.id, body: JSON.stringify({ method }), username });
      });
      if (flows.length === 0) throw new Error(`recovery-send: no flow could be started (${failed} failed)`);
      let turn = 0;
      return {
        next: (_i, client) => {
          for (let tries = 0; tries < flows.length; tries++) {
            const flow = flows[turn++ % flows.length]!;
            const sends = sendsByName.get(flow.username) ?? 0;
            if (sends >= budget) continue;
            sendsByName.set(flow.username, sends + 1);
            return client.post(`/api/v1/recovery/flows/${flow.id}/send`, flow.body);
          }
          return null;
        },
        okStatus: 200,
        note: `${flows.length} flows started before the warm-up (half unknown names), at most ${budget} sends per name in the whole run${failed ? `; ${failed} starts failed` : ''}`,
      };
    }
  }
}
