// The password reset reports' test fixture: a test app (or the report routes behind the same auth
// and error handling) with a Reports Reader, a user without roles, users with security info and
// reset flows over the last 40 days. Used by password-reset.test.ts and password-reset-exports.test.ts.
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import Fastify, { type FastifyInstance, type LightMyRequestResponse } from 'fastify';
import fastifyCookie from '@fastify/cookie';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import type { Engine } from '../../db/kysely.js';
import { cookieNames, registerAuth } from '../../http/auth.js';
import { registerErrorHandling } from '../../http/errors.js';
import { newId, sha256 } from '../../core/crypto.js';
import { defaultSsprSettings, SSPR_SETTINGS_KEY } from '../recovery/settings.js';
import type { MethodKind } from '../../../shared/methods.js';
import type { Eligibility } from '../recovery/flow.js';
import { passwordResetReportRoutes } from './password-reset-routes.js';

export const PASSWORD = 'Zebra-Quilt-Harbor-71!';
export const DAY = 86_400_000;
export const REGISTRATION = '/api/v1/reports/password-reset/registration';
export const ACTIVITY = '/api/v1/reports/password-reset/activity';

/** The application's own routes once app.ts registers the plugin; until then the plugin behind the same auth and error handling. */
async function reportsApp(t: TestApp): Promise<{ app: FastifyInstance; close(): Promise<void> }> {
  if (t.app.hasRoute({ method: 'GET', url: REGISTRATION })) return { app: t.app, close: async () => {} };
  const app = Fastify().withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  await app.register(fastifyCookie);
  registerErrorHandling(app, null);
  registerAuth(app, { auth: t.services.auth, cookies: cookieNames(false), defaultLocale: 'en', allowedOrigins: [] });
  await app.register(passwordResetReportRoutes({ repos: t.repos, clock: t.clock, settings: () => t.ssprConfig.get() }), { prefix: '/api/v1' });
  await app.ready();
  return { app: app as unknown as FastifyInstance, close: () => app.close() };
}

interface FlowSeed {
  token: string;
  userId?: string | null;
  userPrincipalName?: string | null;
  eligibility?: Eligibility;
  createdAt: Date;
  outcome?: string;
  proven?: MethodKind[];
}
export type RegistrationItem = {
  userId: string;
  userPrincipalName: string;
  displayName: string;
  methods: string[];
  registered: boolean;
  confirmedAt: string | null;
};
export const upns = (body: { items: { userPrincipalName: string }[] }) => body.items.map((i) => i.userPrincipalName);

export interface ReportFixture {
  t: TestApp;
  api: { app: FastifyInstance; close(): Promise<void> };
  reader: { cookie: string };
  plain: { cookie: string };
  /** User ids by key (reader, plain, alice, bob, …). */
  ids: Record<string, string>;
  /** Flow ids by the seed's token. */
  flowIds: Record<string, string>;
  /** GET as `who`. */
  get: (who: { cookie: string }, url: string) => Promise<LightMyRequestResponse>;
  /** GET as the Reports Reader, expecting 200; the JSON body. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the tests read the bodies as freely as res.json() lets them
  json: (url: string) => Promise<any>;
  /** Runs `check` with these SSPR settings, then restores the defaults. */
  withSettings: (change: Partial<typeof defaultSsprSettings>, check: () => Promise<void>) => Promise<void>;
}

/** Inside a `describe`: seeds the fixture before the tests and closes it after them. */
export function useReportFixture(engine: Engine): ReportFixture {
  const fx = { ids: {}, flowIds: {} } as ReportFixture;
  const { ids, flowIds } = fx;
  fx.get = (who, url) => fx.api.app.inject({ method: 'GET', url, headers: { cookie: who.cookie } });
  fx.json = async (url) => {
    const res = await fx.get(fx.reader, url);
    assert.equal(res.statusCode, 200, res.body);
    return res.json<unknown>();
  };
  fx.withSettings = async (change, check) => {
    await fx.t.repos.settings.put(SSPR_SETTINGS_KEY, { ...defaultSsprSettings, ...change }, null, fx.t.clock.now());
    fx.t.ssprConfig.invalidate(); // as the settings API does after a save
    try {
      await check();
    } finally {
      await fx.t.repos.settings.put(SSPR_SETTINGS_KEY, defaultSsprSettings, null, fx.t.clock.now());
      fx.t.ssprConfig.invalidate();
    }
  };

  async function addFlow(f: FlowSeed) {
    const id = sha256(f.token);
    flowIds[f.token] = id;
    const created = await fx.t.repos.recovery.createFlow({
      id,
      subject: f.userId ?? `unknown:${f.token}`,
      userId: f.userId ?? null,
      userPrincipalName: f.userPrincipalName ?? null,
      eligibility: f.eligibility ?? 'eligible',
      state: 'verify',
      passwordStamp: 'stamp',
      methodsRequired: 1,
      offered: [],
      proven: [],
      questions: [],
      locale: 'en',
      createdAt: f.createdAt,
      expiresAt: new Date(f.createdAt.getTime() + 15 * 60_000),
      captchaKey: `captcha-${f.token}`,
      ipAddress: '203.0.113.7',
      userAgent: 'test',
    });
    assert.ok(created);
    if (f.outcome || f.proven) {
      const finished = f.outcome
        ? {
            state: f.outcome === 'completed' ? ('completed' as const) : ('failed' as const),
            outcome: f.outcome,
            finishedAt: new Date(f.createdAt.getTime() + 60_000),
          }
        : {};
      assert.ok(await fx.t.repos.recovery.updateFlow(id, 0, { ...finished, ...(f.proven ? { proven: f.proven } : {}) }));
    }
  }

  before(async () => {
    fx.t = await createTestApp({ engine });
    fx.api = await reportsApp(fx.t);
    const now = fx.t.clock.now();
    ids.reader = (await fx.t.createUser({ userPrincipalName: 'reader@contoso.example', password: PASSWORD, roles: ['reports-reader'] })).id;
    ids.plain = (await fx.t.createUser({ userPrincipalName: 'plain@contoso.example', password: PASSWORD })).id;
    fx.reader = await fx.t.signIn('reader@contoso.example', PASSWORD);
    fx.plain = await fx.t.signIn('plain@contoso.example', PASSWORD);
    for (const [key, upn, displayName, roles] of [
      ['alice', 'alice@contoso.example', 'Alice Andrews', []],
      ['bob', 'bob@contoso.example', 'Bob Baker', []],
      ['carol', 'carol@contoso.example', 'Carol Clark', []],
      ['dave', 'dave@contoso.example', 'Dave Dekker', ['helpdesk-administrator']],
      ['erin', 'erin@contoso.example', 'Erin Evans', ['password-administrator']],
      ['frank', 'frank@contoso.example', '=HYPERLINK("http://evil.example")', []],
      ['gina', 'gina@contoso.example', 'Smith, "Gina"', []],
      ['under', 'under_score@contoso.example', 'Under Score', []],
      ['underx', 'underxscore@contoso.example', 'Underx Score', []],
    ] as const) {
      ids[key] = (await fx.t.createUser({ userPrincipalName: upn, displayName, roles: [...roles] })).id;
    }
    const si = fx.t.repos.securityInfo;
    const answers = (n: number) => Array.from({ length: n }, (_, i) => ({ questionId: `q0${i + 1}`, answerHash: `h${i}` }));
    await si.putMethod({ id: newId(), userId: ids.alice!, kind: 'email', value: 'alice@home.example' }, now);
    await si.putMethod({ id: newId(), userId: ids.alice!, kind: 'mobilePhone', value: '+31612345678' }, now);
    await si.markConfirmed(ids.alice!, now);
    await si.replaceAnswers(ids.carol!, answers(3), now);
    await si.putMethod({ id: newId(), userId: ids.dave!, kind: 'email', value: 'dave@home.example' }, now);
    await si.replaceAnswers(ids.dave!, answers(5), now);
    await si.putMethod({ id: newId(), userId: ids.erin!, kind: 'email', value: 'erin@home.example' }, now);
    await si.putMethod({ id: newId(), userId: ids.erin!, kind: 'authenticatorApp', value: 'sealed' }, now);
    await si.putMethod({ id: newId(), userId: ids.frank!, kind: 'officePhone', value: '+31201234567' }, now);
    await si.putMethod({ id: newId(), userId: ids.gina!, kind: 'mobilePhone', value: '+31687654321' }, now);
    await si.replaceAnswers(ids.gina!, answers(3), now);
    // Answers to questions that are not (or no longer) in the catalogue count for nothing.
    await si.replaceAnswers(ids.bob!, [{ questionId: 'custom:gone', answerHash: 'x' }, ...answers(2)], now);

    const ago = (ms: number) => new Date(now.getTime() - ms);
    await addFlow({
      token: 'old',
      userId: ids.alice!,
      userPrincipalName: 'alice@contoso.example',
      createdAt: ago(40 * DAY),
      outcome: 'completed',
      proven: ['email'],
    });
    await addFlow({
      token: 'done-1',
      userId: ids.alice!,
      userPrincipalName: 'alice@contoso.example',
      createdAt: ago(10 * DAY),
      outcome: 'completed',
      proven: ['email', 'mobilePhone'],
    });
    await addFlow({
      token: 'done-2',
      userId: ids.erin!,
      userPrincipalName: 'erin@contoso.example',
      createdAt: ago(9 * DAY),
      outcome: 'completed',
      proven: ['authenticatorApp', 'email'],
    });
    await addFlow({ token: 'wrong', userId: ids.carol!, userPrincipalName: 'carol@contoso.example', createdAt: ago(8 * DAY), outcome: 'wrong_proof' });
    await addFlow({ token: 'locked', userId: ids.carol!, userPrincipalName: 'carol@contoso.example', createdAt: ago(7 * DAY), outcome: 'locked' });
    await addFlow({ token: 'wrong-2', userId: ids.bob!, userPrincipalName: 'bob@contoso.example', createdAt: ago(6 * DAY), outcome: 'wrong_proof' });
    // Whatever someone typed for an unknown account must never show, even if it was stored.
    await addFlow({ token: 'ghost', userPrincipalName: 'my secret password', eligibility: 'unknown', createdAt: ago(5 * DAY), outcome: 'unknown_account' });
    // Three flows in the same millisecond: paging must neither skip nor repeat them.
    for (const token of ['tie-a', 'tie-b', 'tie-c']) await addFlow({ token, userId: ids.bob!, userPrincipalName: 'bob@contoso.example', createdAt: ago(DAY) });
    await addFlow({ token: 'open', userId: ids.erin!, userPrincipalName: 'erin@contoso.example', createdAt: ago(60_000), proven: ['email'] });
  });
  after(async () => {
    await fx.api.close();
    await fx.t.close();
  });
  return fx;
}
