import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { testEngines } from '../../testing/databases.js';
import { newId } from '../../core/crypto.js';
import type { RoleId } from '../../../shared/roles.js';
import { defaultSsprSettings } from './settings.js';

const PASSWORD = 'Zebra-Quilt-Harbor-71!';
const URL = '/api/v1/settings/self-service-password-reset';
type Who = { cookie: string; csrf: string };

const NONE = { email: false, mobilePhone: false, officePhone: false, authenticatorApp: false, securityQuestions: false };

/** Each invalid setting: the change, the problem's code and the issues ([path, code]) it must give. */
const invalid: [string, Record<string, unknown>, string, [string, string][]][] = [
  ['questionsToRegister 2', { questionsToRegister: 2 }, 'request.validation_failed', [['questionsToRegister', 'field.too_small']]],
  ['questionsToRegister 6', { questionsToRegister: 6 }, 'request.validation_failed', [['questionsToRegister', 'field.too_big']]],
  [
    'questionsToReset above questionsToRegister',
    { questionsToRegister: 4, questionsToReset: 5 },
    'sspr.settings_invalid',
    [['questionsToReset', 'sspr.questions_reset_above_register']],
  ],
  ['reconfirmDays -1', { reconfirmDays: -1 }, 'request.validation_failed', [['reconfirmDays', 'field.too_small']]],
  ['reconfirmDays 731', { reconfirmDays: 731 }, 'request.validation_failed', [['reconfirmDays', 'field.too_big']]],
  ['methodsRequired 3', { methodsRequired: 3 }, 'request.validation_failed', [['methodsRequired', 'field.invalid']]],
  [
    '21 custom questions',
    { customQuestions: Array.from({ length: 21 }, (_, i) => `Custom question number ${i}?`) },
    'request.validation_failed',
    [['customQuestions', 'field.too_long']],
  ],
  ['custom question of 2 characters', { customQuestions: ['  Ab  '] }, 'request.validation_failed', [['customQuestions.0', 'field.too_short']]],
  ['custom question of 201 characters', { customQuestions: [`${'Why '.repeat(50)}?`] }, 'request.validation_failed', [['customQuestions.0', 'field.too_long']]],
  [
    'duplicate custom questions',
    { customQuestions: ['Where is the office?', ' where is the OFFICE? '] },
    'sspr.settings_invalid',
    [['customQuestions.1', 'sspr.question_duplicate']],
  ],
  ['helpdesk neither address nor URL', { customHelpdesk: 'call Pete' }, 'sspr.settings_invalid', [['customHelpdesk', 'sspr.helpdesk_invalid']]],
  ['helpdesk javascript URL', { customHelpdesk: 'javascript:alert(1)' }, 'sspr.settings_invalid', [['customHelpdesk', 'sspr.helpdesk_invalid']]],
  ['helpdesk ftp URL', { customHelpdesk: 'ftp://help.contoso.example' }, 'sspr.settings_invalid', [['customHelpdesk', 'sspr.helpdesk_invalid']]],
  ['helpdesk bad address', { customHelpdesk: 'help@@contoso' }, 'sspr.settings_invalid', [['customHelpdesk', 'sspr.helpdesk_invalid']]],
  ['group scope without a group', { enabledFor: 'group', groupId: null }, 'sspr.settings_invalid', [['groupId', 'sspr.group_required']]],
  ['unknown group', { enabledFor: 'group', groupId: 'no-such-group' }, 'sspr.settings_invalid', [['groupId', 'sspr.group_not_found']]],
  ['no methods', { methods: NONE }, 'sspr.settings_invalid', [['methods', 'sspr.no_methods']]],
  ['two required, one method', { methodsRequired: 2, methods: { ...NONE, email: true } }, 'sspr.settings_invalid', [['methods', 'sspr.too_few_methods']]],
  [
    'security questions alone',
    { methods: { ...NONE, securityQuestions: true } },
    'sspr.settings_invalid',
    [['methods.securityQuestions', 'sspr.questions_alone']],
  ],
  [
    'authenticator app alone',
    { methods: { ...NONE, authenticatorApp: true } },
    'sspr.settings_invalid',
    [['methods.authenticatorApp', 'sspr.authenticator_needs_others']],
  ],
  [
    'authenticator app and one other, two required',
    { methodsRequired: 2, methods: { ...NONE, email: true, authenticatorApp: true } },
    'sspr.settings_invalid',
    [['methods.authenticatorApp', 'sspr.authenticator_needs_others']],
  ],
  ['unknown field', { helpdeskPhone: '+31201234567' }, 'request.validation_failed', [['helpdeskPhone', 'field.unknown_key']]],
];

for (const engine of testEngines()) {
  describe(`settings: self-service password reset (${engine})`, () => {
    let t: TestApp;
    const who: Record<string, Who> = {};
    const ids: Record<string, string> = {};

    before(async () => {
      t = await createTestApp({ engine });
      const people: [string, RoleId[]][] = [
        ['global', ['global-administrator']],
        ['policy', ['authentication-policy-administrator']],
        ['helpdesk', ['helpdesk-administrator']],
        ['member', []],
        ['outsider', []],
      ];
      for (const [name, roles] of people) {
        ids[name] = (await t.createUser({ userPrincipalName: `${name}@contoso.example`, password: PASSWORD, roles })).id;
        who[name] = await t.signIn(`${name}@contoso.example`, PASSWORD);
      }
    });
    after(() => t.close());

    const call = (as: Who | null, method: 'GET' | 'PUT', url: string, payload?: object, headers: Record<string, string> = {}) =>
      t.app.inject({ method, url, ...(payload ? { payload } : {}), headers: { ...(as ? { cookie: as.cookie, 'x-csrf-token': as.csrf } : {}), ...headers } });
    const current = async () => {
      const res = await call(who.global!, 'GET', URL);
      assert.equal(res.statusCode, 200, res.body);
      return res.json();
    };
    const myPolicy = async (name: string) => (await call(who[name]!, 'GET', '/api/v1/me/methods')).json().policy;
    const audited = async () => (await t.repos.audit.list({ action: 'settings.sspr_updated', limit: 100 })).length;

    test('defaults: off, with the recommended methods', async () => {
      assert.deepEqual(await current(), defaultSsprSettings);
    });

    test('global and authentication policy administrators may read and save; others may not', async () => {
      const settings = await current();
      for (const name of ['global', 'policy']) {
        assert.equal((await call(who[name]!, 'GET', URL)).statusCode, 200, name);
        assert.equal((await call(who[name]!, 'PUT', URL, settings)).statusCode, 200, name);
      }
      for (const name of ['helpdesk', 'member']) {
        for (const method of ['GET', 'PUT'] as const) {
          const res = await call(who[name]!, method, URL, method === 'PUT' ? { ...settings, enabledFor: 'all' } : undefined);
          assert.deepEqual([res.statusCode, res.json().code], [403, 'auth.forbidden'], `${name} ${method}`);
        }
      }
      for (const method of ['GET', 'PUT'] as const) {
        assert.equal((await call(null, method, URL, method === 'PUT' ? settings : undefined)).statusCode, 401, `anonymous ${method}`);
      }
      assert.deepEqual(await current(), settings, 'nothing changed');
    });

    for (const [name, patch, code, issues] of invalid) {
      test(`refused with a stable code, localised, and nothing changes: ${name}`, async () => {
        const before = await current();
        const auditBefore = await audited();
        const body = { ...before, ...patch };
        const en = await call(who.global!, 'PUT', URL, body, { 'accept-language': 'en' });
        const nl = await call(who.global!, 'PUT', URL, body, { 'accept-language': 'nl-NL,nl;q=0.9' });
        for (const res of [en, nl]) {
          assert.equal(res.statusCode, 400, res.body);
          assert.equal(res.json().code, code);
          assert.deepEqual(
            res.json().issues.map((i: { path: string; code: string }) => [i.path, i.code]),
            issues,
          );
        }
        assert.notEqual(en.json().title, nl.json().title, 'the title is translated');
        en.json().issues.forEach((issue: { code: string; message: string }, i: number) => {
          const dutch = nl.json().issues[i].message;
          assert.ok(issue.message && issue.message !== issue.code && !/[{}]/.test(issue.message), `en: ${issue.message}`);
          assert.ok(dutch && dutch !== issue.message && !/[{}]/.test(dutch), `nl: ${dutch}`);
        });
        assert.deepEqual(await current(), before, 'the old settings stay');
        assert.equal(await audited(), auditBefore, 'nothing audited');
      });
    }

    test('a valid change is audited and applies at once', async () => {
      const before = await current();
      assert.deepEqual((await myPolicy('member')).enabled, false);
      const next = {
        ...before,
        enabledFor: 'all',
        methodsRequired: 2,
        methods: { ...before.methods, officePhone: true },
        questionsToRegister: 5,
        questionsToReset: 4,
        customQuestions: ['  What was your first team?  '],
        customHelpdesk: 'https://help.contoso.example/passwords',
        reconfirmDays: 0,
      };
      t.clock.advance(1000); // the newest audit event is this one, not an earlier one of the same instant
      const res = await call(who.policy!, 'PUT', URL, next);
      assert.equal(res.statusCode, 200, res.body);
      assert.deepEqual(res.json(), { ...next, customQuestions: ['What was your first team?'] }, 'custom questions trimmed');
      assert.deepEqual(await current(), res.json());
      const [event] = await t.repos.audit.list({ action: 'settings.sspr_updated', limit: 1 });
      assert.equal(event?.actorId, ids.policy);
      assert.deepEqual(JSON.parse(String(event?.details.after)), res.json());
      assert.deepEqual(JSON.parse(String(event?.details.before)), before);
      assert.deepEqual(await myPolicy('member'), {
        enabled: true,
        methodsRequired: 2,
        available: ['email', 'mobilePhone', 'officePhone', 'authenticatorApp'],
        questionsToRegister: 5,
        admin: false,
      });
      const questions = (await call(who.member!, 'GET', '/api/v1/me/methods/security-questions')).json();
      assert.equal(questions.required, 5);
      assert.deepEqual(
        questions.questions.filter((q: { custom: boolean }) => q.custom).map((q: { text: string }) => q.text),
        ['What was your first team?'],
      );

      const helpdesk = { ...next, customHelpdesk: 'servicedesk@contoso.example' };
      assert.equal((await call(who.global!, 'PUT', URL, helpdesk)).statusCode, 200, 'an email address is a helpdesk too');
    });

    test('scoped to a group: members only; the group id is dropped for other scopes', async () => {
      const groupId = newId();
      await t.repos.groups.create({ id: groupId, displayName: 'SSPR pilot', description: 'First wave' }, t.clock.now());
      await t.repos.groups.addMembers(groupId, [ids.member!]);
      const before = await current();
      const res = await call(who.global!, 'PUT', URL, { ...before, enabledFor: 'group', groupId, methodsRequired: 1 });
      assert.equal(res.statusCode, 200, res.body);
      assert.equal((await myPolicy('member')).enabled, true);
      assert.equal((await myPolicy('outsider')).enabled, false);
      const all = await call(who.global!, 'PUT', URL, { ...before, enabledFor: 'all', groupId, methodsRequired: 1 });
      assert.equal(all.json().groupId, null);
      assert.equal((await myPolicy('outsider')).enabled, true);
    });

    test('GET /groups lists groups, filtered by the start of the name', async () => {
      await t.repos.groups.create({ id: newId(), displayName: 'Finance' }, t.clock.now());
      await t.repos.groups.create({ id: newId(), displayName: 'Field engineers' }, t.clock.now());
      const list = await call(who.policy!, 'GET', '/api/v1/groups');
      assert.equal(list.statusCode, 200);
      const names = list.json().items.map((g: { displayName: string }) => g.displayName);
      assert.deepEqual(names, ['Field engineers', 'Finance', 'SSPR pilot']);
      const pilot = list.json().items.find((g: { displayName: string }) => g.displayName === 'SSPR pilot');
      assert.deepEqual([pilot.description, pilot.memberCount], ['First wave', 1]);
      assert.deepEqual(
        (await call(who.policy!, 'GET', '/api/v1/groups?search=fi')).json().items.map((g: { displayName: string }) => g.displayName),
        ['Field engineers', 'Finance'],
      );
      assert.deepEqual((await call(who.policy!, 'GET', '/api/v1/groups?search=nothing')).json().items, []);
      assert.equal((await call(who.member!, 'GET', '/api/v1/groups')).statusCode, 403);
      assert.equal((await call(null, 'GET', '/api/v1/groups')).statusCode, 401);
    });
  });
}
