// Browser tests of the reset portal (/recover) with two methods required: a full reset through each
// pair of methods that recover.test.ts doesn't already cover (it has text + app and call + questions),
// alternating English and Dutch. Security questions are always the second method (they can't be the
// first). Codes are read from the dev mailbox; the new password is checked through the API.
// Needs `npm run build:web` first (the test script does that).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import {
  configureSspr,
  nextTotp,
  registerAuthenticator,
  registerCodeMethod,
  registerQuestions,
  signIn as apiSignIn,
  watchMailbox,
  type Session,
} from '../support/recover.js';
import { NEW_PASSWORD, noPortal } from '../support/recover-portal.js';
import { PASSWORD, SHOTS, browserGate, hasOperation, useBrowserSuite } from '../support/web.js';

type Method = 'email' | 'mobilePhone' | 'officePhone' | 'authenticatorApp' | 'securityQuestions';
type Lang = 'en' | 'nl';

const PAIRS: [Method, Method][] = [
  ['email', 'mobilePhone'],
  ['email', 'officePhone'],
  ['email', 'authenticatorApp'],
  ['email', 'securityQuestions'],
  ['mobilePhone', 'officePhone'],
  ['mobilePhone', 'securityQuestions'],
  ['authenticatorApp', 'securityQuestions'],
  ['officePhone', 'authenticatorApp'],
];

/** What the portal says, per language: the method's radio and (for codes) its send button. */
const TEXT = {
  en: {
    title: 'Get back into your account',
    userId: /^User ID/,
    next: 'Next',
    verify: 'Verify',
    step: (n: number) => `Verification step ${n} of 2`,
    password: 'Choose a new password',
    submit: 'Reset password',
    done: 'Your password has been reset',
    signIn: 'Sign in with your new password',
    methods: {
      email: { radio: 'Email my alternate email', send: 'Send email' },
      mobilePhone: { radio: 'Text my mobile phone', send: 'Send text' },
      officePhone: { radio: 'Call my office phone', send: 'Call' },
      authenticatorApp: { radio: 'Enter a code from my authenticator app' },
      securityQuestions: { radio: 'Answer my security questions' },
    },
  },
  nl: {
    title: 'Terug naar uw account',
    userId: /^Gebruikers-id/,
    next: 'Volgende',
    verify: 'Verifiëren',
    step: (n: number) => `Verificatiestap ${n} van 2`,
    password: 'Een nieuw wachtwoord kiezen',
    submit: 'Wachtwoord opnieuw instellen',
    done: 'Uw wachtwoord is opnieuw ingesteld',
    signIn: 'Aanmelden met uw nieuwe wachtwoord',
    methods: {
      email: { radio: 'Een e-mail sturen naar mijn alternatieve e-mailadres', send: 'E-mail verzenden' },
      mobilePhone: { radio: 'Een sms sturen naar mijn mobiele telefoon', send: 'Sms verzenden' },
      officePhone: { radio: 'Mijn telefoon op kantoor bellen', send: 'Bellen' },
      authenticatorApp: { radio: 'Een code uit mijn authenticator-app invoeren' },
      securityQuestions: { radio: 'Mijn beveiligingsvragen beantwoorden' },
    },
  },
} satisfies Record<Lang, { methods: Record<Method, { radio: string; send?: string }> } & Record<string, unknown>>;

/** What a user registered for a method: where its codes go, the app's secret, the answers. */
interface Proof {
  destination?: string;
  secret?: string;
  answers?: Map<string, string>;
}

describe('reset portal: each pair of methods', browserGate('reset portal', undefined, 'the reset portal pair tests'), () => {
  const suite = Object.assign(
    useBrowserSuite(async (server) => {
      suite.hasPortal = await hasOperation(server, '/api/v1/recovery/flows');
      await server.createUser({
        userPrincipalName: 'pairs.admin@contoso.example',
        displayName: 'Pairs Admin',
        password: PASSWORD,
        roles: ['global-administrator'],
        preferredLanguage: 'en',
      });
      const admin = await apiSignIn(server, 'pairs.admin@contoso.example', PASSWORD);
      // Every method on: a user is offered exactly the ones they registered.
      const methods = { email: true, mobilePhone: true, officePhone: true, authenticatorApp: true, securityQuestions: true };
      if (suite.hasPortal) await configureSspr(server, admin, { methods, methodsRequired: 2, questionsToRegister: 3, questionsToReset: 3 });
    }),
    { hasPortal: false },
  );

  /** Registers the method through the API, as the user would on their security info page. */
  async function register(session: Session, method: Method, n: number): Promise<Proof> {
    const nn = String(n).padStart(2, '0');
    const codeMethods = {
      email: ['email', `pair${nn}.private@fabrikam.example`],
      mobilePhone: ['mobile-phone', `+316123456${nn}`],
      officePhone: ['office-phone', `+312012345${nn}`],
    } as const;
    if (method === 'authenticatorApp') return { secret: await registerAuthenticator(suite.server, session, PASSWORD) };
    if (method === 'securityQuestions') return { answers: await registerQuestions(suite.server, session, PASSWORD, 3) };
    const [kind, destination] = codeMethods[method];
    await registerCodeMethod(suite.server, session, PASSWORD, kind, destination);
    return { destination };
  }

  /** Proves one method in the portal: chooses it, then a code from the mailbox or the app, or the answers. */
  async function prove(page: Page, lang: Lang, method: Method, proof: Proof): Promise<void> {
    const text = TEXT[lang];
    await page.getByRole('radio', { name: text.methods[method].radio, exact: true }).check();
    const verify = page.getByRole('button', { name: text.verify, exact: true });
    if (method === 'securityQuestions') {
      const inputs = page.locator('input[name^="answer-"]');
      await inputs.first().waitFor();
      assert.equal(await inputs.count(), 3);
      for (const input of await inputs.all()) {
        const answer = proof.answers!.get((await input.getAttribute('name'))!.slice('answer-'.length));
        assert.ok(answer, 'the portal asked a registered question');
        await input.fill(answer);
      }
    } else {
      let code: string;
      if (method === 'authenticatorApp') code = nextTotp(proof.secret!);
      else {
        const mailbox = await watchMailbox(suite.server, proof.destination!);
        await page.getByRole('button', { name: (text.methods[method] as { send: string }).send, exact: true }).click();
        code = await mailbox.code();
      }
      await page.locator('input[autocomplete="one-time-code"]').fill(code);
    }
    await verify.click();
  }

  PAIRS.forEach(([first, second], i) => {
    const lang: Lang = i % 2 === 0 ? 'en' : 'nl';
    test(`${first} then ${second} (${lang})`, async (t) => {
      if (!suite.hasPortal) return t.skip(noPortal);
      const text = TEXT[lang];
      const username = `pair${i}.${first}.${second}@contoso.example`.toLowerCase();
      await suite.server.createUser({ userPrincipalName: username, displayName: `Pair ${i}`, password: PASSWORD, preferredLanguage: 'en' });
      const session = await apiSignIn(suite.server, username, PASSWORD);
      const proofs = { [first]: await register(session, first, i), [second]: await register(session, second, i) } as Record<Method, Proof>;

      const context = await suite.browser.newContext({ locale: 'en-GB', viewport: { width: 1366, height: 900 } });
      try {
        const page = await context.newPage();
        page.setDefaultTimeout(15_000);
        await page.goto(`${suite.server.url}/recover`);
        if (lang === 'nl') {
          await page.getByRole('button', { name: /^(Language|Taal)/ }).click();
          await page.getByRole('menuitemradio', { name: 'Nederlands' }).click();
        }
        await page.getByRole('heading', { level: 1, name: text.title }).waitFor();
        await page.getByRole('textbox', { name: text.userId }).fill(username);
        await page.locator('[data-testid="captcha-status"][data-state="ready"]').waitFor({ timeout: 30_000 });
        await page.getByRole('button', { name: text.next, exact: true }).click();

        await page.getByRole('heading', { level: 2, name: text.step(1) }).waitFor();
        const radios = page.getByRole('radio');
        assert.equal(await radios.count(), 2, 'only the two registered methods are offered');
        await prove(page, lang, first, proofs[first]);

        await page.getByRole('heading', { level: 2, name: text.step(2) }).waitFor();
        assert.equal(await radios.count(), 1, 'the proven method is not offered again');
        await prove(page, lang, second, proofs[second]);

        await page.getByRole('heading', { level: 2, name: text.password }).waitFor();
        const boxes = page.locator('input[autocomplete="new-password"]');
        await boxes.nth(0).fill(NEW_PASSWORD);
        await boxes.nth(1).fill(NEW_PASSWORD);
        await page.getByRole('button', { name: text.submit, exact: true }).click();
        await page.getByRole('heading', { level: 2, name: text.done }).waitFor();
        await page.getByRole('link', { name: text.signIn }).waitFor();
        if (i === 1) await page.screenshot({ path: `${SHOTS}/web-recover-pairs-done-nl.png`, fullPage: true });
      } finally {
        await context.close();
      }

      await assert.rejects(apiSignIn(suite.server, username, PASSWORD), /sign-in failed: 4\d\d/, 'the old password no longer signs in');
      await apiSignIn(suite.server, username, NEW_PASSWORD);
    });
  });
});
