// axe-core (WCAG 2.1 A and AA) on every page of the web app, at desktop size (1280×800) and on a
// phone (390×844), in English and in Dutch, with the open states that matter: the language menu,
// the account manager, the phone's navigation drawer, the user panel and the reset panel. Every
// state has 0 violations, the documented exclusions aside (e2e/support/axe.ts, docs/web.md
// "Accessibility"). One server and one browser; each language walks the pages in one context and
// checks each state at both sizes by resizing the viewport. Needs `npm run build:web` first.
import { ACCOUNT_PAGES, ADMIN_PAGES } from '../support/pages.js';
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { MFA_SETTINGS_KEY } from '../../src/server/features/mfa/settings.js';
import { runAxe, formatViolations, type AxeResult } from '../support/axe.js';
import { configureSspr, registerAuthenticator, registerCodeMethod, signIn as apiSignIn, watchMailbox } from '../support/recover.js';
import type { TestServer } from '../support/server.js';
import { PASSWORD, browserGate, newPage, seedUsers, signIn, useBrowserSuite } from '../support/web.js';

const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };
const SHOTS = '/tmp/shots/h5';
const LANGS = ['en', 'nl'] as const;
type Lang = (typeof LANGS)[number];
const upn = (name: string, lang: Lang) => `${name}.${lang}@contoso.example`;
const altEmail = (lang: Lang) => `portal.${lang}@fabrikam.example`;

/** Words the walk clicks, per language. */
const WORDS = {
  en: {
    language: /^Language/,
    account: /^Account manager for/,
    nav: /^Navigation$/,
    commands: 'User commands',
    reset: 'Reset password',
    cantAccess: "Can't access your account?",
    userId: /^User ID/,
    next: 'Next',
    sendEmail: 'Send email',
  },
  nl: {
    language: /^Taal/,
    account: /^Accountbeheer voor/,
    nav: /^Navigatie$/,
    commands: 'Gebruikersopdrachten',
    reset: 'Wachtwoord opnieuw instellen',
    cantAccess: 'Hebt u geen toegang tot uw account?',
    userId: /^Gebruikers-id/,
    next: 'Volgende',
    sendEmail: 'E-mail verzenden',
  },
};

/** Each language's users have their own names, so the grid finds one of them. */
const NAMES = {
  en: { admin: 'Miriam Graham', user: 'Adele Vance', forced: 'Lidia Holloway', mfa: 'Isaiah Langer', portal: 'Alex Wilber' },
  nl: { admin: 'Anne van der Heijden', user: 'Chloë van Wijk', forced: 'Daan de Vries', mfa: 'Sanne Sleutel', portal: 'Bram Jansen' },
};

async function seed(server: TestServer): Promise<void> {
  // MFA for those who have it (the MFA step needs a user with an authenticator app).
  await server.testApp.repos.settings.put(
    MFA_SETTINGS_KEY,
    { administrators: 'optional', everyone: 'optional', groupId: null, rememberDeviceDays: 0, passwordless: false },
    null,
    server.testApp.clock.now(),
  );
  for (const lang of LANGS) {
    const names = NAMES[lang];
    await seedUsers(server, [
      { userPrincipalName: upn('admin', lang), displayName: names.admin, roles: ['global-administrator'], preferredLanguage: lang },
      { userPrincipalName: upn('user', lang), displayName: names.user, department: 'Retail', preferredLanguage: lang },
      { userPrincipalName: upn('forced', lang), displayName: names.forced, mustChangePassword: true, preferredLanguage: lang },
      { userPrincipalName: upn('mfa', lang), displayName: names.mfa, preferredLanguage: lang },
      { userPrincipalName: upn('portal', lang), displayName: names.portal, preferredLanguage: lang },
    ]);
    await registerAuthenticator(server, await apiSignIn(server, upn('mfa', lang), PASSWORD), PASSWORD);
    await registerCodeMethod(server, await apiSignIn(server, upn('portal', lang), PASSWORD), PASSWORD, 'email', altEmail(lang));
  }
  await configureSspr(server, await apiSignIn(server, upn('admin', 'en'), PASSWORD), { methods: { email: true }, methodsRequired: 1 });
}

/** Waits until the page has its heading, no spinner and no running transition. */
async function settle(page: Page): Promise<void> {
  await page.locator('h1').first().waitFor();
  await page
    .locator('.fui-Spinner')
    .first()
    .waitFor({ state: 'detached', timeout: 10_000 })
    .catch(() => undefined);
  await page.evaluate(`Promise.all(document.getAnimations()
    .filter((a) => a.effect?.getComputedTiming().iterations !== Infinity)
    .map((a) => a.finished.catch(() => undefined)))`);
}

/** Checks pages at both sizes and keeps what it finds, so one run reports every page. */
class Walk {
  readonly failures: string[] = [];
  readonly excluded: Record<string, number> = {};
  readonly timings: string[] = [];
  private last = Date.now();
  constructor(
    private readonly page: Page,
    private readonly lang: Lang,
  ) {}

  private record(label: string, result: AxeResult): void {
    if (result.violations.length) this.failures.push(`${label}:\n${formatViolations(result.violations)}`);
    for (const [rule, n] of Object.entries(result.excluded)) this.excluded[`${label} ${rule}`] = n;
  }

  /** The page as it is, at desktop size and on a phone (then back to desktop). */
  async both(name: string, open?: (page: Page) => Promise<void>): Promise<void> {
    for (const [size, viewport] of [
      ['desktop', DESKTOP],
      ['phone', PHONE],
    ] as const) {
      await this.page.setViewportSize(viewport);
      await settle(this.page);
      if (open) await open(this.page);
      await this.one(`${name} (${size})`, `${name}-${size}`);
      if (open) await this.page.keyboard.press('Escape');
    }
    await this.page.setViewportSize(DESKTOP);
  }

  /** The page as it is, at the current size. */
  async one(label: string, shot: string): Promise<void> {
    await settle(this.page);
    assert.equal(await this.page.locator('html').getAttribute('lang'), this.lang, `${label}: the page is in ${this.lang}`);
    const t0 = Date.now();
    this.record(`${label} [${this.lang}]`, await runAxe(this.page));
    this.timings.push(`${label}: ${t0 - this.last} ms to get there, ${Date.now() - t0} ms axe`);
    this.last = Date.now();
    // The phone's screenshots, for the record (desktop ones are in the other suites).
    if (this.page.viewportSize()?.width === PHONE.width) await this.page.screenshot({ path: `${SHOTS}/axe-${shot.replace(/\W+/g, '-')}-${this.lang}.png` });
  }

  async goto(server: TestServer, path: string, name = path): Promise<void> {
    await this.page.goto(`${server.url}${path}`);
    await this.both(name);
  }

  /** Another page of the signed-in app, through the router (no reload, so the walk stays quick). */
  async visit(path: string): Promise<void> {
    const before = await this.page.locator('h1').first().textContent();
    await this.page.evaluate(`history.pushState(null, '', ${JSON.stringify(path)}); dispatchEvent(new PopStateEvent('popstate'))`);
    await this.page.waitForFunction((prev) => document.querySelector('h1')?.textContent !== prev, before);
    await this.both(path);
  }

  /** The top bar's menus and, on a phone, the navigation drawer. */
  async menus(signedIn: boolean): Promise<void> {
    const w = WORDS[this.lang];
    await this.both(`language menu${signedIn ? '' : ' (signed out)'}`, (p) => p.getByRole('button', { name: w.language }).click());
    if (!signedIn) return;
    await this.both('account manager', (p) => p.getByRole('button', { name: w.account }).click());
    await this.page.setViewportSize(PHONE);
    await settle(this.page);
    await this.page.getByRole('button', { name: w.nav }).first().click();
    await this.one('navigation drawer (phone)', 'nav-drawer-phone');
    await this.page.keyboard.press('Escape');
    await this.page.setViewportSize(DESKTOP);
  }

  assertClean(): void {
    assert.equal(this.failures.length, 0, `axe (WCAG 2.1 A/AA) violations in ${this.lang}:\n${this.failures.join('\n')}`);
  }
}

// The two languages run side by side (each in its own context): most of the time is spent waiting for pages.
describe('accessibility (axe, WCAG 2.1 A/AA)', { ...browserGate('accessibility'), concurrency: 2 }, () => {
  const suite = useBrowserSuite(seed);

  for (const lang of LANGS) {
    test(`every page and open state has no violations at 1280×800 and 390×844, ${lang}`, async () => {
      mkdirSync(SHOTS, { recursive: true });
      const { server } = suite;
      const w = WORDS[lang];
      const { context, page } = await newPage(suite.browser, { locale: lang === 'en' ? 'en-GB' : 'nl-NL', timeout: 15_000 });
      const walk = new Walk(page, lang);
      try {
        // Signed out: sign-in (and its error), the reset portal's steps, a missing page.
        await walk.goto(server, '/sign-in', 'sign-in');
        await signIn(page, server, upn('user', lang), 'not-the-password');
        await page.getByRole('alert').waitFor();
        await walk.both('sign-in error');
        await walk.menus(false);
        await walk.goto(server, '/no-such-page', 'not-found');

        await page.goto(`${server.url}/sign-in`);
        await page.getByRole('link', { name: w.cantAccess }).click();
        await walk.both('portal user id');
        await page.getByRole('textbox', { name: w.userId }).fill(upn('portal', lang));
        await page.locator('[data-testid="captcha-status"][data-state="ready"]').waitFor({ timeout: 60_000 });
        await page.getByRole('button', { name: w.next, exact: true }).click();
        await page.getByRole('radiogroup').waitFor();
        await walk.both('portal verification');
        const mailbox = await watchMailbox(server, altEmail(lang));
        await page.getByRole('button', { name: w.sendEmail }).click();
        const code = page.locator('input[autocomplete="one-time-code"]');
        await code.waitFor();
        await walk.both('portal code');
        await code.fill(await mailbox.code());
        await code.press('Enter');
        await page.locator('input[autocomplete="new-password"]').first().waitFor();
        await walk.both('portal new password');

        // The MFA step and the forced change.
        await signIn(page, server, upn('mfa', lang), PASSWORD, { reload: true, landing: /\/sign-in\/mfa/ });
        await walk.both('mfa');
        await page.context().clearCookies();
        await signIn(page, server, upn('forced', lang), PASSWORD, { reload: true, landing: /\/change-password$/ });
        await walk.both('forced change');
        await page.context().clearCookies();

        // Signed in as a Global Administrator: My account, the admin centre and its panels.
        await signIn(page, server, upn('admin', lang), PASSWORD, { reload: true, landing: /\/account$/ });
        await walk.both('/account');
        for (const path of ACCOUNT_PAGES.filter((p) => p !== '/account')) await walk.visit(path);
        await walk.menus(true);
        for (const path of ADMIN_PAGES) await walk.visit(path);
        await walk.visit('/admin/users');
        const grid = page.getByRole('grid').first();
        await grid.getByRole('button', { name: NAMES[lang].user }).first().click();
        await page.getByRole('dialog').waitFor();
        await walk.both('user panel');
        await page.keyboard.press('Escape');
        await page.getByRole('dialog').waitFor({ state: 'detached' });
        await page.getByRole('checkbox', { name: new RegExp(NAMES[lang].user) }).check();
        await page.getByRole('toolbar', { name: w.commands }).getByRole('button', { name: w.reset }).click();
        await page.getByRole('dialog').waitFor();
        await walk.both('reset panel');
        walk.assertClean();
      } finally {
        console.log(`axe exclusions used (${lang}): ${JSON.stringify(walk.excluded)}`);
        if (process.env.H5_DEBUG) console.log(walk.failures.join('\n'), walk.timings.join('\n'));
        await context.close();
      }
    });
  }
});
