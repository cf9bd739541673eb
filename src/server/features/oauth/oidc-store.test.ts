import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { openTestDb, testEngines } from '../../testing/databases.js';
import type { DbHandle } from '../../db/kysely.js';
import { createOidcStore, type OidcStore } from './oidc-store.js';

/* Issue 15: the authorisation server's state store (oidc-provider's adapter contract) on both engines. */

for (const engine of testEngines()) {
  describe(`oidc store (${engine})`, () => {
    let db: DbHandle;
    let store: OidcStore;
    before(async () => {
      db = await openTestDb(engine);
      store = createOidcStore(db.db);
    });
    after(() => db.close());
    const now = new Date('2026-03-01T09:00:00Z');
    const later = new Date('2026-03-01T10:00:00Z');

    test('upsert, find by id, user code and uid; expired records are not found', async () => {
      await store.upsert('DeviceCode', 'd1', { grantId: 'g1', userCode: 'ABCD-EFGH', uid: 'u1', x: 1 }, later);
      assert.equal((await store.find('DeviceCode', 'd1', now))?.payload.x, 1);
      assert.equal((await store.findByUserCode('DeviceCode', 'ABCD-EFGH', now))?.payload.x, 1);
      assert.equal((await store.findByUid('DeviceCode', 'u1', now))?.payload.x, 1);
      await store.upsert('DeviceCode', 'd1', { grantId: 'g1', userCode: 'ABCD-EFGH', uid: 'u1', x: 2 }, later);
      assert.equal((await store.find('DeviceCode', 'd1', now))?.payload.x, 2);
      assert.equal(await store.find('DeviceCode', 'd1', later), undefined);
      assert.equal(await store.find('Session', 'd1', now), undefined, 'models are separate');
    });

    test('a code is consumed once, even by two concurrent exchanges', async () => {
      await store.upsert('AuthorizationCode', 'c1', { grantId: 'g2' }, later);
      const results = await Promise.all([store.consume('AuthorizationCode', 'c1', now), store.consume('AuthorizationCode', 'c1', now)]);
      assert.deepEqual(results.sort(), [false, true]);
      assert.equal(typeof (await store.find('AuthorizationCode', 'c1', now))?.payload.consumed, 'number');
      assert.equal(await store.consume('AuthorizationCode', 'c1', now), false);
    });

    test('revoking a grant deletes its records in every model; purge drops the expired', async () => {
      await store.upsert('AccessToken', 'a1', { grantId: 'g3' }, later);
      await store.upsert('RefreshToken', 'r1', { grantId: 'g3' }, later);
      await store.upsert('RefreshToken', 'r2', { grantId: 'other' }, later);
      await store.revokeByGrantId('g3');
      assert.equal(await store.find('AccessToken', 'a1', now), undefined);
      assert.equal(await store.find('RefreshToken', 'r1', now), undefined);
      assert.ok(await store.find('RefreshToken', 'r2', now));
      await store.upsert('Interaction', 'old', {}, now);
      assert.ok((await store.purgeExpired(later)) >= 1);
      assert.equal((await db.db.selectFrom('oidc_payload').select('id').where('id', '=', 'old').execute()).length, 0);
    });
  });
}
