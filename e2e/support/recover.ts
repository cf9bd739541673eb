// Set-up for the reset portal's browser tests: the SSPR settings (as a Global Administrator,
// through the API), a user's security info (as that user, through the API, codes read from the
// dev mailbox) and the codes the portal sends (email, text and voice all land in the dev mailbox
// when the server has no SMTP server or SMS gateway).
import { totpCode } from '../../src/server/features/verification/methods.js';
import type { SsprSettings } from '../../src/shared/settings.js';
import type { TestServer } from './server.js';
import { withCookies } from '../../src/server/features/step-up/step-up.fixture.js';

export interface Session {
  cookie: string;
  csrf: string;
}

/** Any part of the SSPR settings; `methods` lists only those to turn on or off. */
export type SsprSettingsInput = Partial<Omit<SsprSettings, 'methods'> & { methods: Partial<SsprSettings['methods']> }>;

const NO_METHODS = { email: false, mobilePhone: false, officePhone: false, authenticatorApp: false, securityQuestions: false };

/** A request through the API as a signed-in user; throws on an unexpected status. */
export async function call<T = unknown>(
  server: TestServer,
  session: Session,
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  url: string,
  payload?: unknown,
  expect: number[] = [200, 201, 202, 204],
): Promise<T> {
  const res = await server.testApp.app.inject({
    method,
    url: `/api/v1${url}`,
    headers: { cookie: session.cookie, 'x-csrf-token': session.csrf, 'accept-language': 'en' },
    ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
  });
  if (!expect.includes(res.statusCode)) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
  return (res.body ? res.json() : undefined) as T;
}

export async function signIn(server: TestServer, username: string, password: string): Promise<Session> {
  const { cookie, csrf } = await server.testApp.signIn(username, password);
  return { cookie, csrf };
}

/** Turns self-service reset on for everyone with these settings (the rest as Entra's defaults, requireRegistration off). */
export async function configureSspr(server: TestServer, admin: Session, settings: SsprSettingsInput): Promise<void> {
  const current = await call<Record<string, unknown> & { methods?: SsprSettingsInput['methods'] }>(
    server,
    admin,
    'GET',
    '/settings/self-service-password-reset',
  );
  const next = {
    ...current,
    enabledFor: 'all',
    groupId: null,
    requireRegistration: false,
    customHelpdesk: null,
    ...settings,
    methods: { ...NO_METHODS, ...(settings.methods ?? current.methods) },
  };
  await call(server, admin, 'PUT', '/settings/self-service-password-reset', next);
}

/** The newest message in the dev mailbox for `recipient` that is not one of `seen`. */
async function nextMessage(
  server: TestServer,
  recipient: string,
  seen: Set<string>,
  timeoutMs = 10_000,
): Promise<{ id: string; subject: string; text: string }> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const mail = await server.testApp.repos.outbox.listDevMail(20, recipient);
    const fresh = mail.find((m) => !seen.has(m.id));
    if (fresh) return fresh;
    if (Date.now() > until) throw new Error(`no new message for ${recipient} in the dev mailbox`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The 8-digit code in a message; a voice call speaks it digit by digit ("4 8 1 5 …"). */
export function codeIn(text: string): string | null {
  const match = /\b(\d{8})\b/.exec(text) ?? /\b(\d(?: \d){7})\b/.exec(text);
  return match ? match[1]!.replace(/\s/g, '') : null;
}

/**
 * Remembers what is in the dev mailbox for `recipient` now; `code()` then waits for the next
 * message there and returns its 8-digit code.
 */
export async function watchMailbox(server: TestServer, recipient: string) {
  const seen = new Set((await server.testApp.repos.outbox.listDevMail(50, recipient)).map((m) => m.id));
  return {
    async code(): Promise<string> {
      const message = await nextMessage(server, recipient, seen);
      seen.add(message.id);
      const code = codeIn(message.text);
      if (!code) throw new Error(`no code in the message to ${recipient}: ${message.text}`);
      return code;
    },
    async message() {
      const message = await nextMessage(server, recipient, seen);
      seen.add(message.id);
      return message;
    },
  };
}

type CodeKind = 'email' | 'mobile-phone' | 'office-phone';

/** Registers an email address or phone number as the user would: request, code from the dev mailbox, verify. */
// `_password`: adding security info needs fresh proof (issue 17 step-up); a session just signed in has it.
export async function registerCodeMethod(server: TestServer, session: Session, _password: string, kind: CodeKind, value: string): Promise<void> {
  const mailbox = await watchMailbox(server, value);
  const body = kind === 'email' ? { address: value } : { phone: value };
  const { verificationId } = await call<{ verificationId: string }>(server, session, 'POST', `/me/methods/${kind}`, body);
  await call(server, session, 'POST', `/me/methods/verifications/${verificationId}`, { code: await mailbox.code() });
}

/** Registers an authenticator app; @returns its secret (base32), for `totpCode`. */
export async function registerAuthenticator(server: TestServer, session: Session, _password: string): Promise<string> {
  const { verificationId, secret } = await call<{ verificationId: string; secret: string }>(server, session, 'POST', '/me/methods/authenticator-app', {});
  const done = await server.testApp.app.inject({
    method: 'POST',
    url: `/api/v1/me/methods/verifications/${verificationId}`,
    headers: { cookie: session.cookie, 'x-csrf-token': session.csrf },
    payload: { code: totpCode(secret, new Date()) },
  });
  if (done.statusCode !== 201) throw new Error(`confirm app: ${done.statusCode} ${done.body}`);
  // The app proved in this session stamps its MFA proof and rotates the session token (issue 17, SE1).
  session.cookie = withCookies(session.cookie, done.cookies);
  return secret;
}

/**
 * Registers answers to the first `count` predefined questions; @returns the answer for each
 * question text (English and Dutch), so a test can answer whatever the portal draws.
 */
export async function registerQuestions(server: TestServer, session: Session, _password: string, count: number): Promise<Map<string, string>> {
  const { questions } = await call<{ questions: { id: string; text: string; custom: boolean }[] }>(server, session, 'GET', '/me/methods/security-questions');
  const chosen = questions.filter((q) => !q.custom).slice(0, count);
  const answers = chosen.map((q, i) => ({ questionId: q.id, answer: `Answer number ${i + 1} ${q.id}` }));
  await call(server, session, 'PUT', '/me/methods/security-questions', { answers });
  const byText = new Map<string, string>();
  for (const a of answers) byText.set(a.questionId, a.answer);
  return byText;
}

/**
 * A code from the authenticator app for the portal. Registration used the current 30-second
 * step, and a step is accepted once: the next step's code is used (the server allows ±1 step).
 */
export function nextTotp(secret: string): string {
  return totpCode(secret, new Date(Date.now() + 30_000));
}
