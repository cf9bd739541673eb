// Helpers for the self-service password reset browser tests: the SSPR settings through the API,
// codes from the dev mailbox, and full-page screenshots of the frame.
import type { Page } from 'playwright-core';
import type { TestServer } from './server.js';

/** Signs in through the API (in-process) and returns what later requests need. */
export async function apiSession(server: TestServer, username: string, password: string): Promise<{ cookie: string; csrf: string }> {
  const { cookie, csrf } = await server.testApp.signIn(username, password);
  return { cookie, csrf };
}

/** Reads the SSPR settings, applies `patch` and saves them as `session` (a Global Administrator). */
export async function updateSsprSettings(server: TestServer, session: { cookie: string; csrf: string }, patch: Record<string, unknown>): Promise<Record<string, unknown>> {
  const url = '/api/v1/settings/self-service-password-reset';
  const current = await server.testApp.app.inject({ method: 'GET', url, headers: { cookie: session.cookie } });
  if (current.statusCode !== 200) throw new Error(`GET ${url}: ${current.statusCode} ${current.body}`);
  const body = { ...(current.json() as Record<string, unknown>), ...patch };
  const res = await server.testApp.app.inject({ method: 'PUT', url, headers: { cookie: session.cookie, 'x-csrf-token': session.csrf }, payload: body });
  if (res.statusCode !== 200) throw new Error(`PUT ${url}: ${res.statusCode} ${res.body}`);
  return res.json() as Record<string, unknown>;
}

/**
 * The newest code of `digits` digits sent to `recipient` (an email address, or an E.164 number:
 * the dev SMS provider keeps texts and calls in the same dev mailbox) after `since`, waiting for
 * the outbox worker to deliver it.
 */
export async function devMailboxCode(server: TestServer, recipient: string, since: Date, digits = 8, timeoutMs = 10_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  // A voice call speaks the code digit by digit ("1 2 3 …"); texts and mail have it in one piece.
  const pattern = new RegExp(`(?<!\\d)(\\d(?: ?\\d){${digits - 1}})(?!\\d)`);
  for (;;) {
    // Some messages are stamped by the server's clock, which may lag a little behind this one.
    const mails = await server.testApp.repos.outbox.listDevMail(20, recipient);
    const fresh = mails.find((m) => m.createdAt.getTime() >= since.getTime() - 2_000 && pattern.test(m.text));
    if (fresh) return pattern.exec(fresh.text)![1]!.replace(/ /g, '');
    if (Date.now() > deadline) throw new Error(`no ${digits}-digit code for ${recipient} in the dev mailbox (${mails.length} message(s): ${mails.map((m) => m.subject).join('; ')})`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A screenshot of the whole page: the frame scrolls inside <main>, so the viewport grows to fit it first. */
export async function fullShot(page: Page, path: string): Promise<void> {
  // Let opening drawers, dialogs and the navigation finish their transitions first (not spinners,
  // which never finish). Written as strings: this file is also type-checked without the DOM types.
  await page.evaluate(`Promise.all(document.getAnimations()
    .filter((a) => a.effect?.getComputedTiming().iterations !== Infinity)
    .map((a) => a.finished.catch(() => undefined)))`);
  const size = page.viewportSize() ?? { width: 1366, height: 900 };
  const height = await page.evaluate<number>(`(() => {
    const main = document.querySelector('#main');
    return main ? main.scrollHeight + main.getBoundingClientRect().top : document.documentElement.scrollHeight;
  })()`);
  if (height > size.height) await page.setViewportSize({ width: size.width, height: Math.min(Math.ceil(height), 4000) });
  await page.screenshot({ path, fullPage: true });
  if (height > size.height) await page.setViewportSize(size);
}
