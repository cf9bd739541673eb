import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { testEngines } from '../../testing/databases.js';
import { registerTestApp } from '../../testing/oauth.js';
import { authorizeUrl, browser, follow, pkce, redeemCode, type TestBrowser } from '../../testing/oauth-delegated.js';
import { LOCKOUT_SETTINGS_KEY } from '../lockout/settings.js';

/*
 * Issue 15: Latchkey's sign-in rules hold for sign-in through another app. A session limited to a
 * forced change does not finish the interaction; smart lockout counts the sign-in page's wrong
 * passwords; an app without admin consent gets "Need admin approval" and consent_required, never
 * a code; signing out of Latchkey ends silent sign-in through the provider's own session.
 */

const REDIRECT = 'http://localhost:5555/callback';
const PASSWORD = 'Correct-Horse-42';

for (const engine of testEngines()) {
  describe(`sign-in rules through the OAuth interaction (${engine})`, () => {
    let t: TestApp;
    let clientId: string;
    before(async () => {
      t = await createTestApp({ engine });
      ({ clientId } = await registerTestApp(t, { name: 'Contoso Scripts', permissions: [], publicClient: true, redirectUris: [REDIRECT] }));
    });
    after(() => t.close());

    const signIn = async (b: TestBrowser, username: string, password: string) => b.api('POST', '/api/v1/auth/sign-in', { username, password });
    const authorize = async (b: TestBrowser, client = clientId) => {
      const { verifier, challenge } = pkce();
      const flow = await follow(b, await authorizeUrl(t, { clientId: client, redirectUri: REDIRECT, challenge }), REDIRECT);
      return { ...flow, verifier };
    };
    const interactionOf = (visited: string[]) => visited.find((v) => v.startsWith('/oauth/interaction/'))!;

    test('a forced change blocks the interaction until the password is changed; then it finishes', async () => {
      await t.createUser({ userPrincipalName: 'megan@contoso.example', password: PASSWORD, mustChangePassword: true });
      const b = browser(t);
      const first = await signIn(b, 'megan@contoso.example', PASSWORD);
      assert.equal(first.json<{ passwordChangeRequired: boolean }>().passwordChangeRequired, true);
      const blocked = await authorize(b);
      assert.equal(blocked.location, null, 'no code with a change-password session');
      assert.match(blocked.visited.at(-1)!, /^\/sign-in\?returnTo=/);
      // The user changes the password (all sessions end), signs in again and returns to the same interaction.
      const changed = await b.api('POST', '/api/v1/me/change-password', { currentPassword: PASSWORD, newPassword: 'Brand-New-Secret-77' });
      assert.equal(changed.statusCode, 204);
      assert.equal((await signIn(b, 'megan@contoso.example', 'Brand-New-Secret-77')).statusCode, 200);
      const done = await follow(b, interactionOf(blocked.visited), REDIRECT);
      const code = done.location?.searchParams.get('code');
      assert.ok(code, `a code after the change: ${done.visited.join(' -> ')}`);
      const token = await redeemCode(t, { clientId, code, redirectUri: REDIRECT, verifier: blocked.verifier });
      assert.equal(token.statusCode, 200);
    });

    test('smart lockout: wrong passwords on the sign-in page lock the account; the right one then gets no code', async () => {
      await t.repos.settings.put(LOCKOUT_SETTINGS_KEY, { lockoutThreshold: 3, lockoutDurationSeconds: 60 }, null, t.clock.now());
      t.lockoutConfig.invalidate();
      await t.createUser({ userPrincipalName: 'lynne@contoso.example', password: PASSWORD });
      const b = browser(t);
      const pending = await authorize(b);
      assert.match(pending.visited.at(-1)!, /^\/sign-in\?returnTo=/);
      // Different wrong passwords: smart lockout does not count a repeated one (Entra).
      for (let i = 0; i < 3; i++) assert.equal((await signIn(b, 'lynne@contoso.example', `Wrong-Password-${i}`)).statusCode, 401);
      assert.equal((await signIn(b, 'lynne@contoso.example', PASSWORD)).statusCode, 401, 'locked: the right password is refused too');
      const again = await follow(b, interactionOf(pending.visited), REDIRECT);
      assert.equal(again.location, null);
      assert.match(again.visited.at(-1)!, /^\/sign-in\?returnTo=/);
      t.clock.advance(61_000);
    });

    test('an app without admin consent: "Need admin approval" (en, nl), then consent_required to the app; never a code', async () => {
      const { clientId: unconsented } = await registerTestApp(t, {
        name: 'Fabrikam <Tools>',
        permissions: [],
        publicClient: true,
        redirectUris: [REDIRECT],
        consent: false,
      });
      await t.createUser({ userPrincipalName: 'isaiah@contoso.example', password: PASSWORD, preferredLanguage: 'nl' });
      await t.createUser({ userPrincipalName: 'joni@contoso.example', password: PASSWORD });
      const en = browser(t);
      await signIn(en, 'joni@contoso.example', PASSWORD);
      const refused = await authorize(en, unconsented);
      assert.equal(refused.res.statusCode, 403);
      assert.match(refused.res.body, /<h1>Need admin approval<\/h1>/);
      assert.match(refused.res.body, /Fabrikam &lt;Tools&gt; needs permission/, 'the app name is escaped');
      const abort = /href="([^"]+\/abort)"/.exec(refused.res.body)![1]!;
      const back = await follow(en, abort, REDIRECT);
      assert.equal(back.location?.searchParams.get('error'), 'consent_required');
      assert.equal(back.location?.searchParams.get('code'), null);
      const nl = browser(t);
      await signIn(nl, 'isaiah@contoso.example', PASSWORD);
      const dutch = await authorize(nl, unconsented);
      assert.match(dutch.res.body, /<h1>Goedkeuring van beheerder nodig<\/h1>/);
      assert.match(dutch.res.body, /<html lang="nl">/);
    });

    test('signing out of Latchkey ends silent sign-in through the provider session; revoking consent stops new codes', async () => {
      const { app, clientId: scripts } = await registerTestApp(t, { name: 'Scripts', permissions: [], publicClient: true, redirectUris: [REDIRECT] });
      await t.createUser({ userPrincipalName: 'alex@contoso.example', password: PASSWORD });
      const b = browser(t);
      await signIn(b, 'alex@contoso.example', PASSWORD);
      assert.ok((await authorize(b, scripts)).location?.searchParams.get('code'));
      assert.ok((await authorize(b, scripts)).location?.searchParams.get('code'), 'silent: the provider session and the grant stand');
      // Admin consent revoked: the existing grant no longer counts.
      await t.repos.apps.update(app.id, { consentedAt: null, consentedBy: null }, t.clock.now());
      const revoked = await authorize(b, scripts);
      assert.equal(revoked.res.statusCode, 403);
      await t.repos.apps.update(app.id, { consentedAt: t.clock.now(), consentedBy: 'test' }, t.clock.now());
      assert.equal((await b.api('POST', '/api/v1/auth/sign-out')).statusCode, 204);
      const after = await authorize(b, scripts);
      assert.equal(after.location, null, 'no code once the Latchkey session is gone');
      assert.match(after.visited.at(-1)!, /^\/sign-in\?returnTo=/);
    });
  });
}
