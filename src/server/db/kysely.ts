import { mkdirSync } from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, SqliteDriver, sql, type DatabaseConnection, type SqliteDatabase, type SqliteDialectConfig } from 'kysely';
import pg from 'pg';
import type { Database } from './types.js';

export type Engine = 'sqlite' | 'postgres';

export interface DbHandle {
  db: Kysely<Database>;
  engine: Engine;
  /** Cheap round trip for /readyz. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export type DbOptions =
  | { engine: 'sqlite'; file: string }
  | {
      engine: 'postgres';
      url: string;
      schema?: string;
      poolSize?: number;
      /** How long a query may wait for a pooled connection, or for a new one to connect (default 5 s): the bound on a request during an outage. */
      connectTimeoutMs?: number;
    };

/** Opens the database the configuration names: PostgreSQL when a URL is set, else SQLite in dataDir. */
export function dbOptionsFromConfig(config: { databaseUrl?: string | undefined; dataDir: string }): DbOptions {
  return config.databaseUrl ? { engine: 'postgres', url: config.databaseUrl } : { engine: 'sqlite', file: path.join(config.dataDir, 'latchkey.db') };
}

export function createDb(options: DbOptions): DbHandle {
  if (options.engine === 'sqlite') {
    if (options.file !== ':memory:') mkdirSync(path.dirname(path.resolve(options.file)), { recursive: true });
    const database = new SQLite(options.file);
    database.pragma('journal_mode = WAL');
    database.pragma('synchronous = NORMAL');
    database.pragma('foreign_keys = ON');
    database.pragma('busy_timeout = 5000');
    const db = new Kysely<Database>({ dialect: new OutageTolerantSqliteDialect({ database: withStatementCache(database) }, database) });
    return {
      db,
      engine: 'sqlite',
      ping: async () => void database.prepare('select 1').get(),
      close: () => db.destroy(),
    };
  }
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5_000,
    keepAlive: true,
    ...(options.schema ? { options: `-c search_path=${quoteIdent(options.schema)}` } : {}),
  });
  // Without a listener, an idle connection ended by the server (a restart: 57P01) is an unhandled
  // 'error' event that takes the whole process down. pg-pool has already dropped that connection,
  // and makes new ones on demand.
  pool.on('error', () => {});
  // The same event on a connection that is checked out but between queries (inside a transaction)
  // has no pool listener either; the connection is marked unusable, its next query fails (503) and
  // the pool drops it on release.
  pool.on('connect', (client) => client.on('error', () => {}));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    engine: 'postgres',
    ping: async () => void (await sql`select 1`.execute(db)),
    close: () => db.destroy(),
  };
}

/**
 * SQLite rolls a transaction back by itself on SQLITE_FULL, SQLITE_IOERR, SQLITE_BUSY and
 * SQLITE_NOMEM; Kysely's ROLLBACK then fails ("no transaction is active") and that error replaces
 * the real one, which would answer 500 instead of 503. The rollback is skipped when SQLite has
 * already done it.
 */
class OutageTolerantSqliteDialect extends SqliteDialect {
  constructor(
    private readonly dialectConfig: SqliteDialectConfig,
    private readonly database: SQLite.Database,
  ) {
    super(dialectConfig);
  }

  override createDriver(): SqliteDriver {
    const database = this.database;
    return new (class extends SqliteDriver {
      override async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
        if (database.inTransaction) await super.rollbackTransaction(connection);
      }
    })(this.dialectConfig);
  }
}

/** SQLSTATEs of a server that is shutting down, starting up, or whose connection failed (class 08). */
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300']);
const UNAVAILABLE_NET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);
/** node-postgres and pg-pool report a lost or unobtainable connection with these messages only (no code). */
const UNAVAILABLE_MESSAGES = [
  'Connection terminated',
  'Client has encountered a connection error and is not queryable',
  'timeout exceeded when trying to connect',
  'Query read timeout',
];

/**
 * Whether an error means the database is out of reach for now rather than that the request was
 * wrong: the HTTP layer answers 503 `server.unavailable` for these. Follows `cause` chains and
 * AggregateErrors (a host name that resolves to several addresses).
 */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (depth > 5 || typeof error !== 'object' || error === null) return false;
  const { code, message, cause, errors } = error as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
  if (typeof code === 'string') {
    if (UNAVAILABLE_SQLSTATES.has(code) || /^08[0-9A-Z]{3}$/.test(code) || UNAVAILABLE_NET_CODES.has(code)) return true;
    if (/^SQLITE_(FULL|BUSY|IOERR)(_|$)/.test(code)) return true;
  }
  if (typeof message === 'string' && UNAVAILABLE_MESSAGES.some((m) => message.startsWith(m))) return true;
  if (Array.isArray(errors) && errors.some((e) => isDatabaseUnavailable(e, depth + 1))) return true;
  return isDatabaseUnavailable(cause, depth + 1);
}

/**
 * Kysely prepares every query anew; preparing costs more than running the small statements of a
 * sign-in. Statements are reused by SQL text (bounded). Safe because better-sqlite3 runs each
 * statement to completion synchronously; Latchkey never streams (`iterate`) a query.
 */
function withStatementCache(database: SQLite.Database, limit = 500): SqliteDatabase {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => database.close(),
    prepare(sqlText: string) {
      let statement = cache.get(sqlText);
      if (!statement) {
        statement = database.prepare(sqlText);
        if (cache.size >= limit) cache.delete(cache.keys().next().value!);
        cache.set(sqlText, statement);
      }
      return statement;
    },
  };
}

function quoteIdent(name: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`unsafe schema name: ${name}`);
  return name;
}
