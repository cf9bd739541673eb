/*
 * The real server over https on 127.0.0.1 (random port), with a throwaway CA made per run, for clients
 * that only talk https: Microsoft's Graph client attaches its token to https hosts only (issue 15).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import https, { Agent as HttpsAgent } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ManualClock } from '../core/clock.js';
import type { Engine } from '../db/kysely.js';
import { createTestApp, type TestApp } from './test-app.js';
import { createTestCa, type TestCa } from './test-ca.js';

/** What Node's fetch takes as `dispatcher` (an undici Agent; typed loosely: e2e compiles with DOM's RequestInit, which has no dispatcher). */
export interface FetchDispatcher {
  close(): Promise<void>;
}

export interface HttpsTestServer {
  /** `https://127.0.0.1:<port>`, also the OAuth authority host and the origin the issuer is built on. */
  url: string;
  origin: string;
  /** The per-run CA that signed the server's certificate (trust it; nothing else does). */
  caPem: string;
  caFile: string;
  ca: TestCa;
  /** The served certificate and key files (tests may overwrite them and send SIGHUP). */
  certFile: string;
  keyFile: string;
  /** For node:https and libraries built on it (`@azure/identity`: `{ agent }` or `{ tlsOptions: { ca: caPem } }`). */
  agent: HttpsAgent;
  /** For Node's fetch: `fetch(url, { dispatcher })`; Graph client: `fetchOptions: { dispatcher }`. */
  dispatcher: FetchDispatcher;
  /** fetch against this server (a path or a full URL), trusting its CA. */
  fetch(pathOrUrl: string, init?: RequestInit): Promise<Response>;
  /** Environment for a child process that must trust the CA (NODE_EXTRA_CA_CERTS is read at process start only). */
  childEnv: NodeJS.ProcessEnv;
  /** The application behind the server: services, repos, clock (real time, ticking), createUser, signIn (by inject). */
  t: TestApp;
  /** The organisation's id: the tenant for `/{tenant}/oauth2/v2.0/token` and `@azure/identity`. */
  tenantId: string;
  /**
   * Makes this process trust the CA everywhere (global fetch and https.globalAgent), for libraries
   * that take no agent; returns the undo. Prefer `agent`/`dispatcher`.
   */
  trustGlobally(): () => void;
  close(): Promise<void>;
}

const GLOBAL_DISPATCHER = Symbol.for('undici.globalDispatcher.1');

/** An undici Agent trusting `ca`. Node's fetch is undici; its Agent class is reached through the global dispatcher, so no undici package is needed. */
async function fetchAgent(ca: string): Promise<FetchDispatcher> {
  await fetch('data:,'); // makes Node create its global dispatcher
  const current = (globalThis as Record<symbol, unknown>)[GLOBAL_DISPATCHER] as { constructor: new (options: object) => FetchDispatcher } | undefined;
  if (!current) throw new Error("Node's fetch has no global dispatcher: cannot make an agent trusting the test CA");
  return new current.constructor({ connect: { ca } });
}

/**
 * Starts createTestApp's real application listening over https on 127.0.0.1 with a certificate from a
 * CA made for this call. The clock ticks in real time (tokens and Microsoft's libraries check expiry
 * against the wall clock) and can still be advanced. `config` goes on top of the test defaults.
 */
export async function startHttpsServer(
  options: { engine?: Engine; config?: Record<string, unknown>; mfa?: 'off' | 'product-defaults'; organizationName?: string; clock?: ManualClock } = {},
): Promise<HttpsTestServer> {
  const dir = mkdtempSync(path.join(tmpdir(), 'latchkey-https-'));
  try {
    const ca = createTestCa(dir, { name: 'Latchkey https test CA' });
    const { certFile, keyFile } = ca.issue('server');
    const t = await createTestApp({
      ...options,
      clock: options.clock ?? new ManualClock(new Date(), { ticking: true }),
      config: { ...options.config, tlsCertFile: certFile, tlsKeyFile: keyFile },
    });
    let agent: HttpsAgent | undefined;
    try {
      await t.app.listen({ host: '127.0.0.1', port: 0 });
      const { port } = t.app.server.address() as AddressInfo;
      const url = `https://127.0.0.1:${port}`;
      agent = new HttpsAgent({ ca: ca.caPem, keepAlive: true });
      const dispatcher = await fetchAgent(ca.caPem);
      const tenantId = (await t.repos.organization.get())?.id;
      if (!tenantId) throw new Error('the test app has no organisation');
      const server: HttpsTestServer = {
        url,
        origin: url,
        caPem: ca.caPem,
        caFile: ca.caFile,
        ca,
        certFile,
        keyFile,
        agent,
        dispatcher,
        fetch: (pathOrUrl, init = {}) => fetch(new URL(pathOrUrl, url), { ...init, dispatcher } as RequestInit),
        childEnv: { ...process.env, NODE_EXTRA_CA_CERTS: ca.caFile },
        t,
        tenantId,
        trustGlobally() {
          const g = globalThis as Record<symbol, unknown>;
          const previousDispatcher = g[GLOBAL_DISPATCHER];
          const previousCa = https.globalAgent.options.ca;
          g[GLOBAL_DISPATCHER] = dispatcher;
          https.globalAgent.options.ca = ca.caPem;
          return () => {
            g[GLOBAL_DISPATCHER] = previousDispatcher;
            https.globalAgent.options.ca = previousCa;
          };
        },
        async close() {
          agent?.destroy();
          await dispatcher.close();
          await t.close();
          rmSync(dir, { recursive: true, force: true });
        },
      };
      return server;
    } catch (err) {
      agent?.destroy();
      await t.close();
      throw err;
    }
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}
