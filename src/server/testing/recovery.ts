import { createHash } from 'node:crypto';
import type { TestApp } from './test-app.js';
import type { SmtpSink } from './smtp-sink.js';
import { totpCode } from '../features/verification/methods.js';
import type { SsprSettings } from '../features/recovery/settings.js';
import { withCookies, withStepUp } from '../features/step-up/step-up.fixture.js';

type Who = { cookie: string; csrf: string };

/** Solves an ALTCHA challenge the way the browser does (tests run with a tiny maxNumber). */
export function solveCaptcha(c: { algorithm: string; challenge: string; salt: string; signature: string; maxnumber: number }): string {
  for (let n = 0; n <= c.maxnumber; n++) {
    if (
      createHash('sha256')
        .update(c.salt + n)
        .digest('hex') === c.challenge
    ) {
      return Buffer.from(JSON.stringify({ algorithm: c.algorithm, challenge: c.challenge, number: n, salt: c.salt, signature: c.signature })).toString(
        'base64',
      );
    }
  }
  throw new Error('unsolvable challenge');
}

const returned = new WeakMap<TestApp, Set<string>>();

/**
 * The newest 8-digit code sent to `recipient` (SMTP sink for mail, the dev mailbox for texts and
 * calls) that this helper has not returned before: messages sent in the same (manual) millisecond
 * have no order, but each send makes exactly one new code.
 */
export async function latestCode(t: TestApp, recipient: string, sink?: SmtpSink): Promise<string> {
  await t.outboxWorker.drain();
  let texts: string[];
  if (sink && recipient.includes('@')) {
    // The sink parses a message after the SMTP transaction ends: wait until it holds every one sent.
    const sent = await t.db.db
      .selectFrom('outbox')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('recipient', '=', recipient)
      .where('status', '=', 'sent')
      .executeTakeFirstOrThrow();
    const to = () => sink.mails.filter((m) => m.to.some((address) => address.toLowerCase() === recipient.toLowerCase()));
    for (let i = 0; i < 200 && to().length < Number(sent.n); i++) await new Promise((r) => setTimeout(r, 10));
    texts = to().map((m) => m.text);
  } else {
    // In the order the messages were queued (delivery may come later, and out of order).
    const rows = await t.db.db
      .selectFrom('dev_mailbox')
      .innerJoin('outbox', 'outbox.id', 'dev_mailbox.outbox_id')
      .select(['dev_mailbox.text_body as text'])
      .where('dev_mailbox.recipient', '=', recipient)
      .orderBy('outbox.created_at')
      .execute();
    texts = rows.map((r) => r.text);
  }
  // Voice calls speak the digits one by one ("1 2 3 4 5 6 7 8").
  const codes = texts.map((text) => /\b(\d{8})\b/.exec(text)?.[1] ?? /((?:\d[ ,.]+){7}\d)/.exec(text)?.[1]?.replace(/\D/g, '')).filter((c): c is string => !!c);
  const seen = returned.get(t) ?? new Set<string>();
  returned.set(t, seen);
  const fresh = codes.filter((c) => !seen.has(c)).at(-1);
  if (!fresh) throw new Error(`no new code for ${recipient}`);
  seen.add(fresh);
  return fresh;
}

/** Drives security info and the reset portal through the HTTP API, as a browser would. */
export function recoveryDriver(t: TestApp, sink?: SmtpSink) {
  const json = (who: Who | null, method: string, url: string, payload?: unknown, headers: Record<string, string> = {}) =>
    t.app.inject({
      method: method as 'GET',
      url,
      ...(payload === undefined ? {} : { payload: payload as object }),
      headers: { ...(who ? { cookie: who.cookie, 'x-csrf-token': who.csrf } : {}), ...headers },
    });

  return {
    json,
    /** Saves SSPR settings as `admin`; past the step-up window (issue 17) it steps up with `password` first (the suites' usual one). */
    async configure(admin: Who, patch: Partial<SsprSettings>, password = 'Zebra-Quilt-Harbor-71!'): Promise<SsprSettings> {
      const current = (await json(admin, 'GET', '/api/v1/settings/self-service-password-reset')).json<SsprSettings>();
      const res = await withStepUp(t, admin, password, () => json(admin, 'PUT', '/api/v1/settings/self-service-password-reset', { ...current, ...patch }));
      if (res.statusCode !== 200) throw new Error(`settings: ${res.statusCode} ${res.body}`);
      return res.json<SsprSettings>();
    },
    async registerCode(who: Who, password: string, kind: 'email' | 'mobilePhone' | 'officePhone', value: string): Promise<void> {
      const path = kind === 'email' ? 'email' : kind === 'mobilePhone' ? 'mobile-phone' : 'office-phone';
      // Adding security info needs fresh proof (issue 17 step-up): the password, when the session is older than the window.
      const started = await withStepUp(t, who, password, () =>
        json(who, 'POST', `/api/v1/me/methods/${path}`, kind === 'email' ? { address: value } : { phone: value }),
      );
      if (started.statusCode !== 202) throw new Error(`register ${kind}: ${started.statusCode} ${started.body}`);
      const code = await latestCode(t, value.replace(/[\s()-]/g, ''), sink);
      const done = await json(who, 'POST', `/api/v1/me/methods/verifications/${started.json<{ verificationId: string }>().verificationId}`, { code });
      if (done.statusCode !== 201) throw new Error(`confirm ${kind}: ${done.statusCode} ${done.body}`);
    },
    /** @returns the authenticator secret */
    async registerApp(who: Who, password: string): Promise<string> {
      const started = await withStepUp(t, who, password, () => json(who, 'POST', '/api/v1/me/methods/authenticator-app', {}));
      if (started.statusCode !== 201) throw new Error(`register app: ${started.statusCode} ${started.body}`);
      const { verificationId, secret } = started.json<{ verificationId: string; secret: string }>();
      const done = await json(who, 'POST', `/api/v1/me/methods/verifications/${verificationId}`, { code: totpCode(secret, t.clock.now()) });
      if (done.statusCode !== 201) throw new Error(`confirm app: ${done.statusCode} ${done.body}`);
      // The app proved in this session stamps its MFA proof and rotates the token (issue 17, SE1).
      who.cookie = withCookies(who.cookie, done.cookies);
      // The registering code's step is used up: move past it so the portal's first code is fresh.
      t.clock.advance(30_000);
      return secret;
    },
    /** Registers answers "answer to q01" ... for the first `count` predefined questions. */
    async registerQuestions(who: Who, password: string, count: number): Promise<void> {
      const answers = Array.from({ length: count }, (_, i) => ({
        questionId: `q${String(i + 1).padStart(2, '0')}`,
        answer: `answer to q${String(i + 1).padStart(2, '0')}`,
      }));
      const res = await withStepUp(t, who, password, () => json(who, 'PUT', '/api/v1/me/methods/security-questions', { answers }));
      if (res.statusCode !== 200) throw new Error(`register questions: ${res.statusCode} ${res.body}`);
    },
    async start(username: string, headers: Record<string, string> = {}) {
      const challenge = (await json(null, 'GET', '/api/v1/recovery/captcha')).json<Parameters<typeof solveCaptcha>[0]>();
      return json(null, 'POST', '/api/v1/recovery/flows', { username, captcha: solveCaptcha(challenge) }, headers);
    },
    send: (id: string, method: string, headers: Record<string, string> = {}) => json(null, 'POST', `/api/v1/recovery/flows/${id}/send`, { method }, headers),
    verify: (id: string, body: object, headers: Record<string, string> = {}) => json(null, 'POST', `/api/v1/recovery/flows/${id}/verify`, body, headers),
    password: (id: string, newPassword: string) => json(null, 'POST', `/api/v1/recovery/flows/${id}/password`, { newPassword }),
    /** Answers the drawn questions with the answers registerQuestions gave. */
    answersFor(questions: { id: string }[]) {
      return questions.map((q) => ({ questionId: q.id, answer: `answer to ${q.id}` }));
    },
  };
}
