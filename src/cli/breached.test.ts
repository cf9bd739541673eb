/**
 * `latchkey breached import` and `latchkey breached status` (issue 17; checklist P5): the real CLI in
 * child processes on SQLite data dirs (counts, bad lines, progress on a stream that is not a
 * terminal, English and Dutch), and the import itself in-process on both engines (replace, merge of
 * duplicates, an interrupted import keeps the previous list).
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { DbHandle } from '../server/db/kysely.js';
import { createRepos } from '../server/db/repos.js';
import { sha1Hex } from '../server/features/policy/breached/check.js';
import { importBreachedFile } from '../server/features/policy/breached/import.js';
import { openTestDb, testEngines } from '../server/testing/databases.js';
import { count, freshDir, openDb, runCli } from './testing.js';

const hash = (word: string) => sha1Hex(word);

/** 5 good lines (upper, lower, with and without a count, CRLF), 3 bad ones, a padding line, blank lines. */
function sampleFile(dir: string): string {
  const file = path.join(dir, 'pwned-passwords-sha1.txt');
  const lines = [
    `${hash('one')}:12`,
    `${hash('two').toLowerCase()}:3`,
    'this is not a hash',
    hash('three'),
    '',
    `${hash('four').slice(1)}:5`,
    `${hash('five')}:0`,
    `${hash('six')}:x`,
    `  ${hash('seven')}:1  `,
    `${hash('eight')}:2`,
  ];
  writeFileSync(file, lines.join('\r\n') + '\r\n');
  return file;
}

describe('latchkey breached (CLI)', { concurrency: 2 }, () => {
  test('import counts good and bad lines, shows progress without a terminal, replaces the list; status names the source', async () => {
    const dir = freshDir();
    const file = sampleFile(dir);
    const first = await runCli(['breached', 'import', file], dir);
    assert.equal(first.code, 0, first.stderr);
    assert.match(
      first.stdout,
      /Imported 5 hashes from .*pwned-passwords-sha1\.txt: 10 lines read, 3 bad lines skipped, in [\d.]+ s\. This list replaces the previous one\./,
    );
    assert.match(first.stderr, /Line 3: not a SHA-1 hash/);
    assert.match(first.stderr, /Line 6: not a SHA-1 hash/);
    assert.match(first.stderr, /Line 8: not a SHA-1 hash/);
    assert.match(first.stderr, /Importing breached-password hashes \(bytes read\): (\d+)\/\1 \(100%\)/, 'a plain progress line, not a bar, on a pipe');
    assert.ok(!first.stderr.includes('\u001b['), 'no terminal control sequences');

    let db = openDb(dir);
    assert.equal(count(db, 'select count(*) n from breached_password'), 5);
    assert.equal(
      Number((db.prepare('select count from breached_password where hash = ?').get(hash('two')) as { count: number }).count),
      3,
      'stored upper case',
    );
    assert.equal(count(db, 'select count(*) n from breached_password where hash = ?', hash('five')), 0, 'padding is not stored');
    db.close();

    const status = await runCli(['breached', 'status'], dir);
    assert.match(status.stdout, /Breached-password check: the imported list, 5 hashes from pwned-passwords-sha1\.txt, imported \d{4}-/);
    const online = await runCli(['breached', 'status'], dir, { env: { LATCHKEY_BREACHED_PASSWORDS_URL: 'http://127.0.0.1:9/' } });
    assert.match(online.stdout, /range service http:\/\/127\.0\.0\.1:9\//);
    assert.match(online.stdout, /An imported list is also stored: 5 hashes/);

    const second = path.join(dir, 'newer.txt');
    writeFileSync(second, `${hash('nine')}:1\n${hash('one')}:40\n`);
    const replaced = await runCli(['breached', 'import', second], dir);
    assert.equal(replaced.code, 0, replaced.stderr);
    db = openDb(dir);
    assert.deepEqual(
      (db.prepare('select hash, count from breached_password order by hash').all() as { hash: string; count: number }[]).map((r) => `${r.hash}:${r.count}`),
      [`${hash('nine')}:1`, `${hash('one')}:40`].sort(),
      'the new file replaces the old list',
    );
    db.close();
  });

  test('in Dutch; a file without one good line keeps the previous list; a missing file is a usage error', async () => {
    const dir = freshDir();
    const env = { LATCHKEY_DEFAULT_LANGUAGE: 'nl' };
    const empty = await runCli(['breached', 'status'], dir, { env });
    assert.match(empty.stdout, /Controle op gelekte wachtwoorden: geen bron/);
    const imported = await runCli(['breached', 'import', sampleFile(dir)], dir, { env });
    assert.equal(imported.code, 0, imported.stderr);
    assert.match(imported.stdout, /5 hashes geïmporteerd uit .*: 10 regels gelezen, 3 foute regels overgeslagen/);
    assert.match(imported.stderr, /Regel 3: geen SHA-1-hash/);
    assert.match(imported.stderr, /Hashes van gelekte wachtwoorden importeren \(gelezen bytes\)/);

    const bad = path.join(dir, 'bad.txt');
    writeFileSync(bad, 'nope\nstill nope\n');
    const refused = await runCli(['breached', 'import', bad], dir, { env });
    assert.equal(refused.code, 1);
    assert.match(refused.stdout, /Geen hashes gevonden in .*bad\.txt \(2 foute regels\); de vorige lijst blijft in gebruik\./);
    const db = openDb(dir);
    assert.equal(count(db, 'select count(*) n from breached_password'), 5, 'the previous list is kept');
    db.close();

    const missing = await runCli(['breached', 'import', path.join(dir, 'missing.txt')], dir);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /cannot read .*missing\.txt/);
    assert.doesNotMatch(missing.stderr, /\n\s+at /);
  });
});

for (const engine of testEngines()) {
  describe(`breached import into the database (${engine})`, () => {
    let handle: DbHandle;
    let dir: string;
    before(async () => {
      handle = await openTestDb(engine);
      dir = freshDir();
    });
    after(() => handle.close());

    test('batches, duplicates keep the larger count, progress is reported, the check reads the result', async () => {
      const store = createRepos(handle.db).breachedPasswords;
      assert.equal(await store.count(hash('w1')), null, 'no list yet');
      const file = path.join(dir, 'many.txt');
      const words = Array.from({ length: 2_500 }, (_, i) => `w${i}`);
      writeFileSync(file, [...words.map((w, i) => `${hash(w)}:${(i % 9) + 1}`), `${hash('w1').toLowerCase()}:99`, `${hash('w2')}:1`].join('\n'));
      const progress: number[] = [];
      const result = await importBreachedFile(store, file, { batchSize: 1_000, onProgress: (b) => progress.push(b) });
      assert.deepEqual(
        { entries: result.entries, lines: result.lines, badLines: result.badLines, interrupted: result.interrupted },
        {
          entries: 2_500,
          lines: 2_502,
          badLines: 0,
          interrupted: false,
        },
      );
      assert.ok(progress.length >= 3, 'after every batch');
      assert.equal(await store.count(hash('w1')), 99, 'the larger count of a hash met twice (across batches)');
      assert.equal(await store.count(hash('w2')), 3);
      assert.equal(await store.count(hash('not in it')), 0);
      const info = await store.current();
      assert.equal(info?.entries, 2_500);
      assert.equal(info?.fileName, 'many.txt');
    });

    test('an interrupted import leaves the previous list in use; the next import clears its rows', async () => {
      const store = createRepos(handle.db).breachedPasswords;
      const file = path.join(dir, 'other.txt');
      writeFileSync(file, Array.from({ length: 3_000 }, (_, i) => hash(`x${i}`)).join('\n'));
      const stopped = await importBreachedFile(store, file, { batchSize: 1_000, stopRequested: () => true });
      assert.equal(stopped.interrupted, true);
      assert.equal(await store.count(hash('w1')), 99, 'still the previous list');
      assert.equal(await store.count(hash('x0')), 0);
      assert.equal((await store.current())?.fileName, 'many.txt');

      const done = await importBreachedFile(store, file, { batchSize: 1_000 });
      assert.equal(done.entries, 3_000);
      assert.equal(await store.count(hash('x0')), 1, 'a line without a count counts as seen once');
      assert.equal(await store.count(hash('w1')), 0, 'replaced');
      const rows = await handle.db
        .selectFrom('breached_password')
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .executeTakeFirstOrThrow();
      assert.equal(Number(rows.n), 3_000, 'no rows of older or interrupted imports remain');
    });
  });
}
