import assert from 'node:assert/strict';
import { test } from 'node:test';
import { newId } from '../../core/crypto.js';
import type { RegistrationRule } from '../../features/recovery/report-store.js';
import { at, storeContract, T0 } from './fixtures.js';

// The recovery store's report reads (Reports > Password reset): registration and activity.

storeContract('recovery (report reads)', (ctx) => {
  const rule: RegistrationRule = { methodsRequired: 2, kinds: ['email', 'mobilePhone'], questionIds: ['q1', 'q2', 'q3'], questionsToRegister: 2 };
  const ids: Record<string, string> = {};

  test('setup: users with methods, answers and roles', async () => {
    const mk = async (
      name: string,
      methods: ('email' | 'mobilePhone' | 'officePhone')[],
      answers: string[] = [],
      extra: Parameters<typeof ctx.addUser>[1] = {},
    ) => {
      const id = await ctx.addUser(`${name}@contoso.example`, extra);
      ids[name] = id;
      for (const kind of methods) await ctx.repos.securityInfo.putMethod({ id: newId(), userId: id, kind, value: 'v' }, T0);
      if (answers.length)
        await ctx.repos.securityInfo.replaceAnswers(
          id,
          answers.map((questionId) => ({ questionId, answerHash: 'h' })),
          T0,
        );
    };
    await mk('admin-ok', ['email', 'mobilePhone'], [], { roles: ['global-administrator'] });
    await mk('admin-weak', ['email'], ['q1', 'q2'], { roles: ['global-administrator'] });
    await mk('both', ['email'], ['q1', 'q2']);
    await mk('two-methods', ['email', 'mobilePhone'], [], { displayName: 'Zed Two', accountEnabled: false });
    await mk('one-method', ['email']);
    await mk('questions-only', [], ['q1', 'q2', 'q3']);
    await mk('stale-answers', ['email'], ['old1', 'old2']);
    await mk('office', ['officePhone', 'email']);
    await ctx.repos.securityInfo.markConfirmed(ids.both!, at(5));
  });

  const page = async (q: Parameters<typeof ctx.repos.recovery.registrationPage>[0]) =>
    (await ctx.repos.recovery.registrationPage(q)).map((r) => r.userPrincipalName.split('@')[0]);

  test('registrationPage lists users by UPN key with their state', async () => {
    assert.deepEqual(await page({ take: 50 }), ['admin-ok', 'admin-weak', 'both', 'office', 'one-method', 'questions-only', 'stale-answers', 'two-methods']);
    const [both] = await ctx.repos.recovery.registrationPage({ search: 'both', take: 5 });
    assert.deepEqual(both, {
      id: ids.both,
      userPrincipalName: 'both@contoso.example',
      displayName: 'both',
      upnKey: 'both@contoso.example',
      accountEnabled: true,
      confirmedAt: at(5),
    });
    const [two] = await ctx.repos.recovery.registrationPage({ search: 'two-', take: 5 });
    assert.deepEqual([two?.accountEnabled, two?.confirmedAt], [false, null]);
  });

  test('registrationPage applies the registration rule (two-gate admins need two non-question methods)', async () => {
    assert.deepEqual(await page({ registered: { wanted: true, rule }, take: 50 }), ['admin-ok', 'both', 'two-methods']);
    assert.deepEqual(await page({ registered: { wanted: false, rule }, take: 50 }), ['admin-weak', 'office', 'one-method', 'questions-only', 'stale-answers']);
    const lenient: RegistrationRule = { methodsRequired: 1, kinds: ['email', 'mobilePhone', 'officePhone'], questionIds: null, questionsToRegister: 0 };
    assert.deepEqual(await page({ registered: { wanted: false, rule: lenient }, take: 50 }), ['admin-weak', 'questions-only']);
  });

  test('registrationPage searches UPN or display-name prefixes case-insensitively; % and _ are literal', async () => {
    assert.deepEqual(await page({ search: 'ADMIN', take: 50 }), ['admin-ok', 'admin-weak']);
    assert.deepEqual(await page({ search: 'zed', take: 50 }), ['two-methods'], 'display name prefix');
    assert.deepEqual(await page({ search: 'ok', take: 50 }), [], 'prefixes only');
    assert.deepEqual(await page({ search: '%', take: 50 }), []);
    assert.deepEqual(await page({ search: 'one_method', take: 50 }), []);
    assert.deepEqual(await page({ search: '  ', take: 3 }), ['admin-ok', 'admin-weak', 'both'], 'a blank search is no search');
  });

  test('registrationPage pages by (UPN key, id) without repeats or gaps', async () => {
    const seen: string[] = [];
    let after: { upnKey: string; id: string } | undefined;
    for (let i = 0; i < 10; i++) {
      const rows = await ctx.repos.recovery.registrationPage({ take: 3, after });
      seen.push(...rows.map((r) => r.userPrincipalName));
      const last = rows.at(-1);
      if (rows.length < 3 || !last) break;
      after = { upnKey: last.upnKey, id: last.id };
    }
    assert.equal(seen.length, 8);
    assert.deepEqual(seen, [...seen].sort());
  });

  const flow = async (createdAt: Date, outcome: string | null, extra: { id?: string } = {}) => {
    const id = extra.id ?? newId();
    await ctx.repos.recovery.createFlow({
      id,
      subject: 's',
      userId: null,
      userPrincipalName: 'someone@contoso.example',
      eligibility: 'eligible',
      state: 'verify',
      passwordStamp: 'p',
      methodsRequired: 1,
      offered: [],
      proven: ['email'],
      questions: [],
      locale: 'en',
      createdAt,
      expiresAt: new Date(createdAt.getTime() + 900_000),
      captchaKey: newId(),
      ipAddress: '10.0.0.9',
      userAgent: null,
    });
    if (outcome)
      await ctx.repos.recovery.updateFlow(id, 0, {
        state: outcome === 'completed' ? 'completed' : 'failed',
        outcome,
        finishedAt: new Date(createdAt.getTime() + 60_000),
      });
    return id;
  };

  test('activityPage: flows in [from, to), newest first then by id, filtered by outcome, from a position', async () => {
    const open = await flow(at(1000), null);
    const done = await flow(at(2000), 'completed');
    const failed = await flow(at(3000), 'wrong_code');
    const tieA = await flow(at(4000), 'abandoned', { id: 'tie-a' });
    const tieB = await flow(at(4000), 'abandoned', { id: 'tie-b' });
    await flow(at(999), 'completed');
    await flow(at(5000), null);
    const window = { from: at(1000), to: at(5000) };
    const list = async (q: Partial<Parameters<typeof ctx.repos.recovery.activityPage>[0]> = {}) =>
      (await ctx.repos.recovery.activityPage({ ...window, take: 50, ...q })).map((r) => r.id);
    assert.deepEqual(await list(), [tieB, tieA, failed, done, open]);
    assert.deepEqual(await list({ outcome: { kind: 'open' } }), [open]);
    assert.deepEqual(await list({ outcome: { kind: 'failed' } }), [tieB, tieA, failed]);
    assert.deepEqual(await list({ outcome: { kind: 'is', outcome: 'completed' } }), [done]);
    assert.deepEqual(await list({ atOrBefore: at(3000).toISOString() }), [failed, done, open], 'inclusive');
    assert.deepEqual(await list({ take: 2 }), [tieB, tieA]);
    const [record] = await ctx.repos.recovery.activityPage({ ...window, outcome: { kind: 'is', outcome: 'completed' }, take: 1 });
    assert.deepEqual(record, {
      id: done,
      createdAt: at(2000).toISOString(),
      finishedAt: at(2060).toISOString(),
      userPrincipalName: 'someone@contoso.example',
      eligibility: 'eligible',
      outcome: 'completed',
      proven: '["email"]',
      ipAddress: '10.0.0.9',
    });
  });

  test('activityCounts counts flows in the window per outcome, open ones as null', async () => {
    const counts = await ctx.repos.recovery.activityCounts({ from: at(1000), to: at(5000) });
    const sorted = counts.map((c) => [c.outcome ?? '(open)', c.count]).sort();
    assert.deepEqual(sorted, [
      ['(open)', 1],
      ['abandoned', 2],
      ['completed', 1],
      ['wrong_code', 1],
    ]);
    const open = await ctx.repos.recovery.activityCounts({ from: at(999) });
    assert.deepEqual(open.map((c) => [c.outcome ?? '(open)', c.count]).sort(), [
      ['(open)', 2],
      ['abandoned', 2],
      ['completed', 2],
      ['wrong_code', 1],
    ]);
    assert.deepEqual(await ctx.repos.recovery.activityCounts({ from: at(100_000) }), []);
  });
});
