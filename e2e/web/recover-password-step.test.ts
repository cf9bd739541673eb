// Browser tests of the reset portal's new-password step (/recover, issue 13 item 4): the same live
// feedback as Change password and the forced change — the policy's rules ticked as the user types,
// the strength meter, and the server's problems (a banned password) before any submit — checked
// for the flow's user through POST /recovery/flows/{id}/password/check. English and Dutch, with
// screenshots at desktop and phone size. Needs `npm run build:web` first (the test script does that).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { registerCodeMethod, watchMailbox } from '../support/recover.js';
import { NEW_PASSWORD, configureSspr, enterCode, noPortal, shot, startReset, upn, usePortalSuite } from '../support/recover-portal.js';
import { PASSWORD, browserGate, switchLanguage } from '../support/web.js';

/** Where the screenshots for the note go (besides test-results/). */
const NOTE_SHOTS = process.env.LATCHKEY_NOTE_SHOTS ?? 'test-results';

interface Words {
  verify: string;
  heading: string;
  minLength: string;
  categories: string;
  strength: string;
  banned: RegExp;
  submit: string;
  unavailable: string;
  confirm: string;
  mismatch: string;
}

const EN: Words = {
  verify: 'Verify',
  heading: 'Choose a new password',
  minLength: 'At least 8 characters',
  categories: '3 of 4: lowercase letters, uppercase letters, digits, symbols',
  strength: 'Password strength',
  banned: /We’ve seen that password too many times before/,
  submit: 'Reset password',
  unavailable: "The password rules can't be shown right now. Your new password is still checked when you submit it.",
  confirm: 'Confirm new password',
  mismatch: 'The passwords don’t match.',
};
const NL: Words = {
  verify: 'Verifiëren',
  heading: 'Een nieuw wachtwoord kiezen',
  minLength: 'Minstens 8 tekens',
  categories: '3 van de 4: kleine letters, hoofdletters, cijfers, symbolen',
  strength: 'Wachtwoordsterkte',
  banned: /Dat wachtwoord hebben we al te vaak gezien/,
  submit: 'Wachtwoord opnieuw instellen',
  unavailable: 'De wachtwoordregels kunnen nu niet worden weergegeven. Uw nieuwe wachtwoord wordt nog steeds gecontroleerd wanneer u het verzendt.',
  confirm: 'Nieuw wachtwoord bevestigen',
  mismatch: 'De wachtwoorden komen niet overeen.',
};

/** A checklist item's state: "true" (met), "false" (not met, or nothing typed yet). */
const ruleMet = (page: Page, rule: string) => page.locator(`#recover-password-feedback li[data-rule="${rule}"]`).getAttribute('data-met');

/**
 * Waits until the meter shows a verdict that `ok` accepts for what is typed now; the meter keeps the
 * last answer while a newer check runs, so this waits for the check of the current password.
 */
async function meterReaches(page: Page, words: Words, ok: (score: number) => boolean, what: string): Promise<number> {
  const meter = page.getByRole('meter', { name: words.strength });
  const until = Date.now() + 10_000;
  for (;;) {
    const label = (await page.getByTestId('password-strength').textContent()) ?? '';
    const score = Number(await meter.getAttribute('aria-valuenow'));
    if (!/Checking|Controleren/.test(label) && ok(score)) return score;
    if (Date.now() > until) assert.fail(`${what}: the meter stays at ${score} (${label})`);
    await page.waitForTimeout(100);
  }
}

/**
 * On the new-password step: nothing typed shows the rules unticked; a short password unmet rules
 * and a weak meter; a strong one every rule met and a strong meter; a banned one the server's
 * reason and a weak meter — all before Submit is pressed (the field never turns invalid).
 */
async function liveFeedback(page: Page, words: Words): Promise<void> {
  await page.getByRole('heading', { level: 2, name: words.heading }).waitFor();
  const feedback = page.locator('#recover-password-feedback');
  const list = feedback.getByRole('list', { name: /requirements|Vereisten/ });
  await list.getByText(words.minLength).waitFor();
  await list.getByText(words.categories).waitFor();
  assert.equal(await ruleMet(page, 'minLength'), 'false', 'nothing typed: not met yet');
  const box = page.locator('input[autocomplete="new-password"]').first();
  assert.equal(await box.getAttribute('aria-describedby'), 'recover-password-feedback', 'the feedback describes the box');

  await box.fill('ab');
  await page.waitForFunction(() => document.querySelector('#recover-password-feedback li[data-rule="minLength"]')?.getAttribute('data-met') === 'false');
  assert.equal(await ruleMet(page, 'categories'), 'false');
  await meterReaches(page, words, (score) => score <= 1, 'a two-letter password is weak');

  await box.fill(NEW_PASSWORD);
  await page.waitForFunction(() => document.querySelector('#recover-password-feedback li[data-rule="categories"]')?.getAttribute('data-met') === 'true');
  assert.equal(await ruleMet(page, 'minLength'), 'true');
  await meterReaches(page, words, (score) => score >= 3, 'the meter moves up for a strong password');
  assert.equal(await feedback.getByTestId('password-problems').count(), 0, 'no problems for a strong password');

  // Every composition rule is met, yet the global banned list refuses it: said before the submit.
  await box.fill('Password123!');
  await feedback.getByTestId('password-problems').getByText(words.banned).waitFor();
  assert.equal(await feedback.locator('[data-testid="password-problems"] li[data-code="password.banned"]').count(), 1);
  assert.equal(await ruleMet(page, 'minLength'), 'true');
  assert.equal(await ruleMet(page, 'categories'), 'true');
  await meterReaches(page, words, (score) => score <= 1, 'a banned password is shown as weak at most');
  assert.notEqual(await box.getAttribute('aria-invalid'), 'true', 'nothing was submitted');

  // As on Change password: a different confirmation is named when it loses the focus, before any submit.
  const confirm = page.getByLabel(words.confirm);
  await confirm.fill('Password123?');
  await confirm.blur();
  await page.getByText(words.mismatch).waitFor();
  await confirm.fill('');
}

describe('self-service password reset portal: the new-password step', browserGate('reset portal'), () => {
  const suite = usePortalSuite();
  const { user, openPortal } = suite;

  /** A user with an email method, on the portal's new-password step in a new page of `size`. */
  async function atPasswordStep(
    name: string,
    display: string,
    size: { width: number; height: number },
    dutch: boolean,
    beforeStep?: (page: Page) => Promise<void>,
  ) {
    const session = await user(name, display);
    const mail = `${name}.private@fabrikam.example`;
    await registerCodeMethod(suite.server, session, PASSWORD, 'email', mail);
    const context = await suite.browser.newContext({ locale: 'en-GB', viewport: size });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    await openPortal(page);
    if (dutch) await switchLanguage(page, 'Nederlands');
    const words = dutch ? NL : EN;
    await startReset(page, upn(name), dutch ? { userId: /^Gebruikers-id/, next: 'Volgende' } : undefined);
    const mailbox = await watchMailbox(suite.server, mail);
    await page.getByRole('button', { name: dutch ? 'E-mail verzenden' : 'Send email' }).click();
    await beforeStep?.(page);
    await enterCode(page, await mailbox.code(), words.verify);
    await page.getByRole('heading', { level: 2, name: words.heading }).waitFor();
    return { context, page, words };
  }

  test('English: rules turn met and unmet as the user types, the meter moves, a banned password is named before submit', async (t) => {
    if (!suite.hasPortal) return t.skip(noPortal);
    await configureSspr(suite.server, suite.admin, { methods: { email: true }, methodsRequired: 1 });
    // The flow-bound check can't answer at first (a network error): the step says so, as Change password does.
    const CHECK = '**/api/v1/recovery/flows/*/password/check';
    const { context, page, words } = await atPasswordStep('isaiah.langer', 'Isaiah Langer', { width: 1280, height: 800 }, false, async (page) => {
      await page.route(CHECK, (route) => route.abort());
    });
    try {
      await page.locator('#recover-password-feedback').getByText(words.unavailable).waitFor();
      await page.unroute(CHECK);
      // Typing asks again, and the rules appear.
      const box = page.locator('input[autocomplete="new-password"]').first();
      await box.fill('x');
      await box.fill('');
      await liveFeedback(page, words);
      await shot(page, '3-password-live-en');
      mkdirSync(NOTE_SHOTS, { recursive: true });
      await page.locator('input[autocomplete="new-password"]').first().fill('Spring2026');
      await meterReaches(page, words, (score) => score >= 1, 'a fair password');
      await page.screenshot({ path: `${NOTE_SHOTS}/portal-password-step-en-desktop.png`, fullPage: true });

      // The submit still answers with the same reasons, next to the field.
      const boxes = page.locator('input[autocomplete="new-password"]');
      await boxes.nth(0).fill('Password123!');
      await boxes.nth(1).fill('Password123!');
      await page.getByRole('button', { name: words.submit, exact: true }).click();
      await page.locator('input[autocomplete="new-password"][aria-invalid="true"]').first().waitFor();
      await page.locator('.fui-Field__validationMessage').getByText(words.banned).waitFor();
    } finally {
      await context.close();
    }
  });

  test('Dutch, on a phone (390×844): the same live rules, meter and banned-password reason', async (t) => {
    if (!suite.hasPortal) return t.skip(noPortal);
    await configureSspr(suite.server, suite.admin, { methods: { email: true }, methodsRequired: 1 });
    const { context, page, words } = await atPasswordStep('johanna.lorenz', 'Johanna Lorenz', { width: 390, height: 844 }, true);
    try {
      await liveFeedback(page, words);
      mkdirSync(NOTE_SHOTS, { recursive: true });
      await page.locator('input[autocomplete="new-password"]').first().fill('Lente2026');
      await meterReaches(page, words, (score) => score >= 1, 'a fair password');
      await page.screenshot({ path: `${NOTE_SHOTS}/portal-password-step-nl-phone.png`, fullPage: true });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(overflow <= 0, `no horizontal scrolling on a phone (${overflow}px)`);
      await switchLanguage(page, 'English');
    } finally {
      await context.close();
    }
  });
});
