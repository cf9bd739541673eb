import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { testEngines } from '../../testing/databases.js';

// The portal's compiled statements (issue 16) answer exactly as the stores' built queries they
// replace on the hot path, on both engines: the sign-in name rule, the profile and lock, the counters.
for (const engine of testEngines()) {
  describe(`reset portal: compiled statements agree with the stores (${engine})`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp({ engine });
    });
    after(() => t.close());

    test('a sign-in name finds the account the user store finds: a UPN first, else only an unambiguous match', async () => {
      await t.createUser({ userPrincipalName: 'ada@contoso.example', mail: 'shared@contoso.example' });
      await t.createUser({ userPrincipalName: 'bob@contoso.example', mail: 'shared2@contoso.example' });
      // Carol's UPN is Dan's mail (Dan first, so the row order favours him): the name means Carol (a UPN wins over a mail match).
      await t.createUser({ userPrincipalName: 'dan@contoso.example', mail: 'carol@contoso.example' });
      await t.createUser({ userPrincipalName: 'carol@contoso.example' });
      // Two accounts with one mail and no such UPN: ambiguous, so nobody.
      await t.createUser({ userPrincipalName: 'eve@contoso.example', mail: 'team@contoso.example' });
      await t.createUser({ userPrincipalName: 'frank@contoso.example', mail: 'team@contoso.example' });
      for (const name of [
        'ada@contoso.example',
        'ADA@contoso.example',
        'shared@contoso.example',
        'carol@contoso.example',
        'team@contoso.example',
        'nobody@contoso.example',
      ]) {
        const expected = await t.repos.users.findBySignInName(name);
        const found = await t.repos.recovery.accountBySignInName(name);
        assert.deepEqual(
          found,
          expected && {
            id: expected.id,
            userPrincipalName: expected.userPrincipalName,
            accountEnabled: expected.accountEnabled,
            passwordHash: expected.passwordHash,
          },
          name,
        );
      }
      assert.equal((await t.repos.recovery.accountBySignInName('carol@contoso.example'))?.userPrincipalName, 'carol@contoso.example');
      assert.equal(await t.repos.recovery.accountBySignInName('team@contoso.example'), undefined);
    });

    test('the profile and the lock read in one statement equal the report reader’s', async () => {
      const now = t.clock.now();
      const { id } = await t.createUser({ userPrincipalName: 'erin@contoso.example', roles: ['global-administrator'] });
      await t.repos.groups.create({ id: 'pilot', displayName: 'Pilot' }, now);
      await t.repos.groups.addMembers('pilot', [id]);
      await t.repos.securityInfo.putMethod({ id: 'm-2', userId: id, kind: 'mobilePhone', value: '+31612345678' }, now);
      t.clock.advance(1_000);
      await t.repos.securityInfo.putMethod({ id: 'm-1', userId: id, kind: 'email', value: 'erin@example.org' }, t.clock.now());
      await t.repos.recovery.lock(id, new Date(now.getTime() + 3_600_000), 'failures');
      const expected = await t.repos.recovery.profiles([id], { scopeGroupId: 'pilot', lock: { subject: id, now } });
      const got = await t.repos.recovery.startProfile(id, 'pilot', id, now);
      const strip = (p: typeof got.profile) => ({ ...p, methods: p.methods.map(({ lastTotpStep: _, ...m }) => m) });
      assert.deepEqual(strip(got.profile), strip(expected.profiles.get(id)!));
      assert.deepEqual(got.lockedUntil, expected.lockedUntil);
      assert.ok(got.profile.admin && got.profile.inScopeGroup && got.lockedUntil);
      assert.deepEqual(
        got.profile.methods.map((m) => m.id),
        ['m-2', 'm-1'],
        'oldest first',
      );
      // An unknown name: '' matches no user, and its own subject is not locked.
      const none = await t.repos.recovery.startProfile('', 'pilot', 'name:x', now);
      assert.deepEqual(none, {
        profile: { methods: [], questionIds: [], passkeys: 0, admin: false, inScopeGroup: false, confirmedAt: null },
        lockedUntil: null,
      });
    });

    test('the counters: a bucket of 3 gives 3 tokens and refuses the 4th, refilling one per interval; a window counts hits', async () => {
      const burstUs = 3_000_000;
      const nowUs = t.clock.now().getTime() * 1000;
      const takes = [];
      for (let i = 0; i < 4; i++) takes.push(await t.repos.recovery.takeToken('recovery-send:s1', burstUs / 3, nowUs, burstUs));
      assert.deepEqual(takes, [true, true, true, false]);
      assert.equal(await t.repos.recovery.takeToken('recovery-send:s1', burstUs / 3, nowUs + 1_000_000, burstUs), true, 'one token back after one interval');
      assert.equal(await t.repos.recovery.takeToken('recovery-send:s1', burstUs / 3, nowUs + 1_000_000, burstUs), false);
      assert.deepEqual([await t.repos.recovery.hitWindow('recovery-day:s1', 100), await t.repos.recovery.hitWindow('recovery-day:s1', 100)], [1, 2]);
      assert.equal(await t.repos.recovery.hitWindow('recovery-day:s1', 200), 1, 'a new window starts over');
    });
  });
}
