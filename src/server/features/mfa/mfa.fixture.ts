import { newId, seal } from '../../core/crypto.js';
import type { TestApp } from '../../testing/test-app.js';
import { newTotpSecret, totpCode } from '../verification/methods.js';
import { TOTP_SEAL } from '../verification/verifiers.js';
import { defaultMfaSettings, MFA_SETTINGS_KEY, type MfaSettings } from './settings.js';

/** A browser in the MFA tests: its Cookie header (session, CSRF, device, remember) and CSRF token. */
export type Browser = { cookie: string; csrf: string };
type Answer = Awaited<ReturnType<TestApp['app']['inject']>>;

/** The Cookie header with the cookies an answer set replacing those of the same name (an emptied cookie is dropped). */
export function withCookies(cookie: string, set: readonly { name: string; value: string }[]): string {
  const jar = new Map(
    cookie
      .split(';')
      .map((part) => part.trim())
      .filter(Boolean)
      .map((part) => [part.slice(0, part.indexOf('=')), part.slice(part.indexOf('=') + 1)] as const),
  );
  for (const c of set) {
    if (c.value === '') jar.delete(c.name);
    else jar.set(c.name, c.value);
  }
  return [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
}

export function cookieValue(cookie: string, suffix: string): string | undefined {
  return cookie
    .split(';')
    .map((p) => p.trim())
    .find((p) => p.slice(0, p.indexOf('=')).endsWith(suffix))
    ?.split('=')[1];
}

/** Sends a request as the browser and keeps the cookies it sets (as a browser does). */
export async function send(t: TestApp, b: Browser, method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: object): Promise<Answer> {
  const res = await t.app.inject({
    method,
    url,
    headers: { cookie: b.cookie, 'x-csrf-token': b.csrf, 'accept-language': 'en' },
    ...(payload ? { payload } : {}),
  });
  b.cookie = withCookies(b.cookie, res.cookies);
  if (res.statusCode === 200 && res.headers['content-type']?.toString().includes('json')) {
    const csrf = res.json<{ csrfToken?: unknown }>().csrfToken;
    if (typeof csrf === 'string') b.csrf = csrf;
  }
  return res;
}

/** `POST /auth/sign-in` from this browser (its device and remember cookies go along). */
export function passwordStep(t: TestApp, b: Browser, username: string, password: string): Promise<Answer> {
  return send(t, b, 'POST', '/api/v1/auth/sign-in', { username, password });
}

/** An authenticator app on record for the user, as Security info stores one. @returns its base32 secret. */
export async function giveAuthenticator(t: TestApp, userId: string): Promise<string> {
  const secret = newTotpSecret();
  await t.repos.securityInfo.putMethod({ id: newId(), userId, kind: 'authenticatorApp', value: seal(t.config.secret!, TOTP_SEAL, secret) }, t.clock.now());
  return secret;
}

export const codeNow = (t: TestApp, secret: string) => totpCode(secret, t.clock.now());

/** Saves the MFA policy as a Global Administrator would, straight into the settings document. */
export async function setMfaPolicy(t: TestApp, patch: Partial<MfaSettings>): Promise<void> {
  const current = ((await t.repos.settings.get(MFA_SETTINGS_KEY))?.value as MfaSettings | undefined) ?? defaultMfaSettings;
  await t.repos.settings.put(MFA_SETTINGS_KEY, { ...current, ...patch }, null, t.clock.now());
  t.services.mfaConfig.invalidate();
}

export const newBrowser = (): Browser => ({ cookie: '', csrf: '' });
