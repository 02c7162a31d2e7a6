import type { Knex } from 'knex';
import type { Dialect } from './dialect';
import { postgresDialect } from './postgres';
import { betterSqlite3Dialect, sqliteDialect } from './sqlite';
import { migrationsConfig } from './migration-source';
import { type DatabaseTimeouts, timeoutsFromEnv } from './timeouts';

/**
 * Where the database lives when `DATABASE_URL` is not set.
 *
 * @example
 * databaseUrl(undefined) === DEFAULT_DATABASE_URL // when DATABASE_URL is not set either
 */
export const DEFAULT_DATABASE_URL = 'sqlite:data/dev.sqlite3';

/**
 * The `DATABASE_URL` in force: the argument, the environment, or the SQLite default.
 *
 * @example
 * const knex = createKnex(databaseUrl()); // DATABASE_URL, or sqlite:data/dev.sqlite3
 */
export function databaseUrl(url: string | undefined = process.env.DATABASE_URL): string {
  return url && url.trim() !== '' ? url.trim() : DEFAULT_DATABASE_URL;
}

/**
 * The dialect a `DATABASE_URL` names: `sqlite:<path>` is SQLite on sqlite3,
 * `sqlite+better-sqlite3:<path>` SQLite on better-sqlite3 (see docs/sqlite-drivers.md).
 *
 * @example dialectFor('postgres://postgres@127.0.0.1:5432/test').name // 'postgres'
 * @example dialectFor('sqlite+better-sqlite3:data/dev.sqlite3').name // 'sqlite'
 */
export function dialectFor(url: string): Dialect {
  if (/^sqlite:/.test(url)) return sqliteDialect;
  if (/^sqlite\+better-sqlite3:/.test(url)) return betterSqlite3Dialect;
  if (/^postgres(ql)?:\/\//.test(url)) return postgresDialect;
  throw new Error(
    `DATABASE_URL "${url}" is not supported: use sqlite:<path>, sqlite::memory:, ` +
      'sqlite+better-sqlite3:<path> or postgres://…',
  );
}

// By the driver a knex client runs on: the layer's own clients (a subclass of knex's, such as
// `LayerSqlite3Client`) and knex's aliases (`postgres`, `postgresql`, `sqlite`) name no
// client string of their own, but their driver.
const DIALECT_BY_DRIVER: Record<string, Dialect> = {
  sqlite3: sqliteDialect,
  'better-sqlite3': betterSqlite3Dialect,
  pg: postgresDialect,
};

/** Every dialect the layer supports, SQLite once per driver. */
export const DIALECTS: readonly Dialect[] = Object.values(DIALECT_BY_DRIVER);

function driverNameOf(knex: Knex): string {
  return String((knex.client as { driverName?: unknown }).driverName);
}

/** The dialect of an open knex instance or transaction, if its client is one the layer knows. */
export function knownDialectOf(knex: Knex): Dialect | undefined {
  return DIALECT_BY_DRIVER[driverNameOf(knex)];
}

/**
 * The dialect of an open knex instance or transaction.
 *
 * @example
 * if (dialectOf(trx).returnsFromDelete) await trx('books').where('id', 1).delete().returning('*');
 */
export function dialectOf(knex: Knex): Dialect {
  const dialect = knownDialectOf(knex);
  if (dialect) return dialect;
  throw new Error(`knex client "${driverNameOf(knex)}" is not supported`);
}

/**
 * Empties every table of the schema (not the migration bookkeeping) and restarts the ids: for a
 * database that belongs to you alone, such as a test's. To empty only some tables of a shared
 * schema, use `emptyTables`.
 *
 * @example
 * beforeEach(() => truncateAllTables(knex));
 */
export async function truncateAllTables(knex: Knex): Promise<void> {
  const dialect = dialectOf(knex);
  await dialect.truncate(knex, await dialect.tableNames(knex));
}

/**
 * The knex configuration for a `DATABASE_URL`, waiting on the database at most `timeouts` (by
 * default the environment's, see `timeoutsFromEnv`), with the layer's own migrations (see
 * `migrationsConfig`, to add the demo's and your own). A knexfile exports it, so the knex CLI
 * and the application always agree.
 *
 * @example
 * const config: Knex.Config = { ...knexConfig(), migrations: migrationsConfig(['migrations']) };
 */
export function knexConfig(
  url: string = databaseUrl(),
  timeouts: DatabaseTimeouts = timeoutsFromEnv(),
): Knex.Config {
  return { ...dialectFor(url).knexConfig(url, timeouts), migrations: migrationsConfig() };
}
