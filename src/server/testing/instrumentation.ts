import SQLite from 'better-sqlite3';
import pg from 'pg';
import type { PasswordHasher } from '../features/passwords/hasher.js';

/**
 * Records the SQL text of every statement the engine runs (better-sqlite3's statements, node-postgres'
 * queries), whichever way it was built: a Kysely plugin sees a compiled statement (db/compiled.ts)
 * only once, when it is compiled, so it can't tell what each request runs. Values are placeholders,
 * so two requests that run the same statements log the same text.
 */
export function sqlRecorder(): { log: string[] } {
  const recorder = { log: [] as string[] };
  recorders.add(recorder.log);
  patchDrivers();
  return recorder;
}

const recorders = new Set<string[]>();
let patched = false;

/** Wraps the drivers' statement methods once per process; every recorder made since sees every statement. */
function patchDrivers(): void {
  if (patched) return;
  patched = true;
  const record = (text: string | undefined) => {
    if (text) for (const log of recorders) log.push(text);
  };
  const probe = new SQLite(':memory:');
  const statement = Object.getPrototypeOf(probe.prepare('select 1')) as Record<string, (...args: unknown[]) => unknown>;
  probe.close();
  for (const name of ['run', 'all', 'get', 'iterate']) {
    const original = statement[name]!;
    statement[name] = function (this: { source: string }, ...args: unknown[]) {
      record(this.source);
      return original.apply(this, args);
    };
  }
  const client = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const query = client.query;
  client.query = function (this: unknown, ...args: unknown[]) {
    record(typeof args[0] === 'string' ? args[0] : (args[0] as { text?: string } | undefined)?.text);
    return query.apply(this, args);
  };
}

/** Counts argon2id operations (hashes and verifications). */
export function countingHasher(inner: PasswordHasher): PasswordHasher & { count: number } {
  const wrapped = {
    count: 0,
    ...inner,
    hash: (p: string) => {
      wrapped.count++;
      return inner.hash(p);
    },
    verify: (s: string | null, p: string) => {
      wrapped.count++;
      return inner.verify(s, p);
    },
  };
  return wrapped;
}
