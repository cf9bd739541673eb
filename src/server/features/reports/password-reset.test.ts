// The password reset reports over the API: registration (one row per user, filters, paging, the
// reset policy) and activity (the window, totals, outcome filters, paging).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { testEngines } from '../../testing/databases.js';
import { decodeCursor } from '../../core/cursor.js';
import type { defaultSsprSettings } from '../recovery/settings.js';
import { listActivity, shortFlowId } from './password-reset.js';
import { ACTIVITY, DAY, REGISTRATION, upns, useReportFixture, type RegistrationItem } from './password-reset.fixture.js';

for (const engine of testEngines()) {
  describe(`reports: password reset (${engine})`, () => {
    const fx = useReportFixture(engine);
    const { ids, flowIds, get, json, withSettings } = fx;

    test('registration: one row per user by UPN, what they have on file, and whether it is enough', async () => {
      const res = await json(`${REGISTRATION}?limit=200`);
      const byUpn = new Map<string, RegistrationItem>(res.items.map((i: RegistrationItem) => [i.userPrincipalName, i]));
      assert.deepEqual(upns(res), [
        'alice@contoso.example',
        'bob@contoso.example',
        'carol@contoso.example',
        'dave@contoso.example',
        'erin@contoso.example',
        'frank@contoso.example',
        'gina@contoso.example',
        'plain@contoso.example',
        'reader@contoso.example',
        'under_score@contoso.example',
        'underxscore@contoso.example',
      ]);
      assert.equal(res.nextCursor, null);
      assert.deepEqual(byUpn.get('alice@contoso.example'), {
        userId: ids.alice,
        userPrincipalName: 'alice@contoso.example',
        displayName: 'Alice Andrews',
        methods: ['email', 'mobilePhone'],
        registered: true,
        confirmedAt: fx.t.clock.now().toISOString(),
      });
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
      assert.deepEqual(
        upns(await json(`${REGISTRATION}?search=${encodeURIComponent(' dave dek ')}`)),
        ['dave@contoso.example'],
        'display name prefix, any case',
      );
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
          const body: { items: { userPrincipalName: string }[]; nextCursor: string | null } = await json(
            `${REGISTRATION}?limit=3${filter}${cursor ? `&cursor=${cursor}` : ''}`,
          );
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
        [
          { methods: { email: true, mobilePhone: true, officePhone: true, authenticatorApp: true, securityQuestions: true } },
          ['alice', 'erin', 'frank', 'gina'],
        ],
        [
          { methodsRequired: 2, methods: { email: true, mobilePhone: true, officePhone: true, authenticatorApp: true, securityQuestions: true } },
          ['alice', 'erin', 'gina'],
        ],
        [
          {
            methodsRequired: 2,
            questionsToRegister: 4,
            methods: { email: true, mobilePhone: true, officePhone: true, authenticatorApp: true, securityQuestions: true },
          },
          ['alice', 'erin'],
        ],
        [{ methods: { email: true, mobilePhone: false, officePhone: false, authenticatorApp: true, securityQuestions: false } }, ['alice', 'erin']],
      ];
      for (const [change, expected] of policies) {
        await withSettings(change, async () => {
          const rows: RegistrationItem[] = (await json(`${REGISTRATION}?limit=200`)).items;
          const registered = upns(await json(`${REGISTRATION}?registered=true&limit=200`));
          const unregistered = upns(await json(`${REGISTRATION}?registered=false&limit=200`));
          assert.deepEqual(
            registered,
            expected.map((u) => `${u}@contoso.example`),
            JSON.stringify(change),
          );
          assert.deepEqual(
            registered,
            rows.filter((r) => r.registered).map((r) => r.userPrincipalName),
            `the filter agrees with the rows: ${JSON.stringify(change)}`,
          );
          assert.deepEqual(
            unregistered,
            rows.filter((r) => !r.registered).map((r) => r.userPrincipalName),
          );
        });
      }
      await withSettings({ questionsToRegister: 4 }, async () => {
        assert.deepEqual((await json(`${REGISTRATION}?search=carol`)).items[0].methods, [], 'three answers are fewer than four');
      });
    });

    test('activity: the last 30 days newest first, with totals; flow ids never leave the server', async () => {
      const res = await get(fx.reader, `${ACTIVITY}?limit=200`);
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
        startedAt: new Date(fx.t.clock.now().getTime() - 10 * DAY).toISOString(),
        finishedAt: new Date(fx.t.clock.now().getTime() - 10 * DAY + 60_000).toISOString(),
        userPrincipalName: 'alice@contoso.example',
        outcome: 'completed',
        methodsProven: ['email', 'mobilePhone'],
        ipAddress: '203.0.113.7',
      });
      for (const [token, id] of Object.entries(flowIds)) assert.ok(!res.body.includes(id), `flow ${token}'s id is not exposed`);
      assert.ok(body.items.every((i: { id: string }) => /^[A-Za-z0-9_-]{12}$/.test(i.id)));
      assert.ok(!res.body.includes('my secret password'));
      const all = await json(`${ACTIVITY}?from=${new Date(fx.t.clock.now().getTime() - 60 * DAY).toISOString()}&limit=200`);
      assert.equal(all.items.length, 11);
      assert.equal(all.summary.completed, 3);
      const early = await json(`${ACTIVITY}?to=${new Date(fx.t.clock.now().getTime() - 7.5 * DAY).toISOString()}`);
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
      const window = { from: new Date(fx.t.clock.now().getTime() - 2 * DAY), to: new Date(fx.t.clock.now().getTime() - DAY + 1) };
      const first = await listActivity(fx.t.repos, { ...window, limit: 1 });
      assert.deepEqual(first.next, { at: new Date(fx.t.clock.now().getTime() - DAY).toISOString(), seen: 1 });
      const second = await listActivity(fx.t.repos, { ...window, after: first.next, limit: 1 });
      assert.deepEqual(second.next, { at: first.next.at, seen: 2 });
      const third = await listActivity(fx.t.repos, { ...window, after: second.next, limit: 1 });
      assert.equal(third.next, null);
      assert.equal(new Set([...first.items, ...second.items, ...third.items].map((i) => i.id)).size, 3);
    });
  });
}
