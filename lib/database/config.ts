import path from 'node:path';
import type { Knex } from 'knex';
import type { Dialect } from './dialect';
import { postgresDialect } from './postgres';
import { sqliteDialect } from './sqlite';
import { type DatabaseTimeouts, timeoutsFromEnv } from './timeouts';

/** Where the database lives when `DATABASE_URL` is not set. */
export const DEFAULT_DATABASE_URL = 'sqlite:data/dev.sqlite3';

const PROJECT_ROOT = path.resolve(__dirname, '..', '..');

/** The `DATABASE_URL` in force: the argument, the environment, or the SQLite default. */
export function databaseUrl(url: string | undefined = process.env.DATABASE_URL): string {
  return url && url.trim() !== '' ? url.trim() : DEFAULT_DATABASE_URL;
}

/**
 * The dialect a `DATABASE_URL` names.
 *
 * @example dialectFor('postgres://postgres@127.0.0.1:5432/test').name // 'postgres'
 */
export function dialectFor(url: string): Dialect {
  if (/^sqlite:/.test(url)) return sqliteDialect;
  if (/^postgres(ql)?:\/\//.test(url)) return postgresDialect;
  throw new Error(
    `DATABASE_URL "${url}" is not supported: use sqlite:<path>, sqlite::memory: or postgres://…`,
  );
}

// By the driver a knex client runs on: the layer's own clients (a subclass of knex's, such as
// `LayerSqlite3Client`) and knex's aliases (`postgres`, `postgresql`, `sqlite`) name no
// client string of their own, but their driver.
const DIALECT_BY_DRIVER: Record<string, Dialect> = { sqlite3: sqliteDialect, pg: postgresDialect };

/** Every dialect the layer supports. */
export const DIALECTS: readonly Dialect[] = Object.values(DIALECT_BY_DRIVER);

function driverNameOf(knex: Knex): string {
  return String((knex.client as { driverName?: unknown }).driverName);
}

/** The dialect of an open knex instance or transaction, if its client is one the layer knows. */
export function knownDialectOf(knex: Knex): Dialect | undefined {
  return DIALECT_BY_DRIVER[driverNameOf(knex)];
}

/** The dialect of an open knex instance or transaction. */
export function dialectOf(knex: Knex): Dialect {
  const dialect = knownDialectOf(knex);
  if (dialect) return dialect;
  throw new Error(`knex client "${driverNameOf(knex)}" is not supported`);
}

/** Empties every table of the schema (not the migration bookkeeping) and restarts the ids. */
export async function truncateAllTables(knex: Knex): Promise<void> {
  const dialect = dialectOf(knex);
  await dialect.truncate(knex, await dialect.tableNames(knex));
}

/**
 * The full knex configuration for a `DATABASE_URL`, migrations and seeds included, waiting on
 * the database at most `timeouts` (by default the environment's, see `timeoutsFromEnv`). This is
 * what the knexfile exports, so the knex CLI and the application always agree.
 */
export function knexConfig(
  url: string = databaseUrl(),
  timeouts: DatabaseTimeouts = timeoutsFromEnv(),
): Knex.Config {
  const extension = path.extname(__filename).slice(1);
  return {
    ...dialectFor(url).knexConfig(url, timeouts),
    // `knex migrate:make` and `seed:make` write from the project's stubs: Knex's typed shape,
    // in the project's style, so that a new file passes the lint as it is.
    migrations: {
      directory: path.join(PROJECT_ROOT, 'migrations'),
      extension,
      loadExtensions: [`.${extension}`],
      stub: path.join(PROJECT_ROOT, 'stubs', 'migration.stub'),
    },
    seeds: {
      directory: path.join(PROJECT_ROOT, 'seeds'),
      extension,
      loadExtensions: [`.${extension}`],
      stub: path.join(PROJECT_ROOT, 'stubs', 'seed.stub'),
    },
  };
}
