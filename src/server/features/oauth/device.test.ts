import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { testEngines } from '../../testing/databases.js';
import { registerTestApp, tenantOf } from '../../testing/oauth.js';
import { browser, follow, type TestBrowser } from '../../testing/oauth-delegated.js';

/*
 * Issue 15: the device code flow (RFC 8628) with the user's side in a cookie-jar browser: enter
 * the code (en/nl, labelled, input escaped), confirm, sign in through Latchkey, success; the
 * device's poll then gets a delegated token. Cancel and admin consent end it with an error.
 */

const PASSWORD = 'Correct-Horse-42';
const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

for (const engine of testEngines()) {
  describe(`device code, the user's side (${engine})`, () => {
    let t: TestApp;
    let clientId: string;
    let tenant: string;
    before(async () => {
      t = await createTestApp({ engine });
      tenant = await tenantOf(t);
      ({ clientId } = await registerTestApp(t, { name: 'Contoso CLI', permissions: [], publicClient: true }));
      await t.createUser({ userPrincipalName: 'adele@contoso.example', password: PASSWORD });
      await t.createUser({ userPrincipalName: 'isaiah@contoso.example', password: PASSWORD, preferredLanguage: 'nl' });
    });
    after(() => t.close());

    const start = async (client = clientId) => {
      const res = await t.app.inject({
        method: 'POST',
        url: `/${tenant}/oauth2/v2.0/devicecode`,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ client_id: client, scope: 'openid profile offline_access https://graph.microsoft.com/.default' }).toString(),
      });
      assert.equal(res.statusCode, 200, res.body);
      return res.json<{ device_code: string; user_code: string; verification_uri: string; message: string }>();
    };
    const poll = async (deviceCode: string, client = clientId) =>
      t.app.inject({
        method: 'POST',
        url: `/${tenant}/oauth2/v2.0/token`,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ grant_type: DEVICE_GRANT, client_id: client, device_code: deviceCode }).toString(),
      });
    const fields = (html: string) => Object.fromEntries([...html.matchAll(/<input type="hidden" name="(\w+)" value="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));
    const actionOf = (html: string) => /<form[^>]*action="([^"]+)"/.exec(html)![1]!.replace(/&amp;/g, '&');
    /** The user's side up to the confirm page: open the verification URI and submit the code. */
    const enterCode = async (b: TestBrowser, verificationUri: string, userCode: string) => {
      const page = await b.get(verificationUri);
      assert.equal(page.statusCode, 200);
      return b.form(actionOf(page.body), { ...fields(page.body), user_code: userCode });
    };

    test('enter the code, confirm, sign in through Latchkey, success; the device then gets a delegated token', async () => {
      const device = await start();
      assert.equal((await poll(device.device_code)).json<{ error: string }>().error, 'authorization_pending');
      const b = browser(t);
      const input = await b.get(device.verification_uri);
      assert.match(input.body, /<label for="user_code">Code<\/label>/);
      assert.match(input.body, /<h1>Enter code<\/h1>/);
      assert.match(String(input.headers['content-security-policy']), /frame-ancestors 'none'/);
      const confirm = await enterCode(b, device.verification_uri, device.user_code);
      assert.match(confirm.body, /Are you trying to sign in to Contoso CLI\?/);
      // Continue: the interaction sends the browser to Latchkey's sign-in page.
      const continued = await b.form(actionOf(confirm.body), fields(confirm.body));
      assert.equal(continued.statusCode, 303);
      const first = await follow(b, String(continued.headers.location), 'never');
      assert.match(first.visited.at(-1)!, /^\/sign-in\?returnTo=%2Foauth%2Finteraction%2F/);
      await b.api('POST', '/api/v1/auth/sign-in', { username: 'adele@contoso.example', password: PASSWORD });
      const interaction = decodeURIComponent(first.visited.at(-1)!.split('returnTo=')[1]!);
      const done = await follow(b, interaction, 'never');
      assert.equal(done.res.statusCode, 200);
      assert.match(done.res.body, /<h1>You\u2019re signed in<\/h1>/);
      assert.match(done.res.body, /signed in to Contoso CLI on your device/);
      const token = await poll(device.device_code);
      assert.equal(token.statusCode, 200, token.body);
      const claims = JSON.parse(Buffer.from(token.json<{ access_token: string }>().access_token.split('.')[1]!, 'base64url').toString()) as Record<
        string,
        unknown
      >;
      assert.equal(claims.preferred_username, 'adele@contoso.example');
      assert.equal((await poll(device.device_code)).statusCode, 400, 'a device code is redeemed once');
    });

    test('Dutch for a Dutch browser; a wrong code is refused and echoed escaped', async () => {
      const device = await start();
      const b = browser(t);
      const page = await t.app.inject({ method: 'GET', url: device.verification_uri, headers: { 'accept-language': 'nl-NL,nl;q=0.9' } });
      assert.match(page.body, /<h1>Code invoeren<\/h1>/);
      assert.match(page.body, /<html lang="nl">/);
      const wrong = await enterCode(b, device.verification_uri, '"><script>alert(1)</script>');
      assert.match(wrong.body, /klopt niet|isn\u2019t right/);
      assert.doesNotMatch(wrong.body, /<script>alert/);
      assert.match(wrong.body, /value="&quot;&gt;&lt;script&gt;alert\(1\)&lt;\/script&gt;"/);
    });

    test('Cancel on the confirm page: the device gets access_denied', async () => {
      const device = await start();
      const b = browser(t);
      const confirm = await enterCode(b, device.verification_uri, device.user_code);
      const cancelled = await b.form(actionOf(confirm.body), { ...fields(confirm.body), abort: 'yes' });
      assert.match(cancelled.body, /You cancelled the sign-in/);
      assert.equal((await poll(device.device_code)).json<{ error: string }>().error, 'access_denied');
    });

    test('an app without admin consent: the device gets consent_required, never a token', async () => {
      const { clientId: unconsented } = await registerTestApp(t, { name: 'Fabrikam CLI', permissions: [], publicClient: true, consent: false });
      const device = await start(unconsented);
      const b = browser(t);
      await b.api('POST', '/api/v1/auth/sign-in', { username: 'adele@contoso.example', password: PASSWORD });
      const confirm = await enterCode(b, device.verification_uri, device.user_code);
      const continued = await b.form(actionOf(confirm.body), fields(confirm.body));
      const refused = await follow(b, String(continued.headers.location), 'never');
      assert.equal(refused.res.statusCode, 403);
      assert.match(refused.res.body, /Need admin approval/);
      const abort = /href="([^"]+\/abort)"/.exec(refused.res.body)![1]!;
      const back = await follow(b, abort, 'never');
      assert.match(back.res.body, /Need admin approval/);
      const answer = await poll(device.device_code, unconsented);
      assert.equal(answer.statusCode, 400);
      assert.equal(answer.json<{ error: string }>().error, 'consent_required');
    });
  });
}
