import assert from 'node:assert/strict';
import { test } from 'node:test';
import { newId } from '../../core/crypto.js';
import { at, race, storeContract, T0 } from './fixtures.js';

// The user store's rows: insert, look-ups, update and delete. Listing and roles are in
// users-list.contract.test.ts, password state in users-passwords.contract.test.ts.

storeContract('users', (ctx) => {
  test('round-trips every directory field (times as ISO text, flags as 0/1)', async () => {
    const fields = {
      userPrincipalName: 'Lidia.Holloway@contoso.example',
      displayName: 'Lidia Holloway',
      givenName: 'Lidia',
      surname: 'Holloway',
      mail: 'Lidia.Holloway@contoso.example',
      otherMails: ['lidia@example.org', 'l.h@example.net'],
      mobilePhone: '+31 6 12345678',
      businessPhones: ['+31 20 123 4567'],
      department: 'Engineering',
      jobTitle: 'Product Manager',
      accountEnabled: false,
      preferredLanguage: 'nl',
      disablePasswordExpiration: true,
      disableStrongPassword: true,
      passwordHash: '$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaA',
      forceChangePassword: true,
    };
    const id = newId();
    assert.equal(await ctx.repos.users.insert({ id, ...fields, roles: ['helpdesk-administrator', 'reports-reader'], now: T0 }), 'created');
    assert.deepEqual(await ctx.repos.users.findById(id), {
      id,
      ...fields,
      lastPasswordChangeAt: T0,
      sessionsValidFrom: T0,
      createdAt: T0,
      updatedAt: T0,
      onPremises: null,
    });
    assert.deepEqual((await ctx.repos.users.rolesOf([id])).get(id), ['helpdesk-administrator', 'reports-reader']);
    const raw = await ctx.db.selectFrom('app_user').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    assert.deepEqual([raw.account_enabled, raw.force_change_password, raw.disable_password_expiration, raw.disable_strong_password], [0, 1, 1, 1]);
    assert.equal(raw.created_at, '2026-05-01T10:00:00.000Z');
    assert.deepEqual([raw.upn_key, raw.mail_key, raw.display_name_key], ['lidia.holloway@contoso.example', 'lidia.holloway@contoso.example', 'lidia holloway']);
  });

  test('defaults: enabled, no optional fields, no password change time without a password', async () => {
    const id = await ctx.addUser('minimal@contoso.example');
    const u = await ctx.repos.users.findById(id);
    assert.deepEqual(
      [
        u?.accountEnabled,
        u?.givenName,
        u?.mail,
        u?.otherMails,
        u?.businessPhones,
        u?.preferredLanguage,
        u?.passwordHash,
        u?.lastPasswordChangeAt,
        u?.forceChangePassword,
        u?.disableStrongPassword,
      ],
      [true, null, null, [], [], null, null, null, false, false],
    );
    assert.deepEqual((await ctx.repos.users.rolesOf([id])).get(id), []);
  });

  test('damaged list columns read as empty lists; non-strings are dropped', async () => {
    const id = await ctx.addUser('damaged@contoso.example');
    await ctx.db
      .updateTable('app_user')
      .set({ other_mails: 'not json', business_phones: JSON.stringify(['+31', 7, null]) })
      .where('id', '=', id)
      .execute();
    const u = await ctx.repos.users.findById(id);
    assert.deepEqual(u?.otherMails, []);
    assert.deepEqual(u?.businessPhones, ['+31']);
  });

  test('findById is undefined for an unknown id', async () => {
    assert.equal(await ctx.repos.users.findById(newId()), undefined);
  });

  test('finds by UPN or primary email, case-insensitively; refuses a duplicate UPN in any case', async () => {
    const id = await ctx.addUser('megan.bowen@contoso.example', { mail: 'Megan@Example.org' });
    assert.equal((await ctx.repos.users.findBySignInName('MEGAN.BOWEN@CONTOSO.EXAMPLE'))?.id, id);
    assert.equal((await ctx.repos.users.findBySignInName('megan@example.ORG'))?.id, id);
    assert.equal(await ctx.repos.users.findBySignInName('megan'), undefined);
    assert.equal(await ctx.repos.users.findBySignInName('megan.bowen@contoso.example '), undefined, 'no trimming in the store');
    const dup = await ctx.repos.users.insert({
      id: newId(),
      userPrincipalName: 'Megan.Bowen@Contoso.Example',
      displayName: 'Copy',
      passwordHash: null,
      forceChangePassword: false,
      now: T0,
    });
    assert.equal(dup, 'upn_taken');
    assert.equal((await ctx.repos.users.list({ search: 'copy', limit: 5 })).items.length, 0, 'a refused insert writes nothing');
  });

  test('a UPN match wins over another user whose email is that UPN; an email two users share finds nobody', async () => {
    const owner = await ctx.addUser('shared@contoso.example');
    await ctx.addUser('other@contoso.example', { mail: 'shared@contoso.example' });
    assert.equal((await ctx.repos.users.findBySignInName('shared@contoso.example'))?.id, owner);
    await ctx.addUser('twin1@contoso.example', { mail: 'twins@example.org' });
    await ctx.addUser('twin2@contoso.example', { mail: 'twins@example.org' });
    assert.equal(await ctx.repos.users.findBySignInName('twins@example.org'), undefined);
  });

  test('non-ASCII UPNs are keyed in one canonical form (NFC, lower case)', async () => {
    const id = await ctx.addUser('J\u00d6RG@contoso.example');
    assert.equal((await ctx.repos.users.findBySignInName('jo\u0308rg@contoso.example'))?.id, id, 'decomposed ö finds the composed one');
  });

  test('concurrent inserts of one UPN create exactly one user', async () => {
    const results = await race(6, (i) =>
      ctx.repos.users
        .insert({
          id: newId(),
          userPrincipalName: i % 2 ? 'RACE@contoso.example' : 'race@contoso.example',
          displayName: `Race ${i}`,
          passwordHash: null,
          forceChangePassword: false,
          now: T0,
        })
        .catch(() => 'error' as const),
    );
    assert.equal(results.filter((r) => r === 'created').length, 1, results.join(','));
    assert.deepEqual(
      results.filter((r) => r !== 'created'),
      Array(5).fill('upn_taken'),
      'the losers are told, not thrown at',
    );
    const rows = await ctx.db.selectFrom('app_user').select('id').where('upn_key', '=', 'race@contoso.example').execute();
    assert.equal(rows.length, 1);
  });

  test('upnsByIds maps known ids only', async () => {
    const a = await ctx.addUser('upn-a@contoso.example');
    const b = await ctx.addUser('UPN-B@contoso.example');
    const map = await ctx.repos.users.upnsByIds([a, b, 'unknown']);
    assert.deepEqual(
      [...map.entries()].sort(),
      [
        [a, 'upn-a@contoso.example'],
        [b, 'UPN-B@contoso.example'],
      ].sort(),
    );
    assert.deepEqual(await ctx.repos.users.upnsByIds([]), new Map());
  });

  test('update changes the given fields only and refreshes the search words', async () => {
    const id = await ctx.addUser('before@contoso.example', {
      displayName: 'Adele Vance',
      givenName: 'Adele',
      jobTitle: 'Analyst',
      mail: 'adele@example.org',
      otherMails: ['x@example.org'],
    });
    assert.equal(
      await ctx.repos.users.update(
        id,
        { displayName: 'Alex Wilber', jobTitle: null, otherMails: [], businessPhones: ['+1 555'], accountEnabled: false, department: 'Sales' },
        at(60),
      ),
      'updated',
    );
    const u = await ctx.repos.users.findById(id);
    assert.deepEqual(
      [u?.displayName, u?.givenName, u?.jobTitle, u?.otherMails, u?.businessPhones, u?.accountEnabled, u?.department, u?.mail],
      ['Alex Wilber', 'Adele', null, [], ['+1 555'], false, 'Sales', 'adele@example.org'],
    );
    assert.equal(u?.updatedAt.toISOString(), at(60).toISOString());
    assert.equal(u?.createdAt.toISOString(), T0.toISOString());
    assert.deepEqual(
      (await ctx.repos.users.list({ search: 'wilber', limit: 5 })).items.map((x) => x.id),
      [id],
    );
    assert.deepEqual((await ctx.repos.users.list({ search: 'vance', limit: 5 })).items, [], 'the old name no longer matches');
    assert.deepEqual(
      (await ctx.repos.users.list({ search: 'adele', limit: 5 })).items.map((x) => x.id),
      [id],
      'still found by given name',
    );
  });

  test('update of the UPN and mail re-keys look-ups; clearing the mail clears its key', async () => {
    const id = await ctx.addUser('rename@contoso.example', { mail: 'rename@example.org' });
    assert.equal(await ctx.repos.users.update(id, { userPrincipalName: 'Renamed@contoso.example', mail: null }, at(1)), 'updated');
    assert.equal((await ctx.repos.users.findBySignInName('renamed@CONTOSO.example'))?.id, id);
    assert.equal(await ctx.repos.users.findBySignInName('rename@contoso.example'), undefined);
    assert.equal(await ctx.repos.users.findBySignInName('rename@example.org'), undefined);
    const raw = await ctx.db.selectFrom('app_user').select(['mail', 'mail_key']).where('id', '=', id).executeTakeFirstOrThrow();
    assert.deepEqual(raw, { mail: null, mail_key: null });
    assert.equal(
      await ctx.repos.users.update(id, { userPrincipalName: 'RENAMED@contoso.example' }, at(2)),
      'updated',
      'changing only the case of one’s own UPN',
    );
  });

  test("update refuses another user's UPN in any case and changes nothing", async () => {
    await ctx.addUser('taken@contoso.example');
    const id = await ctx.addUser('mover@contoso.example', { displayName: 'Mover' });
    assert.equal(await ctx.repos.users.update(id, { userPrincipalName: 'TAKEN@contoso.example', displayName: 'Changed' }, at(1)), 'upn_taken');
    const u = await ctx.repos.users.findById(id);
    assert.deepEqual([u?.userPrincipalName, u?.displayName], ['mover@contoso.example', 'Mover']);
  });

  test('delete removes the user once, with its roles and search words', async () => {
    const id = await ctx.addUser('delete-me@contoso.example', { roles: ['directory-readers'] });
    assert.equal(await ctx.repos.users.delete(id), true);
    assert.equal(await ctx.repos.users.findById(id), undefined);
    assert.equal(await ctx.repos.users.delete(id), false);
    assert.deepEqual((await ctx.repos.users.rolesOf([id])).get(id), []);
    assert.equal((await ctx.db.selectFrom('user_search_token').select('token').where('user_id', '=', id).execute()).length, 0);
  });
});
