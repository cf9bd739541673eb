import assert from 'node:assert/strict';
import { test } from 'node:test';
import { newId } from '../../core/crypto.js';
import type { MethodKind } from '../../../shared/methods.js';
import { at, race, storeContract, T0, wins } from './fixtures.js';

storeContract('securityInfo', (ctx) => {
  const verification = async (userId: string, kind: MethodKind = 'email', expiresIn = 600) => {
    const id = newId();
    await ctx.repos.securityInfo.createVerification({
      id,
      userId,
      kind,
      value: 'megan@example.org',
      codeHash: 'code-hash',
      createdAt: T0,
      expiresAt: at(expiresIn),
    });
    return id;
  };

  test('methods: none for a new user; putMethod adds one per kind, oldest first', async () => {
    const userId = await ctx.addUser('methods@contoso.example');
    assert.deepEqual(await ctx.repos.securityInfo.methods(userId), []);
    const phone = newId();
    const mail = newId();
    await ctx.repos.securityInfo.putMethod({ id: phone, userId, kind: 'mobilePhone', value: '+31612345678' }, at(20));
    await ctx.repos.securityInfo.putMethod({ id: mail, userId, kind: 'email', value: 'megan@example.org' }, at(10));
    assert.deepEqual(await ctx.repos.securityInfo.methods(userId), [
      { id: mail, userId, kind: 'email', value: 'megan@example.org', createdAt: at(10), lastTotpStep: null },
      { id: phone, userId, kind: 'mobilePhone', value: '+31612345678', createdAt: at(20), lastTotpStep: null },
    ]);
    const raw = await ctx.db.selectFrom('auth_method').select('created_at').where('id', '=', mail).executeTakeFirstOrThrow();
    assert.equal(raw.created_at, '2026-05-01T10:00:10.000Z');
  });

  test('putMethod replaces the method of the same kind', async () => {
    const userId = await ctx.addUser('replace@contoso.example');
    await ctx.repos.securityInfo.putMethod({ id: newId(), userId, kind: 'email', value: 'old@example.org' }, at(1));
    const replacement = newId();
    await ctx.repos.securityInfo.putMethod({ id: replacement, userId, kind: 'email', value: 'new@example.org' }, at(2));
    assert.deepEqual(
      (await ctx.repos.securityInfo.methods(userId)).map((m) => [m.id, m.value]),
      [[replacement, 'new@example.org']],
    );
  });

  test("removeMethod returns the removed method, only the owner's; a second removal finds nothing", async () => {
    const userId = await ctx.addUser('remove@contoso.example');
    const other = await ctx.addUser('remove-other@contoso.example');
    const id = newId();
    await ctx.repos.securityInfo.putMethod({ id, userId, kind: 'officePhone', value: '+31201234567' }, at(3));
    assert.equal(await ctx.repos.securityInfo.removeMethod(other, id), undefined);
    assert.deepEqual(await ctx.repos.securityInfo.removeMethod(userId, id), {
      id,
      userId,
      kind: 'officePhone',
      value: '+31201234567',
      createdAt: at(3),
      lastTotpStep: null,
    });
    assert.equal(await ctx.repos.securityInfo.removeMethod(userId, id), undefined);
    assert.deepEqual(await ctx.repos.securityInfo.methods(userId), []);
  });

  test('advanceTotpStep only moves forward (R23); steps past 2^31 read back as numbers', async () => {
    const userId = await ctx.addUser('totp@contoso.example');
    const id = newId();
    await ctx.repos.securityInfo.putMethod({ id, userId, kind: 'authenticatorApp', value: 'sealed-secret' }, at(1));
    assert.equal(await ctx.repos.securityInfo.advanceTotpStep(id, 59_000_000), true);
    assert.equal(await ctx.repos.securityInfo.advanceTotpStep(id, 59_000_000), false, 'the same step is a replay');
    assert.equal(await ctx.repos.securityInfo.advanceTotpStep(id, 58_999_999), false);
    assert.equal(await ctx.repos.securityInfo.advanceTotpStep(id, 3_000_000_000), true);
    assert.equal((await ctx.repos.securityInfo.methods(userId))[0]?.lastTotpStep, 3_000_000_000);
    assert.equal(await ctx.repos.securityInfo.advanceTotpStep('no-such-method', 1), false);
  });

  test('exactly one of concurrent uses of the same TOTP step wins', async () => {
    const userId = await ctx.addUser('totp-race@contoso.example');
    const id = newId();
    await ctx.repos.securityInfo.putMethod({ id, userId, kind: 'authenticatorApp', value: 'sealed' }, at(1));
    assert.equal(wins(await race(8, () => ctx.repos.securityInfo.advanceTotpStep(id, 60_000_000))), 1);
  });

  test('answers are replaced as a set and removed with a count', async () => {
    const userId = await ctx.addUser('answers@contoso.example');
    assert.deepEqual(await ctx.repos.securityInfo.answers(userId), []);
    await ctx.repos.securityInfo.replaceAnswers(
      userId,
      [
        { questionId: 'q1', answerHash: 'a1' },
        { questionId: 'q2', answerHash: 'a2' },
      ],
      at(1),
    );
    await ctx.repos.securityInfo.replaceAnswers(
      userId,
      [
        { questionId: 'q2', answerHash: 'b2' },
        { questionId: 'q3', answerHash: 'b3' },
      ],
      at(2),
    );
    const answers = (await ctx.repos.securityInfo.answers(userId)).sort((a, b) => a.questionId.localeCompare(b.questionId));
    assert.deepEqual(answers, [
      { questionId: 'q2', answerHash: 'b2', createdAt: at(2) },
      { questionId: 'q3', answerHash: 'b3', createdAt: at(2) },
    ]);
    await ctx.repos.securityInfo.replaceAnswers(userId, [], at(3));
    assert.deepEqual(await ctx.repos.securityInfo.answers(userId), []);
    await ctx.repos.securityInfo.replaceAnswers(userId, [{ questionId: 'q1', answerHash: 'c1' }], at(4));
    assert.equal(await ctx.repos.securityInfo.removeAnswers(userId), 1);
    assert.equal(await ctx.repos.securityInfo.removeAnswers(userId), 0);
  });

  test('confirmedAt is null until marked; marking again moves it', async () => {
    const userId = await ctx.addUser('confirm@contoso.example');
    assert.equal(await ctx.repos.securityInfo.confirmedAt(userId), null);
    await ctx.repos.securityInfo.markConfirmed(userId, at(10));
    assert.equal((await ctx.repos.securityInfo.confirmedAt(userId))?.toISOString(), at(10).toISOString());
    await ctx.repos.securityInfo.markConfirmed(userId, at(20));
    assert.equal((await ctx.repos.securityInfo.confirmedAt(userId))?.toISOString(), at(20).toISOString());
    const raw = await ctx.db.selectFrom('security_info').select('confirmed_at').where('user_id', '=', userId).execute();
    assert.deepEqual(raw, [{ confirmed_at: '2026-05-01T10:00:20.000Z' }]);
  });

  test('a verification round-trips; an unknown one is undefined', async () => {
    const userId = await ctx.addUser('verify@contoso.example');
    const id = await verification(userId, 'mobilePhone');
    assert.deepEqual(await ctx.repos.securityInfo.findVerification(id), {
      id,
      userId,
      kind: 'mobilePhone',
      value: 'megan@example.org',
      codeHash: 'code-hash',
      attempts: 0,
      expiresAt: at(600),
      usedAt: null,
    });
    assert.equal(await ctx.repos.securityInfo.findVerification('no-such-verification'), undefined);
  });

  test('claimAttempt counts up to max, then refuses; a used or unknown verification has none', async () => {
    const userId = await ctx.addUser('attempts@contoso.example');
    const id = await verification(userId);
    assert.deepEqual(
      [await ctx.repos.securityInfo.claimAttempt(id, 3), await ctx.repos.securityInfo.claimAttempt(id, 3), await ctx.repos.securityInfo.claimAttempt(id, 3)],
      [1, 2, 3],
    );
    assert.equal(await ctx.repos.securityInfo.claimAttempt(id, 3), null);
    assert.equal((await ctx.repos.securityInfo.findVerification(id))?.attempts, 3);
    const used = await verification(userId);
    assert.equal(await ctx.repos.securityInfo.consumeVerification(used, at(1)), true);
    assert.equal(await ctx.repos.securityInfo.claimAttempt(used, 3), null);
    assert.equal(await ctx.repos.securityInfo.claimAttempt('no-such-verification', 3), null);
  });

  test('concurrent guesses get no more than max tries between them (R9, R6)', async () => {
    const userId = await ctx.addUser('attempts-race@contoso.example');
    const id = await verification(userId);
    const results = await race(10, () => ctx.repos.securityInfo.claimAttempt(id, 3));
    assert.deepEqual(results.filter((r) => r !== null).sort(), [1, 2, 3]);
    assert.equal((await ctx.repos.securityInfo.findVerification(id))?.attempts, 3);
  });

  test('consumeVerification is single use and refuses at or after expiry', async () => {
    const userId = await ctx.addUser('consume@contoso.example');
    const id = await verification(userId, 'email', 60);
    assert.equal(await ctx.repos.securityInfo.consumeVerification(id, at(60)), false);
    assert.equal(await ctx.repos.securityInfo.consumeVerification(id, at(30)), true);
    assert.equal(await ctx.repos.securityInfo.consumeVerification(id, at(31)), false);
    assert.equal((await ctx.repos.securityInfo.findVerification(id))?.usedAt?.toISOString(), at(30).toISOString());
    assert.equal(await ctx.repos.securityInfo.consumeVerification('no-such-verification', at(1)), false);
    const racing = await verification(userId);
    assert.equal(wins(await race(8, () => ctx.repos.securityInfo.consumeVerification(racing, at(1)))), 1, 'exactly one concurrent caller wins');
  });

  test("dropVerifications drops the user's unused verifications of that kind only", async () => {
    const userId = await ctx.addUser('drop@contoso.example');
    const other = await ctx.addUser('drop-other@contoso.example');
    const unusedMail = await verification(userId, 'email');
    const usedMail = await verification(userId, 'email');
    await ctx.repos.securityInfo.consumeVerification(usedMail, at(1));
    const phone = await verification(userId, 'mobilePhone');
    const othersMail = await verification(other, 'email');
    await ctx.repos.securityInfo.dropVerifications(userId, 'email');
    assert.equal(await ctx.repos.securityInfo.findVerification(unusedMail), undefined);
    assert.ok(await ctx.repos.securityInfo.findVerification(usedMail));
    assert.ok(await ctx.repos.securityInfo.findVerification(phone));
    assert.ok(await ctx.repos.securityInfo.findVerification(othersMail));
  });

  test('deleting the user deletes methods, answers, confirmation and verifications', async () => {
    const userId = await ctx.addUser('cascade@contoso.example');
    await ctx.repos.securityInfo.putMethod({ id: newId(), userId, kind: 'email', value: 'x@example.org' }, at(1));
    await ctx.repos.securityInfo.replaceAnswers(userId, [{ questionId: 'q1', answerHash: 'a' }], at(1));
    await ctx.repos.securityInfo.markConfirmed(userId, at(1));
    const v = await verification(userId);
    await ctx.repos.users.delete(userId);
    assert.deepEqual(await ctx.repos.securityInfo.methods(userId), []);
    assert.deepEqual(await ctx.repos.securityInfo.answers(userId), []);
    assert.equal(await ctx.repos.securityInfo.confirmedAt(userId), null);
    assert.equal(await ctx.repos.securityInfo.findVerification(v), undefined);
  });
});
