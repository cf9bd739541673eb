/*
 * Microsoft's own clients, unchanged, pointed at a Latchkey https test server (issue 15): the Graph
 * JavaScript client 3.0.7 and @azure/identity's ClientSecretCredential for its tokens.
 */
import { createRequire } from 'node:module';
import { ClientSecretCredential, type TokenCredential } from '@azure/identity';
import type * as GraphSdk from '@microsoft/microsoft-graph-client';
import type { HttpsTestServer } from '../../src/server/testing/https-server.js';
import { registerTestApp, type TestAppOptions } from '../../src/server/testing/oauth.js';

// The SDK's ES build uses extensionless imports Node's ESM loader refuses; its CommonJS build is what Node users get.
const require = createRequire(import.meta.url);
export const graphSdk = require('@microsoft/microsoft-graph-client') as typeof GraphSdk;

export const GRAPH_SCOPE = 'https://graph.microsoft.com/.default';

/** ClientSecretCredential with only the authority host changed (and instance discovery, a call to Microsoft, off). */
export function secretCredential(server: HttpsTestServer, creds: { clientId: string; clientSecret: string }): ClientSecretCredential {
  return new ClientSecretCredential(server.tenantId, creds.clientId, creds.clientSecret, {
    authorityHost: server.origin,
    disableInstanceDiscovery: true,
    // The test CA is trusted through the pipeline's TLS options (in production: a CA the system trusts).
    tlsOptions: { ca: server.caPem },
  });
}

/**
 * The Graph client as Microsoft documents it, with `baseUrl` and `customHosts` pointing at Latchkey.
 * `token`: a credential (app tokens by client credentials) or a fixed token (a delegated one).
 */
export function graphClient(server: HttpsTestServer, token: TokenCredential | string): GraphSdk.Client {
  const host = new URL(server.origin).hostname;
  return graphSdk.Client.init({
    baseUrl: `${server.origin}/graph`,
    defaultVersion: 'v1.0',
    customHosts: new Set([host]),
    // Node's fetch takes the agent trusting the test CA as `dispatcher` (the SDK passes fetchOptions through to fetch).
    fetchOptions: { dispatcher: server.dispatcher } as GraphSdk.FetchOptions,
    authProvider: (done) => {
      if (typeof token === 'string') return done(null, token);
      token.getToken(GRAPH_SCOPE).then(
        (t) => (t ? done(null, t.token) : done(new Error('no token'), null)),
        (err: unknown) => done(err, null),
      );
    },
  });
}

/** Registers an app (test setup) and returns its credentials, a ClientSecretCredential and a Graph client acting as it. */
export async function appClient(server: HttpsTestServer, options: TestAppOptions) {
  const creds = await registerTestApp(server.t, options);
  const credential = secretCredential(server, creds);
  return { ...creds, credential, client: graphClient(server, credential) };
}

/** The SDK's GraphError fields a test compares (statusCode, code, requestId, body's innerError). */
export interface GraphErrorFields {
  statusCode: number;
  code: string | null;
  message: string;
  requestId: string | null;
  body: unknown;
}

/** Runs a Graph call that must fail and returns the SDK's GraphError. @throws when the call succeeds or throws something else */
export async function graphError(call: Promise<unknown>): Promise<GraphErrorFields> {
  try {
    await call;
  } catch (err) {
    if (err instanceof graphSdk.GraphError) return err;
    throw err;
  }
  throw new Error('expected a GraphError, the call succeeded');
}
