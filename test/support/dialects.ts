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
}

/**
 * Where the PostgreSQL half runs: `TEST_POSTGRES_URL`, or a database of the suite's own on the
 * server these machines run. The suite creates it when it does not exist and refuses one it did
 * not create (see `ensureOwnDatabase`), since it rolls back and empties what it runs on.
 */
export const POSTGRES_URL =
  process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/relational_layer_test';

const scratchDirectory = fs.mkdtempSync(path.join(os.tmpdir(), 'relational-layer-'));

/** A SQLite file of its own in this run's scratch directory. */
export function sqliteScratchUrl(name: string): string {
  return `sqlite:${path.join(scratchDirectory, `${name}.sqlite3`)}`;
}

const ALL: Record<DialectName | 'pgbouncer', TestDialect> = {
  sqlite: { name: 'sqlite', url: sqliteScratchUrl('suite') },
  postgres: { name: 'postgres', url: POSTGRES_URL },
  pgbouncer: { name: 'postgres', url: '', via: 'pgbouncer' },
};

/** How a suite's title names `dialect`: `postgres`, or `postgres via pgbouncer`. */
export function dialectLabel(dialect: TestDialect): string {
  return dialect.via ? `${dialect.name} via ${dialect.via}` : dialect.name;
}

/**
 * The dialects this run covers, from `DB`: `sqlite`, `pg` (or `postgres`), `pgbouncer` (PostgreSQL
 * through a PgBouncer of the run's own, in transaction mode), or unset for SQLite and
 * PostgreSQL. Every spec runs once per dialect in this list.
 */
export const DIALECTS: TestDialect[] = (() => {
  const choice = (process.env.DB ?? '').toLowerCase();
  if (choice === '') return [ALL.sqlite, ALL.postgres];
  if (choice === 'sqlite') return [ALL.sqlite];
  if (choice === 'pg' || choice === 'postgres') return [ALL.postgres];
  if (choice === 'pgbouncer') return [ALL.pgbouncer];
  throw new Error(
    `DB="${process.env.DB}" is not a dialect: use sqlite, pg, pgbouncer, or leave it unset`,
  );
})();

export function removeScratchDirectory(): void {
  fs.rmSync(scratchDirectory, { recursive: true, force: true });
}
