import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import Fastify, { type FastifyInstance } from 'fastify';
import fastifyCookie from '@fastify/cookie';
import { parse } from 'csv-parse/sync';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { testEngines } from '../../testing/databases.js';
import { cookieNames, registerAuth } from '../../http/auth.js';
import { registerErrorHandling } from '../../http/errors.js';
import { newId, sha256 } from '../../core/crypto.js';
import { decodeCursor } from '../../core/cursor.js';
import { defaultSsprSettings, SSPR_SETTINGS_KEY } from '../recovery/settings.js';
import type { MethodKind } from '../../../shared/methods.js';
import type { Eligibility } from '../recovery/store.js';
import { listActivity, shortFlowId } from './password-reset.js';
import { passwordResetReportRoutes } from './password-reset-routes.js';

const PASSWORD = 'Zebra-Quilt-Harbor-71!';
const DAY = 86_400_000;
const REGISTRATION = '/api/v1/reports/password-reset/registration';
const ACTIVITY = '/api/v1/reports/password-reset/activity';

/** The application's own routes once app.ts registers the plugin; until then the plugin behind the same auth and error handling. */
async function reportsApp(t: TestApp): Promise<{ app: FastifyInstance; close(): Promise<void> }> {
  if (t.app.hasRoute({ method: 'GET', url: REGISTRATION })) return { app: t.app, close: async () => {} };
  const app = Fastify().withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  await app.register(fastifyCookie);
  registerErrorHandling(app as unknown as FastifyInstance, null);
  registerAuth(app as unknown as FastifyInstance, { auth: t.services.auth, cookies: cookieNames(false), defaultLocale: 'en', allowedOrigins: [] });
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

for (const engine of testEngines()) {
  describe(`reports: password reset (${engine})`, () => {
    let t: TestApp;
    let api: { app: FastifyInstance; close(): Promise<void> };
    let reader: { cookie: string };
    let plain: { cookie: string };
    const ids: Record<string, string> = {};
    const flowIds: Record<string, string> = {};

    const get = (who: { cookie: string }, url: string) => api.app.inject({ method: 'GET', url, headers: { cookie: who.cookie } });
    const json = async (url: string) => {
      const res = await get(reader, url);
      assert.equal(res.statusCode, 200, res.body);
      return res.json();
    };

    async function addFlow(f: FlowSeed) {
      const id = sha256(f.token);
      flowIds[f.token] = id;
      const created = await t.repos.recovery.createFlow({
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
        const finished = f.outcome ? { state: f.outcome === 'completed' ? ('completed' as const) : ('failed' as const), outcome: f.outcome, finishedAt: new Date(f.createdAt.getTime() + 60_000) } : {};
        assert.ok(await t.repos.recovery.updateFlow(id, 0, { ...finished, ...(f.proven ? { proven: f.proven } : {}) }));
      }
    }

    before(async () => {
      t = await createTestApp({ engine });
      api = await reportsApp(t);
      const now = t.clock.now();
      ids.reader = (await t.createUser({ userPrincipalName: 'reader@contoso.example', password: PASSWORD, roles: ['reports-reader'] })).id;
      ids.plain = (await t.createUser({ userPrincipalName: 'plain@contoso.example', password: PASSWORD })).id;
      reader = await t.signIn('reader@contoso.example', PASSWORD);
      plain = await t.signIn('plain@contoso.example', PASSWORD);
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
        ids[key] = (await t.createUser({ userPrincipalName: upn, displayName, roles: [...roles] })).id;
      }
      const si = t.repos.securityInfo;
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
      await addFlow({ token: 'old', userId: ids.alice!, userPrincipalName: 'alice@contoso.example', createdAt: ago(40 * DAY), outcome: 'completed', proven: ['email'] });
      await addFlow({ token: 'done-1', userId: ids.alice!, userPrincipalName: 'alice@contoso.example', createdAt: ago(10 * DAY), outcome: 'completed', proven: ['email', 'mobilePhone'] });
      await addFlow({ token: 'done-2', userId: ids.erin!, userPrincipalName: 'erin@contoso.example', createdAt: ago(9 * DAY), outcome: 'completed', proven: ['authenticatorApp', 'email'] });
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
      await api.close();
      await t.close();
    });

    type RegistrationItem = { userId: string; userPrincipalName: string; displayName: string; methods: string[]; registered: boolean; confirmedAt: string | null };
    const upns = (body: { items: { userPrincipalName: string }[] }) => body.items.map((i) => i.userPrincipalName);
    const withSettings = async (change: Partial<typeof defaultSsprSettings>, check: () => Promise<void>) => {
      await t.repos.settings.put(SSPR_SETTINGS_KEY, { ...defaultSsprSettings, ...change }, null, t.clock.now());
      t.ssprConfig.invalidate(); // as the settings API does after a save
      try {
        await check();
      } finally {
        await t.repos.settings.put(SSPR_SETTINGS_KEY, defaultSsprSettings, null, t.clock.now());
        t.ssprConfig.invalidate();
      }
    };

    test('registration: one row per user by UPN, what they have on file, and whether it is enough', async () => {
      const res = await json(`${REGISTRATION}?limit=200`);
      const byUpn = new Map<string, RegistrationItem>(res.items.map((i: RegistrationItem) => [i.userPrincipalName, i]));
      assert.deepEqual(upns(res), [
        'alice@contoso.example', 'bob@contoso.example', 'carol@contoso.example', 'dave@contoso.example', 'erin@contoso.example', 'frank@contoso.example',
        'gina@contoso.example', 'plain@contoso.example', 'reader@contoso.example', 'under_score@contoso.example', 'underxscore@contoso.example',
      ]);
      assert.equal(res.nextCursor, null);
      assert.deepEqual(byUpn.get('alice@contoso.example'), { userId: ids.alice, userPrincipalName: 'alice@contoso.example', displayName: 'Alice Andrews', methods: ['email', 'mobilePhone'], registered: true, confirmedAt: t.clock.now().toISOString() });
      const facts = (upn: string) => [byUpn.get(upn)!.methods, byUpn.get(upn)!.registered];
      assert.deepEqual(facts('bob@contoso.example'), [[], false], 'two current answers are fewer than the three to register');
      assert.equal(byUpn.get('bob@contoso.example')!.confirmedAt, null);
      assert.deepEqual(facts('carol@contoso.example'), [['securityQuestions'], false], 'questions on file, but off in the policy and never enough alone');
      assert.deepEqual(facts('dave@contoso.example'), [['email'], false], "an admin's security questions never count, and an admin needs two methods");
      assert.deepEqual(facts('erin@contoso.example'), [['email', 'authenticatorApp'], true]);
      assert.deepEqual(facts('frank@contoso.example'), [['officePhone'], false], 'office phone is off in the default policy');
      assert.deepEqual(facts('gina@contoso.example'), [['mobilePhone', 'securityQuestions'], true]);
      assert.deepEqual(facts('reader@contoso.example'), [[], false]);
    });

    test('registration: filters by registered and by a UPN or display-name prefix', async () => {
      assert.deepEqual(upns(await json(`${REGISTRATION}?registered=true`)), ['alice@contoso.example', 'erin@contoso.example', 'gina@contoso.example']);
      assert.equal((await json(`${REGISTRATION}?registered=false`)).items.length, 8);
      assert.deepEqual(upns(await json(`${REGISTRATION}?search=ALI`)), ['alice@contoso.example']);
      assert.deepEqual(upns(await json(`${REGISTRATION}?search=${encodeURIComponent(' dave dek ')}`)), ['dave@contoso.example'], 'display name prefix, any case');
      assert.deepEqual(upns(await json(`${REGISTRATION}?search=smith`)), ['gina@contoso.example']);
      assert.deepEqual(upns(await json(`${REGISTRATION}?search=under_`)), ['under_score@contoso.example'], '_ is not a wildcard');
      assert.deepEqual(upns(await json(`${REGISTRATION}?search=%25`)), [], '% is not a wildcard');
      assert.deepEqual(upns(await json(`${REGISTRATION}?search=under&registered=false`)), ['under_score@contoso.example', 'underxscore@contoso.example']);
      assert.deepEqual(upns(await json(`${REGISTRATION}?search=under&registered=true`)), []);
    });

    test('registration: keyset paging returns every user once', async () => {
      for (const filter of ['', '&registered=false']) {
        const all = upns(await json(`${REGISTRATION}?limit=200${filter}`));
        const seen: string[] = [];
        let cursor: string | null = null;
        do {
          const body: { items: { userPrincipalName: string }[]; nextCursor: string | null } = await json(`${REGISTRATION}?limit=3${filter}${cursor ? `&cursor=${cursor}` : ''}`);
          assert.ok(body.items.length > 0 && body.items.length <= 3);
          seen.push(...body.items.map((i) => i.userPrincipalName));
          cursor = body.nextCursor;
        } while (cursor);
        assert.deepEqual(seen, all);
      }
    });

    test('registration follows the reset policy, and the registered filter always agrees with the rows', async () => {
      const policies: [Partial<typeof defaultSsprSettings>, string[]][] = [
        [{}, ['alice', 'erin', 'gina']],
        [{ methods: { email: true, mobilePhone: true, officePhone: true, authenticatorApp: true, securityQuestions: true } }, ['alice', 'erin', 'frank', 'gina']],
        [{ methodsRequired: 2, methods: { email: true, mobilePhone: true, officePhone: true, authenticatorApp: true, securityQuestions: true } }, ['alice', 'erin', 'gina']],
        [{ methodsRequired: 2, questionsToRegister: 4, methods: { email: true, mobilePhone: true, officePhone: true, authenticatorApp: true, securityQuestions: true } }, ['alice', 'erin']],
        [{ methods: { email: true, mobilePhone: false, officePhone: false, authenticatorApp: true, securityQuestions: false } }, ['alice', 'erin']],
      ];
      for (const [change, expected] of policies) {
        await withSettings(change, async () => {
          const rows: RegistrationItem[] = (await json(`${REGISTRATION}?limit=200`)).items;
          const registered = upns(await json(`${REGISTRATION}?registered=true&limit=200`));
          const unregistered = upns(await json(`${REGISTRATION}?registered=false&limit=200`));
          assert.deepEqual(registered, expected.map((u) => `${u}@contoso.example`), JSON.stringify(change));
          assert.deepEqual(registered, rows.filter((r) => r.registered).map((r) => r.userPrincipalName), `the filter agrees with the rows: ${JSON.stringify(change)}`);
          assert.deepEqual(unregistered, rows.filter((r) => !r.registered).map((r) => r.userPrincipalName));
        });
      }
      await withSettings({ questionsToRegister: 4 }, async () => {
        assert.deepEqual((await json(`${REGISTRATION}?search=carol`)).items[0].methods, [], 'three answers are fewer than four');
      });
    });

    test('activity: the last 30 days newest first, with totals; flow ids never leave the server', async () => {
      const res = await get(reader, `${ACTIVITY}?limit=200`);
      const body = res.json();
      assert.deepEqual(body.summary, { started: 10, completed: 2, failed: 4, byReason: { wrong_proof: 2, locked: 1, unknown_account: 1 } });
      assert.equal(body.items.length, 10, 'the 40-day-old flow is outside the default window');
      assert.equal(body.items[0].id, shortFlowId(flowIds.open!));
      assert.equal(body.items[0].outcome, null);
      assert.equal(body.items[0].finishedAt, null);
      assert.deepEqual(body.items[0].methodsProven, ['email']);
      const ghost = body.items.find((i: { outcome: string }) => i.outcome === 'unknown_account');
      assert.equal(ghost.userPrincipalName, null);
      assert.equal(ghost.ipAddress, '203.0.113.7');
      const done = body.items.find((i: { id: string }) => i.id === shortFlowId(flowIds['done-1']!));
      assert.deepEqual(done, {
        id: shortFlowId(flowIds['done-1']!),
        startedAt: new Date(t.clock.now().getTime() - 10 * DAY).toISOString(),
        finishedAt: new Date(t.clock.now().getTime() - 10 * DAY + 60_000).toISOString(),
        userPrincipalName: 'alice@contoso.example',
        outcome: 'completed',
        methodsProven: ['email', 'mobilePhone'],
        ipAddress: '203.0.113.7',
      });
      for (const [token, id] of Object.entries(flowIds)) assert.ok(!res.body.includes(id), `flow ${token}'s id is not exposed`);
      assert.ok(body.items.every((i: { id: string }) => /^[A-Za-z0-9_-]{12}$/.test(i.id)));
      assert.ok(!res.body.includes('my secret password'));
      const all = await json(`${ACTIVITY}?from=${new Date(t.clock.now().getTime() - 60 * DAY).toISOString()}&limit=200`);
      assert.equal(all.items.length, 11);
      assert.equal(all.summary.completed, 3);
      const early = await json(`${ACTIVITY}?to=${new Date(t.clock.now().getTime() - 7.5 * DAY).toISOString()}`);
      assert.deepEqual(early.summary, { started: 3, completed: 2, failed: 1, byReason: { wrong_proof: 1 } }, 'from defaults to 30 days before to');
    });

    test('activity: outcome filters, and totals that stay those of the period', async () => {
      const outcomes = async (filter: string) => {
        const body = await json(`${ACTIVITY}?outcome=${filter}`);
        assert.equal(body.summary.started, 10);
        return body.items.map((i: { outcome: string | null }) => i.outcome);
      };
      assert.deepEqual(await outcomes('completed'), ['completed', 'completed']);
      assert.deepEqual(await outcomes('failed'), ['unknown_account', 'wrong_proof', 'locked', 'wrong_proof']);
      assert.deepEqual(await outcomes('wrong_proof'), ['wrong_proof', 'wrong_proof']);
      assert.deepEqual(await outcomes('open'), [null, null, null, null]);
      assert.deepEqual(await outcomes('expired'), []);
    });

    test('activity: keyset paging through flows of the same millisecond; the cursor holds no flow id', async () => {
      const expected = (await json(`${ACTIVITY}?limit=200`)).items.map((i: { id: string }) => i.id);
      for (const limit of [1, 2, 3]) {
        const seen: string[] = [];
        let cursor: string | null = null;
        do {
          const body: { items: { id: string }[]; nextCursor: string | null } = await json(`${ACTIVITY}?limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
          seen.push(...body.items.map((i) => i.id));
          if (body.nextCursor) {
            const decoded = decodeCursor(body.nextCursor)!;
            assert.ok(!Object.values(flowIds).includes(decoded.id), 'no flow id in the cursor');
          }
          cursor = body.nextCursor;
        } while (cursor);
        assert.deepEqual(seen, expected, `limit ${limit}`);
      }
      // The queries directly: the tie group larger than a page.
      const window = { from: new Date(t.clock.now().getTime() - 2 * DAY), to: new Date(t.clock.now().getTime() - DAY + 1) };
      const first = await listActivity(t.repos, { ...window, limit: 1 });
      assert.deepEqual(first.next, { at: new Date(t.clock.now().getTime() - DAY).toISOString(), seen: 1 });
      const second = await listActivity(t.repos, { ...window, after: first.next!, limit: 1 });
      assert.deepEqual(second.next, { at: first.next!.at, seen: 2 });
      const third = await listActivity(t.repos, { ...window, after: second.next!, limit: 1 });
      assert.equal(third.next, null);
      assert.equal(new Set([...first.items, ...second.items, ...third.items].map((i) => i.id)).size, 3);
    });

    test('CSV exports: headers, every row, RFC 4180 quoting and no formulas', async () => {
      const reg = await get(reader, `${REGISTRATION}.csv`);
      assert.equal(reg.statusCode, 200);
      assert.match(String(reg.headers['content-type']), /^text\/csv/);
      assert.match(String(reg.headers['content-disposition']), /^attachment; filename="password-reset-registration.csv"$/);
      assert.ok(reg.body.startsWith('\uFEFF'));
      assert.ok(reg.body.includes('"Smith, ""Gina"""'), 'commas and quotes are quoted');
      const rows: string[][] = parse(reg.body.slice(1));
      assert.deepEqual(rows[0], ['User principal name', 'Display name', 'Registered', 'Methods', 'Confirmed', 'User id']);
      assert.equal(rows.length, 12);
      const frank = rows.find((r) => r[0] === 'frank@contoso.example')!;
      assert.equal(frank[1], `'=HYPERLINK("http://evil.example")`, 'a formula is prefixed with an apostrophe');
      assert.deepEqual(rows.find((r) => r[0] === 'alice@contoso.example')!.slice(2, 4), ['Yes', 'email, mobilePhone']);
      assert.deepEqual(rows.find((r) => r[0] === 'bob@contoso.example')!.slice(2, 5), ['No', '', '']);
      const filtered: string[][] = parse((await get(reader, `${REGISTRATION}.csv?registered=false&search=under`)).body.slice(1));
      assert.deepEqual(filtered.slice(1).map((r) => r[0]), ['under_score@contoso.example', 'underxscore@contoso.example']);

      const act = await get(reader, `${ACTIVITY}.csv?outcome=failed`);
      assert.match(String(act.headers['content-disposition']), /^attachment; filename="password-reset-activity.csv"$/);
      const lines: string[][] = parse(act.body.slice(1));
      assert.deepEqual(lines[0], ['Id', 'Started', 'Finished', 'User principal name', 'Outcome', 'Methods proven', 'IP address']);
      assert.deepEqual(lines.slice(1).map((r) => r[4]), ['unknown_account', 'wrong_proof', 'locked', 'wrong_proof']);
      assert.equal(lines[1]![3], '', 'an unknown account shows no name');
      assert.ok(!act.body.includes('my secret password'));
      const everything: string[][] = parse((await get(reader, `${ACTIVITY}.csv`)).body.slice(1));
      assert.equal(everything.length, 11);
    });

    test('only reports:read may read them', async () => {
      for (const url of [REGISTRATION, `${REGISTRATION}.csv`, ACTIVITY, `${ACTIVITY}.csv`]) {
        const res = await get(plain, url);
        assert.equal(res.statusCode, 403, url);
        assert.equal(res.json().code, 'auth.forbidden');
        assert.equal((await api.app.inject({ method: 'GET', url })).statusCode, 401);
      }
    });

    test('bad parameters answer 400 request.validation_failed; an altered cursor starts over', async () => {
      for (const query of [
        `${REGISTRATION}?limit=0`,
        `${REGISTRATION}?limit=201`,
        `${REGISTRATION}?limit=ten`,
        `${REGISTRATION}?registered=maybe`,
        `${REGISTRATION}?search=${'a'.repeat(300)}`,
        `${REGISTRATION}?sort=upn`,
        `${REGISTRATION}.csv?registered=1`,
        `${ACTIVITY}?outcome=nonsense`,
        `${ACTIVITY}?from=yesterday`,
        `${ACTIVITY}?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z`,
        `${ACTIVITY}?limit=-1`,
        `${ACTIVITY}.csv?to=2026-13-01T00:00:00Z`,
        `${ACTIVITY}.csv?limit=5`,
      ]) {
        const res = await get(reader, query);
        assert.equal(res.statusCode, 400, query);
        assert.equal(res.json().code, 'request.validation_failed', query);
      }
      assert.equal((await json(`${REGISTRATION}?cursor=not-a-cursor`)).items.length, 11);
      assert.equal((await json(`${ACTIVITY}?cursor=not-a-cursor`)).items.length, 10);
      const forged = Buffer.from(JSON.stringify(['2026-03-01T00:00:00.000Z', '99999999999'])).toString('base64url');
      assert.equal((await json(`${ACTIVITY}?cursor=${forged}`)).items.length, 10);
    });
  });
}
