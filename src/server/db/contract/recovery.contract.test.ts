import assert from 'node:assert/strict';
import { test } from 'node:test';
import { newId } from '../../core/crypto.js';
import type { RecoveryFlow } from '../../features/recovery/flow.js';
import { at, race, storeContract, T0, wins } from './fixtures.js';

// The flow, code, counter and lock methods of the recovery store. Its profile-reading methods have
// their own suite (recovery-profiles.contract.test.ts), its report reads recovery-reports.contract.test.ts.

storeContract('recovery', (ctx) => {
  type NewFlow = Parameters<typeof ctx.repos.recovery.createFlow>[0];
  const newFlow = (extra: Partial<NewFlow> = {}): NewFlow => ({
    id: newId(),
    subject: 'subject-1',
    userId: null,
    userPrincipalName: 'megan@contoso.example',
    eligibility: 'eligible',
    state: 'verify',
    passwordStamp: 'stamp',
    methodsRequired: 2,
    offered: [
      { method: 'email', destination: 'm***@example.org', methodId: 'm-1' },
      { method: 'securityQuestions', destination: null, methodId: null },
    ],
    proven: [],
    questions: ['q1', 'q2'],
    locale: 'nl',
    createdAt: T0,
    expiresAt: at(900),
    captchaKey: newId(),
    ipAddress: '10.0.0.1',
    userAgent: 'ua',
    ...extra,
  });
  const flowWith = async (extra: Partial<NewFlow> = {}) => {
    const f = newFlow(extra);
    assert.equal(await ctx.repos.recovery.createFlow(f), true);
    return f.id;
  };

  test('a flow round-trips (JSON lists, ISO times, counters at 0); an unknown flow is undefined', async () => {
    const userId = await ctx.addUser('flow@contoso.example');
    const f = newFlow({ userId });
    assert.equal(await ctx.repos.recovery.createFlow(f), true);
    const { captchaKey: _c, ipAddress: _i, userAgent: _u, ...fields } = f;
    const expected: RecoveryFlow = { ...fields, failures: 0, version: 0, finishedAt: null, outcome: null };
    assert.deepEqual(await ctx.repos.recovery.findFlow(f.id), expected);
    assert.equal(await ctx.repos.recovery.findFlow('no-such-flow'), undefined);
    const raw = await ctx.db.selectFrom('recovery_flow').select(['created_at', 'expires_at', 'ip_address']).where('id', '=', f.id).executeTakeFirstOrThrow();
    assert.deepEqual(raw, { created_at: '2026-05-01T10:00:00.000Z', expires_at: '2026-05-01T10:15:00.000Z', ip_address: '10.0.0.1' });
  });

  test('a used CAPTCHA key is refused, also when replayed concurrently (exactly one flow)', async () => {
    const key = newId();
    assert.equal(await ctx.repos.recovery.createFlow(newFlow({ captchaKey: key })), true);
    assert.equal(await ctx.repos.recovery.createFlow(newFlow({ captchaKey: key })), false);
    const raced = newId();
    assert.equal(wins(await race(6, () => ctx.repos.recovery.createFlow(newFlow({ captchaKey: raced })))), 1);
    const rows = await ctx.db.selectFrom('recovery_flow').select('id').where('captcha_key', '=', raced).execute();
    assert.equal(rows.length, 1);
  });

  test('updateFlow is a compare-and-set on the version and changes only the given fields', async () => {
    const id = await flowWith();
    assert.equal(await ctx.repos.recovery.updateFlow(id, 0, { proven: ['email'] }), true);
    assert.equal(await ctx.repos.recovery.updateFlow(id, 0, { state: 'failed' }), false, 'stale version');
    assert.equal(
      await ctx.repos.recovery.updateFlow(id, 1, { state: 'completed', outcome: 'completed', finishedAt: at(60), questions: [], failures: 2 }),
      true,
    );
    const flow = await ctx.repos.recovery.findFlow(id);
    assert.deepEqual(
      [flow?.version, flow?.state, flow?.outcome, flow?.proven, flow?.questions, flow?.failures, flow?.finishedAt?.toISOString()],
      [2, 'completed', 'completed', ['email'], [], 2, at(60).toISOString()],
    );
    assert.equal(flow?.passwordStamp, 'stamp');
    assert.equal(await ctx.repos.recovery.updateFlow('no-such-flow', 0, { state: 'failed' }), false);
  });

  test('exactly one of concurrent updates of one version wins', async () => {
    const id = await flowWith();
    const results = await race(8, (i) => ctx.repos.recovery.updateFlow(id, 0, { proven: [i % 2 ? 'email' : 'mobilePhone'], state: 'password' }));
    assert.equal(wins(results), 1);
    assert.equal((await ctx.repos.recovery.findFlow(id))?.version, 1);
  });

  test('addFailure counts every failure, concurrent ones too, without changing the version', async () => {
    const id = await flowWith();
    assert.equal(await ctx.repos.recovery.addFailure(id), 1);
    const results = await race(6, () => ctx.repos.recovery.addFailure(id));
    assert.deepEqual(
      [...results].sort((a, b) => a - b),
      [2, 3, 4, 5, 6, 7],
    );
    const flow = await ctx.repos.recovery.findFlow(id);
    assert.equal(flow?.failures, 7);
    assert.equal(flow?.version, 0);
    assert.equal(await ctx.repos.recovery.addFailure('no-such-flow'), Number.MAX_SAFE_INTEGER, 'a vanished flow counts as exhausted');
  });

  test("failOpenFlows ends the user's open flows only", async () => {
    const userId = await ctx.addUser('supersede@contoso.example');
    const other = await ctx.addUser('supersede-other@contoso.example');
    const verifying = await flowWith({ userId });
    const setting = await flowWith({ userId, state: 'password' });
    const done = await flowWith({ userId });
    await ctx.repos.recovery.updateFlow(done, 0, { state: 'completed', outcome: 'completed', finishedAt: at(5) });
    const others = await flowWith({ userId: other });
    await ctx.repos.recovery.failOpenFlows(userId, 'superseded', at(10));
    for (const id of [verifying, setting]) {
      const f = await ctx.repos.recovery.findFlow(id);
      assert.deepEqual([f?.state, f?.outcome, f?.finishedAt?.toISOString(), f?.version], ['failed', 'superseded', at(10).toISOString(), 1]);
    }
    assert.equal((await ctx.repos.recovery.findFlow(done))?.outcome, 'completed');
    assert.equal((await ctx.repos.recovery.findFlow(others))?.state, 'verify');
  });

  test('currentCode is the newest unused, unexpired code of that method', async () => {
    const flowId = await flowWith();
    const code = async (method: 'email' | 'mobilePhone', created: number, expires: number) => {
      const id = newId();
      await ctx.repos.recovery.addCode({ id, flowId, method, codeHash: `hash-${id}`, createdAt: at(created), expiresAt: at(expires) });
      return id;
    };
    assert.equal(await ctx.repos.recovery.currentCode(flowId, 'email', at(0)), undefined);
    const older = await code('email', 10, 600);
    const newer = await code('email', 20, 600);
    const phone = await code('mobilePhone', 30, 600);
    assert.deepEqual(await ctx.repos.recovery.currentCode(flowId, 'email', at(30)), { id: newer, codeHash: `hash-${newer}` });
    assert.equal((await ctx.repos.recovery.currentCode(flowId, 'mobilePhone', at(30)))?.id, phone);
    assert.equal(await ctx.repos.recovery.currentCode(flowId, 'email', at(600)), undefined, 'expired at expires_at');
    assert.equal(await ctx.repos.recovery.consumeCode(newer, at(40)), true);
    assert.equal((await ctx.repos.recovery.currentCode(flowId, 'email', at(40)))?.id, older);
    await ctx.repos.recovery.voidCodes(flowId, 'email', at(50));
    assert.equal(await ctx.repos.recovery.currentCode(flowId, 'email', at(50)), undefined);
    assert.equal((await ctx.repos.recovery.currentCode(flowId, 'mobilePhone', at(50)))?.id, phone, 'other methods keep their code');
  });

  test('consumeCode is single use, refuses expired codes, and exactly one concurrent caller wins (R6)', async () => {
    const flowId = await flowWith();
    const add = async (expires: number) => {
      const id = newId();
      await ctx.repos.recovery.addCode({ id, flowId, method: 'email', codeHash: 'h', createdAt: T0, expiresAt: at(expires) });
      return id;
    };
    const id = await add(600);
    assert.equal(await ctx.repos.recovery.consumeCode(id, at(1)), true);
    assert.equal(await ctx.repos.recovery.consumeCode(id, at(2)), false);
    assert.equal(await ctx.repos.recovery.consumeCode(await add(60), at(60)), false);
    assert.equal(await ctx.repos.recovery.consumeCode('no-such-code', at(1)), false);
    const racing = await add(600);
    assert.equal(wins(await race(8, () => ctx.repos.recovery.consumeCode(racing, at(3)))), 1);
  });

  test('attempts are counted per subject and kind strictly after `since`, and cleared per subject', async () => {
    for (const [s, t] of [
      ['att-a', 10],
      ['att-a', 20],
      ['att-a', 30],
      ['att-b', 20],
    ] as const)
      await ctx.repos.recovery.recordAttempt(newId(), s, 'failure', at(t));
    assert.equal(await ctx.repos.recovery.countAttempts('att-a', 'failure', at(0)), 3);
    assert.equal(await ctx.repos.recovery.countAttempts('att-a', ['failure'], at(10)), 2, 'since is exclusive');
    assert.equal(await ctx.repos.recovery.countAttempts('att-a', [], at(0)), 0);
    assert.equal(await ctx.repos.recovery.countAttempts('nobody', 'failure', at(0)), 0);
    await ctx.repos.recovery.clearAttempts('att-a');
    assert.equal(await ctx.repos.recovery.countAttempts('att-a', 'failure', at(0)), 0);
    assert.equal(await ctx.repos.recovery.countAttempts('att-b', 'failure', at(0)), 1);
  });

  test('lock, lockedUntil (strictly after now) and unlock; locking again replaces the lock', async () => {
    assert.equal(await ctx.repos.recovery.lockedUntil('lock-s', at(0)), null);
    await ctx.repos.recovery.lock('lock-s', at(100), 'too_many_failures');
    assert.equal((await ctx.repos.recovery.lockedUntil('lock-s', at(99)))?.toISOString(), at(100).toISOString());
    assert.equal(await ctx.repos.recovery.lockedUntil('lock-s', at(100)), null);
    await ctx.repos.recovery.lock('lock-s', at(200), 'again');
    assert.equal((await ctx.repos.recovery.lockedUntil('lock-s', at(150)))?.toISOString(), at(200).toISOString());
    const raw = await ctx.db.selectFrom('recovery_lock').selectAll().where('subject', '=', 'lock-s').execute();
    assert.deepEqual(raw, [{ subject: 'lock-s', locked_until: '2026-05-01T10:03:20.000Z', reason: 'again' }]);
    await ctx.repos.recovery.unlock('lock-s');
    assert.equal(await ctx.repos.recovery.lockedUntil('lock-s', at(150)), null);
    await ctx.repos.recovery.unlock('lock-s');
  });

  test('abandonExpired ends open flows at or past expiry as abandoned, finished when they expired', async () => {
    const expired = await flowWith({ createdAt: at(-2000), expiresAt: at(-1000) });
    const edge = await flowWith({ createdAt: at(-2000), expiresAt: at(-500), state: 'password' });
    const live = await flowWith({ createdAt: at(-2000), expiresAt: at(-499) });
    const finished = await flowWith({ createdAt: at(-2000), expiresAt: at(-1000) });
    await ctx.repos.recovery.updateFlow(finished, 0, { state: 'completed', outcome: 'completed', finishedAt: at(-1500) });
    const before = await ctx.db
      .selectFrom('recovery_flow')
      .select('id')
      .where('state', 'in', ['verify', 'password'])
      .where('expires_at', '<=', at(-500).toISOString())
      .execute();
    assert.equal(await ctx.repos.recovery.abandonExpired(at(-500)), before.length);
    const f = await ctx.repos.recovery.findFlow(expired);
    assert.deepEqual([f?.state, f?.outcome, f?.finishedAt?.toISOString(), f?.version], ['failed', 'abandoned', at(-1000).toISOString(), 1]);
    assert.equal((await ctx.repos.recovery.findFlow(edge))?.outcome, 'abandoned');
    assert.equal((await ctx.repos.recovery.findFlow(live))?.state, 'verify');
    assert.equal((await ctx.repos.recovery.findFlow(finished))?.outcome, 'completed');
    assert.equal(await ctx.repos.recovery.abandonExpired(at(-500)), 0);
  });

  test('deleteFlowsBefore removes older flows (with their codes) and attempts, and counts the flows', async () => {
    const old = await flowWith({ createdAt: at(-100_000), expiresAt: at(-99_000) });
    const code = newId();
    await ctx.repos.recovery.addCode({ id: code, flowId: old, method: 'email', codeHash: 'h', createdAt: at(-100_000), expiresAt: at(-99_000) });
    const kept = await flowWith({ createdAt: at(-50_000), expiresAt: at(-49_000) });
    await ctx.repos.recovery.recordAttempt(newId(), 'purge', 'failure', at(-100_000));
    await ctx.repos.recovery.recordAttempt(newId(), 'purge', 'failure', at(-50_000));
    const before = await ctx.db.selectFrom('recovery_flow').select('id').where('created_at', '<', at(-50_000).toISOString()).execute();
    assert.equal(await ctx.repos.recovery.deleteFlowsBefore(at(-50_000)), before.length);
    assert.equal(await ctx.repos.recovery.findFlow(old), undefined);
    assert.ok(await ctx.repos.recovery.findFlow(kept));
    assert.equal((await ctx.db.selectFrom('recovery_code').select('id').where('id', '=', code).execute()).length, 0);
    assert.equal(await ctx.repos.recovery.countAttempts('purge', 'failure', at(-200_000)), 1);
  });

  test('deleting the user keeps the flow for the report but forgets whose it was', async () => {
    const userId = await ctx.addUser('forget@contoso.example');
    const id = await flowWith({ userId });
    await ctx.repos.users.delete(userId);
    const f = await ctx.repos.recovery.findFlow(id);
    assert.equal(f?.userId, null);
    assert.equal(f?.userPrincipalName, 'megan@contoso.example');
  });
});
