import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { z } from 'zod';
import { ManualClock } from '../../core/clock.js';
import { AppError } from '../../core/errors.js';
import type { Actor, Principal } from '../../core/identity.js';
import type { DbHandle } from '../../db/kysely.js';
import { createRepos, createTransact, type Repos, type Transact } from '../../db/repos.js';
import { openTestDb, testEngines } from '../../testing/databases.js';
import type { Permission } from '../../../shared/roles.js';
import type { AuditAction } from '../../../shared/audit.js';
import { defineSettings } from './definition.js';
import { createSettingsService, type SettingsService } from './service.js';

const schema = z.object({ name: z.string(), limit: z.number().int(), note: z.string() }).strict();
type Doc = z.infer<typeof schema>;

/** A document of the test's own: `settings:lockout` may change it all, `settings:sspr` only its note. */
const doc = defineSettings<Doc>({
  key: 'test-document',
  schema,
  defaults: { name: 'first', limit: 1, note: '' },
  read: ['settings:audit', 'settings:lockout'],
  write: [{ permission: 'settings:lockout' }, { permission: 'settings:sspr', onlyFields: ['note'] }],
  normalize: (body) => ({ ...body, name: body.name.trim() }),
  issues: (next) => [
    ...(next.name ? [] : [{ path: 'name', code: 'field.too_short' }]),
    ...(next.limit > 10 ? [{ path: 'limit', code: 'field.too_big', params: { maximum: 10 } }] : []),
  ],
  invalid: 'sspr.settings_invalid',
  audit: { action: 'settings.test_updated' as AuditAction },
  cache: { ttlMs: 3_600_000 },
  route: { path: '/settings/test', summary: { get: 'Test', put: 'Save test' } },
});

const ctx = { ipAddress: '192.0.2.7', userAgent: 'test', correlationId: 'corr-1' };
const actor = (permissions: Permission[]): Actor => ({
  kind: 'user',
  principal: { user: { id: 'admin-1', userPrincipalName: 'admin@contoso.example' }, roles: [], permissions } as unknown as Principal,
});
const refusal = (code: string) => (err: unknown) => err instanceof AppError && err.code === code;

for (const engine of testEngines()) {
  describe(`settings documents: one service for every document (${engine})`, () => {
    let db: DbHandle;
    let repos: Repos;
    let transact: Transact;
    let service: SettingsService;
    const clock = new ManualClock('2026-03-01T09:00:00.000Z');
    before(async () => {
      db = await openTestDb(engine);
      repos = createRepos(db.db);
      transact = createTransact(db.db);
      service = createSettingsService({ repos, transact, clock });
    });
    after(() => db.close());

    const stored = async () => (await repos.settings.get(doc.key))?.value;
    const audited = () => repos.audit.list({ action: 'settings.test_updated', limit: 100 });

    test('reading needs one of the read permissions; nothing stored reads as the defaults', async () => {
      await assert.rejects(service.get(actor(['settings:sspr']), doc), refusal('auth.forbidden'));
      assert.deepEqual(await service.get(actor(['settings:audit']), doc), doc.defaults);
      assert.deepEqual(await service.get({ kind: 'system', name: 'console' }, doc), doc.defaults);
    });

    test('a save without a grant is refused with auth.forbidden and changes nothing', async () => {
      await assert.rejects(service.save(actor(['settings:audit']), doc, { name: 'x', limit: 2, note: '' }, ctx), refusal('auth.forbidden'));
      // A grant limited to some fields does not cover a change to another field.
      await assert.rejects(service.save(actor(['settings:sspr']), doc, { name: 'first', limit: 2, note: 'n' }, ctx), refusal('auth.forbidden'));
      assert.equal(await stored(), undefined);
      assert.deepEqual(await audited(), []);
    });

    test('an invalid document gives every issue at once with the definition’s code, and nothing is saved or audited', async () => {
      const err = await service.save(actor(['settings:lockout']), doc, { name: '   ', limit: 11, note: '' }, ctx).then(
        () => assert.fail('saved'),
        (e: unknown) => e,
      );
      assert.ok(err instanceof AppError);
      assert.equal(err.code, 'sspr.settings_invalid');
      assert.deepEqual(err.issues, [
        { path: 'name', code: 'field.too_short' },
        { path: 'limit', code: 'field.too_big', params: { maximum: 10 } },
      ]);
      assert.equal(await stored(), undefined);
      assert.deepEqual(await audited(), []);
    });

    test('a valid save stores the normalised document, audits it and invalidates the cache', async () => {
      const reader = service.cached(doc);
      assert.deepEqual(await reader.get(), doc.defaults, 'the cache now holds the defaults for an hour');
      const saved = await service.save(actor(['settings:lockout']), doc, { name: '  second  ', limit: 5, note: '' }, ctx);
      assert.deepEqual(saved, { name: 'second', limit: 5, note: '' });
      assert.deepEqual(await stored(), saved);
      assert.equal((await repos.settings.get(doc.key))?.updatedBy, 'admin-1');
      assert.deepEqual(await reader.get(), saved, 'this server sees its own change at once');
      const [event, ...others] = await audited();
      assert.equal(others.length, 0);
      assert.deepEqual(
        { outcome: event?.outcome, actorId: event?.actorId, actorName: event?.actorName, ipAddress: event?.ipAddress, correlationId: event?.correlationId },
        { outcome: 'success', actorId: 'admin-1', actorName: 'admin@contoso.example', ipAddress: '192.0.2.7', correlationId: 'corr-1' },
      );
      assert.deepEqual(JSON.parse(String(event?.details.before)), doc.defaults);
      assert.deepEqual(JSON.parse(String(event?.details.after)), saved);
      // The limited grant may change its own field.
      assert.deepEqual(await service.save(actor(['settings:sspr']), doc, { ...saved, note: 'changed' }, ctx), { ...saved, note: 'changed' });
    });

    test('the document and its audit event are one transaction: a failed audit write leaves the old document', async () => {
      const previous = await stored();
      const calls: string[] = [];
      const failingAudit: Transact = (work) =>
        transact((tx) =>
          work(
            Object.create(tx, {
              settings: { value: { ...tx.settings, put: (...args: Parameters<typeof tx.settings.put>) => (calls.push('put'), tx.settings.put(...args)) } },
              audit: { value: { ...tx.audit, append: () => (calls.push('audit'), Promise.reject(new Error('audit store down'))) } },
            }) as typeof tx,
          ),
        );
      const broken = createSettingsService({ repos, transact: failingAudit, clock });
      const reader = broken.cached(doc);
      assert.deepEqual(await reader.get(), previous);
      await assert.rejects(broken.save(actor(['settings:lockout']), doc, { name: 'third', limit: 3, note: '' }, ctx), /audit store down/);
      assert.deepEqual(calls, ['put', 'audit'], 'the document was written, then rolled back with the audit event');
      assert.deepEqual(await stored(), previous);
      assert.deepEqual(await reader.get(), previous);
    });

    test('a stored value that no longer fits the schema reads as the defaults', async () => {
      await repos.settings.put(doc.key, { name: 'x', limit: 'many' }, null, clock.now());
      const fresh = createSettingsService({ repos, transact, clock });
      assert.deepEqual(await fresh.get(actor(['settings:lockout']), doc), doc.defaults);
    });
  });
}
