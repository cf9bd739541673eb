import { createHash, randomBytes } from 'node:crypto';
import type LightMyRequest from 'light-my-request';
import type { TestApp } from './test-app.js';
import { tenantOf } from './oauth.js';

/*
 * Delegated tokens for tests (issue 15): the authorization code flow with PKCE driven over real
 * HTTP (inject) the way a browser does it: sign in through /api/v1/auth/sign-in, open the
 * authorize URL, follow every redirect with a cookie jar (the interaction, Latchkey's sign-in, the
 * consent), then exchange the code at the token endpoint. Nothing is mocked.
 */

/** A browser's cookie jar, enough for inject: names, values and paths (every cookie here is host-only). */
export class CookieJar {
  private readonly cookies = new Map<string, { value: string; path: string }>();

  /** Takes the Set-Cookie headers of a response (an expired or empty cookie is removed). */
  take(res: LightMyRequest.Response): void {
    for (const c of res.cookies as { name: string; value: string; path?: string; expires?: Date; maxAge?: number }[]) {
      // Servers clear a cookie with an empty value, Max-Age=0 or the 1970 epoch; other expiry dates are not judged,
      // because the tests' manual clock and the library's real clock disagree about "now".
      const gone = c.value === '' || c.maxAge === 0 || (c.expires !== undefined && c.expires.getTime() < Date.UTC(2000, 0, 1));
      if (gone) this.cookies.delete(c.name);
      else this.cookies.set(c.name, { value: c.value, path: c.path ?? '/' });
    }
  }

  /** The Cookie header for a request to `path`. */
  header(path: string): string {
    return [...this.cookies]
      .filter(([, c]) => path === c.path || path.startsWith(c.path.endsWith('/') ? c.path : `${c.path}/`))
      .map(([name, c]) => `${name}=${c.value}`)
      .join('; ');
  }

  get(name: string): string | undefined {
    return this.cookies.get(name)?.value;
  }

  delete(name: string): void {
    this.cookies.delete(name);
  }
}

/** A browser: a cookie jar plus GET/POST by inject that keep it up to date (`host`: the Host header, e.g. a listening server's, so issuers agree). */
export function browser(t: TestApp, jar = new CookieJar(), settings: { host?: string } = {}) {
  const request = async (
    method: 'GET' | 'POST',
    url: string,
    payload?: string | object,
    headers: Record<string, string> = {},
  ): Promise<LightMyRequest.Response> => {
    const { pathname, search } = new URL(url, 'http://localhost');
    const cookie = jar.header(pathname);
    const options: LightMyRequest.InjectOptions = {
      method,
      url: pathname + search,
      headers: { ...(cookie ? { cookie } : {}), ...(settings.host ? { host: settings.host } : {}), ...headers },
    };
    if (payload !== undefined) options.payload = payload;
    const res = await t.app.inject(options);
    jar.take(res);
    return res;
  };
  return {
    jar,
    get: (url: string) => request('GET', url),
    /** A JSON API call as the web app makes it (CSRF header from the csrf cookie). */
    api: (method: 'GET' | 'POST', url: string, body?: object) =>
      request(method, url, body, {
        'x-csrf-token': jar.get('latchkey_csrf') ?? jar.get('__Host-latchkey_csrf') ?? '',
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      }),
    form: (url: string, fields: Record<string, string>) =>
      request('POST', url, new URLSearchParams(fields).toString(), { 'content-type': 'application/x-www-form-urlencoded' }),
  };
}
export type TestBrowser = ReturnType<typeof browser>;

/** PKCE values (RFC 7636, S256). */
export function pkce(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

/**
 * Follows redirects from `url` while they stay on this server; stops at the first answer that is
 * not a redirect, or at a redirect elsewhere (`redirectPrefix`: the app's redirect URI).
 * @returns the last response and, when it left for the app, the location it points to
 */
export async function follow(
  b: TestBrowser,
  url: string,
  redirectPrefix: string,
  maxHops = 12,
): Promise<{ res: LightMyRequest.Response; location: URL | null; visited: string[] }> {
  const visited: string[] = [];
  let next = url;
  for (let hop = 0; hop < maxHops; hop++) {
    visited.push(next);
    const res = await b.get(next);
    const location = res.headers.location;
    if (res.statusCode < 300 || res.statusCode >= 400 || typeof location !== 'string') return { res, location: null, visited };
    if (location.startsWith(redirectPrefix)) return { res, location: new URL(location), visited };
    next = location;
  }
  throw new Error(`too many redirects: ${visited.join(' -> ')}`);
}

export interface AuthorizeOptions {
  clientId: string;
  redirectUri: string;
  scope?: string;
  challenge: string;
  state?: string;
  nonce?: string;
  extra?: Record<string, string>;
}

/** The authorize URL of this server for a code + PKCE request. */
export async function authorizeUrl(t: TestApp, o: AuthorizeOptions): Promise<string> {
  const query = new URLSearchParams({
    client_id: o.clientId,
    response_type: 'code',
    redirect_uri: o.redirectUri,
    scope: o.scope ?? 'openid profile offline_access https://graph.microsoft.com/.default',
    code_challenge: o.challenge,
    code_challenge_method: 'S256',
    state: o.state ?? randomBytes(8).toString('hex'),
    nonce: o.nonce ?? randomBytes(8).toString('hex'),
    ...o.extra,
  });
  return `/${await tenantOf(t)}/oauth2/v2.0/authorize?${query.toString()}`;
}

/** Redeems a code at the token endpoint as a public client; the raw response. */
export async function redeemCode(t: TestApp, o: { clientId: string; code: string; redirectUri: string; verifier: string }): Promise<LightMyRequest.Response> {
  return t.app.inject({
    method: 'POST',
    url: `/${await tenantOf(t)}/oauth2/v2.0/token`,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: o.clientId,
      code: o.code,
      redirect_uri: o.redirectUri,
      code_verifier: o.verifier,
    }).toString(),
  });
}

/**
 * A delegated access token for `username` and app `clientId` (a public client with a redirect URI:
 * registerTestApp(t, { publicClient: true, redirectUris: [...] , permissions: [] })), through the
 * real sign-in, interaction and token endpoints. The user must not be asked for MFA or a password
 * change (tests start with MFA off: createTestApp's default).
 * @throws when any step is refused (the message says which)
 */
export async function delegatedToken(
  t: TestApp,
  opts: { clientId: string; username: string; password: string; scope?: string; redirectUri?: string },
): Promise<string> {
  const redirectUri = opts.redirectUri ?? (await t.repos.apps.findByClientId(opts.clientId))?.redirectUris[0];
  if (!redirectUri) throw new Error(`app ${opts.clientId} has no redirect URI`);
  const b = browser(t);
  const signIn = await b.api('POST', '/api/v1/auth/sign-in', { username: opts.username, password: opts.password });
  if (signIn.statusCode !== 200) throw new Error(`sign-in failed: ${signIn.statusCode} ${signIn.body}`);
  const { verifier, challenge } = pkce();
  const state = randomBytes(8).toString('hex');
  const { res, location, visited } = await follow(
    b,
    await authorizeUrl(t, { clientId: opts.clientId, redirectUri, challenge, state, ...(opts.scope ? { scope: opts.scope } : {}) }),
    redirectUri,
  );
  const code = location?.searchParams.get('code');
  if (!location || !code || location.searchParams.get('state') !== state)
    throw new Error(`no code: ${res.statusCode} ${location?.href ?? String(res.headers.location ?? '')} ${res.body.slice(0, 300)} via ${visited.join(' -> ')}`);
  const token = await redeemCode(t, { clientId: opts.clientId, code, redirectUri, verifier });
  if (token.statusCode !== 200) throw new Error(`code exchange failed: ${token.statusCode} ${token.body}`);
  return token.json<{ access_token: string }>().access_token;
}
