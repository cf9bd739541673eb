import assert from 'node:assert/strict';
import { test } from 'node:test';
import { newId, sha256 } from '../../core/crypto.js';
import { processCacheBus } from '../../core/cache-bus.js';
import { storeContract, T0, at } from '../../db/contract/fixtures.js';
import { createOrganizationStore, ORGANIZATION_TOPIC } from '../organization/store.js';

// The sign-in and session hot path's compiled statements (issue 16, lever 1) must answer exactly
// what the statements they replace answered, on both engines.
storeContract('sign-in hot statements', (ctx) => {
  test('findForSignIn: the user of findBySignInName, with roles, temporary expiry and MFA facts, in one statement', async () => {
    const id = await ctx.addUser('Ada.Lovelace@contoso.example', { mail: 'ada@fabrikam.example', roles: ['user-administrator', 'helpdesk-administrator'] });
    // Another kind of method is no second factor.
    await ctx.repos.securityInfo.putMethod({ id: newId(), userId: id, kind: 'email', value: 'ada@example.org' }, T0);
    for (const name of ['ada.lovelace@contoso.example', 'ADA@FABRIKAM.EXAMPLE']) {
      const found = await ctx.repos.users.findForSignIn(name);
      assert.deepEqual(found?.user, await ctx.repos.users.findBySignInName(name));
      assert.equal(found?.user.id, id);
      assert.deepEqual(found?.roles, (await ctx.repos.users.rolesOf([id])).get(id));
      assert.deepEqual(found?.roles, ['helpdesk-administrator', 'user-administrator']);
      assert.equal(found?.temporaryUntil, null);
      assert.deepEqual(found?.mfa, { authenticatorApp: false, passkeys: 0, forced: false });
    }
    await ctx.repos.temporaryPasswords.set(id, T0, at(3600));
    await ctx.repos.securityInfo.putMethod({ id: newId(), userId: id, kind: 'authenticatorApp', value: 'sealed' }, T0);
    await ctx.repos.mfa.setForceMfaBeforeChange(id, true);
    for (const n of [1, 2])
      await ctx.db
        .insertInto('passkey_credential')
        .values({ id: newId(), credential_id: `cred-${n}`, user_id: id, public_key: 'pk', aaguid: 'a', name: `key ${n}`, created_at: T0.toISOString() })
        .execute();
    const found = await ctx.repos.users.findForSignIn('ada.lovelace@contoso.example');
    assert.deepEqual(found?.temporaryUntil, await ctx.repos.temporaryPasswords.expiresAt(id));
    assert.deepEqual(found?.mfa, { authenticatorApp: true, passkeys: 2, forced: await ctx.repos.mfa.forceMfaBeforeChange(id) });
    // Nobody, and a name two accounts answer to without either having it as UPN, find no one.
    assert.equal(await ctx.repos.users.findForSignIn('nobody@contoso.example'), undefined);
    await ctx.addUser('x@contoso.example', { mail: 'shared@contoso.example' });
    await ctx.addUser('y@contoso.example', { mail: 'y@contoso.example' });
    await ctx.db.updateTable('app_user').set({ on_premises_sam_key: 'shared@contoso.example' }).where('upn_key', '=', 'y@contoso.example').execute();
    assert.equal(await ctx.repos.users.findBySignInName('shared@contoso.example'), undefined);
    assert.equal(await ctx.repos.users.findForSignIn('shared@contoso.example'), undefined);
  });

  test('findWithUser: the session, its user and roles in one statement, as the three reads gave them', async () => {
    const id = await ctx.addUser('grace@contoso.example', { roles: ['reports-reader'] });
    const tokenHash = sha256(`token-${id}`);
    const session = {
      id: newId(),
      userId: id,
      scope: 'full' as const,
      createdAt: T0,
      lastSeenAt: at(5),
      expiresAt: at(3600),
      ipAddress: '192.0.2.1',
      userAgent: 'test',
      authenticatedAt: T0,
      mfaAt: at(1),
    };
    await ctx.repos.sessions.insert({ ...session, tokenHash });
    const found = await ctx.repos.sessions.findWithUser(tokenHash);
    assert.deepEqual(found?.session, await ctx.repos.sessions.findByTokenHash(tokenHash));
    assert.deepEqual(found?.session, session);
    assert.deepEqual(found?.user, await ctx.repos.users.findById(id));
    assert.deepEqual(found?.roles, ['reports-reader']);
    assert.equal(await ctx.repos.sessions.findWithUser(sha256('no such token')), undefined);
  });

  test('the organisation is cached outside transactions and forgotten on invalidate (here and through the bus)', async () => {
    const store = createOrganizationStore(ctx.db);
    if (!(await ctx.transact((tx) => tx.organization.get())))
      await store.create({ id: newId(), name: 'Contoso', defaultLanguage: 'en', domain: 'contoso.example' }, T0);
    const org = await store.get();
    assert.ok(org);
    const add = (name: string) =>
      ctx.db.insertInto('domain').values({ name, organization_id: org.id, is_default: 0, is_verified: 0, created_at: T0.toISOString() }).execute();
    await add('cached.example');
    // Written behind the cache's back: still the cached copy, while a transaction reads the table.
    assert.deepEqual(await store.get(), org);
    assert.ok(await ctx.transact(async (tx) => (await tx.organization.get())?.domains.some((d) => d.name === 'cached.example')));
    store.invalidate();
    assert.ok((await store.get())?.domains.some((d) => d.name === 'cached.example'));
    await add('bus.example');
    processCacheBus().publish(ORGANIZATION_TOPIC);
    assert.ok((await store.get())?.domains.some((d) => d.name === 'bus.example'));
    // A caller changing its copy does not change the cache.
    (await store.get())!.domains.length = 0;
    assert.ok(((await store.get())?.domains.length ?? 0) > 0);
  });

  test('a lockout transaction joins a caller’s transaction and rolls back with it', async () => {
    const id = await ctx.addUser('hedy@contoso.example');
    await assert.rejects(
      ctx.transact(async (tx) => {
        await tx.lockout.atomically(async (l) => l.lockout.getForClaim(id, T0));
        throw new Error('roll back');
      }),
      /roll back/,
    );
    assert.equal(await ctx.repos.lockout.get(id), undefined);
    const claims = await ctx.repos.lockout.atomically(async (l) => (await l.lockout.getForClaim(id, T0)).claims);
    assert.deepEqual(claims, { familiar: { pending: 0, until: null }, unfamiliar: { pending: 0, until: null } });
    assert.ok(await ctx.repos.lockout.get(id));
    assert.deepEqual(await ctx.repos.lockout.shadowClaims('00000000-0000-0000-0000-000000000000'), claims);
  });
});
