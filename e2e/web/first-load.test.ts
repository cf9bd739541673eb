// First load (issue 13 item 1): what a cold browser downloads for /sign-in, how it is sent
// (precompressed, cached); the route groups load only when opened, in
// English and Dutch. Needs the built web app (the test script builds it).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import type { Page, Response } from 'playwright-core';
import { SIGN_IN_BUDGET_BYTES } from '../../src/web/vite.config.js';
import { IMMUTABLE } from '../../src/server/http/static-web.js';
import { SHOTS, browserGate, newPage, seedUsers, useBrowserSuite } from '../support/web.js';

// First contentful paint (< 1 s asked) is a timing: it is measured by `npm run bench -- first-load`
// against a plain-HTML baseline in the same run, not asserted here (timed tests flake on shared machines).
/** Files the build leaves uncompressed (precompress in src/web/vite.config.ts): below this a copy saves nothing. */
const SMALL = 1024;

interface Loaded {
  url: string;
  status: number;
  headers: Record<string, string>;
  /** Bytes on the wire (the compressed body when it was sent compressed). */
  encoded: number;
  /** The body as the page got it (decoded). */
  body: Buffer;
}

/** Every response of the page's own origin, and a way to wait until all of them are read. */
function record(page: Page, origin: string): Loaded[] & { settled: () => Promise<void> } {
  const pending: Promise<void>[] = [];
  const failures: unknown[] = [];
  // A read that fails is reported by settled(), so a short body can't pass the budget unnoticed.
  const settled = async () => {
    await Promise.all(pending);
    if (failures.length) throw failures[0];
  };
  const loaded = Object.assign([] as Loaded[], { settled });
  page.on('response', (res: Response) => {
    if (!res.url().startsWith(origin)) return;
    const entry: Loaded = { url: res.url().slice(origin.length), status: res.status(), headers: {}, encoded: 0, body: Buffer.alloc(0) };
    loaded.push(entry);
    pending.push(
      (async () => {
        entry.headers = await res.allHeaders();
        entry.body = await res.body().catch(() => Buffer.alloc(0));
        entry.encoded = (await res.request().sizes()).responseBodySize;
      })().catch((err: unknown) => {
        // Kept for settled(); a test that does not call it may close the page before the reads end.
        failures.push(err);
      }),
    );
  });
  return loaded;
}

const isScript = (l: Loaded) => /\.m?js$/.test(l.url.split('?')[0]!);

describe('first load', browserGate('first load', 'bundle budget, compression, caching, lazy route groups'), () => {
  const suite = useBrowserSuite((server) =>
    seedUsers(server, [
      { userPrincipalName: 'nestor.wilke@contoso.test', displayName: 'Nestor Wilke', roles: ['user-administrator'] },
      // After sign-in the profile's language applies (docs/web.md, Language).
      { userPrincipalName: 'megan.bowen@contoso.test', displayName: 'Megan Bowen', roles: ['user-administrator'], preferredLanguage: 'nl' },
    ]).then(() => undefined),
  );

  /** A cold load of `path` in a new context (an empty cache); resolves when the sign-in button shows. */
  async function coldLoad(locale: string, path = '/sign-in') {
    const { context, page } = await newPage(suite.browser, { locale });
    const loaded = record(page, suite.server.url);
    await page.goto(`${suite.server.url}${path}`);
    await page.getByRole('button', { name: /^(Sign in|Aanmelden)$/ }).waitFor();
    await page.waitForLoadState('networkidle');
    await loaded.settled();
    return { context, page, loaded };
  }

  for (const [locale, button, lang, other] of [
    ['en-GB', 'Sign in', 'en', 'nl'],
    ['nl-NL', 'Aanmelden', 'nl', 'en'],
  ] as const) {
    test(`${locale}: /sign-in stays within the JavaScript budget, sent as br and cached for good`, async () => {
      const { context, page, loaded } = await coldLoad(locale);
      try {
        assert.ok(await page.getByRole('button', { name: button, exact: true }).isVisible());
        assert.equal(await page.evaluate(() => document.documentElement.lang), lang);
        await page.screenshot({ path: `${SHOTS}/web-first-load-${lang}.png` });

        const scripts = loaded.filter(isScript);
        const gzip = scripts.reduce((sum, s) => sum + gzipSync(s.body, { level: 9 }).length, 0);
        const wire = scripts.reduce((sum, s) => sum + s.encoded, 0);
        const raw = scripts.reduce((sum, s) => sum + s.body.length, 0);
        console.log(`${locale} /sign-in JavaScript: ${scripts.length} files, ${raw} bytes, ${gzip} gzipped, ${wire} on the wire`);
        assert.ok(gzip <= SIGN_IN_BUDGET_BYTES, `sign-in JavaScript ${gzip} bytes gzipped > budget ${SIGN_IN_BUDGET_BYTES}`);
        assert.ok(wire <= gzip, 'the wire carries compressed scripts');

        // Only this language's catalogue; no other route group.
        assert.ok(
          scripts.some((s) => s.url.includes(`/i18n-${lang}-`)),
          `the ${lang} catalogue is loaded`,
        );
        assert.ok(!scripts.some((s) => s.url.includes(`/i18n-${other}-`)), `the ${other} catalogue is not loaded`);
        for (const group of ['admin-', 'account-', 'RecoverPage-', 'MfaPage-', 'password-']) {
          assert.ok(!scripts.some((s) => s.url.includes(`/assets/${group}`)), `${group} is not loaded on /sign-in`);
        }

        for (const asset of loaded.filter((l) => l.url.startsWith('/assets/'))) {
          assert.equal(asset.status, 200, asset.url);
          assert.equal(asset.headers['cache-control'], IMMUTABLE, asset.url);
          assert.match(asset.headers.vary ?? '', /accept-encoding/i, asset.url);
          // Chromium asks for br; every file worth compressing comes as br.
          if (asset.body.length >= SMALL) assert.equal(asset.headers['content-encoding'], 'br', asset.url);
        }
        const html = loaded.find((l) => l.url === '/sign-in');
        assert.ok(html, 'the page itself');
        assert.equal(html.headers['cache-control'], 'no-store', 'the page is never stored (checklist T3)');
        assert.match(html.headers['content-type'] ?? '', /^text\/html/);
      } finally {
        await context.close();
      }
    });
  }

  test('deep links load their route group: signed out to sign-in, then the admin centre and the portal (English, Dutch)', async () => {
    for (const [locale, user, usersHeading, recoverHeading] of [
      ['en-GB', 'nestor.wilke@contoso.test', 'Active users', /Get back into your account/],
      ['nl-NL', 'megan.bowen@contoso.test', 'Actieve gebruikers', /Terug naar uw account/],
    ] as const) {
      const { context, page } = await newPage(suite.browser, { locale });
      try {
        const loaded = record(page, suite.server.url);
        await page.goto(`${suite.server.url}/admin/users`);
        await page.waitForURL(/\/sign-in\?returnTo=%2Fadmin%2Fusers$/);
        await page.getByLabel(/^Email or username|^E-mailadres of gebruikersnaam/).fill(user);
        await page.locator('input[autocomplete="current-password"]').fill('Latchkey-Test-Passw0rd!');
        await page.getByRole('button', { name: /^(Sign in|Aanmelden)$/ }).click();
        await page.waitForURL(/\/admin\/users$/);
        await page.getByRole('heading', { level: 1, name: usersHeading }).waitFor();
        await page.getByRole('grid').getByText('Nestor Wilke').waitFor();
        await loaded.settled();
        assert.ok(
          loaded.some((l) => l.url.startsWith('/assets/admin-')),
          'the admin centre came in its own chunk',
        );

        // A deep link typed in a new tab: the server answers the page, the app loads the group.
        await page.goto(`${suite.server.url}/account/security-info`);
        await page.getByRole('heading', { level: 1 }).first().waitFor();
        assert.match(page.url(), /\/account\/security-info$/);

        await page.goto(`${suite.server.url}/recover`);
        await page.getByRole('heading', { name: recoverHeading }).waitFor();
        await page.screenshot({ path: `${SHOTS}/web-first-load-recover-${locale}.png` });
      } finally {
        await context.close();
      }
    }
  });

  test('switching language on the sign-in page fetches the other catalogue then, not before', async () => {
    const { context, page, loaded } = await coldLoad('en-GB');
    try {
      assert.ok(!loaded.some((l) => l.url.includes('/i18n-nl-')));
      await page.getByRole('button', { name: /^(Language|Taal)/ }).click();
      await page.getByRole('menuitemradio', { name: 'Nederlands' }).click();
      await page.getByRole('button', { name: 'Aanmelden', exact: true }).waitFor();
      await loaded.settled();
      assert.ok(
        loaded.some((l) => l.url.includes('/i18n-nl-')),
        'the Dutch catalogue was fetched on the switch',
      );
      assert.equal(await page.evaluate(() => document.documentElement.lang), 'nl');
    } finally {
      await context.close();
    }
  });
});
