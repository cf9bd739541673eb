import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test, type TestContext } from 'node:test';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { createDb } from '../../src/server/db/kysely.js';
import { migrateToLatest } from '../../src/server/db/migrate.js';
import { createTestApp } from '../../src/server/testing/test-app.js';

// Issue 12, "Outage tests": the disk under SQLite fills up. Writes must fail cleanly with 503
// `server.unavailable` (Retry-After), never a 500; reads go on; nothing is half-written (every
// acknowledged change has its audit event, no refused change left a trace); once space is back
// the same writes succeed, and `PRAGMA integrity_check` is ok on a fresh connection afterwards.
// Two ways to fill the disk, each a real SQLITE_FULL from SQLite itself:
//  - a small tmpfs mounted for the test (as root, where mount is permitted), filled by a file;
//  - `PRAGMA max_page_count` at the database's current size (always: SQLite raises the same error).
const PASSWORD = 'Zebra-Quilt-Harbor-71!';
const MAX_WRITES = 400;

interface Disk {
  dir: string;
  /** Takes the remaining space away. */
  fill(db: ReturnType<typeof createDb>): Promise<void>;
  /** Gives it back. */
  free(db: ReturnType<typeof createDb>): Promise<void>;
  dispose(): void;
}

function tmpfsDisk(): Disk | string {
  if (process.getuid?.() !== 0) return 'not running as root: no tmpfs mount';
  const dir = mkdtempSync(path.join(tmpdir(), 'latchkey-full-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=8m', 'tmpfs', dir], { stdio: 'pipe' });
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    return `mount is not permitted here: ${String(err).split('\n')[0]}`;
  }
  const filler = path.join(dir, 'filler');
  return {
    dir,
    fill: async () => {
      const fd = openSync(filler, 'w');
      try {
        for (const size of [1 << 16, 4096, 512])
          for (let i = 0; i < 100_000; i++)
            try {
              writeSync(fd, Buffer.alloc(size, 1));
            } catch (err) {
              if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
              break;
            }
      } finally {
        closeSync(fd);
      }
    },
    free: async () => rmSync(filler, { force: true }),
    dispose() {
      try {
        execFileSync('umount', [dir], { stdio: 'pipe' });
      } catch {
        execFileSync('umount', ['-l', dir], { stdio: 'pipe' });
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function pageCountDisk(): Disk {
  const dir = mkdtempSync(path.join(tmpdir(), 'latchkey-full-'));
  return {
    dir,
    fill: async (db) => {
      const { rows } = await sql<{ page_count: number }>`pragma page_count`.execute(db.db);
      await sql.raw(`pragma max_page_count = ${rows[0]!.page_count}`).execute(db.db);
    },
    free: async (db) => void (await sql`pragma max_page_count = 1073741823`.execute(db.db)),
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}

async function diskFullScenario(t: TestContext, disk: Disk): Promise<string> {
  const file = path.join(disk.dir, 'latchkey.db');
  const db = createDb({ engine: 'sqlite', file });
  await migrateToLatest(db.db);
  const app = await createTestApp({ db });
  const acknowledged = new Map<string, string>();
  const refused = new Map<string, string>();
  let userId = '';
  try {
    await app.createUser({ userPrincipalName: 'ga@contoso.example', password: PASSWORD, roles: ['global-administrator'] });
    userId = (await app.createUser({ userPrincipalName: 'target@contoso.example', password: PASSWORD })).id;
    const s = await app.signIn('ga@contoso.example', PASSWORD);
    const headers = { cookie: s.cookie, 'x-csrf-token': s.csrf };
    const patch = (jobTitle: string) => app.app.inject({ method: 'PATCH', url: `/api/v1/users/${userId}`, payload: { jobTitle }, headers });
    const read = () => app.app.inject({ method: 'GET', url: `/api/v1/users/${userId}`, headers });

    const first = await patch('before the disk filled');
    assert.equal(first.statusCode, 200, first.body);
    acknowledged.set('before the disk filled', 'before');

    await disk.fill(db);
    let fullAt = -1;
    for (let i = 0; i < MAX_WRITES && refused.size < 5; i++) {
      const title = `while full ${i} ${'x'.repeat(100)}`;
      const res = await patch(title);
      if (res.statusCode === 200) acknowledged.set(title, 'full');
      else {
        assert.equal(res.statusCode, 503, `a full disk is a 503, not ${res.statusCode}: ${res.body}`);
        assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
        assert.equal(res.json().code, 'server.unavailable');
        assert.equal(res.headers['retry-after'], '5');
        refused.set(title, 'full');
        if (fullAt < 0) fullAt = i;
      }
    }
    assert.ok(refused.size >= 5, `the disk filled up within ${MAX_WRITES} writes (${acknowledged.size} acknowledged)`);
    const readWhileFull = await read();
    assert.equal(readWhileFull.statusCode, 200, 'reads go on while the disk is full');

    await disk.free(db);
    const retried = await patch('after space came back');
    assert.equal(retried.statusCode, 200, retried.body);
    acknowledged.set('after space came back', 'after');
    assert.equal((await read()).json().jobTitle, 'after space came back');
    const { rows } = await sql<{ integrity_check: string }>`pragma integrity_check`.execute(db.db);
    assert.deepEqual(
      rows.map((r) => r.integrity_check),
      ['ok'],
    );
    t.diagnostic(`first refusal after ${fullAt} acknowledged writes on the full disk; ${refused.size} refused, ${acknowledged.size} acknowledged in all`);
  } finally {
    await app.close();
    await db.close();
  }

  // A fresh connection, as after a restart: intact, every acknowledged change with its audit
  // event, no trace of a refused one.
  const fresh = new SQLite(file, { readonly: true });
  try {
    assert.equal(fresh.pragma('integrity_check', { simple: true }), 'ok');
    const events = fresh.prepare(`select count(*) n from audit_event where action = 'user.updated' and outcome = 'success' and target_id = ?`).get(userId) as {
      n: number;
    };
    assert.equal(events.n, acknowledged.size, 'one audit event per acknowledged change, none for a refused one');
    const { job_title } = fresh.prepare('select job_title from app_user where id = ?').get(userId) as { job_title: string };
    assert.equal(job_title, 'after space came back');
  } finally {
    fresh.close();
  }
  return `${acknowledged.size} acknowledged, ${refused.size} refused`;
}

test('disk full on SQLite (a real tmpfs filled up): clean 503s, reads go on, no corruption, writes resume once space is back (ASVS 16.5.1)', async (t) => {
  const disk = tmpfsDisk();
  if (typeof disk === 'string') {
    t.skip(`${disk}; the max_page_count test below covers SQLITE_FULL`);
    return;
  }
  try {
    t.diagnostic(`ran on a tmpfs mount: ${await diskFullScenario(t, disk)}`);
  } finally {
    disk.dispose();
  }
});

test('disk full on SQLite (PRAGMA max_page_count, the same SQLITE_FULL): clean 503s, reads go on, no corruption, writes resume (ASVS 16.5.1)', async (t) => {
  const disk = pageCountDisk();
  try {
    t.diagnostic(`ran with max_page_count: ${await diskFullScenario(t, disk)}`);
  } finally {
    disk.dispose();
  }
});
