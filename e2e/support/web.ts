// The browser suites' common harness: the chromium gate, a test server plus a browser per suite,
// new pages, signing in and out through the UI, the language menu and screenshots.
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { chromiumAvailable, chromiumPath, launchBrowser } from './browser.js';
import { startTestServer, type TestServer } from './server.js';

/** Where the screenshots go. */
export const SHOTS = 'test-results';
/** The password every seeded user starts with. */
export const PASSWORD = 'Latchkey-Test-Passw0rd!';

/**
 * Whether the browser suites can run: the options for `describe` (skipped, with the reason, when
 * chromium is missing). On CI (CI=true) a missing browser is a failing test instead.
 * @param what the suites' name in the messages ("the <what> browser tests")
 * @param detail what is skipped, in brackets after the name
 */
export function browserGate(what: string, detail?: string, check = `the ${what} browser tests`): { skip: string | false } {
  const available = chromiumAvailable();
  const skipReason = `chromium not found at ${chromiumPath()} (set LATCHKEY_CHROMIUM): skipped the ${what} browser tests${detail ? ` (${detail})` : ''}`;
  if (!available && process.env.CI === 'true') {
    test(`chromium is available for ${check}`, () => {
      assert.fail(`${skipReason}; on CI (CI=true) a missing browser is a failure, not a skip`);
    });
  }
  return { skip: available ? false : skipReason };
}

export interface BrowserSuite {
  server: TestServer;
  browser: Browser;
}

/**
 * Inside a `describe`: starts the test server and a browser before the tests (then runs `setup`)
 * and closes both after them. The returned object is filled in by the time the tests run.
 */
export function useBrowserSuite(setup?: (server: TestServer) => Promise<void>): BrowserSuite {
  const suite = {} as BrowserSuite;
  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    suite.server = await startTestServer();
    suite.browser = await launchBrowser();
    await setup?.(suite.server);
  });
  after(async () => {
    await suite.browser?.close();
    await suite.server?.close();
  });
  return suite;
}

export interface PageOptions {
  locale?: string;
  /** The viewport's height (1366 wide). */
  height?: number;
  /** The default timeout of the page's actions. */
  timeout?: number;
  acceptDownloads?: boolean;
}

/** A page in a new browser context (en-GB, 1366×900, 10 s timeout unless told otherwise). */
export async function newPage(
  browser: Browser,
  { locale = 'en-GB', height = 900, timeout = 10_000, acceptDownloads }: PageOptions = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ locale, viewport: { width: 1366, height }, ...(acceptDownloads ? { acceptDownloads } : {}) });
  const page = await context.newPage();
  page.setDefaultTimeout(timeout);
  return { context, page };
}

/** Runs `fn` in a new browser context; on a failure the page is kept as test-results/web-failed-<name>.png. */
export async function withPage(browser: Browser, name: string, options: PageOptions, fn: (page: Page) => Promise<void>): Promise<void> {
  const { context, page } = await newPage(browser, options);
  try {
    await fn(page);
  } catch (err) {
    await page.screenshot({ path: `${SHOTS}/web-failed-${name}.png`, fullPage: true }).catch(() => undefined);
    throw err;
  } finally {
    await context.close();
  }
}

export interface SignInOptions {
  /** Open /sign-in even when the page is on it already (default: only when it is elsewhere). */
  reload?: boolean;
  /** Wait for this address after signing in (default: don't wait). */
  landing?: RegExp;
}

/** Signs in on the sign-in page (English or Dutch). */
export async function signIn(
  page: Page,
  server: TestServer,
  username: string,
  password = PASSWORD,
  { reload = false, landing }: SignInOptions = {},
): Promise<void> {
  if (reload || !page.url().includes('/sign-in')) await page.goto(`${server.url}/sign-in`);
  await page.getByLabel(/^Email or username|^E-mailadres of gebruikersnaam/).fill(username);
  await page.locator('input[autocomplete="current-password"]').fill(password);
  await page.getByRole('button', { name: /^(Sign in|Aanmelden)$/ }).click();
  if (landing) await page.waitForURL(landing);
}

/** Signs out through the account manager menu (English or Dutch). */
export async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: /^(Account manager for|Accountbeheer voor)/ }).click();
  await page.getByRole('menuitem', { name: /^(Sign out|Afmelden)$/ }).click();
  await page.waitForURL(/\/sign-in/);
}

/** Picks a language in the language menu (labelled in either language). */
export async function switchLanguage(page: Page, name: 'Nederlands' | 'English'): Promise<void> {
  // Signed in (the CSRF cookie is readable), the choice is also saved to the profile, whose language
  // wins after sign-in (docs/web.md, Language): wait for that save, or the next page load would undo it.
  const signedIn = await page.evaluate<boolean>('/(^|; )(__Host-)?latchkey_csrf=/.test(document.cookie)');
  const saved = signedIn ? page.waitForResponse((r) => r.request().method() === 'PATCH' && new URL(r.url()).pathname === '/api/v1/me') : null;
  await page.getByRole('button', { name: /^(Language|Taal)/ }).click();
  await page.getByRole('menuitemradio', { name }).click();
  await saved;
}

/** Whether the server's OpenAPI document has `method` on `path` (for features still to come). */
export async function hasOperation(server: TestServer, path: string, method = 'post'): Promise<boolean> {
  const openapi = (await (await fetch(`${server.url}/api/openapi.json`)).json()) as { paths?: Record<string, Record<string, unknown>> };
  return !!openapi.paths?.[path]?.[method];
}

/** A user of the seed: created with PASSWORD and English unless it says otherwise. */
export type SeedUser = Omit<Parameters<TestServer['createUser']>[0], 'password'>;

/** Creates the seed's users with PASSWORD (in English unless a user says otherwise); @returns their ids by user principal name. */
export async function seedUsers(server: TestServer, users: SeedUser[]): Promise<Record<string, string>> {
  const ids: Record<string, string> = {};
  for (const user of users) ids[user.userPrincipalName] = (await server.createUser({ preferredLanguage: 'en', ...user, password: PASSWORD })).id;
  return ids;
}

/**
 * The page helpers bound to a suite: `newPage` and `withPage` with the suite's page options, and
 * `signIn` against the suite's server with its sign-in options (a landing address may be given
 * per call).
 */
export function suitePages(suite: BrowserSuite, pageOptions: PageOptions = {}, signInOptions: SignInOptions = {}) {
  return {
    newPage: () => newPage(suite.browser, pageOptions),
    withPage: (name: string, fn: (page: Page) => Promise<void>, options: PageOptions = {}) => withPage(suite.browser, name, { ...pageOptions, ...options }, fn),
    signIn: (page: Page, username: string, password = PASSWORD, landing = signInOptions.landing) =>
      signIn(page, suite.server, username, password, { ...signInOptions, landing }),
  };
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

/** A full-page screenshot as test-results/web-<name>.png. */
export const shot = (page: Page, name: string): Promise<void> => fullShot(page, `${SHOTS}/web-${name}.png`);
