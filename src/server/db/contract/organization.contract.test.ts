import assert from 'node:assert/strict';
import { test } from 'node:test';
import { newId } from '../../core/crypto.js';
import { at, storeContract, T0 } from './fixtures.js';

storeContract('organization', (ctx) => {
  const first = newId();

  test('get is undefined before the organisation exists', async () => {
    assert.equal(await ctx.repos.organization.get(), undefined);
  });

  test('creates the organisation with its default domain lower-cased, verified and default', async () => {
    await ctx.repos.organization.create({ id: first, name: 'Contoso', defaultLanguage: 'nl', domain: 'Contoso.Example' }, T0);
    assert.deepEqual(await ctx.repos.organization.get(), {
      id: first,
      name: 'Contoso',
      defaultLanguage: 'nl',
      domains: [{ name: 'contoso.example', isDefault: true, isVerified: true }],
    });
  });

  test('stores the creation time as ISO text and the flags as 0/1', async () => {
    const org = await ctx.db.selectFrom('organization').select('created_at').where('id', '=', first).executeTakeFirstOrThrow();
    assert.equal(org.created_at, '2026-05-01T10:00:00.000Z');
    const domain = await ctx.db.selectFrom('domain').selectAll().where('organization_id', '=', first).executeTakeFirstOrThrow();
    assert.equal(domain.is_default, 1);
    assert.equal(domain.is_verified, 1);
  });

  test('a second organisation does not replace the first (the oldest is the one served)', async () => {
    await ctx.repos.organization.create({ id: newId(), name: 'Fabrikam', defaultLanguage: 'en', domain: 'fabrikam.example' }, at(60));
    assert.equal((await ctx.repos.organization.get())?.name, 'Contoso');
  });

  test('a domain name is unique whatever its case', async () => {
    await assert.rejects(ctx.repos.organization.create({ id: newId(), name: 'Copy', defaultLanguage: 'en', domain: 'CONTOSO.example' }, at(120)));
    assert.deepEqual(
      (await ctx.repos.organization.get())?.domains.map((d) => d.name),
      ['contoso.example'],
    );
  });
});
