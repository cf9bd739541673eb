// The Users > Active users browser suites (admin-reset.test.ts, admin-users.test.ts): their seed (a
// Helpdesk, a Global and a User Administrator and seven users on contoso.example), the grid and
// its selection, a sign-in through the API and screenshots with a drawer open.
import type { Locator, Page } from 'playwright-core';
import type { TestServer } from './server.js';
import { SHOTS, seedUsers } from './web.js';

// The test server's organisation has one domain: contoso.example.
export const DOMAIN = 'contoso.example';
/** A password the policy accepts. */
export const STRONG = 'Kx7#mQ2v!Lp9wR-Otter';
export const upn = (name: string) => `${name}@${DOMAIN}`;

export async function seedAdminUsers(server: TestServer): Promise<void> {
  await seedUsers(server, [
    { userPrincipalName: upn('megan.bowen'), displayName: 'Megan Bowen', roles: ['helpdesk-administrator'] },
    { userPrincipalName: upn('miriam.graham'), displayName: 'Miriam Graham', roles: ['global-administrator'] },
    { userPrincipalName: upn('nestor.wilke'), displayName: 'Nestor Wilke', roles: ['user-administrator'] },
    { userPrincipalName: upn('adele.vance'), displayName: 'Adele Vance', department: 'Retail' },
    { userPrincipalName: upn('alex.wilber'), displayName: 'Alex Wilber', department: 'Marketing' },
    { userPrincipalName: upn('lidia.holloway'), displayName: 'Lidia Holloway' },
    { userPrincipalName: upn('lynne.robbins'), displayName: 'Lynne Robbins' },
    { userPrincipalName: upn('isaiah.langer'), displayName: 'Isaiah Langer' },
    { userPrincipalName: upn('johanna.lorenz'), displayName: 'Johanna Lorenz' },
    { userPrincipalName: upn('diego.siciliani'), displayName: 'Diego Siciliani' },
  ]);
}

/** Opens Active users and waits for the grid (English or Dutch). */
export async function openActiveUsers(page: Page, server: TestServer): Promise<Locator> {
  await page.goto(`${server.url}/admin/users`);
  await page.getByRole('heading', { level: 1, name: /^(Active users|Actieve gebruikers)$/ }).waitFor();
  const grid = page.getByRole('grid', { name: /^(Active users|Actieve gebruikers)$/ });
  await grid.getByText('Adele Vance').waitFor();
  return grid;
}

/** Ticks the users' checkboxes in the grid (English or Dutch). */
export async function select(page: Page, names: string[]): Promise<void> {
  for (const name of names) await page.getByRole('checkbox', { name: new RegExp(`^(Select ${name}|${name} selecteren)$`) }).check();
}

/** Signs in through the API: the status code and, on success, whether a change is required. */
export async function apiSignIn(server: TestServer, username: string, password: string): Promise<{ status: number; passwordChangeRequired?: boolean }> {
  const res = await fetch(`${server.url}/api/v1/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  const body = (await res.json().catch(() => ({}))) as { passwordChangeRequired?: boolean };
  return { status: res.status, passwordChangeRequired: body.passwordChangeRequired };
}

/** A screenshot with an open drawer: the drawer is fixed, so the viewport is enough. */
export async function shot(page: Page, name: string): Promise<void> {
  await page.waitForTimeout(350); // the drawer's opening animation
  await page.screenshot({ path: `${SHOTS}/web-${name}.png` });
}
