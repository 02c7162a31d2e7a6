import fs from 'node:fs';
import path from 'node:path';
import type { ColumnInfo, Dialect, ForeignKeyInfo, ForeignKeyRule } from './dialect';
import { betterSqlite3Driver, type SqliteDriver, sqlite3Driver } from './sqlite-drivers';
import { DEFAULT_TIMEOUTS } from './timeouts';
import { sqliteConstraintFailure, sqliteTransientFailure } from './sqlite-errors';
import { sqliteRowJson } from './sqlite-row-json';

const IN_MEMORY = ':memory:';

/** `sqlite:<path>`, `sqlite::memory:` (or the driver's own scheme) → the filename it opens. */
function filenameOf(url: string, driver: SqliteDriver): string {
  const filename = url.startsWith(driver.scheme)
    ? url.slice(driver.scheme.length).replace(/^\/\//, '')
    : '';
  if (filename === '') throw new Error(`DATABASE_URL "${url}" names no SQLite file`);
  return filename;
}

/**
 * SQLite on one of its drivers (see `SqliteDriver`): everything but the connection and the
 * library's limits is the same SQL on the same file.
 */
function sqliteDialectOn(driver: SqliteDriver): Dialect {
  const dialect: Dialect = {
    name: 'sqlite',
    get maxBindings() {
      return driver.maxBindings();
    },

    // Every SQLite transaction reads one snapshot; a read-only one begins deferred, without
    // waiting for the write lock (see `LayerSqlite3Client`, `LayerBetterSqlite3Client`).
    snapshotReadTransaction: { readOnly: true },

    // knex writes a multi-row insert as `SELECT … UNION ALL SELECT …`, and SQLite refuses more
    // than 500 terms in a compound select (SQLITE_MAX_COMPOUND_SELECT) or its bound-parameter limit.
    // The writer holds the database's lock: one statement's rows take the next rowids in turn.
    insertedIdsAscend: true,

    insertLimits: {
      rows: 500,
      get parameters() {
        return driver.maxBindings();
      },
    },

    knexConfig(url, timeouts = DEFAULT_TIMEOUTS) {
      const filename = filenameOf(url, driver);
      const isFile = filename !== IN_MEMORY;
      if (isFile) fs.mkdirSync(path.dirname(path.resolve(filename)), { recursive: true });
      // SQLite ignores foreign keys unless each connection opts in; WAL lets readers run beside
      // the writer (another process on the same file too); the busy timeout waits for a lock
      // instead of failing with SQLITE_BUSY at once.
      const pragmas = ['PRAGMA foreign_keys = ON', `PRAGMA busy_timeout = ${timeouts.busyMs}`];
      if (isFile) pragmas.push('PRAGMA journal_mode = WAL');
      return {
        client: driver.client,
        connection: { filename },
        useNullAsDefault: true,
        acquireConnectionTimeout: timeouts.acquireMs,
        pool: {
          min: 1,
          max: 1,
          afterCreate: (connection: unknown, done: (e: Error | null) => void) =>
            driver.prepareConnection(connection, pragmas, done),
        },
      };
    },

    // A write transaction begins IMMEDIATE, holding the file's write lock: the lock itself. Another
    // process's BEGIN waits for it up to the busy timeout, then fails with SQLITE_BUSY.
    tryMigrationLock: () => Promise.resolve(true),

    async truncate(knex, tables) {
      if (tables.length === 0) return;
      // Children must go before parents unless the foreign-key check waits for the commit; unlike
      // `foreign_keys = OFF`, deferring also works inside an open transaction.
      await knex.transaction(async (trx) => {
        await trx.raw('PRAGMA defer_foreign_keys = ON');
        for (const table of tables) await trx(table).delete();
        await dialect.restartIds(trx, tables);
      });
    },

    // AUTOINCREMENT tables keep their last id in sqlite_sequence, which exists once one does.
    async restartIds(knex, tables) {
      if (tables.length === 0) return;
      const hasSequence = await knex('sqlite_master').where({ name: 'sqlite_sequence' }).first();
      if (hasSequence)
        await knex('sqlite_sequence')
          .whereIn('name', [...tables])
          .delete();
    },

    async foreignKeys(knex, table) {
      const rows: Array<{ table: string; from: string; to: string; on_delete: string }> =
        await knex.raw('SELECT * FROM pragma_foreign_key_list(?)', [table]);
      return rows.map((row): ForeignKeyInfo => ({
        table,
        column: row.from,
        referencedTable: row.table,
        referencedColumn: row.to,
        onDelete: row.on_delete as ForeignKeyRule,
      }));
    },

    async indexedLeadingColumns(knex, table) {
      const indexes: Array<{ name: string }> = await knex.raw(
        'SELECT name FROM pragma_index_list(?)',
        [table],
      );
      const leading: string[] = [];
      for (const index of indexes) {
        const [first]: Array<{ name: string }> = await knex.raw(
          'SELECT name FROM pragma_index_info(?) ORDER BY seqno LIMIT 1',
          [index.name],
        );
        if (first) leading.push(first.name);
      }
      // An INTEGER PRIMARY KEY is the rowid itself, listed by no index.
      const rowid: Array<{ name: string }> = await knex.raw(
        "SELECT name FROM pragma_table_info(?) WHERE pk = 1 AND lower(type) = 'integer'",
        [table],
      );
      return [...leading, ...rowid.map((column) => column.name)];
    },

    async tableNames(knex) {
      const rows: Array<{ name: string }> = await knex('sqlite_master')
        .where({ type: 'table' })
        .andWhereNot('name', 'like', 'sqlite_%')
        .andWhereNot('name', 'like', 'knex_migrations%')
        .select('name');
      return rows.map((row) => row.name);
    },

    constraintFailure: sqliteConstraintFailure,

    // SQLite's dynamic typing stores any value in any column: no value is out of a column's type.
    isValueOutOfType: () => false,
    returnsFromDelete: false,

    transientFailure: sqliteTransientFailure,

    // SQLite sorts NULLs first in ascending order; `NULLS LAST` exists since 3.30.
    orderNullsLast: (direction) => `?? ${direction} nulls last`,

    // knex's SQLite client answers raw SQL with the rows.
    rawRows: (result) => result as Array<Record<string, unknown>>,

    containsText: (haystack, needle) => `instr(${haystack}, ${needle}) > 0`,

    keyListCondition: (keys) => ({
      sql: '?? in (select value from json_each(?))',
      binding: JSON.stringify(keys),
    }),

    async columnsOf(knex, table) {
      // table_xinfo, unlike table_info, lists generated columns, which `select *` returns too;
      // hidden = 1 marks the hidden columns of virtual tables, which it does not.
      const rows: ColumnInfo[] = await knex.raw(
        'SELECT name, lower(type) AS type FROM pragma_table_xinfo(?) WHERE hidden <> 1 ORDER BY cid',
        [table],
      );
      return rows.map(({ name, type }) => ({ name, type }));
    },

    rowJson: sqliteRowJson,
  };
  return dialect;
}

/** SQLite on node-sqlite3, the default: `sqlite:<path>`, `sqlite::memory:`. */
export const sqliteDialect: Dialect = sqliteDialectOn(sqlite3Driver);

/** SQLite on better-sqlite3: `sqlite+better-sqlite3:<path>`, `sqlite+better-sqlite3::memory:`. */
export const betterSqlite3Dialect: Dialect = sqliteDialectOn(betterSqlite3Driver);
