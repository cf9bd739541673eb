import { CompiledQuery, type Compilable, type Kysely, type QueryResult } from 'kysely';
import type { Database } from './types.js';

/**
 * Statements compiled once per engine (issue 16, lever 1). Kysely builds an operation tree and
 * compiles it to SQL on every call; on a sign-in that cost as much as running the statements. A
 * hot statement is written once with Kysely as usual, with `param('name')` where a value goes, and
 * compiled the first time it runs on an engine; later runs only bind new values. It still runs
 * through Kysely's executor, so it joins the caller's transaction and SQLite's connection lock.
 *
 * Limits: a parameter stands for one value (not an `in (…)` list: use a JSON array or a fixed
 * arity); the statement's shape may not depend on the values.
 */
export interface Prepared<P extends Record<string, unknown>, R> {
  /** Runs on the database or a transaction (any Kysely of this schema); rows as the query types them. */
  execute(db: Kysely<Database>, params: P): Promise<R[]>;
  /** The first row, or undefined. */
  first(db: Kysely<Database>, params: P): Promise<R | undefined>;
  /** Runs a write; how many rows it changed. */
  run(db: Kysely<Database>, params: P): Promise<number>;
}

/** Stands for the value of a named parameter while a statement is compiled. */
class Param {
  constructor(readonly name: string) {}
}

/**
 * A placeholder for `params[name]`; it fits wherever a value goes (its type is `never` unless given).
 * Only inside a `prepare` builder.
 */
export function param<T = never>(name: string): T {
  return new Param(name) as unknown as T;
}

interface Compiled {
  sql: string;
  /** Per bound position: the parameter's name, or a constant the builder wrote in. */
  slots: Array<{ name: string } | { value: unknown }>;
}

/**
 * Compiles `build` lazily, once per SQL dialect (the adapter's class: SQLite and PostgreSQL differ in
 * placeholders and quoting), and binds values by name on every run.
 */
export function prepare<P extends Record<string, unknown>, R>(build: (db: Kysely<Database>) => Compilable<R>): Prepared<P, R> {
  const byDialect = new Map<unknown, Compiled>();

  const compiledFor = (db: Kysely<Database>): Compiled => {
    const dialect = db.getExecutor().adapter.constructor;
    let compiled = byDialect.get(dialect);
    if (!compiled) {
      const query = build(db).compile();
      compiled = {
        sql: query.sql,
        slots: query.parameters.map((p) => (p instanceof Param ? { name: p.name } : { value: p })),
      };
      byDialect.set(dialect, compiled);
    }
    return compiled;
  };

  const executeRaw = (db: Kysely<Database>, params: P): Promise<QueryResult<R>> => {
    const compiled = compiledFor(db);
    const values = compiled.slots.map((slot) => {
      if (!('name' in slot)) return slot.value;
      if (!(slot.name in params)) throw new Error(`prepared statement: no value for parameter ${slot.name}`);
      return params[slot.name];
    });
    return db.executeQuery(CompiledQuery.raw(compiled.sql, values));
  };

  return {
    async execute(db, params) {
      return (await executeRaw(db, params)).rows;
    },
    async first(db, params) {
      return (await executeRaw(db, params)).rows[0];
    },
    async run(db, params) {
      return Number((await executeRaw(db, params)).numAffectedRows ?? 0n);
    },
  };
}
