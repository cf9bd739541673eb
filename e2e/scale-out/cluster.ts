/**
 * Set-up shared by the scale-out suites (issue 16): a scratch PostgreSQL database seeded from this
 * process (migrations, the organisation, a Global Administrator, users), then three real nodes on
 * it, and the HTTP calls a browser or script would make against any of them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/server/config/load.js';
import { newId } from '../../src/server/core/crypto.js';
import { MFA_SETTINGS_KEY, mfaOffForTests } from '../../src/server/features/mfa/settings.js';
import { openRuntime, type Runtime } from '../../src/server/runtime.js';
import { solveCaptcha } from '../../src/server/testing/recovery.js';
import { createScratchDatabase, startNodes, stopNodes, type LatchkeyNode, type ScratchDatabase } from '../support/nodes.js';

export const PASSWORD = 'Zebra-Quilt-Harbor-71!';
export const ADMIN = 'ga@contoso.example';
/** One secret for every node, as a deployment behind a load balancer must share it (CSRF tokens, CAPTCHAs, sealed passwords). */
export const SECRET = 'scale-out-test-secret-0123456789-0123456789';

/** Skipped (with the reason) only outside CI; under CI=true a missing PostgreSQL fails the suite (assertPostgresInCi). */
export const skipWithoutPostgres = process.env.LATCHKEY_TEST_POSTGRES_URL
  ? false
  : 'LATCHKEY_TEST_POSTGRES_URL is not set: the scale-out suite (three nodes on one PostgreSQL) needs it';

export interface Cluster {
  database: ScratchDatabase;
  nodes: LatchkeyNode[];
  /** This process's own connection to the same database, for set-up and for reading what the nodes wrote. */
  runtime: Runtime;
  stop(): Promise<void>;
}

/**
 * A seeded scratch database; `seed` runs on it before any node starts (so the nodes find the
 * organisation and skip the first-run set-up). Nodes are started by `startCluster`.
 */
export async function openSeededDatabase(seed: (runtime: Runtime) => Promise<void>): Promise<{ database: ScratchDatabase; runtime: Runtime; dataDir: string }> {
  const database = await createScratchDatabase(process.env.LATCHKEY_TEST_POSTGRES_URL!);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'latchkey-scale-seed-'));
  const runtime = await openRuntime(loadConfig({ LATCHKEY_DATA_DIR: dataDir, LATCHKEY_DATABASE_URL: database.url, LATCHKEY_SECRET: SECRET }));
  const now = runtime.clock.now();
  await runtime.repos.organization.create({ id: newId(), name: 'Contoso', defaultLanguage: 'en', domain: 'contoso.example' }, now);
  // Not about MFA: the harnesses' documented opt-out of default-on admin MFA (docs/mfa.md).
  await runtime.repos.settings.put(MFA_SETTINGS_KEY, mfaOffForTests, null, now);
  await seed(runtime);
  return { database, runtime, dataDir };
}

/** Seeds the database, then starts `count` nodes on it with the same settings. */
export async function startCluster(count: number, env: Record<string, string>, seed: (runtime: Runtime) => Promise<void>): Promise<Cluster> {
  const { database, runtime, dataDir } = await openSeededDatabase(seed);
  let nodes: LatchkeyNode[] = [];
  const stop = async () => {
    await stopNodes(nodes);
    await runtime.close();
    rmSync(dataDir, { recursive: true, force: true });
    await database.drop();
  };
  try {
    nodes = await startNodes(count, { databaseUrl: database.url, secret: SECRET, env });
  } catch (err) {
    await stop();
    throw err;
  }
  return { database, nodes, runtime, stop };
}

/**
 * `count` users `<prefix><i>@contoso.example` sharing one argon2id hash of PASSWORD, in one
 * transaction, plus the Global Administrator when `admin` is set. @returns the users' ids in order.
 */
export async function seedUsers(runtime: Runtime, prefix: string, count: number, admin = false): Promise<string[]> {
  const now = runtime.clock.now();
  const hash = await runtime.hasher.hash(PASSWORD);
  const ids: string[] = [];
  await runtime.transact(async (tx) => {
    if (admin)
      await tx.users.insert({
        id: newId(),
        userPrincipalName: ADMIN,
        displayName: 'GA',
        passwordHash: hash,
        forceChangePassword: false,
        roles: ['global-administrator'],
        now,
      });
    for (let i = 0; i < count; i++) {
      const id = newId();
      ids.push(id);
      const outcome = await tx.users.insert({
        id,
        userPrincipalName: `${prefix}${i}@contoso.example`,
        displayName: `${prefix} ${i}`,
        passwordHash: hash,
        forceChangePassword: false,
        now,
      });
      if (outcome !== 'created') throw new Error(`seeding ${prefix}${i}: ${outcome}`);
    }
  });
  return ids;
}

export interface Answer {
  status: number;
  body: Record<string, unknown>;
  headers: Headers;
}

/** One JSON request to a node; `ip` is sent as X-Forwarded-For (the nodes trust 127.0.0.1 as their load balancer). */
export async function call(
  node: LatchkeyNode,
  method: string,
  urlPath: string,
  options: { body?: unknown; session?: Session; ip?: string } = {},
): Promise<Answer> {
  const headers: Record<string, string> = { 'accept-language': 'en' };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.session) Object.assign(headers, { cookie: options.session.cookie, 'x-csrf-token': options.session.csrf });
  if (options.ip) headers['x-forwarded-for'] = options.ip;
  const res = await fetch(`${node.url}${urlPath}`, {
    method,
    headers,
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {}, headers: res.headers };
}

export interface Session {
  cookie: string;
  csrf: string;
}

/** Signs in through `node`; the session it returns works on every node (one database, one secret). */
export async function signIn(node: LatchkeyNode, username: string, password = PASSWORD): Promise<Session> {
  const res = await fetch(`${node.url}/api/v1/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (res.status !== 200) throw new Error(`sign-in of ${username} at node ${node.index}: ${res.status} ${await res.text()}`);
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  return { cookie, csrf: ((await res.json()) as { csrfToken: string }).csrfToken };
}

/** A solved reset-portal CAPTCHA fetched from `node` (the nodes run at the smallest difficulty). */
export async function solvedCaptcha(node: LatchkeyNode): Promise<string> {
  const challenge = await call(node, 'GET', '/api/v1/recovery/captcha');
  if (challenge.status !== 200) throw new Error(`captcha at node ${node.index}: ${challenge.status}`);
  return solveCaptcha(challenge.body as unknown as Parameters<typeof solveCaptcha>[0]);
}

/** Node i % count: the load balancer's round robin. */
export const roundRobin = <T>(nodes: readonly T[], i: number): T => nodes[i % nodes.length]!;
