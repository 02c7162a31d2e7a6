import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export type DialectName = 'sqlite' | 'postgres';

export interface TestDialect {
  name: DialectName;
  /** The `DATABASE_URL` the suite uses for this dialect. */
  url: string;
  /**
   * The pooler its connections go through, if any: `DB=pgbouncer` runs the PostgreSQL specs
   * through a PgBouncer in transaction mode, whose URL the root hook sets once it listens.
   */
  via?: 'pgbouncer';
  /**
   * The SQLite driver, when it is not sqlite3: `DB=better-sqlite3` runs the SQLite specs on
   * better-sqlite3, whose URLs begin `sqlite+better-sqlite3:`.
   */
  driver?: 'better-sqlite3';
}

/**
 * Where the PostgreSQL half runs: `TEST_POSTGRES_URL`, or a database of the suite's own on the
 * server these machines run. The suite creates it when it does not exist and refuses one it did
 * not create (see `ensureOwnDatabase`), since it rolls back and empties what it runs on.
 */
export const POSTGRES_URL =
  process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/relational_layer_test';

const scratchDirectory = fs.mkdtempSync(path.join(os.tmpdir(), 'relational-layer-'));

type SqliteDriver = 'sqlite3' | 'better-sqlite3';

const SCHEME_BY_DRIVER: Record<SqliteDriver, string> = {
  sqlite3: 'sqlite:',
  'better-sqlite3': 'sqlite+better-sqlite3:',
};

/** The SQLite driver of a SQLite dialect of the suite. */
export function sqliteDriverOf(dialect: TestDialect): SqliteDriver {
  return dialect.driver ?? 'sqlite3';
}

const BY_NAME: Record<string, TestDialect> = {
  sqlite: { name: 'sqlite', url: scratchUrl('suite', 'sqlite3') },
  'better-sqlite3': {
    name: 'sqlite',
    url: scratchUrl('suite', 'better-sqlite3'),
    driver: 'better-sqlite3',
  },
  pg: { name: 'postgres', url: POSTGRES_URL },
  pgbouncer: { name: 'postgres', url: '', via: 'pgbouncer' },
};
BY_NAME.postgres = BY_NAME.pg!;

/**
 * The dialects this run covers, from `DB`, a comma-separated list of `sqlite` (on sqlite3),
 * `better-sqlite3` (SQLite on that driver), `pg` (or `postgres`) and `pgbouncer` (PostgreSQL
 * through a PgBouncer of the run's own, in transaction mode); unset, all three databases:
 * `sqlite,better-sqlite3,pg`. Every spec runs once per dialect in this list. One run of three
 * costs less than a second run for better-sqlite3, which would run every spec that does not
 * depend on the dialect (npm pack, the production start, the docs) again.
 */
export const DIALECTS: TestDialect[] = (process.env.DB?.trim() || 'sqlite,better-sqlite3,pg')
  .toLowerCase()
  .split(',')
  .map((name) => {
    const dialect = BY_NAME[name.trim()];
    if (dialect) return dialect;
    throw new Error(
      `DB="${process.env.DB}" is not a list of dialects: use sqlite, better-sqlite3, pg, pgbouncer, comma-separated, or leave it unset`,
    );
  });

/**
 * The SQLite driver of the run's first SQLite dialect (sqlite3 when it has none): the one the
 * specs that start the CLI, the server or a script on a SQLite file of their own give it.
 */
export const SQLITE_DRIVER: SqliteDriver = sqliteDriverOf(
  DIALECTS.find((dialect) => dialect.name === 'sqlite') ?? BY_NAME.sqlite!,
);

/** The URL of the SQLite file `file` on `driver`: `sqlite:<file>`, `sqlite+better-sqlite3:<file>`. */
export function sqliteUrl(file: string, driver: SqliteDriver = SQLITE_DRIVER): string {
  return `${SCHEME_BY_DRIVER[driver]}${file}`;
}

function scratchUrl(name: string, driver: SqliteDriver): string {
  const file = driver === 'sqlite3' ? `${name}.sqlite3` : `${name}.${driver}.sqlite3`;
  return sqliteUrl(path.join(scratchDirectory, file), driver);
}

/**
 * A SQLite file of its own in this run's scratch directory, as a URL for `driver` (by default
 * the run's, see `SQLITE_DRIVER`), one file per name and driver.
 */
export function sqliteScratchUrl(name: string, driver: SqliteDriver = SQLITE_DRIVER): string {
  return scratchUrl(name, driver);
}

/** A SQLite file's path, from a URL `sqliteScratchUrl` gave. */
export function sqliteFileOf(url: string): string {
  return url.replace(/^sqlite(\+better-sqlite3)?:/, '');
}

/**
 * How a suite's title names `dialect`: `postgres`, `postgres via pgbouncer`, or
 * `sqlite (better-sqlite3)`.
 */
export function dialectLabel(dialect: TestDialect): string {
  if (dialect.via) return `${dialect.name} via ${dialect.via}`;
  return dialect.driver ? `${dialect.name} (${dialect.driver})` : dialect.name;
}

export function removeScratchDirectory(): void {
  fs.rmSync(scratchDirectory, { recursive: true, force: true });
}
