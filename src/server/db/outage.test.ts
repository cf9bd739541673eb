import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { createDb, isDatabaseUnavailable } from './kysely.js';

// Issue 12, "Outage tests": which database errors are an outage (503 server.unavailable, the client
// may retry) and which are not, on real errors from real drivers; and a PostgreSQL that accepts
// connections but never answers cannot hold a request beyond the pool's connect timeout (ASVS 16.5.1).
const bounded = <T>(promise: Promise<T>, ms: number): Promise<T | 'timed out'> =>
  Promise.race([promise, new Promise<'timed out'>((resolve) => setTimeout(() => resolve('timed out'), ms).unref())]);
const caught = async (work: () => unknown): Promise<unknown> => {
  try {
    await work();
  } catch (err) {
    return err;
  }
  throw new Error('expected an error');
};

describe('database outages', () => {
  test('a PostgreSQL that accepts but never answers fails the query within the connect timeout, as unavailable', async () => {
    const sockets: Socket[] = [];
    const silent = createServer((socket) => void sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as { port: number };
    const handle = createDb({ engine: 'postgres', url: `postgres://latchkey@127.0.0.1:${port}/none`, connectTimeoutMs: 500 });
    try {
      const started = performance.now();
      const outcome = await bounded(
        handle.ping().then(
          () => 'answered',
          (err: unknown) => err,
        ),
        8_000,
      );
      assert.notEqual(outcome, 'timed out', 'the query did not hang');
      assert.ok(performance.now() - started < 3_000, `failed within the bound (${Math.round(performance.now() - started)} ms)`);
      assert.equal(isDatabaseUnavailable(outcome), true, String(outcome));
    } finally {
      sockets.forEach((s) => s.destroy());
      silent.close();
      await bounded(handle.close(), 2_000);
    }
  });

  test('connection refused is unavailable; a query error is not', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as { port: number };
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const refused = new pg.Client({ connectionString: `postgres://latchkey@127.0.0.1:${port}/none` });
    assert.equal(isDatabaseUnavailable(await caught(() => refused.connect())), true);

    const url = process.env.LATCHKEY_TEST_POSTGRES_URL;
    if (url) {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        const syntax = await caught(() => client.query('select from where'));
        assert.equal((syntax as { code: string }).code, '42601');
        assert.equal(isDatabaseUnavailable(syntax), false, 'a wrong query stays a 500');
      } finally {
        await client.end();
      }
    }
  });

  test('SQLite: SQLITE_BUSY and SQLITE_FULL are unavailable, a constraint violation is not', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'latchkey-sqlite-outage-'));
    const a = new SQLite(path.join(dir, 'x.db'));
    const b = new SQLite(path.join(dir, 'x.db'), { timeout: 50 });
    try {
      a.exec('create table t (id integer primary key, v text unique)');
      a.exec("insert into t (v) values ('one')");
      a.exec('begin immediate');
      const busy = await caught(() => b.prepare("insert into t (v) values ('two')").run());
      a.exec('rollback');
      assert.match((busy as { code: string }).code, /^SQLITE_BUSY/);
      assert.equal(isDatabaseUnavailable(busy), true);

      const unique = await caught(() => a.prepare("insert into t (v) values ('one')").run());
      assert.match((unique as { code: string }).code, /^SQLITE_CONSTRAINT/);
      assert.equal(isDatabaseUnavailable(unique), false);

      a.pragma(`max_page_count = ${a.pragma('page_count', { simple: true }) as number}`);
      const full = await caught(() => a.prepare('insert into t (v) values (?)').run('x'.repeat(100_000)));
      assert.equal((full as { code: string }).code, 'SQLITE_FULL');
      assert.equal(isDatabaseUnavailable(full), true);
      assert.equal(isDatabaseUnavailable(new Error('wrapped', { cause: full })), true, 'found through a cause');
      assert.equal(isDatabaseUnavailable(new Error('something else')), false);
    } finally {
      a.close();
      b.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
