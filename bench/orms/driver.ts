import pg from 'pg';
import sqlite3 from 'sqlite3';
import type { Dialect } from '../../lib';

export type Row = Record<string, unknown>;

/** The raw driver, `pg` or `sqlite3`, behind one small promise interface. */
export interface Driver {
  /** Runs one statement written with `?` placeholders. */
  query(sql: string, params?: readonly unknown[]): Promise<Row[]>;
  /** A statement prepared on first use (a named statement on PostgreSQL), then reused. */
  prepare(sql: string): (params: readonly unknown[]) => Promise<Row[]>;
  /** `column` is one of a list given as one parameter: `list(values)`. */
  isIn(column: string): string;
  list(values: readonly unknown[]): unknown;
  /** What ends a SELECT that locks its rows until the commit (nothing on SQLite, which locks the file). */
  readonly lockRows: string;
  close(): Promise<void>;
}

type Runner = (params: readonly unknown[]) => Promise<Row[]>;

function cached(prepare: (sql: string) => Runner): (sql: string) => Runner {
  const runners = new Map<string, Runner>();
  return (sql) => {
    let runner = runners.get(sql);
    if (!runner) runners.set(sql, (runner = prepare(sql)));
    return runner;
  };
}

/** `?` → `$1, $2, …`; the benchmark's SQL has no `?` inside literals. */
function numbered(sql: string): string {
  let index = 0;
  return sql.replace(/\?/g, () => `$${++index}`);
}

async function openPostgres(connection: pg.ClientConfig): Promise<Driver> {
  const client = new pg.Client(connection);
  await client.connect();
  let prepared = 0;
  return {
    async query(sql, params = []) {
      return (await client.query(numbered(sql), [...params])).rows as Row[];
    },
    prepare: cached((sql) => {
      const name = `bench_${++prepared}`;
      const text = numbered(sql);
      return async (params) => (await client.query({ name, text, values: [...params] })).rows;
    }),
    isIn: (column) => `${column} = any(?)`,
    list: (values) => [...values],
    lockRows: ' for update',
    close: () => client.end(),
  };
}

function callback<T>(resolve: (value: T) => void, reject: (error: Error) => void) {
  return (error: Error | null, value: T) => (error ? reject(error) : resolve(value));
}

async function openSqlite(filename: string): Promise<Driver> {
  const db = await new Promise<sqlite3.Database>((resolve, reject) => {
    const opened: sqlite3.Database = new sqlite3.Database(filename, (error) =>
      error ? reject(error) : resolve(opened),
    );
  });
  const run = (sql: string) =>
    new Promise<void>((resolve, reject) => db.exec(sql, callback(resolve, reject)));
  await run('PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000');
  const statements: sqlite3.Statement[] = [];
  return {
    query: (sql, params = []) =>
      new Promise((resolve, reject) => db.all<Row>(sql, [...params], callback(resolve, reject))),
    prepare: cached((sql) => {
      const statement = db.prepare(sql);
      statements.push(statement);
      return (params) =>
        new Promise((resolve, reject) =>
          statement.all<Row>([...params], callback(resolve, reject)),
        );
    }),
    isIn: (column) => `${column} in (select value from json_each(?))`,
    list: (values) => JSON.stringify(values),
    lockRows: '',
    async close() {
      await Promise.all(
        statements.map((s) => new Promise((resolve) => s.finalize(() => resolve(undefined)))),
      );
      await new Promise<void>((resolve, reject) => db.close(callback(resolve, reject)));
    },
  };
}

/**
 * Opens the raw driver on the database `url` names, configured as the project's pool is
 * (PostgreSQL: the same type parsers; SQLite: foreign keys on).
 */
export function openDriver(dialect: Dialect, url: string): Promise<Driver> {
  const connection = dialect.knexConfig(url).connection as pg.ClientConfig & { filename?: string };
  return connection.filename === undefined
    ? openPostgres(connection)
    : openSqlite(connection.filename);
}

/** Runs `work` inside BEGIN … COMMIT, rolling back if it fails. */
export async function inDriverTransaction<T>(driver: Driver, work: () => Promise<T>): Promise<T> {
  await driver.query('BEGIN');
  try {
    const result = await work();
    await driver.query('COMMIT');
    return result;
  } catch (error) {
    await driver.query('ROLLBACK');
    throw error;
  }
}
