import type { Knex } from 'knex';
import type * as Sqlite3 from 'sqlite3';
import { LayerBetterSqlite3Client, LayerSqlite3Client } from './sqlite-client';

/**
 * What differs between the two SQLite drivers the layer runs on: how a `DATABASE_URL` names it,
 * its knex client, how a new connection runs statements, and the SQLite library it links. The
 * SQL, the files and the answers are the same. Both drivers are optional peers, loaded on first
 * use as knex loads them, so that an application installs only the one it uses.
 */
export interface SqliteDriver {
  /** The knex `driverName` of the client: `sqlite3` or `better-sqlite3`. */
  readonly name: 'sqlite3' | 'better-sqlite3';
  /** How a `DATABASE_URL` for this driver begins: `sqlite:` or `sqlite+better-sqlite3:`. */
  readonly scheme: string;
  readonly client: typeof Knex.Client;
  /** Runs `statements` in turn on a connection the pool has just opened, then calls `done`. */
  prepareConnection(
    connection: unknown,
    statements: readonly string[],
    done: (error: Error | null) => void,
  ): void;
  /** SQLITE_MAX_VARIABLE_NUMBER of the SQLite library the driver links. */
  maxBindings(): number;
}

// SQLite's default SQLITE_MAX_VARIABLE_NUMBER: 32,766 since 3.32.0, 999 before.
function defaultMaxBindings(versionNumber: number): number {
  return versionNumber >= 3_032_000 ? 32_766 : 999;
}

interface Sqlite3Connection {
  run(sql: string, callback: (error: Error | null) => void): void;
}

let sqlite3MaxBindings: number | undefined;

/** node-sqlite3: asynchronous, each statement runs on libuv's thread pool. The default. */
export const sqlite3Driver: SqliteDriver = {
  name: 'sqlite3',
  scheme: 'sqlite:',
  client: LayerSqlite3Client,

  prepareConnection(connection, statements, done) {
    const [first, ...rest] = statements;
    if (first === undefined) return done(null);
    (connection as Sqlite3Connection).run(first, (error) =>
      error ? done(error) : sqlite3Driver.prepareConnection(connection, rest, done),
    );
  },

  // node-sqlite3 builds its SQLite with the default limit.
  maxBindings() {
    if (sqlite3MaxBindings === undefined) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on use, as knex does
      const { VERSION_NUMBER } = require('sqlite3') as typeof Sqlite3;
      sqlite3MaxBindings = defaultMaxBindings(VERSION_NUMBER);
    }
    return sqlite3MaxBindings;
  },
};

// The part of better-sqlite3's API the layer calls itself; knex's client does the rest.
interface BetterSqlite3Database {
  exec(sql: string): unknown;
  prepare(sql: string): { pluck(): { all(): unknown[]; get(): unknown } };
  close(): unknown;
}
type BetterSqlite3Constructor = new (filename: string) => BetterSqlite3Database;

let betterSqlite3MaxBindings: number | undefined;

/** The limit the library was compiled with, or SQLite's default for its version. */
function compiledMaxBindings(db: BetterSqlite3Database): number {
  const options = db.prepare('PRAGMA compile_options').pluck().all() as string[];
  const compiled = options.find((option) => option.startsWith('MAX_VARIABLE_NUMBER='));
  if (compiled) return Number(compiled.slice('MAX_VARIABLE_NUMBER='.length));
  const version = db.prepare('SELECT sqlite_version()').pluck().get() as string;
  const [major = 0, minor = 0, patch = 0] = version.split('.').map(Number);
  return defaultMaxBindings(major * 1_000_000 + minor * 1_000 + patch);
}

/**
 * better-sqlite3: synchronous, each statement runs on the JavaScript thread, so it is faster per
 * statement and blocks the event loop while it runs. It bundles a SQLite of its own.
 */
export const betterSqlite3Driver: SqliteDriver = {
  name: 'better-sqlite3',
  scheme: 'sqlite+better-sqlite3:',
  client: LayerBetterSqlite3Client,

  prepareConnection(connection, statements, done) {
    try {
      for (const statement of statements) (connection as BetterSqlite3Database).exec(statement);
    } catch (error) {
      return done(error as Error);
    }
    done(null);
  },

  maxBindings() {
    if (betterSqlite3MaxBindings === undefined) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on use, as knex does
      const Database = require('better-sqlite3') as BetterSqlite3Constructor;
      const db = new Database(':memory:');
      try {
        betterSqlite3MaxBindings = compiledMaxBindings(db);
      } finally {
        db.close();
      }
    }
    return betterSqlite3MaxBindings;
  },
};
