// Helpers for the self-service password reset browser tests: the SSPR settings through the API,
// and codes from the dev mailbox (full-page screenshots of the frame are in web.ts).
import type { Page } from 'playwright-core';
import { newId } from '../../src/server/core/crypto.js';
import type { TestServer } from './server.js';
import { PASSWORD, seedUsers, suitePages, useBrowserSuite } from './web.js';

export { fullShot } from './web.js';

/** Signs in through the API (in-process) and returns what later requests need. */
export async function apiSession(server: TestServer, username: string, password: string): Promise<{ cookie: string; csrf: string }> {
  const { cookie, csrf } = await server.testApp.signIn(username, password);
  return { cookie, csrf };
}

/** Reads the SSPR settings, applies `patch` and saves them as `session` (a Global Administrator). */
export async function updateSsprSettings(
  server: TestServer,
  session: { cookie: string; csrf: string },
  patch: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const url = '/api/v1/settings/self-service-password-reset';
  const current = await server.testApp.app.inject({ method: 'GET', url, headers: { cookie: session.cookie } });
  if (current.statusCode !== 200) throw new Error(`GET ${url}: ${current.statusCode} ${current.body}`);
  const body = { ...current.json<Record<string, unknown>>(), ...patch };
  const res = await server.testApp.app.inject({ method: 'PUT', url, headers: { cookie: session.cookie, 'x-csrf-token': session.csrf }, payload: body });
  if (res.statusCode !== 200) throw new Error(`PUT ${url}: ${res.statusCode} ${res.body}`);
  return res.json<Record<string, unknown>>();
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
    if (Date.now() > deadline)
      throw new Error(`no ${digits}-digit code for ${recipient} in the dev mailbox (${mails.length} message(s): ${mails.map((m) => m.subject).join('; ')})`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * The security info suites' seed (security-info*.test.ts): a Global Administrator and four users,
 * self-service reset for everyone with two methods of any kind, registration asked for at sign-in
 * and confirmed again after 180 days, and Joni, who registered 200 days ago.
 * @returns the users' ids by user principal name
 */
export async function seedSecurityInfo(server: TestServer): Promise<Record<string, string>> {
  const ids = await seedUsers(server, [
    { userPrincipalName: 'miriam.graham@contoso.test', displayName: 'Miriam Graham', roles: ['global-administrator'] },
    { userPrincipalName: 'adele.vance@contoso.test', displayName: 'Adele Vance' },
    { userPrincipalName: 'lynne.robbins@contoso.test', displayName: 'Lynne Robbins', preferredLanguage: 'nl' },
    { userPrincipalName: 'megan.bowen@contoso.test', displayName: 'Megan Bowen' },
    { userPrincipalName: 'joni.sherman@contoso.test', displayName: 'Joni Sherman' },
  ]);
  // Everyone may reset with two methods of any kind; registration is asked for at sign-in and
  // confirmed again after 180 days.
  const admin = await apiSession(server, 'miriam.graham@contoso.test', PASSWORD);
  await updateSsprSettings(server, admin, {
    enabledFor: 'all',
    methods: { email: true, mobilePhone: true, officePhone: true, authenticatorApp: true, securityQuestions: true },
    methodsRequired: 2,
    questionsToRegister: 3,
    questionsToReset: 3,
    requireRegistration: true,
    reconfirmDays: 180,
  });
  // Joni registered long ago: two methods, last confirmed 200 days back.
  const joni = ids['joni.sherman@contoso.test']!;
  const now = server.testApp.clock.now();
  await server.testApp.repos.securityInfo.putMethod({ id: newId(), userId: joni, kind: 'email', value: 'joni.private@example.net' }, now);
  await server.testApp.repos.securityInfo.putMethod({ id: newId(), userId: joni, kind: 'mobilePhone', value: '+31687654321' }, now);
  await server.testApp.repos.securityInfo.markConfirmed(joni, new Date(now.getTime() - 200 * 86_400_000));
  return ids;
}

/** Opens Add sign-in method and picks a method (by the start of its radio label). */
export async function startAdding(
  page: Page,
  method: RegExp,
  add = /^(Add sign-in method|Aanmeldingsmethode toevoegen)$/,
  next = /^(Next|Volgende)$/,
): Promise<ReturnType<Page['getByRole']>> {
  await page.getByRole('button', { name: add }).click();
  const dialog = page.getByRole('dialog');
  await dialog.waitFor();
  await dialog.getByRole('radio', { name: method }).check();
  await dialog.getByRole('button', { name: next }).click();
  return dialog;
}

/**
 * Inside a `describe`: the security info suites' server (seeded by `seedSecurityInfo`) and browser,
 * the users' `ids`, `signIn` (waits for /account) and `withPage` in a locale (on a failure the page
 * is kept as test-results/web-failed-<name>.png).
 */
export function useSecurityInfoSuite() {
  const ids: Record<string, string> = {};
  const suite = useBrowserSuite(async (server) => {
    Object.assign(ids, await seedSecurityInfo(server));
  });
  const pages = suitePages(suite, {}, { landing: /\/account$/ });
  return {
    suite,
    ids,
    signIn: pages.signIn,
    withPage: (name: string, locale: string, fn: (page: Page) => Promise<void>) => pages.withPage(name, fn, { locale }),
  };
}
