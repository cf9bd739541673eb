import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { newId } from '../../core/crypto.js';
import { assertPostgresInCi, openTestDb, testEngines } from '../../testing/databases.js';
import type { DbHandle } from '../kysely.js';
import { createRepos, createTransact, type Repos } from '../repos.js';

// One contract for every store, run on SQLite always and on PostgreSQL whenever
// LATCHKEY_TEST_POSTGRES_URL is set (always in CI): both engines must behave the same.

test('the PostgreSQL suites are not skipped under CI', () => {
  assertPostgresInCi();
});

const T0 = new Date('2026-05-01T10:00:00.000Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

for (const engine of testEngines()) {
  describe(`store contract (${engine})`, () => {
    let handle: DbHandle;
    let repos: Repos;
    before(async () => {
      handle = await openTestDb(engine);
      repos = createRepos(handle.db);
      await repos.organization.create({ id: newId(), name: 'Contoso', defaultLanguage: 'nl', domain: 'Contoso.Example' }, T0);
    });
    after(() => handle.close());

    const addUser = async (upn: string, extra: Partial<Parameters<Repos['users']['insert']>[0]> = {}) => {
      const id = newId();
      const result = await repos.users.insert({ id, userPrincipalName: upn, displayName: upn.split('@')[0]!, passwordHash: null, forceChangePassword: false, now: T0, ...extra });
      return { id, result };
    };

    describe('organization', () => {
      test('creates and reads the organisation with its lower-cased default domain', async () => {
        const org = await repos.organization.get();
        assert.equal(org?.name, 'Contoso');
        assert.equal(org?.defaultLanguage, 'nl');
        assert.deepEqual(org?.domains, [{ name: 'contoso.example', isDefault: true, isVerified: true }]);
      });
    });

    describe('users', () => {
      test('round-trips every directory field', async () => {
        const { id } = await addUser('Lidia.Holloway@contoso.example', {
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
          roles: ['helpdesk-administrator', 'reports-reader'],
        });
        const u = (await repos.users.findById(id))!;
        assert.equal(u.userPrincipalName, 'Lidia.Holloway@contoso.example');
        assert.deepEqual(u.otherMails, ['lidia@example.org', 'l.h@example.net']);
        assert.deepEqual(u.businessPhones, ['+31 20 123 4567']);
        assert.equal(u.accountEnabled, false);
        assert.equal(u.disablePasswordExpiration, true);
        assert.equal(u.disableStrongPassword, true);
        assert.equal(u.forceChangePassword, true);
        assert.equal(u.lastPasswordChangeAt?.toISOString(), T0.toISOString());
        assert.equal(u.sessionsValidFrom.toISOString(), T0.toISOString());
        assert.deepEqual((await repos.users.rolesOf([id])).get(id), ['helpdesk-administrator', 'reports-reader']);
      });

      test('finds by UPN or primary email, case-insensitively; refuses a duplicate UPN in any case', async () => {
        const { id } = await addUser('megan.bowen@contoso.example', { mail: 'Megan@Example.org' });
        assert.equal((await repos.users.findBySignInName('MEGAN.BOWEN@CONTOSO.EXAMPLE'))?.id, id);
        assert.equal((await repos.users.findBySignInName('megan@example.ORG'))?.id, id);
        assert.equal(await repos.users.findBySignInName('megan'), undefined);
        assert.equal((await addUser('Megan.Bowen@Contoso.Example')).result, 'upn_taken');
      });

      test('a UPN match wins over another user whose email is that UPN', async () => {
        const { id: owner } = await addUser('shared@contoso.example');
        await addUser('other@contoso.example', { mail: 'shared@contoso.example' });
        assert.equal((await repos.users.findBySignInName('shared@contoso.example'))?.id, owner);
      });

      test('lists by display name with keyset paging that neither repeats nor skips', async () => {
        for (let i = 0; i < 23; i++) await addUser(`pager${i}@contoso.example`, { displayName: `Pager ${String(i % 5)}` });
        const seen: string[] = [];
        let cursor: string | undefined;
        let pages = 0;
        do {
          const page = await repos.users.list({ search: 'pager', limit: 5, cursor });
          seen.push(...page.items.map((u) => u.id));
          cursor = page.nextCursor ?? undefined;
          pages++;
        } while (cursor && pages < 20);
        assert.equal(seen.length, 23);
        assert.equal(new Set(seen).size, 23);
        assert.equal(pages, 5);
        const all = await repos.users.list({ search: 'Pager', limit: 100 });
        const names = all.items.map((u) => u.displayName);
        assert.deepEqual(names, [...names].sort());
      });

      test('search matches word prefixes of the name, user principal name and mail; % and _ are literal', async () => {
        await addUser('percent@contoso.example', { displayName: '100% Sure' });
        await addUser('under_score@contoso.example', { displayName: 'Under Score' });
        assert.deepEqual((await repos.users.list({ search: '100%', limit: 10 })).items.map((u) => u.displayName), ['100% Sure']);
        assert.equal((await repos.users.list({ search: '%', limit: 50 })).items.length, 0, 'punctuation alone matches nothing');
        assert.deepEqual((await repos.users.list({ search: 'sure', limit: 10 })).items.map((u) => u.displayName), ['100% Sure'], 'any word of the name');
        assert.deepEqual((await repos.users.list({ search: 'score under', limit: 10 })).items.map((u) => u.displayName), ['Under Score'], 'every word must match, in any order');
        assert.deepEqual((await repos.users.list({ search: 'under_', limit: 10 })).items.map((u) => u.userPrincipalName), ['under_score@contoso.example']);
        assert.equal((await repos.users.list({ search: 'zzz-nothing', limit: 10 })).items.length, 0);
        const bogus = await repos.users.list({ limit: 2, cursor: 'not-a-cursor' });
        assert.equal(bogus.items.length, 2, 'a tampered cursor reads as the first page');
      });

      test('password hash, language and sessions-valid-from updates', async () => {
        const { id } = await addUser('updates@contoso.example');
        await repos.users.setPasswordHash(id, 'hash-1', at(60), { changed: true });
        let u = (await repos.users.findById(id))!;
        assert.equal(u.passwordHash, 'hash-1');
        assert.equal(u.lastPasswordChangeAt?.toISOString(), at(60).toISOString());
        await repos.users.setPasswordHash(id, 'hash-2', at(120), { changed: false });
        u = (await repos.users.findById(id))!;
        assert.equal(u.passwordHash, 'hash-2');
        assert.equal(u.lastPasswordChangeAt?.toISOString(), at(60).toISOString(), 'a rehash is not a password change');
        await repos.users.setPreferredLanguage(id, 'nl', at(130));
        await repos.sessions.revokeAllForUser(id, at(140));
        u = (await repos.users.findById(id))!;
        assert.equal(u.preferredLanguage, 'nl');
        assert.equal(u.sessionsValidFrom.toISOString(), at(140).toISOString());
        assert.ok((await repos.users.count()) >= 1);
      });
    });

    describe('sessions', () => {
      test('stores by token hash, lists newest first, deletes only the owner’s', async () => {
        const { id: userId } = await addUser('sessions@contoso.example');
        const { id: otherId } = await addUser('sessions2@contoso.example');
        const base = { userId, scope: 'full' as const, createdAt: T0, expiresAt: at(3600), ipAddress: '127.0.0.1', userAgent: 'test' };
        await repos.sessions.insert({ ...base, id: newId(), tokenHash: 'h1', lastSeenAt: at(10) });
        const s2 = newId();
        await repos.sessions.insert({ ...base, id: s2, tokenHash: 'h2', lastSeenAt: at(20), scope: 'change_password' });
        await repos.sessions.insert({ ...base, userId: otherId, id: newId(), tokenHash: 'h3', lastSeenAt: at(5) });
        const found = (await repos.sessions.findByTokenHash('h2'))!;
        assert.equal(found.id, s2);
        assert.equal(found.scope, 'change_password');
        assert.equal(await repos.sessions.findByTokenHash('nope'), undefined);
        assert.deepEqual((await repos.sessions.listForUser(userId)).map((s) => s.id)[0], s2);
        assert.equal(await repos.sessions.deleteForUser(otherId, s2), false);
        assert.equal(await repos.sessions.deleteForUser(userId, s2), true);
        await repos.sessions.touch((await repos.sessions.findByTokenHash('h1'))!.id, at(100));
        assert.equal((await repos.sessions.findByTokenHash('h1'))!.lastSeenAt.toISOString(), at(100).toISOString());
        assert.equal(await repos.sessions.deleteAllForUser(userId), 1);
        assert.equal((await repos.sessions.listForUser(otherId)).length, 1);
      });

      test('deleteExpired removes sessions past their absolute or idle deadline', async () => {
        const { id: userId } = await addUser('expiry@contoso.example');
        const mk = (hash: string, lastSeen: number, expires: number) =>
          repos.sessions.insert({ id: newId(), tokenHash: hash, userId, scope: 'full', createdAt: T0, lastSeenAt: at(lastSeen), expiresAt: at(expires), ipAddress: null, userAgent: null });
        await mk('e-live', 900, 5000);
        await mk('e-idle', 0, 5000);
        await mk('e-abs', 900, 950);
        const removed = await repos.sessions.deleteExpired(at(1000), 600);
        assert.ok(removed >= 2);
        assert.ok(await repos.sessions.findByTokenHash('e-live'));
        assert.equal(await repos.sessions.findByTokenHash('e-idle'), undefined);
        assert.equal(await repos.sessions.findByTokenHash('e-abs'), undefined);
      });
    });

    describe('audit', () => {
      test('appends events with every field and keeps hostile text as inert data (AU2, AU4)', async () => {
        const hostile = 'evil\r\n{"action":"user.created","outcome":"success"}\u001b[31m';
        await repos.audit.append(
          { action: 'user.sign_in', outcome: 'failure', actorId: null, actorName: null, targetId: 't-1', targetName: hostile, ipAddress: '10.0.0.1', userAgent: 'x'.repeat(2000), correlationId: 'req-1', details: { reason: 'wrong_password' } },
          at(1),
        );
        const [e] = await repos.audit.listForTarget('t-1', 10);
        assert.equal(e?.targetName, hostile);
        assert.equal(e?.userAgent?.length, 512);
        assert.equal(e?.occurredAt.toISOString(), at(1).toISOString());
        assert.deepEqual(e?.details, { reason: 'wrong_password' });
        assert.equal(e?.correlationId, 'req-1');
      });
    });

    describe('transactions', () => {
      test('a failed unit of work leaves nothing behind', async () => {
        const transact = createTransact(handle.db);
        const id = newId();
        await assert.rejects(
          transact(async (tx) => {
            await tx.users.insert({ id, userPrincipalName: 'rollback@contoso.example', displayName: 'R', passwordHash: null, forceChangePassword: false, now: T0 });
            await tx.audit.append({ action: 'user.created', outcome: 'success', targetId: id }, T0);
            throw new Error('boom');
          }),
          /boom/,
        );
        assert.equal(await repos.users.findById(id), undefined);
        assert.equal((await repos.audit.listForTarget(id, 5)).length, 0);
      });
    });
  });
}
