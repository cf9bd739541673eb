import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { newId } from '../../src/server/core/crypto.js';
import { defaultSsprSettings, SSPR_SETTINGS_KEY } from '../../src/server/features/recovery/settings.js';
import { defaultLockoutSettings } from '../../src/server/features/lockout/settings.js';
import { assertPostgresInCi } from '../../src/server/testing/databases.js';
import type { LatchkeyNode } from '../support/nodes.js';
import { call, PASSWORD, roundRobin, seedUsers, skipWithoutPostgres, solvedCaptcha, startCluster, type Cluster } from './cluster.js';

// Issue 16, "Scale-out proof": smart lockout, the reset portal's throttles and the rate limits hold
// across three nodes on one PostgreSQL. For each, an attacker spreading attempts over the three
// nodes gets exactly what one node alone would give: the state lives in the database (checklist L7,
// R6, R11, ASVS 2.4.1), never in a node's memory. Every request comes from its own address unless
// the limit under test is per address: the nodes trust 127.0.0.1 as their load balancer and read
// X-Forwarded-For, as behind a real one.
assertPostgresInCi();
const THRESHOLD = defaultLockoutSettings.lockoutThreshold;
const SIGN_IN_PER_IP = 12;
const FLOWS_PER_IP = 6;
/** The portal's default per-account message limit (checklist R11): 3 per 15 minutes. */
const MESSAGES_PER_ACCOUNT = 3;
const env = {
  LATCHKEY_TRUSTED_PROXIES: '127.0.0.1',
  LATCHKEY_RATE_LIMIT_SIGN_IN_PER_IP: String(SIGN_IN_PER_IP),
  LATCHKEY_RATE_LIMIT_RECOVERY_PER_IP: String(FLOWS_PER_IP),
  LATCHKEY_RATE_LIMIT_RECOVERY_MESSAGES_PER_ACCOUNT: String(MESSAGES_PER_ACCOUNT),
  LATCHKEY_RECOVERY_CAPTCHA_MAX_NUMBER: '10',
};

let cluster: Cluster | undefined;
let nodes: LatchkeyNode[] = [];
const ids = new Map<string, string>();
after(() => cluster?.stop());

/** A fresh client address per call: 10.x.y.z. */
let addresses = 0;
const nextIp = () => {
  const n = ++addresses;
  return `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
};

/** The sign-in log of a user by reason, as the nodes wrote it (each row one attempt; these reasons are never aggregated). */
async function reasonsOf(upn: string): Promise<Record<string, number>> {
  const rows = await cluster!.runtime.db.db.selectFrom('sign_in_event').select('reason').where('user_id', '=', ids.get(upn)!).execute();
  const out: Record<string, number> = {};
  for (const r of rows) out[r.reason] = (out[r.reason] ?? 0) + 1;
  return out;
}

const signIn = (node: LatchkeyNode, username: string, password: string, ip = nextIp()) =>
  call(node, 'POST', '/api/v1/auth/sign-in', { body: { username, password }, ip });

/** Wrong passwords (all different: a repeat of a recent one is not counted) sent one after another to `pick(i)`. */
async function sequentialWrong(username: string, count: number, pick: (i: number) => LatchkeyNode): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < count; i++) statuses.push((await signIn(pick(i), username, `Wrong-Guess-${i}-${username}`)).status);
  return statuses;
}

describe('three nodes on one PostgreSQL: limits hold across nodes', { skip: skipWithoutPostgres, timeout: 900_000 }, () => {
  before(async () => {
    cluster = await startCluster(3, env, async (runtime) => {
      const names = ['single', 'spread', 'exact', 'burst', 'rec-single', 'rec-spread'];
      const seeded = await seedUsers(runtime, 'limit-', names.length);
      names.forEach((n, i) => ids.set(`limit-${i}@contoso.example`, seeded[i]!));
      const now = runtime.clock.now();
      for (const [upn, id] of ids)
        await runtime.repos.securityInfo.putMethod({ id: newId(), userId: id, kind: 'email', value: upn.replace('@contoso.example', '@private.example') }, now);
      await runtime.repos.settings.put(
        SSPR_SETTINGS_KEY,
        {
          ...defaultSsprSettings,
          enabledFor: 'all',
          requireRegistration: false,
          methods: { email: true, mobilePhone: false, officePhone: false, authenticatorApp: false, securityQuestions: false, passkey: false },
        },
        null,
        now,
      );
    });
    nodes = cluster.nodes;
  });

  test('smart lockout: wrong passwords spread over three nodes lock the account after the same number as on one node (L7)', async () => {
    const [single, spread] = ['limit-0@contoso.example', 'limit-1@contoso.example'];
    const singleStatuses = await sequentialWrong(single, THRESHOLD + 3, () => nodes[0]!);
    const spreadStatuses = await sequentialWrong(spread, THRESHOLD + 3, (i) => roundRobin(nodes, i));
    // The attacker sees the same answer either way (no account state revealed)…
    assert.deepEqual(singleStatuses, Array<number>(THRESHOLD + 3).fill(401));
    assert.deepEqual(spreadStatuses, singleStatuses);
    // …and the right password is refused on every node once locked.
    for (const node of nodes) assert.equal((await signIn(node, spread, PASSWORD)).status, 401, `node ${node.index} refuses a locked account`);
    // Passwords actually compared: the threshold, on one node and on three alike; then only "locked".
    const one = await reasonsOf(single);
    const three = await reasonsOf(spread);
    assert.equal(one.wrong_password, THRESHOLD);
    assert.equal(three.wrong_password, THRESHOLD, `spread over three nodes: ${JSON.stringify(three)}`);
    assert.equal(three.locked, 3 + nodes.length);
  });

  test('smart lockout: threshold − 1 wrong passwords over three nodes still let the owner in (the count is exact, not padded)', async () => {
    const upn = 'limit-2@contoso.example';
    await sequentialWrong(upn, THRESHOLD - 1, (i) => roundRobin(nodes, i));
    assert.equal((await signIn(roundRobin(nodes, THRESHOLD - 1), upn, PASSWORD)).status, 200);
  });

  test('smart lockout: a concurrent burst over three nodes compares at most the threshold (claims are shared, L7)', async () => {
    const upn = 'limit-3@contoso.example';
    const burst = 8 * nodes.length;
    const answers = await Promise.all(Array.from({ length: burst }, (_, i) => signIn(roundRobin(nodes, i), upn, `Burst-Guess-${i}`)));
    assert.deepEqual(
      answers.map((a) => a.status),
      Array<number>(burst).fill(401),
    );
    const reasons = await reasonsOf(upn);
    assert.ok((reasons.wrong_password ?? 0) <= THRESHOLD, `compared ${reasons.wrong_password} of ${burst}: ${JSON.stringify(reasons)}`);
    assert.equal((reasons.wrong_password ?? 0) + (reasons.locked ?? 0), burst);
    assert.equal((await signIn(nodes[1]!, upn, PASSWORD)).status, 401, 'locked for the right password too');
  });

  /** `total` requests from ONE address, all at once, to `pick(i)`; @returns how many got through and how long the burst took. */
  async function burstFromOneIp(
    total: number,
    pick: (i: number) => LatchkeyNode,
    send: (node: LatchkeyNode, i: number, ip: string) => Promise<{ status: number }>,
  ) {
    const ip = nextIp();
    const started = Date.now();
    const statuses = await Promise.all(Array.from({ length: total }, (_, i) => send(pick(i), i, ip).then((a) => a.status)));
    return { passed: statuses.filter((s) => s !== 429).length, limited: statuses.filter((s) => s === 429).length, ms: Date.now() - started, statuses };
  }

  test('per-address sign-in limit: the same number gets through from one address over three nodes as over one', async () => {
    // Unknown names, each once: only the address's bucket can refuse.
    const send = (node: LatchkeyNode, i: number, ip: string) => signIn(node, `nobody-${ip}-${i}@contoso.example`, 'Whatever-Password-1', ip);
    const one = await burstFromOneIp(3 * SIGN_IN_PER_IP, () => nodes[0]!, send);
    const three = await burstFromOneIp(3 * SIGN_IN_PER_IP, (i) => roundRobin(nodes, i), send);
    // A token bucket: the burst, plus one token per 60/limit seconds the burst lasted.
    const refill = (ms: number) => Math.floor(ms / (60_000 / SIGN_IN_PER_IP));
    for (const [name, r] of [
      ['one node', one],
      ['three nodes', three],
    ] as const) {
      assert.ok(r.passed >= SIGN_IN_PER_IP && r.passed <= SIGN_IN_PER_IP + refill(r.ms), `${name}: ${r.passed} through in ${r.ms} ms`);
      assert.equal(r.passed + r.limited, 3 * SIGN_IN_PER_IP, `${name}: only 401 or 429 (${r.statuses.join(' ')})`);
    }
  });

  test('reset portal: flows started per address are counted across nodes exactly as on one', async () => {
    const send = async (node: LatchkeyNode, i: number, ip: string) =>
      call(node, 'POST', '/api/v1/recovery/flows', { body: { username: `ghost-${ip}-${i}@contoso.example`, captcha: await solvedCaptcha(node) }, ip });
    const one = await burstFromOneIp(3 * FLOWS_PER_IP, () => nodes[0]!, send);
    const three = await burstFromOneIp(3 * FLOWS_PER_IP, (i) => roundRobin(nodes, i), send);
    // 6 per 10 minutes: one token per 100 s, so none refills during a burst unless the machine is very slow.
    for (const r of [one, three]) {
      assert.ok(r.passed >= FLOWS_PER_IP && r.passed <= FLOWS_PER_IP + Math.floor(r.ms / 100_000), `${r.passed} in ${r.ms} ms: ${r.statuses.join(' ')}`);
    }
    assert.ok(three.statuses.every((s) => s === 201 || s === 429));
  });

  test('reset portal: a solved CAPTCHA sent to all three nodes at once starts one flow (single use is shared)', async () => {
    const captcha = await solvedCaptcha(nodes[0]!);
    const answers = await Promise.all(
      nodes.map((node) => call(node, 'POST', '/api/v1/recovery/flows', { body: { username: 'captcha-ghost@contoso.example', captcha }, ip: nextIp() })),
    );
    assert.deepEqual(answers.map((a) => a.status).sort(), [201, 400, 400]);
    assert.deepEqual(
      answers.filter((a) => a.status === 400).map((a) => a.body.code),
      ['recovery.captcha_invalid', 'recovery.captcha_invalid'],
    );
  });

  /** Starts `count` flows for `upn` and asks each for a code at once, flow i started on start(i) and sent through send(i). */
  async function codeRequests(upn: string, count: number, start: (i: number) => LatchkeyNode, send: (i: number) => LatchkeyNode) {
    const flows: string[] = [];
    for (let i = 0; i < count; i++) {
      const node = start(i);
      const res = await call(node, 'POST', '/api/v1/recovery/flows', { body: { username: upn, captcha: await solvedCaptcha(node) }, ip: nextIp() });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      flows.push(res.body.id as string);
    }
    const answers = await Promise.all(
      flows.map((id, i) => call(send(i), 'POST', `/api/v1/recovery/flows/${id}/send`, { body: { method: 'email' }, ip: nextIp() })),
    );
    const rows = await cluster!.runtime.db.db
      .selectFrom('outbox')
      .select('id')
      .where('recipient', '=', upn.replace('@contoso.example', '@private.example'))
      .where('template', '=', 'recovery-code')
      .execute();
    return { statuses: answers.map((a) => a.status), queued: rows.length };
  }

  test('reset portal: the per-account message limit counts codes asked through three nodes as through one (R11)', async () => {
    const count = 3 * MESSAGES_PER_ACCOUNT;
    const one = await codeRequests(
      'limit-4@contoso.example',
      count,
      () => nodes[0]!,
      () => nodes[0]!,
    );
    // Each flow started on one node and its code asked through the next: the flow lives in the database too.
    const three = await codeRequests(
      'limit-5@contoso.example',
      count,
      (i) => roundRobin(nodes, i),
      (i) => roundRobin(nodes, i + 1),
    );
    for (const [name, r] of [
      ['one node', one],
      ['three nodes', three],
    ] as const) {
      assert.equal(r.statuses.filter((s) => s === 200).length, MESSAGES_PER_ACCOUNT, `${name}: ${r.statuses.join(' ')}`);
      assert.equal(r.statuses.filter((s) => s === 429).length, count - MESSAGES_PER_ACCOUNT, `${name}: ${r.statuses.join(' ')}`);
      assert.equal(r.queued, MESSAGES_PER_ACCOUNT, `${name}: codes queued for the mailbox`);
    }
  });
});
