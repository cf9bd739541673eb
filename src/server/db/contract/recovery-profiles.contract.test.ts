import assert from 'node:assert/strict';
import { test } from 'node:test';
import { newId } from '../../core/crypto.js';
import { at, storeContract, T0 } from './fixtures.js';

// The recovery store's reads of other features' tables: the batched profile reader (the reset
// portal asks for one user, the registration report for a page) and the administrator contacts.

storeContract('recovery (profiles and admin contacts)', (ctx) => {
  const ids: Record<string, string> = {};
  const group = newId();

  test('setup: users with methods, answers, roles, a group, a confirmation and a lock', async () => {
    ids.lidia = await ctx.addUser('lidia@contoso.example', { mail: 'lidia@home.example', preferredLanguage: 'nl' });
    ids.admin = await ctx.addUser('admin@contoso.example', { roles: ['global-administrator', 'user-administrator'] });
    ids.helpdesk = await ctx.addUser('helpdesk@contoso.example', { roles: ['helpdesk-administrator'] });
    ids.password = await ctx.addUser('password@contoso.example', { roles: ['password-administrator'] });
    ids.disabled = await ctx.addUser('disabled@contoso.example', { roles: ['helpdesk-administrator'], accountEnabled: false });
    ids.bare = await ctx.addUser('bare@contoso.example');
    await ctx.repos.securityInfo.putMethod({ id: 'm-phone', userId: ids.lidia, kind: 'mobilePhone', value: '+31612345678' }, at(2));
    await ctx.repos.securityInfo.putMethod({ id: 'm-email', userId: ids.lidia, kind: 'email', value: 'lidia@home.example' }, at(1));
    await ctx.repos.securityInfo.putMethod({ id: 'm-admin', userId: ids.admin, kind: 'email', value: 'admin@home.example' }, at(3));
    await ctx.repos.securityInfo.advanceTotpStep('m-phone', 7);
    await ctx.repos.securityInfo.replaceAnswers(
      ids.lidia,
      [
        { questionId: 'q1', answerHash: 'h1' },
        { questionId: 'q2', answerHash: 'h2' },
      ],
      T0,
    );
    await ctx.repos.securityInfo.markConfirmed(ids.lidia, at(5));
    await ctx.repos.groups.create({ id: group, displayName: 'SSPR' }, T0);
    await ctx.repos.groups.addMembers(group, [ids.lidia]);
    await ctx.repos.recovery.lock(ids.bare, at(3600), 'failures');
  });

  test('profiles: one user, every fact read (methods oldest first, full rows)', async () => {
    const { profiles, lockedUntil } = await ctx.repos.recovery.profiles([ids.lidia!], { scopeGroupId: group });
    const lidia = profiles.get(ids.lidia!);
    assert.deepEqual(lidia?.methods, [
      { id: 'm-email', userId: ids.lidia, kind: 'email', value: 'lidia@home.example', createdAt: at(1), lastTotpStep: null },
      { id: 'm-phone', userId: ids.lidia, kind: 'mobilePhone', value: '+31612345678', createdAt: at(2), lastTotpStep: 7 },
    ]);
    assert.deepEqual([...(lidia?.questionIds ?? [])].sort(), ['q1', 'q2']);
    assert.deepEqual([lidia?.admin, lidia?.inScopeGroup, lidia?.confirmedAt], [false, true, at(5)]);
    assert.equal(lockedUntil, null, 'no lock asked about');
  });

  test('profiles: group scope, two-gate roles, and the lock of the subject asked about', async () => {
    const outOfScope = await ctx.repos.recovery.profiles([ids.lidia!], { scopeGroupId: null });
    assert.equal(outOfScope.profiles.get(ids.lidia!)?.inScopeGroup, false);
    const admin = await ctx.repos.recovery.profiles([ids.admin!], { scopeGroupId: group, lock: { subject: ids.admin!, now: T0 } });
    assert.deepEqual([admin.profiles.get(ids.admin!)?.admin, admin.profiles.get(ids.admin!)?.inScopeGroup, admin.lockedUntil], [true, false, null]);
    const locked = await ctx.repos.recovery.profiles([ids.bare!], { scopeGroupId: group, lock: { subject: ids.bare!, now: T0 } });
    assert.deepEqual(locked.lockedUntil, at(3600));
    assert.deepEqual(locked.profiles.get(ids.bare!), { methods: [], questionIds: [], admin: false, inScopeGroup: false, confirmedAt: null, passkeys: 0 });
    const expired = await ctx.repos.recovery.profiles([ids.bare!], { scopeGroupId: group, lock: { subject: ids.bare!, now: at(3600) } });
    assert.equal(expired.lockedUntil, null, 'a lock ends at its time');
    const byName = await ctx.repos.recovery.profiles([''], { scopeGroupId: group, lock: { subject: ids.bare!, now: T0 } });
    assert.deepEqual(byName.lockedUntil, at(3600), 'the lock is the subject’s, whoever the profile is of');
  });

  test('profiles: an unknown id gets an empty profile; a page reads every user at once; no ids, no profiles', async () => {
    const unknown = await ctx.repos.recovery.profiles([''], { scopeGroupId: group, lock: { subject: 'name:nobody', now: T0 } });
    assert.deepEqual([...unknown.profiles], [['', { methods: [], questionIds: [], admin: false, inScopeGroup: false, confirmedAt: null, passkeys: 0 }]]);
    assert.equal(unknown.lockedUntil, null);
    const page = await ctx.repos.recovery.profiles([ids.lidia!, ids.admin!, ids.bare!, 'missing'], { scopeGroupId: null });
    assert.deepEqual([...page.profiles.keys()], [ids.lidia, ids.admin, ids.bare, 'missing']);
    assert.deepEqual(
      page.profiles.get(ids.lidia!)?.methods.map((m) => m.id),
      ['m-email', 'm-phone'],
    );
    assert.deepEqual(
      page.profiles.get(ids.admin!)?.methods.map((m) => m.id),
      ['m-admin'],
    );
    assert.equal(page.profiles.get(ids.admin!)?.admin, true);
    assert.equal(page.profiles.get(ids.admin!)?.questionIds.length, 0);
    assert.equal(page.profiles.get('missing')?.methods.length, 0);
    const none = await ctx.repos.recovery.profiles([], { scopeGroupId: null });
    assert.deepEqual([none.profiles.size, none.lockedUntil], [0, null]);
  });

  test('profiles read inside a transaction too', async () => {
    const seen = await ctx.transact(async (tx) => (await tx.recovery.profiles([ids.lidia!], { scopeGroupId: group })).profiles.get(ids.lidia!)?.methods.length);
    assert.equal(seen, 2);
  });

  test('adminContacts: enabled holders of any of the roles, by UPN, at most the limit', async () => {
    const names = async (roles: Parameters<typeof ctx.repos.recovery.adminContacts>[0], limit = 100) =>
      (await ctx.repos.recovery.adminContacts(roles, limit)).map((a) => a.userPrincipalName);
    assert.deepEqual(
      await names(['helpdesk-administrator', 'password-administrator']),
      ['helpdesk@contoso.example', 'password@contoso.example'],
      'the disabled holder is left out',
    );
    assert.deepEqual(await names(['helpdesk-administrator', 'password-administrator'], 1), ['helpdesk@contoso.example']);
    assert.deepEqual(await names(['global-administrator', 'user-administrator']), ['admin@contoso.example'], 'each holder once');
    assert.deepEqual(await names(['authentication-administrator']), []);
    const [lidia] = await ctx.repos.recovery.adminContacts(['helpdesk-administrator'], 1);
    assert.deepEqual(lidia, { id: ids.helpdesk, userPrincipalName: 'helpdesk@contoso.example', displayName: 'helpdesk', mail: null, preferredLanguage: null });
  });
});
