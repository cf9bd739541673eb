import type { TestApp } from '../../testing/test-app.js';

/** A signed-in test client: the Cookie header and the CSRF token. */
export type Who = { cookie: string; csrf: string };
type Answer = Awaited<ReturnType<TestApp['app']['inject']>>;

/** The Cookie header with the cookies an answer set replacing those of the same name. */
export function withCookies(cookie: string, set: readonly { name: string; value: string }[]): string {
  const jar = new Map(
    cookie
      .split(';')
      .map((part) => part.trim())
      .filter(Boolean)
      .map((part) => [part.slice(0, part.indexOf('=')), part.slice(part.indexOf('=') + 1)] as const),
  );
  for (const c of set) jar.set(c.name, c.value);
  return [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
}

/**
 * `POST /api/v1/auth/step-up` as `who` (issue 17). On success the session token was rotated:
 * `who.cookie` is updated to the new one, so later requests keep working.
 */
export async function stepUp(t: Pick<TestApp, 'app'>, who: Who, body: object): Promise<Answer> {
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/step-up', payload: body, headers: { cookie: who.cookie, 'x-csrf-token': who.csrf } });
  if (res.statusCode === 200) {
    who.cookie = withCookies(who.cookie, res.cookies);
    who.csrf = res.json<{ csrfToken: string }>().csrfToken;
  }
  return res;
}

/** Whether an answer is the step-up demand. */
export const askedForStepUp = (res: Answer) => res.statusCode === 403 && res.json<{ code: string }>().code === 'auth.step_up_required';

/**
 * Sends a request; when it answers `403 auth.step_up_required`, steps up with the password (a
 * user without MFA) and sends it once more, as the web app's dialog does.
 */
export async function withStepUp(t: Pick<TestApp, 'app'>, who: Who, password: string, send: () => Promise<Answer>): Promise<Answer> {
  const first = await send();
  if (!askedForStepUp(first)) return first;
  const stepped = await stepUp(t, who, { password });
  if (stepped.statusCode !== 200) throw new Error(`step-up: ${stepped.statusCode} ${stepped.body}`);
  return send();
}
