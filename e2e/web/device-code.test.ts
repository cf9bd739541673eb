// Browser test of the device code flow's user side (issue 15; RFC 8628) in Chromium, in English and
// in Dutch: enter the code, confirm the app, sign in with Latchkey, success; the device's poll then
// gets a delegated token. Needs `npm run build:web` first.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { registerTestApp, tenantOf } from '../../src/server/testing/oauth.js';
import { launchBrowser } from '../support/browser.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { browserGate, PASSWORD, SHOTS, shot, withPage } from '../support/web.js';

const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

describe('device code: the user side', browserGate('device code'), () => {
  let server: TestServer;
  let browser: Browser;
  let clientId: string;
  let tenant: string;
  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    server = await startTestServer();
    browser = await launchBrowser();
    tenant = await tenantOf(server.testApp);
    ({ clientId } = await registerTestApp(server.testApp, { name: 'Contoso CLI', permissions: [], publicClient: true }));
    await server.createUser({ userPrincipalName: 'adele@contoso.test', displayName: 'Adele Vance', password: PASSWORD });
    await server.createUser({ userPrincipalName: 'sanne@contoso.test', displayName: 'Sanne Sleutel', password: PASSWORD, preferredLanguage: 'nl' });
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  const start = async () => {
    const res = await fetch(`${server.url}/${tenant}/oauth2/v2.0/devicecode`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ client_id: clientId, scope: 'openid profile https://graph.microsoft.com/.default' }),
    });
    assert.equal(res.status, 200);
    return (await res.json()) as { device_code: string; user_code: string; verification_uri: string };
  };
  const poll = async (deviceCode: string) => {
    const res = await fetch(`${server.url}/${tenant}/oauth2/v2.0/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: DEVICE_GRANT, client_id: clientId, device_code: deviceCode }),
    });
    return { status: res.status, body: (await res.json()) as { access_token?: string; error?: string } };
  };

  const cases = [
    {
      lang: 'en',
      locale: 'en-GB',
      user: 'adele@contoso.test',
      t: {
        title: 'Enter code',
        label: 'Code',
        next: 'Next',
        confirm: 'Are you trying to sign in to Contoso CLI?',
        go: 'Continue',
        signIn: /^Sign in$/,
        done: 'You\u2019re signed in',
      },
    },
    {
      lang: 'nl',
      locale: 'nl-NL',
      user: 'sanne@contoso.test',
      t: {
        title: 'Code invoeren',
        label: 'Code',
        next: 'Volgende',
        confirm: 'Probeert u zich aan te melden bij Contoso CLI?',
        go: 'Doorgaan',
        signIn: /^Aanmelden$/,
        done: 'U bent aangemeld',
      },
    },
  ] as const;

  for (const c of cases) {
    test(`enter the code, confirm, sign in, success (${c.lang}); the device gets a token`, async () => {
      const device = await start();
      assert.equal((await poll(device.device_code)).body.error, 'authorization_pending');
      await withPage(browser, `device-code-${c.lang}`, { locale: c.locale }, async (page) => {
        await page.goto(device.verification_uri);
        await page.getByRole('heading', { level: 1, name: c.t.title }).waitFor();
        await page.getByLabel(c.t.label, { exact: true }).fill(device.user_code);
        await shot(page, `device-code-enter-${c.lang}`);
        await page.getByRole('button', { name: c.t.next }).click();
        await page.getByRole('heading', { level: 1, name: c.t.confirm }).waitFor();
        await shot(page, `device-code-confirm-${c.lang}`);
        await page.getByRole('button', { name: c.t.go }).click();
        await page.waitForURL(/\/sign-in\?returnTo=/);
        await page.getByLabel(/^Email or username|^E-mailadres of gebruikersnaam/).fill(c.user);
        await page.locator('input[autocomplete="current-password"]').fill(PASSWORD);
        await page.getByRole('button', { name: c.t.signIn }).click();
        await page.getByRole('heading', { level: 1, name: c.t.done }).waitFor();
        await shot(page, `device-code-done-${c.lang}`);
      });
      const token = await poll(device.device_code);
      assert.equal(token.status, 200);
      const claims = JSON.parse(Buffer.from(token.body.access_token!.split('.')[1]!, 'base64url').toString()) as { preferred_username: string };
      assert.equal(claims.preferred_username, c.user);
    });
  }
});

describe("device code with Microsoft's @azure/identity over https", browserGate('device code (azure identity)'), () => {
  test('DeviceCodeCredential gets a Graph token while Chromium completes the user side', async () => {
    const { DeviceCodeCredential } = await import('@azure/identity');
    const { startHttpsServer } = await import('../../src/server/testing/https-server.js');
    const s = await startHttpsServer();
    const browser = await launchBrowser();
    try {
      const { clientId } = await registerTestApp(s.t, { name: 'Contoso CLI', permissions: [], publicClient: true });
      await s.t.createUser({ userPrincipalName: 'megan@contoso.test', displayName: 'Megan Bowen', password: PASSWORD });
      let userSide: Promise<void> = Promise.resolve();
      const credential = new DeviceCodeCredential({
        tenantId: s.tenantId,
        clientId,
        authorityHost: s.origin,
        disableInstanceDiscovery: true,
        tlsOptions: { ca: s.caPem },
        userPromptCallback: (info) => {
          // What the CLI would print; Chromium plays the user.
          userSide = (async () => {
            const context = await browser.newContext({ ignoreHTTPSErrors: true, locale: 'en-GB' });
            const page = await context.newPage();
            page.setDefaultTimeout(15_000);
            try {
              await page.goto(info.verificationUri);
              await page.getByLabel('Code', { exact: true }).fill(info.userCode);
              await page.getByRole('button', { name: 'Next' }).click();
              await page.getByRole('button', { name: 'Continue' }).click();
              await page.waitForURL(/\/sign-in\?returnTo=/);
              await page.getByLabel(/^Email or username/).fill('megan@contoso.test');
              await page.locator('input[autocomplete="current-password"]').fill(PASSWORD);
              await page.getByRole('button', { name: 'Sign in', exact: true }).click();
              await page.getByRole('heading', { level: 1, name: 'You\u2019re signed in' }).waitFor();
            } finally {
              await context.close();
            }
          })();
        },
      });
      const token = await credential.getToken('https://graph.microsoft.com/.default').catch(async (err: unknown) => {
        await userSide.catch(() => undefined);
        throw err;
      });
      await userSide;
      const claims = JSON.parse(Buffer.from(token.token.split('.')[1]!, 'base64url').toString()) as { preferred_username: string; aud: string };
      assert.equal(claims.preferred_username, 'megan@contoso.test');
      assert.equal(claims.aud, 'https://graph.microsoft.com');
    } finally {
      await browser.close();
      await s.close();
    }
  });
});
