import { after, before, describe } from 'node:test';
import type { Kysely } from 'kysely';
import { newId } from '../../core/crypto.js';
import { openTestDb, testEngines } from '../../testing/databases.js';
import type { DbHandle, Engine } from '../kysely.js';
import type { Database } from '../types.js';
import { createRepos, createTransact, type Repos, type Transact } from '../repos.js';

// Shared set-up of the store contract suites (one file per store in this folder): each suite runs
// on SQLite always and on PostgreSQL when LATCHKEY_TEST_POSTGRES_URL is set (always in CI), on a
// fresh migrated database of its own, and both engines must pass the same assertions.

export const T0 = new Date('2026-05-01T10:00:00.000Z');
/** T0 plus `seconds`. */
export const at = (seconds: number): Date => new Date(T0.getTime() + seconds * 1000);

export interface ContractContext {
  engine: Engine;
  db: Kysely<Database>;
  repos: Repos;
  transact: Transact;
  /** Inserts a user (display name: the UPN's local part) and returns its id. */
  addUser(upn: string, extra?: Partial<Parameters<Repos['users']['insert']>[0]>): Promise<string>;
}

/**
 * Declares `body` once per engine under "<store> store contract (<engine>)". The context's fields
 * are filled in before the first test runs: read them inside tests, not while declaring them.
 */
export function storeContract(store: string, body: (ctx: ContractContext) => void): void {
  for (const engine of testEngines()) {
    describe(`${store} store contract (${engine})`, () => {
      let handle: DbHandle;
      const ctx: ContractContext = {
        engine,
        db: undefined as unknown as Kysely<Database>,
        repos: undefined as unknown as Repos,
        transact: undefined as unknown as Transact,
        async addUser(upn, extra = {}) {
          const id = newId();
          const result = await ctx.repos.users.insert({
            id,
            userPrincipalName: upn,
            displayName: upn.split('@')[0]!,
            passwordHash: null,
            forceChangePassword: false,
            now: T0,
            ...extra,
          });
          if (result !== 'created') throw new Error(`test user ${upn} not created: ${result}`);
          return id;
        },
      };
      before(async () => {
        handle = await openTestDb(engine);
        ctx.db = handle.db;
        ctx.repos = createRepos(handle.db);
        ctx.transact = createTransact(handle.db);
      });
      after(() => handle.close());
      body(ctx);
    });
  }
}

/** Runs `n` calls of `call` at once (on PostgreSQL over separate pooled connections). */
export function race<T>(n: number, call: (i: number) => Promise<T>): Promise<T[]> {
  return Promise.all(Array.from({ length: n }, (_, i) => call(i)));
}

/** How many of `results` are `true`. */
export const wins = (results: boolean[]): number => results.filter(Boolean).length;

/**
 * Pages through a newest-first log (audit, sign-ins) with its `before` keyset cursor, `limit` rows
 * at a time. @returns the ids in the order read.
 */
export async function readAllPages(
  limit: number,
  page: (before: { at: string; id: string } | undefined) => Promise<{ id: string; occurredAt: Date }[]>,
): Promise<string[]> {
  const seen: string[] = [];
  let before: { at: string; id: string } | undefined;
  for (let pages = 0; pages < 100; pages++) {
    const rows = await page(before);
    seen.push(...rows.map((e) => e.id));
    const last = rows.at(-1);
    if (rows.length < limit || !last) break;
    before = { at: last.occurredAt.toISOString(), id: last.id };
  }
  return seen;
}
