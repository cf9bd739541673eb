// Browser test of sign-in for another app (issue 15): the authorization code flow with PKCE goes
// through Latchkey's own sign-in page in Chromium, including sign-in MFA by an authenticator app
// (registered at first sign-in, as the product's defaults ask of an administrator), and returns to
// the app with a code that the real token endpoint exchanges. Needs `npm run build:web` first.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { Browser } from 'playwright-core';
import { totpCode } from '../../src/server/features/verification/methods.js';
import { registerTestApp, tenantOf } from '../../src/server/testing/oauth.js';
import { launchBrowser } from '../support/browser.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { browserGate, PASSWORD, SHOTS, shot, withPage } from '../support/web.js';

const REDIRECT = 'http://127.0.0.1:5557/signin-oidc';

describe('sign-in for another app (authorization code + PKCE)', browserGate('OAuth sign-in'), () => {
  let server: TestServer;
  let browser: Browser;
  let clientId: string;
  let app: Server;
  before(async () => {
    // The app's redirect URI: a real listener (a redirect from the server is a navigation Playwright's routing doesn't see).
    app = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end('the app'));
    await new Promise<void>((resolve) => app.listen(5557, '127.0.0.1', resolve));
    mkdirSync(SHOTS, { recursive: true });
    server = await startTestServer({ mfa: 'product-defaults' });
    browser = await launchBrowser();
    ({ clientId } = await registerTestApp(server.testApp, { name: 'Contoso Portal', permissions: [], publicClient: true, redirectUris: [REDIRECT] }));
    await server.createUser({
      userPrincipalName: 'oauth.admin@contoso.test',
      displayName: 'OAuth Admin',
      password: PASSWORD,
      roles: ['helpdesk-administrator'],
    });
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    await new Promise((resolve) => app?.close(resolve));
  });

  test('the app sends the user to Latchkey; sign-in with MFA; back at the app with a code; the token says amr pwd+mfa', async () => {
    const tenant = await tenantOf(server.testApp);
    const verifier = randomBytes(32).toString('base64url');
    const state = randomBytes(8).toString('hex');
    const authorize = new URL(`${server.url}/${tenant}/oauth2/v2.0/authorize`);
    authorize.search = new URLSearchParams({
      client_id: clientId,
      response_type: 'code',
      redirect_uri: REDIRECT,
      scope: 'openid profile https://graph.microsoft.com/.default',
      code_challenge: createHash('sha256').update(verifier).digest('base64url'),
      code_challenge_method: 'S256',
      state,
    }).toString();
    await withPage(browser, 'oauth-sign-in', {}, async (page) => {
      await page.goto(authorize.href);
      await page.waitForURL(/\/sign-in\?returnTo=%2Foauth%2Finteraction%2F/);
      await shot(page, 'oauth-sign-in-page');
      await page.getByLabel(/^Email or username/).fill('oauth.admin@contoso.test');
      await page.locator('input[autocomplete="current-password"]').fill(PASSWORD);
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      // An administrator must use MFA: register an authenticator app first, then back to the app.
      await page.getByRole('heading', { level: 1, name: 'More information required' }).waitFor();
      await page.getByRole('button', { name: 'Set up authenticator app' }).click();
      const secret = (await page.getByTestId('authenticator-secret').textContent())!.replace(/\s/g, '');
      await page.getByLabel('Code from your authenticator app').fill(totpCode(secret, new Date()));
      await page.getByRole('button', { name: 'Verify' }).click();
      await page.waitForURL(`${REDIRECT}**`);
      await page.getByText('the app').waitFor();
      const back = new URL(page.url());
      assert.equal(back.searchParams.get('state'), state);
      const code = back.searchParams.get('code');
      assert.ok(code);
      const token = await fetch(`${server.url}/${tenant}/oauth2/v2.0/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'authorization_code', client_id: clientId, code, redirect_uri: REDIRECT, code_verifier: verifier }),
      });
      assert.equal(token.status, 200);
      const { access_token } = (await token.json()) as { access_token: string };
      const claims = JSON.parse(Buffer.from(access_token.split('.')[1]!, 'base64url').toString()) as { amr: string[]; preferred_username: string };
      assert.deepEqual(claims.amr, ['pwd', 'mfa']);
      assert.equal(claims.preferred_username, 'oauth.admin@contoso.test');
    });
  });

  test('a forced password change comes first; after it and a new sign-in the browser returns to the app', async () => {
    await server.createUser({ userPrincipalName: 'forced@contoso.test', displayName: 'Forced Change', password: PASSWORD, mustChangePassword: true });
    const tenant = await tenantOf(server.testApp);
    const verifier = randomBytes(32).toString('base64url');
    const authorize = new URL(`${server.url}/${tenant}/oauth2/v2.0/authorize`);
    authorize.search = new URLSearchParams({
      client_id: clientId,
      response_type: 'code',
      redirect_uri: REDIRECT,
      scope: 'openid profile',
      code_challenge: createHash('sha256').update(verifier).digest('base64url'),
      code_challenge_method: 'S256',
    }).toString();
    const fresh = 'Forced-Change-Done-2026!x';
    await withPage(browser, 'oauth-forced-change', {}, async (page) => {
      await page.goto(authorize.href);
      await page.waitForURL(/\/sign-in\?returnTo=/);
      await page.getByLabel(/^Email or username/).fill('forced@contoso.test');
      await page.locator('input[autocomplete="current-password"]').fill(PASSWORD);
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await page.waitForURL(/\/change-password$/);
      await page.getByLabel(/^Current password/).fill(PASSWORD);
      await page.getByLabel(/^New password/).fill(fresh);
      await page.getByLabel(/^Confirm new password/).fill(fresh);
      await page.locator('form button[type="submit"]').click();
      // The change signs the user out everywhere; they sign in with the new password and go on to the app.
      await page.waitForURL(/\/sign-in/);
      await page.getByLabel(/^Email or username/).fill('forced@contoso.test');
      await page.locator('input[autocomplete="current-password"]').fill(fresh);
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await page.waitForURL(`${REDIRECT}**`);
      assert.ok(new URL(page.url()).searchParams.get('code'), 'back at the app with a code');
    });
  });
});
