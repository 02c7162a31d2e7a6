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

const choice = (process.env.DB ?? '').toLowerCase();

/** The SQLite driver this run's SQLite specs use: better-sqlite3 under `DB=better-sqlite3`. */
export const SQLITE_DRIVER: 'sqlite3' | 'better-sqlite3' =
  choice === 'better-sqlite3' ? 'better-sqlite3' : 'sqlite3';

const SCHEME_BY_DRIVER = { sqlite3: 'sqlite:', 'better-sqlite3': 'sqlite+better-sqlite3:' };

/**
 * A SQLite file of its own in this run's scratch directory, as a URL for `driver` (by default
 * the run's: the CLI, the server and the scripts a spec starts run on it too).
 */
export function sqliteScratchUrl(name: string, driver = SQLITE_DRIVER): string {
  return `${SCHEME_BY_DRIVER[driver]}${path.join(scratchDirectory, `${name}.sqlite3`)}`;
}

/** A SQLite file's path, from a URL `sqliteScratchUrl` gave. */
export function sqliteFileOf(url: string): string {
  return url.replace(/^sqlite(\+better-sqlite3)?:/, '');
}

const ALL: Record<DialectName | 'pgbouncer' | 'better-sqlite3', TestDialect> = {
  sqlite: { name: 'sqlite', url: sqliteScratchUrl('suite', 'sqlite3') },
  'better-sqlite3': {
    name: 'sqlite',
    url: sqliteScratchUrl('suite-better-sqlite3', 'better-sqlite3'),
    driver: 'better-sqlite3',
  },
  postgres: { name: 'postgres', url: POSTGRES_URL },
  pgbouncer: { name: 'postgres', url: '', via: 'pgbouncer' },
};

/**
 * How a suite's title names `dialect`: `postgres`, `postgres via pgbouncer`, or
 * `sqlite (better-sqlite3)`.
 */
export function dialectLabel(dialect: TestDialect): string {
  if (dialect.via) return `${dialect.name} via ${dialect.via}`;
  return dialect.driver ? `${dialect.name} (${dialect.driver})` : dialect.name;
}

/**
 * The dialects this run covers, from `DB`: `sqlite`, `better-sqlite3` (SQLite on that driver),
 * `pg` (or `postgres`), `pgbouncer` (PostgreSQL through a PgBouncer of the run's own, in
 * transaction mode), or unset for SQLite and PostgreSQL. Every spec runs once per dialect in
 * this list.
 */
export const DIALECTS: TestDialect[] = (() => {
  if (choice === '') return [ALL.sqlite, ALL.postgres];
  if (choice === 'sqlite') return [ALL.sqlite];
  if (choice === 'better-sqlite3') return [ALL['better-sqlite3']];
  if (choice === 'pg' || choice === 'postgres') return [ALL.postgres];
  if (choice === 'pgbouncer') return [ALL.pgbouncer];
  throw new Error(
    `DB="${process.env.DB}" is not a dialect: use sqlite, better-sqlite3, pg, pgbouncer, or leave it unset`,
  );
})();

export function removeScratchDirectory(): void {
  fs.rmSync(scratchDirectory, { recursive: true, force: true });
}
