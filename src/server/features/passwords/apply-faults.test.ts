/**
 * Checklist C10 (and C8, R20): the one password write path is all or nothing. Fault injection
 * inside its transaction: the `after` callback throws, an `onWritten` hook throws, and every
 * store call the transaction makes is failed in turn (the 1st, the 2nd, … the last). Each time
 * nothing may be written: the old password still signs in and the new one doesn't, the user's
 * session lives on, no history row, no successful audit event, no notice in the outbox, the
 * open set-password link stays open.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { newId, randomToken, sha256 } from '../../core/crypto.js';
import type { Repos, Transact } from '../../db/repos.js';
import type { User } from '../../core/identity.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { testEngines } from '../../testing/databases.js';
import { createPasswordWriter, type PasswordWrite, type PasswordWrittenHook } from './apply.js';

const OLD = 'Zebra-Quilt-Harbor-71!';
const NEW = 'Fjord&Kiwi*8372-Moss';
const INJECTED = 'injected fault (C10)';

/** A transaction whose repos fail the `failAt`-th store call (1-based; 0: none fail) and count every call. */
function faultyTransact(transact: Transact, failAt: number, calls: string[]): Transact {
  return (work) =>
    transact((tx) => {
      const wrapped = new Proxy(tx, {
        get(target, storeName: string) {
          const store = target[storeName as keyof Repos] as unknown as Record<string, unknown>;
          if (typeof store !== 'object' || store === null) return store;
          return new Proxy(store, {
            get(s, method: string) {
              const fn = s[method];
              if (typeof fn !== 'function') return fn;
              return (...args: unknown[]) => {
                calls.push(`${storeName}.${method}`);
                if (calls.length === failAt) return Promise.reject(new Error(INJECTED));
                return (fn as (...a: unknown[]) => unknown).apply(s, args);
              };
            },
          });
        },
      });
      return work(wrapped);
    });
}

for (const engine of testEngines()) {
  describe(`the password write path rolls back whole on any fault inside it (C10) (${engine})`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp({ engine, config: { rateLimitSignInPerAccount: 0, rateLimitSignInPerIp: 0 } });
      // Remember five passwords, so that a write pushes the old hash into history.
      await t.createUser({ userPrincipalName: 'ga@contoso.example', password: OLD, roles: ['global-administrator'] });
      const ga = await t.signIn('ga@contoso.example', OLD);
      const headers = { cookie: ga.cookie, 'x-csrf-token': ga.csrf };
      const policy = (await t.app.inject({ method: 'GET', url: '/api/v1/settings/password-policy', headers })).json();
      const put = await t.app.inject({ method: 'PUT', url: '/api/v1/settings/password-policy', payload: { ...policy, historyCount: 5 }, headers });
      assert.equal(put.statusCode, 200, put.body);
    });
    after(() => t.close());

    const writerWith = (options: { transact?: Transact; hooks?: PasswordWrittenHook[] } = {}) =>
      createPasswordWriter({
        transact: options.transact ?? t.transact,
        hasher: t.hasher,
        clock: t.clock,
        policy: t.policy,
        defaultLocale: t.services.defaultLocale,
        onWritten: options.hooks ?? [],
      });

    let count = 0;
    /** A user with a session and an open set-password link, and the write that would change their password. */
    async function prepared() {
      const upn = `fault-${++count}@contoso.example`;
      const { id } = await t.createUser({ userPrincipalName: upn, password: OLD });
      const session = await t.signIn(upn, OLD);
      const linkToken = randomToken();
      await t.repos.passwordLinks.create({
        id: newId(),
        userId: id,
        tokenHash: sha256(linkToken),
        createdBy: null,
        createdAt: t.clock.now(),
        expiresAt: new Date(t.clock.now().getTime() + 3_600_000),
      });
      const user = (await t.repos.users.findById(id)) as User;
      t.clock.advance(1000);
      const write = (extra: Partial<PasswordWrite> = {}): PasswordWrite => ({
        user,
        password: { chosen: NEW, purpose: 'change' },
        forceChange: false,
        conflict: 'password.conflict',
        audit: { action: 'user.password_change', actor: { id, name: upn }, ctx: { ipAddress: '203.0.113.9', userAgent: 'fault-test', correlationId: null } },
        notice: { template: 'password-changed', payload: {} },
        ...extra,
      });
      return { id, upn, user, session, linkToken, write };
    }

    const signIn = (username: string, password: string) => t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { username, password } });

    async function nothingWritten(p: Awaited<ReturnType<typeof prepared>>, what: string) {
      const user = (await t.repos.users.findById(p.id))!;
      assert.equal(user.passwordHash, p.user.passwordHash, `${what}: the hash is unchanged`);
      assert.equal(
        (await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: p.session.cookie } })).statusCode,
        200,
        `${what}: the session lives`,
      );
      assert.equal((await t.repos.passwordHistory.recent(p.id, 10)).length, 0, `${what}: no history row`);
      const audit = await t.db.db.selectFrom('audit_event').select('action').where('target_id', '=', p.id).where('outcome', '=', 'success').execute();
      assert.deepEqual(
        audit.filter((e) => e.action === 'user.password_change'),
        [],
        `${what}: no successful audit event`,
      );
      assert.equal((await t.db.db.selectFrom('outbox').select('id').where('user_id', '=', p.id).execute()).length, 0, `${what}: no notice queued`);
      assert.equal((await t.repos.passwordLinks.findByTokenHash(sha256(p.linkToken)))?.usedAt ?? null, null, `${what}: the link is still open`);
      assert.equal((await signIn(p.upn, NEW)).statusCode, 401, `${what}: the new password does not sign in`);
      assert.equal((await signIn(p.upn, OLD)).statusCode, 200, `${what}: the old password still signs in`);
    }

    test('control: the same write without a fault changes everything (so the checks below can fail)', async () => {
      const p = await prepared();
      const calls: string[] = [];
      await writerWith({ transact: faultyTransact(t.transact, 0, calls) }).apply(p.write());
      assert.ok(calls.length >= 6, `store calls in the transaction: ${calls.join(', ')}`);
      assert.equal((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: p.session.cookie } })).statusCode, 401);
      assert.equal((await t.repos.passwordHistory.recent(p.id, 10)).length, 1);
      assert.equal((await t.db.db.selectFrom('outbox').select('id').where('user_id', '=', p.id).execute()).length >= 1, true);
      assert.equal((await signIn(p.upn, NEW)).statusCode, 200);
    });

    test('the after callback throws: nothing is written', async () => {
      const p = await prepared();
      let reached = false;
      const failing = p.write({
        after: async () => {
          reached = true;
          throw new Error(INJECTED);
        },
      });
      await assert.rejects(t.services.writer.apply(failing), new RegExp(INJECTED.replace(/[()]/g, '\\$&')));
      assert.ok(reached, 'the fault was inside the transaction, after every other step');
      await nothingWritten(p, 'after throws');
    });

    test('an onWritten hook throws: nothing is written', async () => {
      const p = await prepared();
      const hook: PasswordWrittenHook = async (tx, user) => {
        // The hook sees the transaction's own writes (it runs inside it) …
        assert.equal((await tx.passwordHistory.recent(user.id, 10)).length, 1);
        throw new Error(INJECTED);
      };
      await assert.rejects(writerWith({ hooks: [hook] }).apply(p.write()), /injected fault/);
      await nothingWritten(p, 'hook throws'); // … and none of them survive.
    });

    test('every store call inside the transaction, failed in turn: nothing is written', async () => {
      const probe = await prepared();
      const steps: string[] = [];
      await writerWith({ transact: faultyTransact(t.transact, 0, steps) }).apply(probe.write());
      for (let failAt = 1; failAt <= steps.length; failAt++) {
        const p = await prepared();
        const calls: string[] = [];
        await assert.rejects(writerWith({ transact: faultyTransact(t.transact, failAt, calls) }).apply(p.write()), /injected fault/);
        await nothingWritten(p, `fault at call ${failAt} (${calls[failAt - 1]})`);
      }
    });
  });
}
