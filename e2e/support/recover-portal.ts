// The reset portal's browser suites (recover*.test.ts): the suite (a test server with a Global
// Administrator signed in through the API, and whether the server has the portal yet) and the
// steps of the portal (/recover) in the browser.
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { configureSspr, signIn as apiSignIn, type Session } from './recover.js';
import type { TestServer } from './server.js';
import { PASSWORD, SHOTS, hasOperation, newPage, signIn, useBrowserSuite, type BrowserSuite } from './web.js';

export { configureSspr };
/** The password the portal's tests reset to. */
export const NEW_PASSWORD = 'Vq8#tLm2!Rz5wK';
export const noPortal = 'the server has no POST /api/v1/recovery/flows yet (not in /api/openapi.json): skipped';
export const upn = (name: string) => `${name}@contoso.example`;

export interface PortalSuite extends BrowserSuite {
  /** A Global Administrator's API session, for the SSPR settings. */
  admin: Session;
  /** Whether the server has POST /api/v1/recovery/flows. */
  hasPortal: boolean;
  /** A page in a new context (15 s timeout: the proof of work is slow on a busy machine). */
  newPage: () => ReturnType<typeof newPage>;
  /** A user with PASSWORD, signed in through the API to register security info. */
  user: (name: string, displayName: string, preferredLanguage?: 'en' | 'nl') => Promise<Session>;
  /** Sign-in page > "Can't access your account?" > the first step. */
  openPortal: (page: Page) => Promise<void>;
  /** Signs in on the sign-in page. */
  signInWith: (page: Page, username: string, password: string) => Promise<void>;
}

/** Inside a `describe`: the server and browser, with `admin` (global.admin) and `hasPortal` set before the tests. */
export function usePortalSuite(): PortalSuite {
  const suite = useBrowserSuite(async (server) => {
    portal.hasPortal = await hasOperation(server, '/api/v1/recovery/flows');
    await server.createUser({
      userPrincipalName: upn('global.admin'),
      displayName: 'Global Admin',
      password: PASSWORD,
      roles: ['global-administrator'],
      preferredLanguage: 'en',
    });
    portal.admin = await apiSignIn(server, upn('global.admin'), PASSWORD);
  });
  const portal: PortalSuite = Object.assign(suite, {
    admin: undefined as unknown as Session,
    hasPortal: false,
    newPage: () => newPage(suite.browser, { timeout: 15_000 }),
    // After sign-in the profile's language applies (docs/web.md, Language): a Dutch journey needs a Dutch profile.
    user: async (name: string, displayName: string, preferredLanguage: 'en' | 'nl' = 'en') => {
      await suite.server.createUser({ userPrincipalName: upn(name), displayName, password: PASSWORD, preferredLanguage });
      return apiSignIn(suite.server, upn(name), PASSWORD);
    },
    openPortal: (page: Page) => openPortal(page, suite.server),
    signInWith: (page: Page, username: string, password: string) => signIn(page, suite.server, username, password),
  });
  return portal;
}

/** Sign-in page > "Can't access your account?" > the first step. */
export async function openPortal(page: Page, server: TestServer): Promise<void> {
  await page.goto(`${server.url}/sign-in`);
  await page.getByRole('link', { name: "Can't access your account?" }).click();
  await page.waitForURL(/\/recover$/);
  await page.getByRole('heading', { level: 1, name: 'Get back into your account' }).waitFor();
}

/** A screenshot of the whole page (the viewport grows to the page's height first). */
export async function shot(page: Page, name: string): Promise<void> {
  const size = page.viewportSize() ?? { width: 1366, height: 900 };
  // Written as strings: this file is also type-checked without the DOM types.
  const height = await page.evaluate<number>('document.documentElement.scrollHeight');
  if (height > size.height) await page.setViewportSize({ width: size.width, height: Math.min(Math.ceil(height), 4000) });
  await page.screenshot({ path: `${SHOTS}/web-recover-${name}.png`, fullPage: true });
  if (height > size.height) await page.setViewportSize(size);
}

/** Fills the user ID, waits for the proof of work and goes on to the first verification. */
export async function startReset(page: Page, username: string, labels = { userId: /^User ID/, next: 'Next' }): Promise<void> {
  await page.getByRole('textbox', { name: labels.userId }).fill(username);
  await page.locator('[data-testid="captcha-status"][data-state="ready"]').waitFor({ timeout: 30_000 });
  await page.getByRole('button', { name: labels.next, exact: true }).click();
  await page.getByRole('radiogroup').waitFor();
}

export async function enterCode(page: Page, code: string, verify = 'Verify'): Promise<void> {
  await page.locator('input[autocomplete="one-time-code"]').fill(code);
  await page.getByRole('button', { name: verify, exact: true }).click();
}

export async function choosePassword(page: Page, password: string, submit = 'Reset password'): Promise<void> {
  const boxes = page.locator('input[autocomplete="new-password"]');
  await boxes.nth(0).fill(password);
  await boxes.nth(1).fill(password);
  await page.getByRole('button', { name: submit, exact: true }).click();
}

/** What the flow's token is stored as in this tab (never the address bar). */
export async function storedFlowId(page: Page): Promise<string> {
  const raw = await page.evaluate<string | null>("sessionStorage.getItem('latchkey.recovery')");
  assert.ok(raw, 'the flow is kept in sessionStorage');
  return (JSON.parse(raw) as { id: string }).id;
}
